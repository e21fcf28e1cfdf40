/**
 * The state distribution: persons per state, per cell and week since
 * entry. Each count is a cell; a row of counts adds up to the persons
 * followed that week, so one hidden count in a row takes the row's
 * smallest other count with it.
 */
import type { Results } from '../../results/results.js';
import type { Cell, Declaration, NumberDecl, Relation } from '../rule.js';

export function declareStates(r: Results): Declaration {
  const cells: Cell[] = [];
  const numbers: NumberDecl[] = [];
  const relations: Relation[] = [];
  r.state_distribution.cells.forEach((cell, ci) => {
    const c = (cell.group === 'treated' ? 2 : 0) + (cell.cohort === 'during' ? 1 : 0);
    cell.counts.forEach((row, k) => {
      const order: number[] = [];
      const total = `states:${cell.group}.${cell.cohort}:${cell.weeks[k]}:followed`;
      cells.push({ key: total, persons: row.reduce((a: number, b) => a + (b ?? 0), 0) });
      row.forEach((v, s) => {
        const key = `states:${cell.group}.${cell.cohort}:${cell.weeks[k]}:${s}`;
        cells.push({ key, persons: v ?? 0 });
        // A count rests on itself, on the persons followed that week and on the cohort cell (a 0 in
        // a small row tells about its members).
        numbers.push({
          path: ['state_distribution', 'cells', ci, 'counts', k, s],
          restsOn: [key, total, `cohort:${c}`],
        });
        order.push(s);
      });
      order.sort((a, b) => (row[a] ?? 0) - (row[b] ?? 0) || a - b);
      relations.push({
        what: 'state counts add up to the persons followed',
        members: order.map((s) => ['state_distribution', 'cells', ci, 'counts', k, s]),
        counts: order.map((s) => row[s] ?? 0),
      });
    });
  });
  return { part: 'states', label: 'state distribution', cells, numbers, relations };
}
