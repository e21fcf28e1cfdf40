/**
 * The event study over entry periods (docs/definitions.md, "Event study
 * over entry periods"), in R `did`'s stages: cells → att_gt → aggregate (event time,
 * overall) → inference (joint cluster-robust covariance from the
 * per-municipality sums, pointwise intervals, sup-t band, pre-test).
 */
import { twoSidedP, zCritical } from '../normal.js';
import {
  type Aggregate,
  aggregateLead,
  eventTimeAggregates,
  overallAggregate,
} from './aggregate.js';
import { attCells } from './attgt.js';
import { supTCritical } from './band.js';
import { cellTable, clusterCovariance, clusterScores } from './cells.js';
import { noPreTest, preTest } from './pretest.js';
import { noSensitivity, relativeMagnitudes, type Sensitivity } from './sensitivity.js';
import type {
  AttGt,
  EventStudyEstimate,
  EventStudyOptions,
  EventStudySums,
  EventTimeEffect,
  OverallEffect,
  PreTest,
} from './types.js';
import { eventStudyWild } from './wild.js';

export { eventTimeAggregates, overallAggregate } from './aggregate.js';
export { attCells, comparisonGroups } from './attgt.js';
export { supTCritical } from './band.js';
export { cellTable, clusterCovariance, clusterScores } from './cells.js';
export { noncentralityForPower, preTest, quadraticForms } from './pretest.js';
export { relativeMagnitudes, type Sensitivity } from './sensitivity.js';
export type * from './types.js';
export { cellModelSystem } from './wild.js';

/** Every event-study figure of one outcome from its per (municipality × period) sums. */
export function estimateEventStudy(s: EventStudySums, opts: EventStudyOptions): EventStudyEstimate {
  const t = cellTable(s);
  const G = t.clusters.length;
  const cells = attCells(t, opts.comparison);
  const times = eventTimeAggregates(cells);
  const overall = overallAggregate(cells);

  // One joint covariance over every estimate that has coefficients.
  const withC: { c: Float64Array }[] = [...cells, ...times, overall].filter(
    (r): r is { c: Float64Array } & typeof r => r.c !== null,
  ) as { c: Float64Array }[];
  const index = new Map<object, number>(withC.map((r, k) => [r, k]));
  const K = withC.length;
  const S = clusterScores(
    t,
    withC.map((r) => r.c),
  );
  const V = G >= 2 ? clusterCovariance(S, G, K) : null;
  const seProblem =
    G < 2
      ? `${G} municipalit${G === 1 ? 'y has' : 'ies have'} person-weeks ` +
        `in the periods that take part: no clustered standard error`
      : undefined;
  const seOf = (r: object): number | null => {
    const k = index.get(r);
    return k === undefined || V === null ? null : Math.sqrt(V[k * K + k]);
  };
  const z = zCritical(opts.level);
  const interval = (est: number | null, se: number | null) =>
    est === null || se === null
      ? { ci_low: null, ci_high: null }
      : { ci_low: est - z * se, ci_high: est + z * se };

  const att_gt: AttGt[] = cells.map((r) => {
    const se = r.base ? null : seOf(r);
    const row: AttGt = {
      group: r.group,
      period: r.period,
      event_time: r.event_time,
      estimate: r.estimate,
      se,
      ...interval(r.base ? null : r.estimate, se),
      n: r.n,
    };
    const problem = r.problem ?? (r.c !== null && se === null ? seProblem : undefined);
    if (problem) row.problem = problem;
    return row;
  });

  // Sup-t band over the event times with an SE (e = −1 excluded).
  const banded = times.filter((a) => !a.base && a.c !== null && (seOf(a) ?? 0) > 0);
  const bandK = banded.length;
  const bandS = new Float64Array(G * bandK);
  banded.forEach((a, j) => {
    const k = index.get(a)!;
    for (let m = 0; m < G; m++) bandS[m * bandK + j] = S[m * K + k];
  });
  const band =
    V === null
      ? {
          critical: null,
          replications: opts.bootstrap,
          seed: opts.seed,
          weights: 'rademacher' as const,
          problem: seProblem,
        }
      : supTCritical({
          S: bandS,
          G,
          K: bandK,
          se: banded.map((a) => seOf(a)!),
          level: opts.level,
          replications: opts.bootstrap,
          seed: opts.seed,
        });

  const event_time: EventTimeEffect[] = times.map((a) => {
    const se = a.base ? null : seOf(a);
    const est = a.estimate;
    const inBand = band.critical !== null && banded.includes(a) && est !== null && se !== null;
    const row: EventTimeEffect = {
      e: a.e!,
      estimate: est,
      se,
      ...interval(a.base ? null : est, se),
      band_low: inBand ? est! - band.critical! * se! : null,
      band_high: inBand ? est! + band.critical! * se! : null,
      n: a.n,
    };
    const problem = a.problem ?? (a.c !== null && se === null ? seProblem : undefined);
    if (problem) row.problem = problem;
    return row;
  });

  const overallSe = seOf(overall);
  const overallRow: OverallEffect = {
    estimate: overall.estimate,
    se: overallSe,
    ...interval(overall.estimate, overallSe),
    p:
      overall.estimate !== null && overallSe !== null && overallSe > 0
        ? twoSidedP(overall.estimate / overallSe)
        : null,
    n: overall.n,
  };
  const overallProblem =
    overall.problem ?? (overall.c !== null && overallSe === null ? seProblem : undefined);
  if (overallProblem) overallRow.problem = overallProblem;

  const tested = times.filter(
    (a): a is Aggregate & { c: Float64Array; e: number } =>
      a.e !== null && a.e <= -2 && a.c !== null,
  );
  const ks = tested.map((a) => index.get(a)!);
  const pretest =
    V === null
      ? { ...noPreTest(tested.length, G), problem: seProblem }
      : preTest({
          e: tested.map((a) => a.e),
          theta: tested.map((a) => a.estimate!),
          V: ks.map((i) => ks.map((j) => V[i * K + j])),
          clusters: G,
          level: opts.level,
          overallLead: overall.c === null ? null : aggregateLead(overall),
        });

  // Restricted wild cluster bootstrap of the overall effect and of the pre-test's W (wild.ts).
  const wild = eventStudyWild(s, t, {
    overall: overall.c,
    pretest: tested.map((a) => a.c),
    level: opts.level,
    replications: opts.bootstrap,
    seed: opts.seed,
    weights: opts.weights,
  });
  overallRow.bootstrap = wild.overall;
  if (wild.effective) overallRow.effective_clusters = wild.effective;
  // Field order as docs/definitions.md lists it: … clusters, p_f (Hotelling), p (the bootstrap,
  // deciding), replications, slopes.
  const { slope50, slope80, bias80, problem: ptProblem, p: pF, ...head } = pretest;
  const pretestOut: PreTest = {
    ...head,
    p_f: pF,
    p: wild.pretest.p,
    replications: opts.bootstrap,
    slope50,
    slope80,
    bias80,
  };
  const why = ptProblem ?? (wild.pretest.p === null ? wild.pretest.problem : undefined);
  if (why) pretestOut.problem = why;
  const sensitivity = overallSensitivity(times, overall, index, V, K, opts.level, pretest.bias80);

  const P = t.periods;
  const cellRows = t.groups.flatMap((g, gi) =>
    Array.from({ length: P }, (_, i) => i)
      .filter((p) => t.used[p])
      .map((p) => {
        const j = gi * P + p;
        return {
          group: g,
          period: p,
          persons: t.persons[j],
          person_weeks: t.weeks[j],
          mean: t.weeks[j] > 0 ? t.mean[j] : null,
        };
      }),
  );
  return {
    comparison: opts.comparison,
    clusters: G,
    att_gt,
    event_time,
    overall: overallRow,
    pretest: pretestOut,
    sensitivity,
    band,
    cells: cellRows,
  };
}

/**
 * The relative-magnitudes sensitivity of the overall effect from the event-time estimates and their
 * joint covariance.
 */
function overallSensitivity(
  times: Aggregate[],
  overall: Aggregate,
  index: Map<object, number>,
  V: ArrayLike<number> | null,
  K: number,
  level: number,
  bias80: number | null,
): Sensitivity {
  const rows = times.filter((a) => !a.base && a.c !== null && a.e !== null);
  if (V === null || overall.c === null || overall.estimate === null)
    return {
      ...noSensitivity(bias80),
      problem: 'the overall effect has no estimate or no standard error',
    };
  const ks = [...rows.map((a) => index.get(a)!), index.get(overall)!];
  // The overall effect weights event time e by n_e / N (the same cells, aggregate.ts).
  const weights = rows.map((a) => (a.e! >= 0 ? a.n / overall.n : 0));
  return relativeMagnitudes(
    {
      e: rows.map((a) => a.e!),
      beta: rows.map((a) => a.estimate!),
      V: ks.map((i) => ks.map((j) => V[i * K + j])),
      theta: overall.estimate,
      weights,
      level,
    },
    bias80,
  );
}
