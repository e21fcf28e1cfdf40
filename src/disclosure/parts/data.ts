/**
 * The persons table: persons read, in a cohort, in both cohorts, excluded
 * by reason, and per cell. Every count is a cell of its own; the two
 * identities between them are relations (a total beside its parts).
 */
import type { Results } from '../../results/results.js';
import type { Declaration, NumberDecl } from '../rule.js';

export function declareData(r: Results): Declaration {
  const d = r.data;
  const cells = d.cells.map((c, i) => ({ key: `cohort:${i}`, persons: c.persons }));
  const excluded = Object.entries(d.excluded);
  const cellList = [
    ...cells,
    { key: 'persons:read', persons: d.persons_read },
    { key: 'persons:in-cohorts', persons: d.persons_in_cohorts },
    { key: 'persons:in-both', persons: d.persons_in_both_cohorts },
    ...excluded.map(([k, n]) => ({ key: `excluded:${k}`, persons: n })),
  ];
  const numbers: NumberDecl[] = [
    ...d.cells.map((_, i) => ({ path: ['data', 'cells', i, 'persons'], restsOn: [`cohort:${i}`] })),
    { path: ['data', 'persons_read'], restsOn: ['persons:read'] },
    { path: ['data', 'persons_in_cohorts'], restsOn: ['persons:in-cohorts'] },
    { path: ['data', 'persons_in_both_cohorts'], restsOn: ['persons:in-both'] },
    ...excluded.map(([k]) => ({ path: ['data', 'excluded', k], restsOn: [`excluded:${k}`] })),
  ];
  return {
    part: 'data',
    label: 'persons read, in cohorts, excluded and per cell',
    cells: cellList,
    numbers,
    relations: [
      {
        what: 'persons in a cohort + persons in both cohorts = the four cells',
        members: [
          ['data', 'persons_in_cohorts'],
          ['data', 'persons_in_both_cohorts'],
          ...d.cells.map((_, i) => ['data', 'cells', i, 'persons']),
        ],
        counts: [d.persons_in_cohorts, d.persons_in_both_cohorts, ...d.cells.map((c) => c.persons)],
        total: 2,
      },
      {
        what: 'persons read = persons in a cohort + persons excluded',
        members: [
          ['data', 'persons_read'],
          ...excluded.map(([k]) => ['data', 'excluded', k]),
          ['data', 'persons_in_cohorts'],
        ],
        counts: [d.persons_read, ...excluded.map(([, n]) => n), d.persons_in_cohorts],
        total: 1,
      },
    ],
  };
}
