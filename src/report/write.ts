/**
 * Stage 5: write the report folder (contract, "Output: the report folder").
 * Everything but the manifest's timings is a pure function of Results, so
 * two runs on the same input give byte-identical files.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { InputInfo, Results } from '../pipeline/results.js';
import type { Spec } from '../spec/spec.js';
import { VERSION } from '../version.js';
import { toCsv } from './csv.js';
import { renderFigures } from './figures.js';
import { renderMarkdown, type FigureRefs } from './markdown.js';
import { eventStudyCsv } from './eventstudy.js';
import { phMessage } from './survival-words.js';
import { surveyCsvFiles } from './surveyFiles.js';
import { surveyFigures } from './survey.js';

export interface WriteOptions {
  /** Milliseconds per stage for the manifest: the only part of the output that differs between runs. */
  timings: Record<string, number>;
}

/** What the report is written from: the spec, the input file's identity and the results. */
export interface ReportInput {
  spec: Spec;
  input: InputInfo;
  results: Results;
}

/** Write every output file; returns the paths written (relative to outDir). */
export function writeReport(outDir: string, run: ReportInput, opts: WriteOptions): string[] {
  const { spec, input: x, results: r } = run;
  const written: string[] = [];
  const put = (rel: string, text: string) => {
    const p = path.join(outDir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
    written.push(rel);
  };
  // Stale files from an earlier run with other outcomes would mislead: clear our subfolders.
  for (const sub of ['series', 'effects', 'survival', 'figures', 'survey']) rmSync(path.join(outDir, sub), { recursive: true, force: true });

  put('results.json', `${JSON.stringify(resultsDocument(r, spec), jsonNumbers, 2)}\n`);
  for (const [id, o] of Object.entries(r.outcomes)) {
    if (o.type === 'share') {
      const series = [
        ...o.cells.map((c) => ({ ...c, axis: 'calendar' })),
        ...o.cells_since_entry.map((c) => ({ ...c, axis: 'since-entry' })),
      ];
      put(`series/${id}.csv`, toCsv(['week', 'axis', 'group', 'cohort', 'n', 'events', 'share'], series));
      const effects = [
        ...o.weekly.map((e) => ({ ...e, axis: 'calendar' })),
        ...o.weekly_since_entry.map((e) => ({ ...e, axis: 'since-entry' })),
      ];
      put(`effects/${id}.csv`, toCsv(['week', 'estimate', 'se', 'ci_low', 'ci_high', 'p', 'axis', 'se_naive', 'n', 'clusters'], effects));
      if (o.municipalities.length > 0) {
        put(`effects/${id}-municipalities.csv`, toCsv(['municipality', 'persons', 'estimate', 'se', 'ci_low', 'ci_high', 'p', 'p_perm', 'ct_low', 'ct_high', 'shrunk', 'flag', 'n', 'clusters'], o.municipalities));
      }
      if (o.placebo.length > 0) put(`effects/${id}-placebo.csv`, toCsv(['municipality', 'estimate', 'persons'], o.placebo));
    } else {
      put(`survival/${id}.csv`, toCsv(['week', 'group', 'cohort', 'at_risk', 'events', 'censored', 'survival', 'ci_low', 'ci_high'], o.km));
    }
  }
  for (const [id, es] of Object.entries(r.eventStudy ?? {})) put(`effects/${id}-event-study.csv`, eventStudyCsv(es));
  if (r.survey) for (const [rel, text] of Object.entries(surveyCsvFiles(r.survey))) put(rel, text);
  const figures = renderFigures(r);
  const refs: FigureRefs = {};
  for (const f of figures) {
    put(`figures/${f.file}`, f.svg);
    (refs[f.outcome] ??= {})[f.kind] = f.file;
  }
  if (r.survey) {
    const ctx = { lang: 'en' as const, level: r.inference.level, minCell: r.survey.suppression.min_cell };
    for (const f of surveyFigures(r.survey, ctx)) put(`figures/${f.file}.svg`, f.svg);
  }
  put('report.md', renderMarkdown(r, spec, refs));
  const manifest = {
    tool: { name: 'effekt', version: VERSION, node: process.version },
    input: { file: path.relative(path.dirname(spec.file), x.file) || x.file, format: x.format, bytes: x.bytes, sha256: x.sha256 },
    ...(r.survey ? { survey_inputs: Object.fromEntries(Object.entries(r.survey.files).map(([k, f]) => [k, { file: path.relative(path.dirname(spec.file), f.file) || f.file, rows: f.rows, sha256: f.sha256 }])) } : {}),
    spec: spec.raw,
    seed: spec.inference.seed,
    bootstrap: spec.inference.bootstrap,
    min_cell: r.suppression.min_cell,
    counts: {
      persons_read: r.data.persons_read,
      persons_in_cohorts: r.data.persons_in_cohorts,
      excluded: r.data.excluded,
    },
    files: [...written, 'manifest.json'].sort(),
    // Timings are the only part of the output that differs between runs.
    timings_ms: opts.timings,
  };
  put('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return written;
}

/**
 * results.json: the results, with the sentences a reader of the file expects
 * beside the numbers they word (a survival outcome's proportional-hazards
 * verdict), written here by the report stage.
 */
export function resultsDocument(r: Results, _spec: Spec): unknown {
  const outcomes: Record<string, unknown> = {};
  for (const [id, o] of Object.entries(r.outcomes)) {
    if (o.type === 'share') {
      outcomes[id] = o;
      continue;
    }
    outcomes[id] = {
      ...o,
      ph_check: o.ph_check === null ? null : { ...o.ph_check, message: phMessage(o.ph_check, r.inference.level) },
    };
  }
  return { ...r, outcomes };
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
