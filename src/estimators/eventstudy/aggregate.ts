/**
 * Stage 3 (R `did::aggte`): ATT(e) = Σ_g n(g, g+e)·ATT(g, g+e) / Σ_g n(g, g+e)
 * over the (g, p) with an estimate, and the overall effect, the same
 * weighted mean over all (g, p) with p ≥ g. Weights are fixed, so each is
 * again a coefficient vector over the cell means.
 */
import type { AttCell } from './attgt.js';

export interface Aggregate {
  /** Event time (null for the overall effect). */
  e: number | null;
  /** Σ n(g, p) over the cells it averages (for e = −1: the base cells). */
  n: number;
  base: boolean;
  c: Float64Array | null;
  estimate: number | null;
  /** The (g, p) it averages, with their weights n(g, p). */
  parts: AttCell[];
  problem?: string;
}

/** n-weighted mean of the cells' coefficient vectors. */
function weighted(parts: AttCell[]): { c: Float64Array; estimate: number; n: number } {
  const n = parts.reduce((a, r) => a + r.n, 0);
  const c = new Float64Array(parts[0].c!.length);
  let estimate = 0;
  for (const r of parts) {
    const w = r.n / n;
    for (let j = 0; j < c.length; j++) c[j] += w * r.c![j];
    estimate += w * r.estimate!;
  }
  return { c, estimate, n };
}

/** ATT(e) for every event time present, ascending; e = −1 is the base (estimate 0). */
export function eventTimeAggregates(cells: AttCell[]): Aggregate[] {
  const es = [...new Set(cells.map((r) => r.event_time))].sort((a, b) => a - b);
  return es.map((e): Aggregate => {
    const at = cells.filter((r) => r.event_time === e);
    if (at.every((r) => r.base))
      return { e, n: at.reduce((a, r) => a + r.n, 0), base: true, c: null, estimate: 0, parts: at };
    const parts = at.filter((r) => r.c !== null && r.n > 0);
    if (parts.length === 0)
      return {
        e,
        n: 0,
        base: false,
        c: null,
        estimate: null,
        parts,
        problem: at.find((r) => r.problem)?.problem ?? 'no estimate at this event time',
      };
    return { e, base: false, parts, ...weighted(parts) };
  });
}

/** The overall effect: the n-weighted mean of ATT(g, p) over p ≥ g. */
export function overallAggregate(cells: AttCell[]): Aggregate {
  const parts = cells.filter((r) => r.period >= r.group && r.c !== null && r.n > 0);
  if (parts.length === 0)
    return {
      e: null,
      n: 0,
      base: false,
      c: null,
      estimate: null,
      parts,
      problem: 'no period at or after a start period takes part',
    };
  return { e: null, base: false, parts, ...weighted(parts) };
}

/**
 * Σ n(g,p)(e + 1) / Σ n(g,p) over an aggregate's cells: how far a trend δ_e = γ(e + 1) with γ = 1
 * shifts it.
 */
export function aggregateLead(a: Aggregate): number {
  const n = a.parts.reduce((s, r) => s + r.n, 0);
  return a.parts.reduce((s, r) => s + r.n * (r.event_time + 1), 0) / n;
}
