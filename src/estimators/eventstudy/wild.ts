/**
 * The event study's wild cluster bootstraps (docs/definitions.md, "Event study over entry
 * periods"): the cell-mean model y = Σ_j μ_j·1[cell j] stated as per-municipality
 * cross-products (A_m = diag(N_mj), b_m = Σy_mj over the cells that take
 * part, factor G/(G − 1) as the covariance), so every estimate Σ c_j Ȳ_j is
 * R·μ and the restricted wild cluster bootstrap of src/estimators/did/wild.ts
 * applies: the overall effect (null θ = 0, interval by test inversion) and
 * the pre-test's Wald statistic W with every pre-period effect set to 0.
 * Per draw O(G·cells), never a pass over persons.
 */
import { NEVER } from '../../design/rounds.js';
import {
  type ClusterSystem,
  effectiveClusters,
  type WeightKind,
  weightKind,
  wildJoint,
  wildScalar,
} from '../did/wild.js';
import type { CellTable } from './cells.js';
import type { EffectiveClustersResult, EventStudyBootstrap, EventStudySums } from './types.js';

/**
 * The cell-mean model as a cluster system over the cells with person-weeks, and the map cell →
 * column.
 */
export function cellModelSystem(
  s: EventStudySums,
  t: CellTable,
): { sys: ClusterSystem; column: Int32Array } {
  const P = t.periods;
  const J = t.groups.length * P;
  const column = new Int32Array(J).fill(-1);
  let K = 0;
  for (let j = 0; j < J; j++) if (t.used[j % P] && t.weeks[j] > 0) column[j] = K++;
  const G = t.clusters.length;
  const A = new Float64Array(G * K * K);
  const b = new Float64Array(G * K);
  t.clusters.forEach((m, k) => {
    const base = t.groupOf[k] * P;
    for (let p = 0; p < P; p++) {
      const col = column[base + p];
      if (col < 0) continue;
      A[k * K * K + col * K + col] = s.n[m * P + p];
      b[k * K + col] = s.sumY[m * P + p];
    }
  });
  return { sys: { G, K, A, b, factor: G / (G - 1) }, column };
}

function project(c: Float64Array, column: Int32Array, K: number): Float64Array {
  const r = new Float64Array(K);
  for (let j = 0; j < c.length; j++) if (c[j] !== 0 && column[j] >= 0) r[column[j]] = c[j];
  return r;
}

export interface EventStudyWildInput {
  overall: Float64Array | null;
  pretest: Float64Array[];
  level: number;
  replications: number;
  seed: number;
  /** Default: Webb below WEBB_BELOW participating municipalities (weightKind). */
  weights?: WeightKind;
}

export function eventStudyWild(
  s: EventStudySums,
  t: CellTable,
  inp: EventStudyWildInput,
): {
  overall: EventStudyBootstrap;
  pretest: { p: number | null; problem?: string };
  effective: EffectiveClustersResult | null;
} {
  const B = inp.replications;
  const participating = t.clusters.map((_, k) => t.groups[t.groupOf[k]] !== NEVER);
  const weights = inp.weights ?? weightKind(participating.filter(Boolean).length);
  const base = {
    replications: B,
    seed: inp.seed,
    weights,
    interval: 'test-inversion' as const,
  };
  const none = (problem: string) => ({
    overall: { p: null, ci_low: null, ci_high: null, ...base, problem },
    pretest: { p: null, problem },
    effective: null,
  });
  const G = t.clusters.length;
  if (G < 2) return none('fewer than two municipalities: no clustered inference');
  const { sys, column } = cellModelSystem(s, t);
  let effective: EffectiveClustersResult | null = null;
  if (inp.overall) {
    const e = effectiveClusters(sys, project(inp.overall, column, sys.K), participating);
    if (e)
      effective = {
        gstar: e.gstar,
        participating: participating.filter(Boolean).length,
        max_share: e.max_share,
        municipality: s.clusters[t.clusters[e.max_index]],
      };
  }
  if (!Number.isInteger(B) || B < 1)
    return { ...none('no bootstrap draws requested (inference.bootstrap = 0)'), effective };
  const opts = { replications: B, seed: inp.seed, weights, level: inp.level };
  let overall: EventStudyBootstrap = {
    p: null,
    ci_low: null,
    ci_high: null,
    ...base,
    problem: 'no overall effect',
  };
  if (inp.overall) {
    const w = wildScalar(sys, project(inp.overall, column, sys.K), opts);
    overall =
      w === null
        ? { ...overall, problem: 'the overall effect has no clustered standard error' }
        : {
            p: w.p,
            ci_low: w.ci_low,
            ci_high: w.ci_high,
            ...base,
            ...(w.problem ? { problem: w.problem } : {}),
          };
  }
  const q = inp.pretest.length;
  let pretest: { p: number | null; problem?: string } = {
    p: null,
    problem: 'no event time before −1 has an estimate: nothing to test',
  };
  if (q > 0) {
    const R = new Float64Array(q * sys.K);
    inp.pretest.forEach((c, i) => {
      R.set(project(c, column, sys.K), i * sys.K);
    });
    const w = wildJoint(sys, R, q, opts);
    pretest =
      w === null
        ? { p: null, problem: 'the pre-period effects have a singular covariance' }
        : { p: w.p };
  }
  return { overall, pretest, effective };
}
