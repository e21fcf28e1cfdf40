/**
 * The one pass every Cox computation is built on. Subjects are sorted by time
 * once (TimeBlocks); the pass walks the blocks of tied times from the latest
 * to the earliest, growing the risk-set sums
 *   S0 = Σ r,  S1 = Σ r x,  S2 = Σ r x x'        (r = e^{x'β}, over time ≥ t)
 * and, over the events of the block,
 *   D0, D1, D2 (same sums),  X1 = Σ x,  eta = Σ x'β,
 * and hands them to a visitor at every time with events. O(n·p²), typed
 * arrays, nothing n×n. Tied events are resolved per visitor with efronSteps.
 */
import type { TimeBlocks } from './order.js';

export interface RiskSums {
  /** Index of the time block. */
  block: number;
  dead: number;
  S0: number;
  S1: Float64Array;
  /** Lower triangle (c ≤ a) of Σ r x x', row-major p×p; only if squares were asked for. */
  S2: Float64Array;
  D0: number;
  D1: Float64Array;
  D2: Float64Array;
  X1: Float64Array;
  eta: number;
}

/**
 * @param x      covariates, row-major n×p (centred: keeps e^{x'β} in range)
 * @param squares accumulate S2/D2 (information matrices need them; residuals do not)
 * @param risk   if given, receives e^{x'β} per subject
 */
export function sweepRiskSets(
  x: Float64Array,
  p: number,
  event: Uint8Array,
  beta: Float64Array,
  B: TimeBlocks,
  squares: boolean,
  visit: (s: RiskSums) => void,
  risk?: Float64Array,
): void {
  const s: RiskSums = {
    block: 0,
    dead: 0,
    S0: 0,
    S1: new Float64Array(p),
    S2: new Float64Array(squares ? p * p : 0),
    D0: 0,
    D1: new Float64Array(p),
    D2: new Float64Array(squares ? p * p : 0),
    X1: new Float64Array(p),
    eta: 0,
  };
  const { S1, S2, D1, D2, X1 } = s;
  for (let b = B.start.length - 2; b >= 0; b--) {
    s.block = b;
    s.dead = 0;
    s.D0 = 0;
    s.eta = 0;
    D1.fill(0);
    if (squares) D2.fill(0);
    X1.fill(0);
    for (let k = B.start[b]; k < B.start[b + 1]; k++) {
      const i = B.order[k];
      const row = i * p;
      let eta = 0;
      for (let a = 0; a < p; a++) eta += x[row + a] * beta[a];
      const r = Math.exp(eta);
      if (risk) risk[i] = r;
      s.S0 += r;
      for (let a = 0; a < p; a++) {
        const ra = r * x[row + a];
        S1[a] += ra;
        if (squares) for (let c = 0; c <= a; c++) S2[a * p + c] += ra * x[row + c];
      }
      if (event[i]) {
        s.dead++;
        s.D0 += r;
        s.eta += eta;
        for (let a = 0; a < p; a++) {
          const ra = r * x[row + a];
          D1[a] += ra;
          X1[a] += x[row + a];
          if (squares) for (let c = 0; c <= a; c++) D2[a * p + c] += ra * x[row + c];
        }
      }
    }
    if (s.dead > 0) visit(s);
  }
}

/**
 * The Efron steps of one event time: step l = 0..d−1 uses the risk set with
 * a fraction f = l/d of the tied events removed (Breslow: f = 0 for all d
 * steps). Before each call, xbar holds (S1 − f D1)/den and, if V is given,
 * V holds the full symmetric (S2 − f D2)/den − xbar xbar'.
 */
export function efronSteps(
  s: RiskSums,
  p: number,
  efron: boolean,
  xbar: Float64Array,
  V: Float64Array | null,
  visit: (f: number, den: number) => void,
): void {
  const d = s.dead;
  for (let l = 0; l < d; l++) {
    const f = efron ? l / d : 0;
    const den = s.S0 - f * s.D0;
    for (let a = 0; a < p; a++) xbar[a] = (s.S1[a] - f * s.D1[a]) / den;
    if (V) {
      for (let a = 0; a < p; a++) {
        for (let c = 0; c <= a; c++) {
          const v = (s.S2[a * p + c] - f * s.D2[a * p + c]) / den - xbar[a] * xbar[c];
          V[a * p + c] = v;
          V[c * p + a] = v;
        }
      }
    }
    visit(f, den);
  }
}
