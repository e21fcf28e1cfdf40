/**
 * The balance table: per covariate (and level) and cell the persons with a
 * value, their mean (or the level's share), and standardised differences.
 * Cells: the persons with a value, the persons of each level, and (never
 * published but the difference of two published counts) those without a
 * value. A level's shares in a cell sum to one: a relation.
 */
import type { Results } from '../../results/results.js';
import type { Cell, Declaration, NumberDecl, Relation } from '../rule.js';

export function declareBalance(r: Results): Declaration {
  const cells: Cell[] = [];
  const numbers: NumberDecl[] = [];
  const relations: Relation[] = [];
  const seen = new Set<string>();
  const levelsOf = new Map<string, { row: number; count: number[] }[]>();
  r.balance.forEach((b, i) => {
    for (let c = 0; c < 4; c++) {
      const nKey = `balance:${b.covariate}:${c}`;
      if (!seen.has(nKey)) {
        seen.add(nKey);
        cells.push({ key: nKey, persons: b.n[c] });
        const missing = `balance:${b.covariate}:missing:${c}`;
        cells.push({ key: missing, persons: Math.max(0, r.data.cells[c].persons - b.n[c]) });
        relations.push({
          what: `persons in the cell = with a value of ${b.covariate} + without`,
          members: [
            ['balance', i, 'n', c],
            ['data', 'cells', c, 'persons'],
          ],
          unpublished: [missing],
        });
      }
      numbers.push({ path: ['balance', i, 'n', c], restsOn: [nKey] });
      if (b.level === null) {
        numbers.push({ path: ['balance', i, 'means', c], restsOn: [nKey] });
      } else {
        const k = Math.round((b.means[c] ?? 0) * b.n[c]);
        const lKey = `balance:${b.covariate}=${b.level}:${c}`;
        cells.push({ key: lKey, persons: k });
        numbers.push({ path: ['balance', i, 'means', c], restsOn: [nKey, lKey] });
      }
    }
    if (b.level !== null) {
      const list = levelsOf.get(b.covariate) ?? [];
      list.push({ row: i, count: b.n.map((n, c) => Math.round((b.means[c] ?? 0) * n)) });
      levelsOf.set(b.covariate, list);
    }
    numbers.push({
      path: ['balance', i, 'smd_before'],
      derivesFrom: [
        ['balance', i, 'means', 0],
        ['balance', i, 'means', 2],
      ],
    });
    numbers.push({
      path: ['balance', i, 'smd_during'],
      derivesFrom: [
        ['balance', i, 'means', 1],
        ['balance', i, 'means', 3],
      ],
    });
  });
  // The shares of a covariate's levels in one cell sum to one: the smallest other level is the
  // complement.
  for (const [cov, levels] of levelsOf) {
    for (let c = 0; c < 4; c++) {
      const order = [...levels].sort((a, b) => a.count[c] - b.count[c] || a.row - b.row);
      relations.push({
        what: `shares of the levels of ${cov} sum to one`,
        members: order.map((l) => ['balance', l.row, 'means', c]),
        counts: order.map((l) => l.count[c]),
      });
    }
  }
  return {
    part: 'balance',
    label: 'balance table (covariate means and standardised differences)',
    cells,
    numbers,
    relations,
  };
}
