/**
 * Size-adjusted placebo p-values and their multiplicity control
 * (docs/definitions.md, "Which municipalities stand out").
 *
 * A small municipality's estimate is noisier than a large one's, so ranking
 * raw estimates against the placebo distribution makes small municipalities
 * "stand out" by chance and large ones never (Ferman and Pinto 2019). Their
 * correction: model the variance of an estimate from the municipality's
 * size, Var(d_j) = A + B·h_j, fitted on the placebo estimates (OLS of d_c²
 * on h_c), and rank t_j = d_j / √(A + B·h_j) instead of d_j. Here
 * h_j = 1/N_j,before + 1/N_j,during with N the municipality's person-weeks
 * in its two cells (a difference of two cell means has variance in
 * proportion to it). If the fit gives B < 0, size does not predict noise and
 * the variance is constant (t ∝ d: the unadjusted ranking); if it gives
 * A < 0, the fit is redone through the origin (Var = B·h), so that every
 * variance is positive.
 *
 * p_size = (1 + #{c: |t_c| ≥ |t_m|}) / (1 + C). Holm's step-down adjustment
 * over the participating municipalities with a p_size then controls the
 * chance that any municipality is said to stand out by chance (family-wise;
 * each named municipality is a claim of its own, so false-discovery control
 * would be too weak for naming one).
 */
import { holmAdjust } from '../survey/holm.js';
import { placeboPValue } from './permutation.js';

export interface SizedEstimate {
  estimate: number;
  /** Person-weeks of the municipality's before and during cells. */
  nBefore: number;
  nDuring: number;
}

export interface SizeModel {
  /** Var(d) = a + b·h, h = 1/N_before + 1/N_during. */
  a: number;
  b: number;
  /**
   * 'ols', 'constant' (b < 0: size does not predict noise) or 'origin' (a < 0: refitted through 0).
   */
  fit: 'ols' | 'constant' | 'origin';
}

export const sizeOf = (e: { nBefore: number; nDuring: number }) => 1 / e.nBefore + 1 / e.nDuring;

/** The variance model from the placebo estimates; null with fewer than two or no spread in h. */
export function sizeModel(placebo: readonly SizedEstimate[]): SizeModel | null {
  const ok = placebo.filter((p) => p.nBefore > 0 && p.nDuring > 0);
  if (ok.length < 2) return null;
  const h = ok.map(sizeOf);
  const y = ok.map((p) => p.estimate * p.estimate);
  const n = ok.length;
  const hBar = h.reduce((a, v) => a + v, 0) / n;
  const yBar = y.reduce((a, v) => a + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (h[i] - hBar) ** 2;
    sxy += (h[i] - hBar) * (y[i] - yBar);
  }
  if (!(yBar > 0)) return null;
  if (!(sxx > 0)) return { a: yBar, b: 0, fit: 'constant' };
  const b = sxy / sxx;
  const a = yBar - b * hBar;
  if (b < 0) return { a: yBar, b: 0, fit: 'constant' };
  if (a < 0) {
    const hh = h.reduce((s, v) => s + v * v, 0);
    const hy = h.reduce((s, v, i) => s + v * y[i], 0);
    return { a: 0, b: hy / hh, fit: 'origin' };
  }
  return { a, b, fit: 'ols' };
}

/** d / √(a + b·h). */
export function standardised(e: SizedEstimate, m: SizeModel): number {
  return e.estimate / Math.sqrt(m.a + m.b * sizeOf(e));
}

/**
 * p_size of each participating municipality (null without an estimate or a model) and Holm's
 * adjustment of them.
 */
export function sizeAdjustedP(
  treated: readonly (SizedEstimate | null)[],
  placebo: readonly SizedEstimate[],
): { model: SizeModel | null; p: (number | null)[]; p_holm: (number | null)[] } {
  const model = sizeModel(placebo);
  if (model === null) {
    const none = treated.map(() => null);
    return { model, p: none, p_holm: none };
  }
  const tPlacebo = placebo
    .filter((p) => p.nBefore > 0 && p.nDuring > 0)
    .map((p) => standardised(p, model));
  const p = treated.map((e) =>
    e === null || !(e.nBefore > 0 && e.nDuring > 0)
      ? null
      : placeboPValue(standardised(e, model), tPlacebo),
  );
  return { model, p, p_holm: holmAdjust(p) };
}
