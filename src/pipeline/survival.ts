/**
 * A survival outcome's results: Kaplan–Meier per cell on a weekly grid,
 * cell summaries, Cox DiD with municipality-clustered robust errors, the
 * log-rank tests and the PH check. Numbers only: src/report writes the
 * sentences. (No weeks are derived from the hazard ratio: a restricted mean
 * capped at the horizon divided by HR means nothing; the report states
 * 1 − 1/HR under a constant hazard and the observed medians.)
 */

import type { CohortBuild } from '../cohorts/cohorts.js';
import { CELLS, cellLabel, memberCell } from '../design/cells.js';
import {
  coxDiD,
  kaplanMeier,
  logRank,
  medianSurvival,
  phTest,
  restrictedMean,
  rmstDiD,
  type SurvivalData,
  survivalAt,
  weeklyGrid,
} from '../estimators/survival/index.js';
import type { Durations } from '../outcomes/durations.js';
import type { KmRow, KmSummary, SurvivalOutcomeResult } from '../results/results.js';
import type { CompiledSpec } from '../spec/compile.js';
import { pendingHeadline } from './headline.js';

function subset(d: Durations, keep: (m: number) => boolean): SurvivalData {
  const idx: number[] = [];
  for (let m = 0; m < d.time.length; m++) if (keep(m)) idx.push(m);
  return {
    time: Float64Array.from(idx, (m) => d.time[m]),
    event: Uint8Array.from(idx, (m) => d.event[m]),
  };
}

export function survivalOutcome(
  plan: CompiledSpec,
  built: CohortBuild,
  d: Durations,
): SurvivalOutcomeResult {
  const m = built.members;
  const level = plan.spec.inference.level;
  const horizon = plan.followUp;
  const km: KmRow[] = [];
  const summary: KmSummary[] = [];
  const rmstHorizon = Math.min(104, horizon);
  for (const cell of CELLS) {
    const { group, cohort } = cellLabel(cell);
    const data = subset(d, (i) => memberCell(m, i) === cell);
    const fit = kaplanMeier(data, { level });
    // The grid runs to the longest possible follow-up; past a cell's last observed
    // time the curve carries its last value with nobody at risk (R: summary(..., extend = TRUE)).
    for (const r of weeklyGrid(fit, horizon)) km.push({ group, cohort, ...r });
    const med = medianSurvival(fit);
    const startedBy = (k: number) =>
      data.time.length > 0 && k <= horizon ? 1 - survivalAt(fit, k).survival : null;
    const rm = data.time.length > 0 ? restrictedMean(fit, rmstHorizon) : null;
    summary.push({
      group,
      cohort,
      n: fit.n,
      events: fit.events,
      median: med.median,
      median_ci_low: med.ci_low,
      median_ci_high: med.ci_high,
      started_26: startedBy(26),
      started_52: startedBy(52),
      started_104: startedBy(104),
      rmst: rm ? rm.rmst : null,
      rmst_se: rm ? rm.se : null,
      rmst_horizon: rmstHorizon,
    });
  }

  const all: SurvivalData = { time: d.time, event: d.event };
  const cox = coxDiD(all, m.treated, m.during, { cluster: m.cluster, level });
  const fourCells = Int32Array.from({ length: m.size }, (_, i) => memberCell(m, i));
  // Only whether the four curves differ at all: a test of participants·during against the other
  // three cells is no difference-in-differences test (it rejects whenever the cohorts or the
  // groups differ), so there is none; the effect's test is the Cox model and rmst_did.
  const logrank: SurvivalOutcomeResult['logrank'] = [];
  if (m.size > 0 && d.event.some((e) => e === 1)) {
    const b = logRank(all, fourCells);
    logrank.push({ comparison: 'all four cells', chisq: b.chisq, df: b.df, p: b.p });
  }

  const treatedSet = new Set(plan.spec.treated);
  const rmst_did = rmstDiD(
    {
      time: d.time,
      event: d.event,
      cell: fourCells,
      cluster: m.cluster,
      clusterTreated: built.clusters.map((c) => treatedSet.has(c)),
      horizons: [52, 104],
      level,
      replications: plan.spec.inference.bootstrap,
      seed: plan.spec.inference.seed,
    },
    horizon,
  );

  let ph: SurvivalOutcomeResult['ph_check'] = null;
  if (cox.hr !== null) {
    const X = new Float64Array(m.size * 3);
    for (let i = 0; i < m.size; i++) {
      X[3 * i] = m.treated[i];
      X[3 * i + 1] = m.during[i];
      X[3 * i + 2] = m.treated[i] * m.during[i];
    }
    const t = phTest(all, X, cox.fit);
    if (t) {
      ph = {
        chisq: t.global.chisq,
        df: t.global.df,
        p: t.global.p,
        method:
          'score test of time-varying coefficients (R survival ≥ 3.0 cox.zph), KM time transform',
        terms: t.terms,
      };
    }
  }

  const fin = (v: number | null | undefined) =>
    v === null || v === undefined || !Number.isFinite(v) ? null : v;
  return {
    type: 'survival',
    title: d.outcome.title,
    event: d.outcome.event.name,
    censor_at_exit: d.outcome.censorAtExit,
    headline: pendingHeadline(),
    km,
    summary,
    cox: {
      hr: cox.hr === null ? null : cox.hr,
      ci_low: cox.ci_low,
      ci_high: cox.ci_high,
      p: cox.p,
      se_log_hr: cox.se_log_hr,
      robust_se_log_hr: cox.robust_se_log_hr,
      robust_ci_low: cox.robust_ci_low,
      robust_ci_high: cox.robust_ci_high,
      robust_p: cox.robust_p,
      terms: cox.fit.names.map((term, a) => ({
        term,
        coef: fin(cox.fit.coef[a]),
        hr: fin(cox.fit.hr[a]),
        se: fin(cox.fit.se[a]),
        robust_se: cox.fit.robust_se ? fin(cox.fit.robust_se[a]) : null,
        p: fin(cox.fit.p[a]),
      })),
      n: cox.fit.n,
      events: cox.fit.events,
      converged: cox.fit.converged,
      iterations: cox.fit.iterations,
      ...(cox.problem ? { problem: cox.problem } : {}),
    },
    duration_change: cox.duration_change,
    logrank,
    rmst_did,
    ph_check: ph,
  };
}
