/**
 * The survey side of an evaluation (contract, "Survey side: progression and
 * fidelity"): survey answers in, `results.survey` out. Pure: the files are
 * read before (read/survey.ts), the report only reads what this returns.
 */

import path from 'node:path';
import { alpha } from '../estimators/normal.js';
import {
  type Colour,
  fidelityChange,
  holmAdjust,
  pairedTTest,
  signedRankTest,
  spread,
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
  minCell: number;
}

/** What was read; with minCell, respondent counts of 1 … minCell − 1 are hidden (null). */
export function fileSummary(r: SurveyRead, minCell = 0): SurveyFileSummary {
  const shown = (n: number) => (minCell > 0 && n > 0 && n < minCell ? null : n);
  return {
    // The file's name only: provenance never holds a folder (and reruns from another folder stay byte-identical).
    file: path.basename(r.file),
    sha256: r.sha256,
    rows: r.rows,
    scale: r.scale,
    answers_used: r.answers.length,
    excluded: { ...r.excluded },
    unknown_municipalities: r.unknown_municipalities,
    respondents: r.respondents,
    respondents_start_only: shown(r.respondents_one_wave.start_only),
    respondents_second_only: shown(r.respondents_one_wave.second_only),
  };
}

const hiddenReason = (minCell: number) => `hidden: fewer than ${minCell} respondents`;

/** Per item: pairs, means, mean change with its interval, paired t, Wilcoxon, Holm. */
export function progression(read: SurveyRead, level: number, minCell: number): ProgressionRow[] {
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
  // Holm over every item tested (hiding an item below does not change the family of tests).
  const holm = holmAdjust(rows.map((r) => r.p_wilcoxon));
  rows.forEach((r, i) => {
    r.p_holm = holm[i];
    r.significant = holm[i] === null ? null : (holm[i] as number) < alpha(level);
  });
  if (minCell <= 0) return rows;
  const small = (v: number | null) => v !== null && v > 0 && v < minCell;
  return rows.map((r) => {
    if ((r.n as number) < minCell) {
      return {
        item: r.item,
        n: null,
        mean_start: null,
        mean_follow: null,
        change: null,
        se: null,
        ci_low: null,
        ci_high: null,
        t: null,
        df: null,
        p_t: null,
        v: null,
        zeros: null,
        p_wilcoxon: null,
        p_holm: null,
        significant: null,
        unpaired_start: null,
        unpaired_follow: null,
        problem: hiddenReason(minCell),
      };
    }
    // The statistics rest on enough pairs; small counts beside them are hidden.
    return {
      ...r,
      zeros: small(r.zeros) ? null : r.zeros,
      unpaired_start: small(r.unpaired_start) ? null : r.unpaired_start,
      unpaired_follow: small(r.unpaired_follow) ? null : r.unpaired_follow,
    };
  });
}

/** A fidelity figure is hidden when either wave rests on fewer than minCell answers (respondents). */
function hideFidelity<
  T extends {
    n_start: number | null;
    n_end: number | null;
    share_start: number | null;
    share_end: number | null;
    change_pp: number | null;
    colour: Colour | null;
    problem: string | null;
  },
>(row: T, minCell: number): T {
  if (minCell <= 0) return row;
  const small = (n: number | null) => n !== null && n < minCell;
  if (!small(row.n_start) && !small(row.n_end)) return row;
  return {
    ...row,
    n_start: small(row.n_start) ? null : row.n_start,
    n_end: small(row.n_end) ? null : row.n_end,
    share_start: small(row.n_start) ? null : row.share_start,
    share_end: small(row.n_end) ? null : row.share_end,
    change_pp: null,
    colour: null,
    problem: hiddenReason(minCell),
  };
}

/** Fidelity per element and per municipality × element, with the spread of the municipalities' changes. */
export function fidelity(
  read: SurveyRead,
  agree: readonly number[],
  minCell: number,
): { fidelity: FidelityRow[]; byMunicipality: FidelityMunicipalityRow[] } {
  const byMunicipality: FidelityMunicipalityRow[] = [];
  const rows: FidelityRow[] = fidelityCounts(read, agree).map((e) => {
    const mine = e.municipalities.map((m) => {
      const c = fidelityChange(m.counts[0], m.counts[1]);
      return hideFidelity(
        {
          municipality: m.municipality,
          element: e.element,
          n_start: c.n_start,
          n_end: c.n_end,
          share_start: c.share_start,
          share_end: c.share_end,
          change_pp: c.change_pp,
          colour: c.colour,
          problem: c.problem,
        },
        minCell,
      );
    });
    byMunicipality.push(...mine);
    const s = spread(mine.map((m) => m.change_pp));
    const c = fidelityChange(e.total[0], e.total[1]);
    return hideFidelity(
      {
        element: e.element,
        n_start: c.n_start,
        n_end: c.n_end,
        share_start: c.share_start,
        share_end: c.share_end,
        change_pp: c.change_pp,
        colour: c.colour,
        spread_min: s.min,
        spread_max: s.max,
        municipalities: mine.filter((m) => m.change_pp !== null).length,
        problem: c.problem,
      },
      minCell,
    );
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

/** The whole survey side from the files read. */
export function evaluateSurvey(
  inputs: { progression?: SurveyRead; fidelity?: SurveyRead },
  s: SurveySettings,
): SurveyResults {
  const out: SurveyResults = {
    level: s.level,
    agree: inputs.fidelity ? [...s.agree] : null,
    files: {},
    suppression: { min_cell: s.minCell, progression_items_hidden: 0, fidelity_rows_hidden: 0 },
  };
  if (inputs.progression) {
    out.files.progression = fileSummary(inputs.progression, s.minCell);
    out.progression = progression(inputs.progression, s.level, s.minCell);
    out.suppression.progression_items_hidden = out.progression.filter((r) =>
      r.problem?.startsWith('hidden:'),
    ).length;
  }
  if (inputs.fidelity) {
    out.files.fidelity = fileSummary(inputs.fidelity, s.minCell);
    const f = fidelity(inputs.fidelity, s.agree, s.minCell);
    out.fidelity = f.fidelity;
    out.fidelityByMunicipality = f.byMunicipality;
    out.suppression.fidelity_rows_hidden = [...f.fidelity, ...f.byMunicipality].filter((r) =>
      r.problem?.startsWith('hidden:'),
    ).length;
  }
  return out;
}
