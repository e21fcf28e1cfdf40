/**
 * Restricted-mean survival time difference-in-differences
 * (docs/definitions.md, "Restricted-mean difference in differences"):
 *   θ(τ) = [RMST_td(τ) − RMST_tb(τ)] − [RMST_cd(τ) − RMST_cb(τ)],
 * RMST(τ) = ∫₀^τ S(t) dt of each cell's Kaplan–Meier curve. It needs no
 * proportional hazards and says how many weeks, on average over the first τ
 * weeks, the time to the event changed.
 *
 * Uncertainty by a cluster bootstrap that resamples municipalities with
 * replacement, separately among the participating and the comparison ones
 * (each replicate keeps both counts; a municipality drawn twice brings all
 * its persons twice, in both cohorts). Durations are whole weeks, so each
 * municipality is reduced once to events and censorings per week and cell,
 * and a replicate adds those up with its multiplicities.
 * se = the replicates' standard deviation; the interval is the percentile
 * interval; p = 2·Φ(−|θ/se|).
 */
import { mulberry32 } from '../did/rng.js';
import { twoSidedP } from '../normal.js';

export interface RmstDidInput {
  /** Duration (whole weeks) and event flag per membership. */
  time: ArrayLike<number>;
  event: ArrayLike<number>;
  /** Cell 0 comparison·before, 1 comparison·during, 2 treated·before, 3 treated·during. */
  cell: ArrayLike<number>;
  /** Municipality index per membership, 0 … G − 1. */
  cluster: ArrayLike<number>;
  /** Whether municipality g participates (stratum of the resampling). */
  clusterTreated: readonly boolean[];
  horizons: number[];
  level: number;
  replications: number;
  seed: number;
}

export interface RmstDid {
  horizon: number;
  estimate: number | null;
  /** RMST per cell (index = cell). */
  cells: (number | null)[];
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p: number | null;
  replications: number;
  method: 'municipality-bootstrap';
  problem?: string;
}

/**
 * Per municipality × cell: persons, and the weeks 0 … T in which someone's duration ends, with
 * the events and all who leave the risk set then (events + censorings); a later end counts only
 * in the persons. Row k = g·4 + cell is entries off[k] … off[k + 1] − 1.
 */
interface Counts {
  T: number;
  n: Float64Array; // [g*4 + c]
  off: Int32Array;
  week: Int32Array;
  events: Float64Array;
  leaving: Float64Array;
}

function countsOf(inp: RmstDidInput, G: number, T: number): Counts {
  const W = T + 2;
  const n = new Float64Array(G * 4);
  const d = new Float64Array(G * 4 * W);
  const c = new Float64Array(G * 4 * W);
  for (let i = 0; i < inp.time.length; i++) {
    const k = inp.cluster[i] * 4 + inp.cell[i];
    const t = Math.min(Math.round(inp.time[i]), T + 1);
    n[k]++;
    if (inp.event[i] === 1) d[k * W + t]++;
    else c[k * W + t]++;
  }
  // Weeks after T never enter an RMST(τ ≤ T); weeks nobody leaves add nothing.
  const off = new Int32Array(G * 4 + 1);
  const week: number[] = [];
  const events: number[] = [];
  const leaving: number[] = [];
  for (let k = 0; k < G * 4; k++) {
    for (let t = 0; t <= T && t < W; t++) {
      const dt = d[k * W + t];
      const ct = c[k * W + t];
      if (dt === 0 && ct === 0) continue;
      week.push(t);
      events.push(dt);
      leaving.push(dt + ct);
    }
    off[k + 1] = week.length;
  }
  return {
    T,
    n,
    off,
    week: Int32Array.from(week),
    events: Float64Array.from(events),
    leaving: Float64Array.from(leaving),
  };
}

/**
 * RMST(τ) of each cell from counts weighted by municipality multiplicities, for each
 * horizon τ: S(k) = Π_{t ≤ k} (1 − d_t/n_t), n_t = those with duration ≥ t, and
 * ∫₀^τ S = Σ_{k=0}^{τ−1} S(k) (S is constant between whole weeks). The weighted
 * counts are whole numbers, so their sums are exact in any order: each municipality adds
 * only the weeks someone of it leaves, and events and censorings enter the risk set as one
 * sum. The curve is walked once to the longest horizon; a shorter one's area is the same
 * running sum taken earlier (the same operations in the same order).
 */
function cellRmsts(cnt: Counts, mult: Float64Array, taus: readonly number[]): (number | null)[][] {
  const c = new CellCurves(cnt, taus);
  c.compute(mult);
  return taus.map((_, h) => [0, 1, 2, 3].map((cell) => c.rmst(cell, h)));
}

/**
 * RMST(τ) per cell and horizon for one set of multiplicities (cellRmsts), into buffers made
 * once: a bootstrap's replicates allocate nothing and call no closure.
 */
class CellCurves {
  private readonly d: Float64Array;
  private readonly left: Float64Array;
  /** areaAt[k] = Σ_{t<k} S(t) of the cell being walked. */
  private readonly areaAt: Float64Array;
  /** Steps (whole weeks) of each horizon, and the longest. */
  private readonly steps: Int32Array;
  private readonly last: number;
  /** RMST of cell c at horizon h at c·H + h; NaN marks an empty cell. */
  readonly area: Float64Array;

  constructor(
    private readonly cnt: Counts,
    taus: readonly number[],
  ) {
    const steps = (tau: number) => (tau > 0 ? Math.ceil(tau) : 0);
    this.last = steps(Math.max(...taus));
    this.steps = Int32Array.from(taus, steps);
    this.d = new Float64Array(this.last + 1);
    this.left = new Float64Array(this.last + 1);
    this.areaAt = new Float64Array(this.last + 1);
    this.area = new Float64Array(4 * taus.length);
  }

  compute(mult: Float64Array): void {
    const { cnt, d, left, areaAt, steps, last, area } = this;
    const { off, week, events, leaving } = cnt;
    const G = mult.length;
    const H = steps.length;
    for (let cell = 0; cell < 4; cell++) {
      d.fill(0);
      left.fill(0);
      let n = 0;
      for (let g = 0; g < G; g++) {
        const w = mult[g];
        if (w === 0) continue;
        const k = g * 4 + cell;
        n += w * cnt.n[k];
        for (let j = off[k]; j < off[k + 1]; j++) {
          const t = week[j];
          if (t >= last) continue;
          d[t] += w * events[j];
          left[t] += w * leaving[j];
        }
      }
      if (n === 0) {
        for (let h = 0; h < H; h++) area[cell * H + h] = Number.NaN;
        continue;
      }
      let s = 1;
      let sum = 0;
      let atRisk = n;
      for (let t = 0; t < last; t++) {
        if (atRisk > 0 && d[t] > 0) s *= 1 - d[t] / atRisk;
        sum += s;
        atRisk -= left[t];
        areaAt[t + 1] = sum;
      }
      for (let h = 0; h < H; h++) area[cell * H + h] = areaAt[steps[h]];
    }
  }

  /** RMST of a cell at horizon h, null when the cell is empty. */
  rmst(cell: number, h: number): number | null {
    const v = this.area[cell * this.steps.length + h];
    return Number.isNaN(v) ? null : v;
  }

  /** θ(τ_h) = [RMST_td − RMST_tb] − [RMST_cd − RMST_cb], null when a cell is empty. */
  did(h: number): number | null {
    const H = this.steps.length;
    const a = this.area;
    const r0 = a[h];
    const r1 = a[H + h];
    const r2 = a[2 * H + h];
    const r3 = a[3 * H + h];
    if (Number.isNaN(r0) || Number.isNaN(r1) || Number.isNaN(r2) || Number.isNaN(r3)) return null;
    return r3 - r2 - (r1 - r0);
  }
}

const did = (r: (number | null)[]): number | null =>
  r.some((v) => v === null) ? null : r[3]! - r[2]! - (r[1]! - r[0]!);

/** θ*(τ) of each horizon per replicate (rows: replicates), null where a cell is empty. */
function replicates(cnt: Counts, draws: Float64Array[], taus: readonly number[]) {
  const c = new CellCurves(cnt, taus);
  const out: (number | null)[][] = [];
  for (const m of draws) {
    c.compute(m);
    const row: (number | null)[] = [];
    for (let h = 0; h < taus.length; h++) row.push(c.did(h));
    out.push(row);
  }
  return out;
}

/**
 * The multiplicity of each municipality in each replicate: G_t draws among the participating
 * and G_c among the others, uniform with replacement from the seeded stream.
 */
export function rmstBootstrapDraws(
  clusterTreated: readonly boolean[],
  replications: number,
  seed: number,
): Float64Array[] {
  const rng = mulberry32(seed);
  const strata = [true, false].map((t) => clusterTreated.flatMap((ct, g) => (ct === t ? [g] : [])));
  const out: Float64Array[] = [];
  for (let b = 0; b < replications; b++) {
    const mult = new Float64Array(clusterTreated.length);
    for (const s of strata)
      for (let j = 0; j < s.length; j++) mult[s[Math.floor((rng() / 4294967296) * s.length)]]++;
    out.push(mult);
  }
  return out;
}

/**
 * The bootstrap replicates θ*(τ) of each horizon (rows: replicates), null where a cell is empty.
 */
export function rmstDidReplicates(inp: RmstDidInput, draws: Float64Array[]): (number | null)[][] {
  const G = inp.clusterTreated.length;
  const T = Math.max(...inp.horizons);
  const cnt = countsOf(inp, G, T);
  return replicates(cnt, draws, inp.horizons);
}

/** θ(τ) for each horizon with its municipality bootstrap. */
export function rmstDiD(inp: RmstDidInput, followUp: number): RmstDid[] {
  const G = inp.clusterTreated.length;
  const T = Math.max(...inp.horizons);
  const cnt = countsOf(inp, G, T);
  const ones = new Float64Array(G).fill(1);
  const draws = rmstBootstrapDraws(inp.clusterTreated, inp.replications, inp.seed);
  const reps = replicates(cnt, draws, inp.horizons);
  const point = cellRmsts(cnt, ones, inp.horizons);
  const nT = inp.clusterTreated.filter((t) => t).length;
  return inp.horizons.map((tau, h): RmstDid => {
    const cells = point[h];
    const estimate = did(cells);
    const base: RmstDid = {
      horizon: tau,
      estimate,
      cells,
      se: null,
      ci_low: null,
      ci_high: null,
      p: null,
      replications: inp.replications,
      method: 'municipality-bootstrap',
    };
    if (tau > followUp)
      return {
        ...base,
        estimate: null,
        cells: [null, null, null, null],
        problem: `the follow-up (${followUp} weeks) is shorter than ${tau} weeks`,
      };
    if (estimate === null) return { ...base, problem: 'a cell has no members' };
    if (nT < 2 || G - nT < 2)
      return { ...base, problem: 'the bootstrap needs two municipalities in each group' };
    const vals = reps.map((r) => r[h]).filter((v): v is number => v !== null);
    if (vals.length < 2 || inp.replications < 2)
      return { ...base, problem: 'too few bootstrap replicates with every cell present' };
    const mean = vals.reduce((a, v) => a + v, 0) / vals.length;
    const se = Math.sqrt(vals.reduce((a, v) => a + (v - mean) ** 2, 0) / (vals.length - 1));
    const sorted = [...vals].sort((a, b) => a - b);
    const a = (1 - inp.level) / 2;
    return {
      ...base,
      se,
      ci_low: quantile7(sorted, a),
      ci_high: quantile7(sorted, 1 - a),
      p: se > 0 ? twoSidedP(estimate / se) : null,
    };
  });
}

/** R's quantile(type = 7) of sorted values. */
export function quantile7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
