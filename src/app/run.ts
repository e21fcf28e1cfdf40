/**
 * The one evaluation run every entry point calls (the CLI, the bench,
 * reproduce, the tests): spec → read (only the weeks the spec needs) →
 * cohorts → outcomes → estimators → results, then, when an output folder is
 * given, the report folder. Nothing else repeats this sequence.
 */

import { disclose } from '../disclosure/index.js';
import { InputError } from '../errors.js';
import { type EvaluateOptions, evaluateInParallel } from '../pipeline/evaluate.js';
import { readForSpec, readMunicipalityDataForSpec } from '../pipeline/read.js';
import { startSideThread } from '../pipeline/side-thread.js';
import { knownMunicipalities, readSurveyForSpec } from '../pipeline/surveyRead.js';
import { type Extract, forAnalysis } from '../read/extract.js';
import type { Lang } from '../report/document.js';
import type { FigureOptions } from '../report/figures.js';
import { abandonOutput, prepareOutput } from '../report/folder.js';
import { writeReport } from '../report/write.js';
import type { InputInfo, Results } from '../results/results.js';
import { MAX_BOOTSTRAP } from '../spec/limits.js';
import { loadSpec, type ReportFormat, type Spec } from '../spec/spec.js';

export interface RunOptions extends EvaluateOptions {
  /**
   * `--min-cell`: hide every number resting on, or revealing, a group of
   * fewer than this many persons (0 or 1 = show all): the disclosure stage
   * (src/disclosure), between the results and every writer.
   */
  minCell?: number;
  /**
   * Write the report folder here (absolute or relative to the working directory); omit for results
   * only.
   */
  out?: string;
  /**
   * Create missing parent folders of `out` (the default reports/<name>/; an explicit --out must
   * have its parent).
   */
  createParents?: boolean;
  /** Write into a folder effekt did not write, replacing only effekt's own files. */
  force?: boolean;
  /** Override the spec's bootstrap replications. */
  bootstrap?: number;
  /** The report's language (default: the spec's report.language). */
  lang?: Lang;
  /** Warnings become errors (exit 2) before anything is written: for CI. */
  strict?: boolean;
  /** Bytes of the extract read so far. */
  onRead?: (done: number, total: number) => void;
  /** How the figures are drawn (bare, the smallest cell shown, language). */
  figures?: FigureOptions;
  /**
   * The report files to write besides results.json and the manifest (default: the spec's
   * report.formats).
   */
  formats?: readonly ReportFormat[];
}

export interface Evaluation {
  spec: Spec;
  input: InputInfo;
  results: Results;
  /** Report files written, relative to `out` (empty without `out`). */
  files: string[];
  /** Milliseconds per stage, rounded (read, cohorts, shares:<id>, …, report). */
  timings: Record<string, number>;
  /**
   * The extract's size (for callers that measure it, e.g. the bench); not the extract itself, which
   * is let go before the report is written (at register scale it is most of the memory).
   */
  extract: Pick<Extract, 'persons' | 'weeks'>;
}

/** A figure hidden by --min-cell is not "nothing estimated": it was estimated and withheld. */
const hiddenPart = (p: { problem?: string | null; hidden?: unknown }): boolean =>
  p.hidden !== undefined || /^hidden\b/i.test(p.problem ?? '');

/**
 * Analyses the spec asked for that estimate nothing (for --strict): a share
 * outcome without a pooled effect, an event study without a single
 * ATT(g, p). Parts hidden by --min-cell do not count.
 */
export function emptyAnalyses(r: Results): string[] {
  const out: string[] = [];
  for (const [id, o] of Object.entries(r.outcomes))
    if (o.type === 'share' && o.pooled.estimate === null && !hiddenPart(o.pooled))
      out.push(
        `outcome "${id}" estimates no pooled ` +
          `effect${o.pooled.problem ? ` (${o.pooled.problem})` : ''}`,
      );
  for (const [id, es] of Object.entries(r.eventStudy ?? {}))
    if (es.att_gt.every((a) => a.estimate === null && !hiddenPart(a)))
      out.push(
        `the event study of "${id}" estimates ` +
          `nothing${es.overall.problem ? ` (${es.overall.problem})` : ''}`,
      );
  return out;
}

/**
 * Every file a run reads (the spec, the extract, the person, municipality and survey files): never
 * written over.
 */
export function specInputs(spec: Spec): string[] {
  return [
    spec.file,
    spec.data.path,
    spec.data.persons,
    spec.municipalityData,
    spec.progression?.path,
    spec.fidelity?.path,
  ].filter((f): f is string => typeof f === 'string' && f !== '');
}

/** Run the whole evaluation of a spec file (or a loaded spec). */
export async function runEvaluation(
  specOrFile: string | Spec,
  opts: RunOptions = {},
): Promise<Evaluation> {
  const given = typeof specOrFile === 'string' ? loadSpec(specOrFile) : specOrFile;
  if (opts.bootstrap !== undefined && opts.bootstrap > MAX_BOOTSTRAP)
    throw new InputError(`--bootstrap: expected at most ${MAX_BOOTSTRAP} replications`);
  // --bootstrap overrides the spec for this run only: the caller's spec is not changed.
  const spec: Spec =
    opts.bootstrap === undefined
      ? given
      : { ...given, inference: { ...given.inference, bootstrap: opts.bootstrap } };
  const timings: Record<string, number> = {};
  const onStage = (name: string, ms: number) => {
    timings[name] = Math.round(ms);
    opts.onStage?.(name, ms);
  };

  // Output problems that can be known now are reported before the analysis (exit 2, the path and
  // the reason).
  const plan =
    opts.out === undefined
      ? null
      : prepareOutput(opts.out, {
          force: opts.force,
          createParents: opts.createParents,
          inputs: specInputs(spec),
        });
  let input: InputInfo;
  let shape: Evaluation['extract'];
  let results: Results;
  // The second thread for survival and the event study starts now: its modules load while this
  // thread reads.
  const sideThread = startSideThread(spec);
  try {
    const t0 = performance.now();
    // The municipality file is small: read (and check) it before the long read of the extract.
    const municipalityData =
      opts.municipalityData !== undefined
        ? opts.municipalityData
        : await readMunicipalityDataForSpec(spec);
    let extract: Extract | null = await readForSpec(spec, opts.onRead);
    // The survey files of the spec's optional survey blocks; answers from municipalities outside
    // the register and the spec are counted, not used.
    const survey = await readSurveyForSpec(
      spec,
      knownMunicipalities(spec, extract.municipality.levels),
    );
    onStage('read', performance.now() - t0);
    input = {
      file: extract.file,
      format: extract.format,
      bytes: extract.bytes,
      sha256: extract.sha256,
    };
    shape = { persons: extract.persons, weeks: extract.weeks };
    // The person ids stay behind (the analysis does not read them); survival and the event study
    // run on a second core while this one computes the shares.
    const analysed = forAnalysis(extract);
    extract = null;
    const computed = await evaluateInParallel(
      analysed,
      spec,
      { onBootstrap: opts.onBootstrap, onStage, municipalityData, survey },
      sideThread,
    );
    // --strict judges what was computed (a number hidden by --min-cell is not an empty analysis).
    if (opts.strict && computed.warnings.length + emptyAnalyses(computed).length > 0) {
      const all = [...emptyAnalyses(computed), ...computed.warnings.map((w) => w.message)];
      const n = all.length;
      throw new InputError(
        `--strict: ${all[0]}${n > 1 ? ` (and ${n - 1} more warning${n > 2 ? 's' : ''})` : ''}; ` +
          `nothing was written`,
        { file: spec.file },
      );
    }
    // Disclosure control: the one stage that decides what may be shown, before any writer.
    const t2 = performance.now();
    results = disclose(computed, opts.minCell ?? 0);
    onStage('disclosure', performance.now() - t2);
  } catch (e) {
    sideThread?.close();
    if (plan) abandonOutput(plan);
    throw e;
  }
  // The report needs only the results: the code matrix goes (out of scope) before the report's own
  // memory comes.

  let files: string[] = [];
  if (plan) {
    const t1 = performance.now();
    files = await writeReport(
      plan,
      { spec, input, results },
      { timings: { ...timings }, lang: opts.lang, figures: opts.figures, formats: opts.formats },
    );
    onStage('report', performance.now() - t1);
  }
  return { spec, input, results, files, timings, extract: shape };
}
