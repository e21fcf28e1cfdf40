/**
 * `effekt inspect`: what is in an extract, through the same rule as a run.
 * Cells: the persons read; per code, the persons with it in any week (its
 * person-weeks and share rest on them); persons without a municipality; per
 * covariate, the persons without a value, with a value (the mean), at the
 * minimum and at the maximum (a single person's age is a cell of one), and
 * per listed level; a problem that states a number of persons. Relations:
 * when the code table is complete its person-weeks add up to persons ×
 * weeks, and when every level is listed the levels and the missing add up
 * to the persons read.
 */
import type { Inspection } from '../../read/inspect.js';
import type { Cell, Declaration, NumberDecl, Relation } from '../rule.js';

export function declareInspection(i: Inspection): Declaration {
  const cells: Cell[] = [{ key: 'inspect:persons', persons: i.persons }];
  const numbers: NumberDecl[] = [{ path: ['persons'], restsOn: ['inspect:persons'] }];
  const relations: Relation[] = [];
  i.codes.forEach((c, k) => {
    const key = `inspect:code:${c.code}`;
    cells.push({ key, persons: c.persons });
    numbers.push(
      { path: ['codes', k, 'count'], restsOn: [key] },
      { path: ['codes', k, 'persons'], restsOn: [key] },
      { path: ['codes', k, 'share'], restsOn: [key], derivesFrom: [['codes', k, 'count']] },
    );
  });
  if (i.codes.length === i.distinctCodes + 1) {
    const order = i.codes.map((_, k) => k).sort((a, b) => i.codes[a].count - i.codes[b].count);
    relations.push({
      what: "the codes' person-weeks add up to persons × weeks",
      members: order.map((k) => ['codes', k, 'count']),
      counts: order.map((k) => i.codes[k].persons),
    });
  }
  cells.push({ key: 'inspect:municipality:missing', persons: i.municipality.missing });
  numbers.push({ path: ['municipality', 'missing'], restsOn: ['inspect:municipality:missing'] });
  i.covariates.forEach((c, j) => {
    const at = ['covariates', j];
    const base = `inspect:covariate:${c.name}`;
    cells.push(
      { key: `${base}:missing`, persons: c.missing },
      { key: `${base}:values`, persons: i.persons - c.missing },
    );
    numbers.push({ path: [...at, 'missing'], restsOn: [`${base}:missing`] });
    if (c.kind === 'numeric') {
      cells.push(
        { key: `${base}:min`, persons: c.at_min ?? 0 },
        { key: `${base}:max`, persons: c.at_max ?? 0 },
      );
      numbers.push(
        { path: [...at, 'mean'], restsOn: [`${base}:values`] },
        { path: [...at, 'min'], restsOn: [`${base}:values`, `${base}:min`] },
        { path: [...at, 'at_min'], restsOn: [`${base}:values`, `${base}:min`] },
        { path: [...at, 'max'], restsOn: [`${base}:values`, `${base}:max`] },
        { path: [...at, 'at_max'], restsOn: [`${base}:values`, `${base}:max`] },
      );
    } else {
      const top = c.top ?? [];
      top.forEach((l, k) => {
        cells.push({ key: `${base}=${l.value}`, persons: l.count });
        numbers.push({ path: [...at, 'top', k, 'count'], restsOn: [`${base}=${l.value}`] });
      });
      if (top.length === c.levels) {
        const order = top.map((_, k) => k).sort((a, b) => top[a].count - top[b].count);
        relations.push({
          what: `the levels of ${c.name} and the missing add up to the persons read`,
          members: [...order.map((k) => [...at, 'top', k, 'count']), [...at, 'missing']],
          counts: [...order.map((k) => top[k].count), c.missing],
        });
      }
    }
  });
  // A problem that states a number of persons ("3 persons have no municipality") rests on them.
  i.problems.forEach((p, k) => {
    const m = /^(\d+) persons? /.exec(p);
    if (!m) return;
    cells.push({ key: `inspect:problem:${k}`, persons: Number(m[1]) });
    numbers.push({ path: ['problems', k], restsOn: [`inspect:problem:${k}`], text: true });
  });
  return { part: 'inspect', label: 'inspect: the extract', cells, numbers, relations };
}
