/**
 * Stage 2 (R `did::att_gt`): ATT(g, p) = [Ȳ(g, p) − Ȳ(g, g−1)] − [Ȳ(C, p) −
 * Ȳ(C, g−1)] with the universal base period g − 1, as a coefficient vector
 * over the cell means. C is the never-treated group; with "not-yet-treated"
 * also every group g′ ≠ g with g′ > max(p, g − 1). Ȳ(C, q) pools C's
 * person-weeks of period q: Σ_{g′∈C} N(g′, q)·Ȳ(g′, q) / Σ N(g′, q), weights
 * fixed.
 */
import { NEVER } from '../../design/rounds.js';
import { type CellTable, cellOf } from './cells.js';
import type { Comparison } from './types.js';

/** One (g, p) of a treated group: its coefficients over the cells, or why it has none. */
export interface AttCell {
  group: number;
  period: number;
  event_time: number;
  /** n(g, p): persons of the treated cell. */
  n: number;
  /** True for the base row p = g − 1 (estimate 0 by construction). */
  base: boolean;
  /**
   * Coefficients over the cell means (null for the base row or when the estimate does not exist).
   */
  c: Float64Array | null;
  estimate: number | null;
  problem?: string;
  /**
   * Persons behind the estimate's four cell means (treated p, treated g−1, comparison p, comparison
   * g−1): for --min-cell.
   */
  restsOn: [number, number, number, number];
}

/** The comparison groups (indices into t.groups) for treated group g at period p. */
export function comparisonGroups(
  t: CellTable,
  g: number,
  p: number,
  comparison: Comparison,
): number[] {
  const out: number[] = [];
  t.groups.forEach((h, i) => {
    if (h === NEVER) out.push(i);
    else if (comparison === 'not-yet-treated' && h !== g && h > Math.max(p, g - 1)) out.push(i);
  });
  return out;
}

/**
 * Every (g, p), p a period that takes part, for every treated group g, in group then period order.
 */
export function attCells(t: CellTable, comparison: Comparison): AttCell[] {
  const P = t.periods;
  const out: AttCell[] = [];
  t.groups.forEach((g, gi) => {
    if (g === NEVER) return;
    const b = g - 1;
    for (let p = 0; p < P; p++) {
      if (!t.used[p]) continue;
      const row: AttCell = {
        group: g,
        period: p,
        event_time: p - g,
        n: t.persons[cellOf(t, gi, p)],
        base: p === b,
        c: null,
        estimate: null,
        restsOn: [0, 0, 0, 0],
      };
      out.push(row);
      if (row.base) {
        row.estimate = 0;
        continue;
      }
      if (b < 0) {
        row.problem = 'no entry period before the start period';
        continue;
      }
      if (!t.used[b]) {
        row.problem = `the base period ${b + 1} lacks follow-up`;
        continue;
      }
      const cmp = comparisonGroups(t, g, p, comparison);
      const treatedP = cellOf(t, gi, p);
      const treatedB = cellOf(t, gi, b);
      const cN = (q: number) => cmp.reduce((a, h) => a + t.weeks[cellOf(t, h, q)], 0);
      const cPersons = (q: number) => cmp.reduce((a, h) => a + t.persons[cellOf(t, h, q)], 0);
      row.restsOn = [t.persons[treatedP], t.persons[treatedB], cPersons(p), cPersons(b)];
      if (!(t.weeks[treatedP] > 0)) {
        row.problem = `no person-weeks of group ${g + 1} in period ${p + 1}`;
        continue;
      }
      if (!(t.weeks[treatedB] > 0)) {
        row.problem = `no person-weeks of group ${g + 1} in its base period ${b + 1}`;
        continue;
      }
      const np = cN(p);
      const nb = cN(b);
      if (!(np > 0) || !(nb > 0)) {
        row.problem = `no comparison person-weeks in period ${(np > 0 ? b : p) + 1}`;
        continue;
      }
      const c = new Float64Array(t.groups.length * P);
      c[treatedP] += 1;
      c[treatedB] -= 1;
      for (const h of cmp) {
        c[cellOf(t, h, p)] -= t.weeks[cellOf(t, h, p)] / np;
        c[cellOf(t, h, b)] += t.weeks[cellOf(t, h, b)] / nb;
      }
      row.c = c;
      row.estimate = combine(t, c);
    }
  });
  return out;
}

/** Σ c_j Ȳ_j over the cells with a non-zero coefficient. */
export function combine(t: CellTable, c: Float64Array): number {
  let v = 0;
  for (let j = 0; j < c.length; j++) if (c[j] !== 0) v += c[j] * t.mean[j];
  return v;
}
