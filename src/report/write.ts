/**
 * Stage 5: write the report folder (README.md, "The report folder").
 * Everything but the manifest's timings is a pure function of Results, so
 * two runs on the same input give byte-identical files.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { InputInfo, Results } from '../results/results.js';
import { REPORT_FORMATS, type ReportFormat, type Spec } from '../spec/spec.js';
import { VERSION } from '../version.js';
import { type ReportContext, reportContext } from './context.js';
import { tableCsv, toCsv } from './csv.js';
import type { Lang } from './document.js';
import { eventStudyCsv } from './eventstudy/section.js';
import { type FigureOptions, renderFigures } from './figures.js';
import {
  abandonOutput,
  commitOutput,
  FolderWriter,
  type OutputPlan,
  prepareOutput,
} from './folder.js';
import { type FigureAsset, renderHtml } from './render/html.js';
import { renderMarkdown } from './render/markdown.js';
import { PRINT_DPI, PRINT_WIDTH_CM, pngSizeFor, svgsToPngs } from './render/png.js';
import { buildReport, type FigureRefs } from './report.js';
import { surveyCsvFiles } from './survey/files.js';
import { surveyFigures } from './survey/section.js';
import { phMessage } from './survival/words.js';
import { warningText } from './warnings.js';

export interface WriteOptions {
  /**
   * Milliseconds per stage for the manifest: the only part of the output that differs between runs.
   */
  timings: Record<string, number>;
  /** The report's language; default the spec's report.language. */
  lang?: Lang;
  /**
   * Figure options (bare figures, the smallest cell shown, language); the calendar comes from the
   * spec.
   */
  figures?: FigureOptions;
  /**
   * The files to write besides results.json and the manifest; default the spec's report.formats
   * (all).
   */
  formats?: readonly ReportFormat[];
}

/** What the report is written from: the spec, the input file's identity and the results. */
export interface ReportInput {
  spec: Spec;
  input: InputInfo;
  results: Results;
}

/**
 * Write the report folder safely (see folder.ts): checked, written into a
 * temporary folder beside `outDir`, renamed into place when complete.
 * Returns the paths written (relative to outDir). Callers that can check the
 * place before a long analysis call prepareOutput first and pass the plan.
 */
export async function writeReport(
  outDir: string | OutputPlan,
  run: ReportInput,
  opts: WriteOptions & { force?: boolean } = { timings: {} },
): Promise<string[]> {
  const plan =
    typeof outDir === 'string'
      ? prepareOutput(outDir, { force: opts.force, createParents: true })
      : outDir;
  // Files are synced together at the end (folder.ts, deferSync).
  const writer = new FolderWriter(plan, undefined, true);
  try {
    await writeFiles(writer, run, opts);
    await writer.sync();
  } catch (e) {
    abandonOutput(plan);
    throw e;
  }
  commitOutput(plan, writer);
  return writer.written.filter((f) => f !== 'manifest.json');
}

/**
 * Every output file, through `writer`. Stale files of an earlier run are not carried over: the
 * folder is new.
 */
async function writeFiles(
  writer: FolderWriter,
  run: ReportInput,
  opts: WriteOptions,
): Promise<void> {
  const { spec, input: x, results: r } = run;
  const lang: Lang = opts.lang ?? spec.report.language;
  const ctx = reportContext(spec, lang, r.inference.level, r.suppression.min_cell);
  const formats = new Set(opts.formats ?? spec.report?.formats ?? REPORT_FORMATS);
  const want = (f: ReportFormat) => formats.has(f);
  const written: string[] = [];
  const put = (rel: string, text: string | Uint8Array) => {
    writer.put(rel, text);
    written.push(rel);
  };

  put('results.json', `${JSON.stringify(resultsDocument(r, spec, ctx), jsonNumbers, 2)}\n`);
  if (want('csv')) {
    for (const [id, o] of Object.entries(r.outcomes)) {
      if (o.type === 'share') {
        const series = [
          ...o.cells.map((c) => ({ ...c, axis: 'calendar' })),
          ...o.cells_since_entry.map((c) => ({ ...c, axis: 'since-entry' })),
        ];
        put(
          `series/${id}.csv`,
          toCsv(['week', 'axis', 'group', 'cohort', 'n', 'events', 'share'], series),
        );
        const effects = [
          ...o.weekly.map((e) => ({ ...e, axis: 'calendar' })),
          ...o.weekly_since_entry.map((e) => ({ ...e, axis: 'since-entry' })),
        ];
        put(
          `effects/${id}.csv`,
          toCsv(
            [
              'week',
              'estimate',
              'se',
              'ci_low',
              'ci_high',
              'p',
              'axis',
              'se_naive',
              'n',
              'clusters',
            ],
            effects,
          ),
        );
        if (o.municipalities.length > 0) {
          put(
            `effects/${id}-municipalities.csv`,
            toCsv(
              [
                'municipality',
                'persons',
                'estimate',
                'se',
                'ci_low',
                'ci_high',
                'p',
                'p_perm',
                'p_size',
                'p_size_holm',
                'ct_low',
                'ct_high',
                'shrunk',
                'flag',
                'n',
                'clusters',
              ],
              o.municipalities,
            ),
          );
        }
        if (o.placebo.length > 0)
          put(
            `effects/${id}-placebo.csv`,
            toCsv(['municipality', 'estimate', 'persons'], o.placebo),
          );
      } else {
        put(
          `survival/${id}.csv`,
          toCsv(
            [
              'week',
              'group',
              'cohort',
              'at_risk',
              'events',
              'censored',
              'survival',
              'ci_low',
              'ci_high',
            ],
            o.km,
          ),
        );
      }
    }
    for (const [id, es] of Object.entries(r.eventStudy ?? {}))
      put(`effects/${id}-event-study.csv`, eventStudyCsv(es));
    if (r.survey)
      for (const [rel, text] of Object.entries(surveyCsvFiles(r.survey))) put(rel, text);
  }
  // The figures (SVG text) whenever any file shows or refers to them; PNGs only for docx and png.
  const refs: FigureRefs = {};
  const assets = new Map<string, FigureAsset>();
  // Each figure: its file names, the SVG written to figures/, and the bare SVG (no title or note:
  // the caption carries them) that Word's PNG and the HTML report show.
  const svgFiles: { file: string; png: string; base: string; svg: string; shown: string }[] = [];
  const needBlocks = want('md') || want('html') || want('docx') || want('xlsx') || want('csv');
  if (needBlocks || want('svg') || want('png')) {
    // Figures in the report's language, with its labels and titles (figures.ts), the calendar from
    // the spec.
    const figureOptions: FigureOptions = {
      context: ctx,
      calendar: { during: spec.cohorts.during.entryFrom, before: spec.cohorts.before.entryFrom },
      ...opts.figures,
    };
    const figures = renderFigures(r, figureOptions);
    const bare = figureOptions.bare
      ? null
      : new Map(renderFigures(r, { ...figureOptions, bare: true }).map((f) => [f.file, f.svg]));
    for (const f of figures) {
      const base = f.file.replace(/\.svg$/, '');
      refs[f.outcome] ??= {};
      refs[f.outcome][f.kind] = base;
      const shown = bare?.get(f.file) ?? f.svg;
      svgFiles.push({ file: f.file, png: f.png, base, svg: f.svg, shown });
      assets.set(base, { svg: shown, note: f.note.replace(/^Note:\s*/, '') || undefined });
    }
    if (r.survey) {
      const titled = surveyFigures(r.survey, ctx, figureOptions.bare ?? false);
      const bareSurvey = new Map(surveyFigures(r.survey, ctx, true).map((f) => [f.file, f.svg]));
      for (const f of titled) {
        const shown = bareSurvey.get(f.file) ?? f.svg;
        svgFiles.push({
          file: `${f.file}.svg`,
          png: `${f.file}.png`,
          base: f.file,
          svg: f.svg,
          shown,
        });
        assets.set(f.file, { svg: shown, note: svgNote(f.svg) });
      }
    }
  }
  // PNGs (16 cm at report.dpi, default 300) on worker threads while this thread writes the other
  // formats.
  const dpi = spec.report?.dpi ?? PRINT_DPI;
  const pngWidth = Math.round((PRINT_WIDTH_CM / 2.54) * dpi);
  const pngs = (
    want('docx') || want('png')
      ? svgsToPngs(
          svgFiles.map((f) => f.shown),
          { dpi, width: pngWidth },
        )
      : Promise.resolve([])
  ).then((rendered) => {
    for (const [i, f] of svgFiles.entries()) {
      const a = assets.get(f.base);
      if (a) a.png = rendered[i];
    }
    return rendered;
  });
  // Whatever happens below, the workers' outcome is awaited (no unhandled rejection).
  pngs.catch(() => {});
  // report.md links the SVGs, so they come with it.
  if (want('svg') || want('md')) for (const f of svgFiles) put(`figures/${f.file}`, f.svg);
  const blocks = needBlocks ? buildReport(r, spec, refs, ctx) : [];
  // Word's document is built while the PNGs render, each figure placed by its predicted size;
  // the PNGs' bytes go in when they are there.
  let docx: Promise<Buffer> | undefined;
  if (want('docx')) {
    for (const f of svgFiles) {
      const a = assets.get(f.base);
      if (a) a.size = pngSizeFor(f.shown, pngWidth) ?? undefined;
    }
    docx = import('./render/docx.js').then(({ renderDocx }) =>
      renderDocx(blocks, lang, (file) => assets.get(file), pngs),
    );
    docx.catch(() => {});
  }
  if (want('md')) put('report.md', renderMarkdown(blocks));
  // HTML embeds the SVG (sharp at any zoom, a fraction of the PNG's bytes).
  if (want('html'))
    put(
      'report.html',
      renderHtml(blocks, lang, (file) => assets.get(file)),
    );
  // Word's and Excel's writers load only when asked for.
  if (want('xlsx'))
    put('tables.xlsx', await (await import('./render/xlsx.js')).renderXlsx(blocks, lang));
  // The report's tables as CSV for people (Excel in the report's language); series/, effects/ and
  // survival/ stay machine-readable.
  if (want('csv')) {
    let n = 0;
    for (const b of blocks)
      if (b.kind === 'table')
        put(`tables/${String(++n).padStart(2, '0')}-${b.id}.csv`, tableCsv(b, lang));
  }
  const rendered = await pngs;
  if (want('png')) for (const [i, f] of svgFiles.entries()) put(`figures/${f.png}`, rendered[i]);
  if (docx !== undefined) put('report.docx', await docx);
  const manifest = {
    tool: { name: 'effekt', version: VERSION, node: process.version },
    // The input by name and checksum only: no folder leaves the secure environment.
    input: { file: path.basename(x.file), format: x.format, bytes: x.bytes, sha256: x.sha256 },
    ...(r.survey
      ? {
          survey_inputs: Object.fromEntries(
            Object.entries(r.survey.files).map(([k, f]) => [
              k,
              { file: path.basename(f.file), rows: f.rows, sha256: f.sha256 },
            ]),
          ),
        }
      : {}),
    spec: withoutFolders(spec.raw),
    seed: spec.inference.seed,
    bootstrap: spec.inference.bootstrap,
    min_cell: r.suppression.min_cell,
    language: lang,
    formats: REPORT_FORMATS.filter(want),
    counts: {
      persons_read: r.data.persons_read,
      persons_in_cohorts: r.data.persons_in_cohorts,
      excluded: r.data.excluded,
    },
    files: [...written, 'manifest.json'].sort(),
    // Each file's checksum: a file changed after this run is the user's, and a rerun keeps it.
    sha256: Object.fromEntries(Object.entries(writer.sums).sort(([a], [b]) => (a < b ? -1 : 1))),
    // Timings are the only part of the output that differs between runs.
    timings_ms: opts.timings,
  };
  writer.put('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * results.json: the results, with the sentences a reader of the file expects
 * beside the numbers they word (a survival outcome's proportional-hazards
 * verdict), written here by the report stage.
 */
/**
 * results.json: the results, with the Schoenfeld verdict worded and each warning's message in the
 * report's language.
 */
export function resultsDocument(r: Results, _spec: Spec, ctx?: ReportContext): unknown {
  const outcomes: Record<string, unknown> = {};
  for (const [id, o] of Object.entries(r.outcomes)) {
    if (o.type === 'share') {
      outcomes[id] = o;
      continue;
    }
    outcomes[id] = {
      ...o,
      ph_check:
        o.ph_check === null
          ? null
          : { ...o.ph_check, message: phMessage(o.ph_check, r.inference.level) },
    };
  }
  const warnings = ctx
    ? r.warnings.map((w) => ({ ...w, message: warningText(ctx, w) }))
    : r.warnings;
  return { ...r, outcomes, warnings };
}

/** The note lines of a titled SVG figure, as one text (for the caption of its bare PNG). */
function svgNote(svg: string): string | undefined {
  const text = [...svg.matchAll(/<text class="note"[^>]*>([^<]*)<\/text>/g)]
    .map((m) => m[1])
    .join(' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/^Note:\s*/, '');
  return text || undefined;
}

/**
 * The spec as written, with its file paths cut to file names (no folder leaves the environment).
 */
function withoutFolders(raw: unknown): unknown {
  const s = structuredClone(raw) as {
    data?: { path?: unknown; persons?: unknown };
    municipalityData?: unknown;
    progression?: { path?: unknown };
    fidelity?: { path?: unknown };
  };
  if (!s || typeof s !== 'object') return s;
  const base = (v: unknown) => (typeof v === 'string' ? path.basename(v) : v);
  // Every path the spec may name: the extract, the person, municipality and survey files.
  if (s.data && typeof s.data === 'object') {
    if (typeof s.data.path === 'string') s.data.path = base(s.data.path);
    if (typeof s.data.persons === 'string') s.data.persons = base(s.data.persons);
  }
  if (typeof s.municipalityData === 'string') s.municipalityData = base(s.municipalityData);
  for (const block of [s.progression, s.fidelity])
    if (block && typeof block === 'object' && typeof block.path === 'string')
      block.path = base(block.path);
  return s;
}

/** JSON numbers at 12 significant digits: stable text, no spurious 0.30000000000000004. */
function jsonNumbers(_key: string, v: unknown): unknown {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : null;
    return Number.isInteger(v) ? v : Number(v.toPrecision(12));
  }
  return v;
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name), path.join(rel, e.name));
      else out.push(path.join(rel, e.name));
    }
  };
  walk(dir, '');
  return out.sort();
}
