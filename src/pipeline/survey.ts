/**
 * The survey side of an evaluation (docs/definitions.md,
 * "Survey side"): survey answers in, `results.survey` out. Pure: the files are
 * read before (read/survey.ts), the report only reads what this returns.
 */

import path from 'node:path';
import { alpha } from '../estimators/normal.js';
import {
  fidelityChange,
  holmAdjust,
  pairedTTest,
  signedRankTest,
  spread,
  type WaveCount,
} from '../estimators/survey/index.js';
import { fidelityCounts, pairsByItem } from '../outcomes/survey.js';
import type { SurveyRead } from '../read/survey.js';
import type {
  FidelityMunicipalityRow,
  FidelityRow,
  ProgressionRow,
  SurveyFileSummary,
  SurveyResults,
} from '../results/results.js';

export interface SurveySettings {
  level: number;
  /** Fidelity: the answer values that count as agreeing. */
  agree: readonly number[];
}

/** What was read from one file. */
export function fileSummary(r: SurveyRead): SurveyFileSummary {
  return {
    // The file's name only: provenance never holds a folder (and reruns from another folder stay
    // byte-identical).
    file: path.basename(r.file),
    sha256: r.sha256,
    rows: r.rows,
    scale: r.scale,
    answers_used: r.answers.length,
    excluded: { ...r.excluded },
    unknown_municipalities: r.unknown_municipalities,
    respondents: r.respondents,
    respondents_start_only: r.respondents_one_wave.start_only,
    respondents_second_only: r.respondents_one_wave.second_only,
  };
}

/**
 * Per item: pairs, means, mean change with its interval, paired t, Wilcoxon, Holm over every item.
 */
export function progression(read: SurveyRead, level: number): ProgressionRow[] {
  const rows: ProgressionRow[] = pairsByItem(read).map((pairs) => {
    const n = pairs.start.length;
    const diffs = pairs.follow.map((f, i) => f - pairs.start[i]);
    const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);
    const t = pairedTTest(diffs, level);
    const w = signedRankTest(diffs);
    return {
      item: pairs.item,
      n,
      mean_start: mean(pairs.start),
      mean_follow: mean(pairs.follow),
      change: t.mean,
      se: t.se,
      ci_low: t.ci_low,
      ci_high: t.ci_high,
      t: t.t,
      df: t.df,
      p_t: t.p,
      v: n > 0 ? w.v : null,
      zeros: n > 0 ? w.zeros : null,
      p_wilcoxon: w.p,
      p_holm: null,
      significant: null,
      unpaired_start: pairs.unpaired_start,
      unpaired_follow: pairs.unpaired_follow,
      problem: t.problem ?? w.problem,
    };
  });
  // Holm over every item tested; the disclosure stage recomputes it over the items it shows.
  const holm = holmAdjust(rows.map((r) => r.p_wilcoxon));
  rows.forEach((r, i) => {
    r.p_holm = holm[i];
    r.significant = holm[i] === null ? null : (holm[i] as number) < alpha(level);
  });
  return rows;
}

/** One fidelity row from the two waves' counts. */
export function fidelityRow(start: WaveCount, end: WaveCount) {
  const c = fidelityChange(start, end);
  return {
    n_start: c.n_start,
    n_end: c.n_end,
    share_start: c.share_start,
    share_end: c.share_end,
    change_pp: c.change_pp,
    colour: c.colour,
    problem: c.problem,
  };
}

/**
 * Fidelity per element and per municipality × element, with the spread of the municipalities'
 * changes.
 */
export function fidelity(
  read: SurveyRead,
  agree: readonly number[],
): { fidelity: FidelityRow[]; byMunicipality: FidelityMunicipalityRow[] } {
  const byMunicipality: FidelityMunicipalityRow[] = [];
  const rows: FidelityRow[] = fidelityCounts(read, agree).map((e) => {
    const mine = e.municipalities.map((m) => ({
      municipality: m.municipality,
      element: e.element,
      ...fidelityRow(m.counts[0], m.counts[1]),
    }));
    byMunicipality.push(...mine);
    const s = spread(mine.map((m) => m.change_pp));
    const { problem, ...row } = fidelityRow(e.total[0], e.total[1]);
    return {
      element: e.element,
      ...row,
      spread_min: s.min,
      spread_max: s.max,
      municipalities: mine.filter((m) => m.change_pp !== null).length,
      problem,
    };
  });
  // Municipality rows in municipality order, elements in file order within each.
  const order = new Map(read.keys.map((k, i) => [k, i]));
  const municipalityOrder = new Map(
    [...new Set(byMunicipality.map((m) => m.municipality))].map((m, i) => [m, i]),
  );
  byMunicipality.sort(
    (a, b) =>
      municipalityOrder.get(a.municipality)! - municipalityOrder.get(b.municipality)! ||
      order.get(a.element)! - order.get(b.element)!,
  );
  return { fidelity: rows, byMunicipality };
}

/**
 * The whole survey side from the files read: one piece per file kind, each a summary plus its rows.
 */
export function evaluateSurvey(
  inputs: { progression?: SurveyRead; fidelity?: SurveyRead },
  s: SurveySettings,
): SurveyResults {
  const out: SurveyResults = {
    level: s.level,
    agree: inputs.fidelity ? [...s.agree] : null,
    files: {},
    suppression: { min_cell: 0, progression_items_hidden: 0, fidelity_rows_hidden: 0 },
  };
  const rowsOf = {
    progression: (r: SurveyRead) => ({ progression: progression(r, s.level) }),
    fidelity: (r: SurveyRead) => {
      const f = fidelity(r, s.agree);
      return { fidelity: f.fidelity, fidelityByMunicipality: f.byMunicipality };
    },
  };
  for (const kind of ['progression', 'fidelity'] as const) {
    const read = inputs[kind];
    if (!read) continue;
    out.files[kind] = fileSummary(read);
    Object.assign(out, rowsOf[kind](read));
  }
  return out;
}
