/**
 * A share outcome: weekly shares per cell (both axes), the weekly and
 * pooled effects, the covariate-adjusted effect, the per-municipality
 * effects and the variation between municipalities.
 *
 * Cells of a week: the persons of a group × cohort followed that week, and
 * among them those in the state and those not (a share shows both counts
 * to anyone who knows n). A weekly effect rests on the twelve cells of its
 * week. Pooled cells are the persons with person-weeks in the pooled window
 * (exact when the pipeline records them, else the largest weekly count in
 * the window, a lower bound) and the person-weeks in and out of the state
 * (fewer than N person-weeks mean fewer than N persons).
 */
import type { ShareOutcomeResult } from '../../results/results.js';
import type { Cell, Declaration, NumberDecl, Path, Relation } from '../rule.js';
import { cellOf, ESTIMATE_FIELDS } from './cells.js';
import { recomputeVariation } from './variation.js';

type Axis = 'cells' | 'cells_since_entry';
const AXES: [Axis, 'weekly' | 'weekly_since_entry'][] = [
  ['cells', 'weekly'],
  ['cells_since_entry', 'weekly_since_entry'],
];

/**
 * Cell keys of one week's cell: persons, in the state, not in it, and the cohort cell enclosing
 * them (a 0 in a small cell tells about its members too).
 */
const weekKeys = (id: string, axis: Axis, week: number, cell: number) => {
  const base = `share:${id}:${axis}:${week}:${cell}`;
  return [base, `${base}:in`, `${base}:out`, `cohort:${cell}`];
};

/** The numbers of one DiD estimate object at `at`, all resting on `rests`. */
function estimateNumbers(
  at: Path,
  rests: string[],
  cellRests: string[][],
  extra: string[] = [],
): NumberDecl[] {
  return [
    ...[...ESTIMATE_FIELDS, ...extra].map((f) => ({ path: [...at, f], restsOn: rests })),
    { path: [...at, 'problem'], restsOn: rests, text: true },
    ...cellRests.flatMap((r, c) => [
      { path: [...at, 'cells', c, 'n'], restsOn: [r[0], r[3]] },
      { path: [...at, 'cells', c, 'share'], restsOn: r },
      { path: [...at, 'cells', c, 'persons'], restsOn: [r[0], r[3]] },
    ]),
  ];
}

/**
 * One declaration per piece (series, weekly effects, pooled, municipalities, variation), so each
 * can be switched off on its own in tests.
 */
export function declareShare(id: string, o: ShareOutcomeResult): Declaration[] {
  const cells: Cell[] = [];
  let numbers: NumberDecl[] = [];
  let relations: Relation[] = [];
  const out: Declaration[] = [];
  const piece = (name: string, label: string, recompute?: Declaration['recompute']) => {
    out.push({
      part: `share:${id}:${name}`,
      label: `outcome "${id}": ${label}`,
      cells: [],
      numbers,
      relations,
      ...(recompute ? { recompute } : {}),
    });
    numbers = [];
    relations = [];
  };
  const root = ['outcomes', id];
  // Weekly cells, both axes.
  const byWeek = new Map<string, { n: number; events: number }[]>();
  for (const [axis, effects] of AXES) {
    o[axis].forEach((row, i) => {
      const c = cellOf(row.group, row.cohort);
      const [k, kin, kout, cohort] = weekKeys(id, axis, row.week, c);
      // Declarations read the estimators' results, before anything is hidden: counts are numbers
      // here.
      const n = row.n ?? 0;
      const ev = row.events ?? 0;
      cells.push({ key: k, persons: n }, { key: kin, persons: ev }, { key: kout, persons: n - ev });
      numbers.push(
        { path: [...root, axis, i, 'n'], restsOn: [k, cohort] },
        { path: [...root, axis, i, 'events'], restsOn: [k, kin, cohort] },
        { path: [...root, axis, i, 'share'], restsOn: [k, kin, kout, cohort] },
      );
      const key = `${axis}:${row.week}`;
      const list = byWeek.get(key) ?? [];
      list[c] = { n, events: ev };
      byWeek.set(key, list);
    });
    piece(
      `${axis}`,
      axis === 'cells' ? 'weekly shares by calendar week' : 'weekly shares by week since entry',
    );
    o[effects].forEach((e, i) => {
      const cellRests = [0, 1, 2, 3].map((c) => weekKeys(id, axis, e.week, c));
      const at = [...root, effects, i];
      numbers.push(...estimateNumbers(at, cellRests.flat(), cellRests));
      // The week's n beside its four published cell counts.
      const rowsOfWeek = o[axis].flatMap((row, j) => (row.week === e.week ? [j] : []));
      relations.push({
        what: "a week's observations = its four cells",
        members: [[...at, 'n'], ...rowsOfWeek.map((j) => [...root, axis, j, 'n'])],
        counts: [e.n, ...rowsOfWeek.map((j) => o[axis][j].n ?? 0)],
        total: 1,
      });
    });
    piece(
      effects,
      axis === 'cells' ? 'weekly effects by calendar week' : 'weekly effects by week since entry',
    );
  }

  // Pooled cells.
  const [from, to] = o.pooled.weeks;
  const pooledKeys = [0, 1, 2, 3].map((c) => {
    const base = `share:${id}:pooled:${c}`;
    const cellShare = o.pooled.cells?.[c];
    let persons = 0;
    for (let w = from; w <= to; w++)
      persons = Math.max(persons, byWeek.get(`cells:${w}`)?.[c]?.n ?? 0);
    const exact = o.pooled.cell_persons?.[c];
    const pw = cellShare ? cellShare.n : 0;
    const pwIn =
      cellShare && cellShare.share !== null ? Math.round(cellShare.share * cellShare.n) : 0;
    cells.push(
      { key: base, persons: exact ?? persons },
      { key: `${base}:in`, persons: pwIn },
      { key: `${base}:out`, persons: pw - pwIn },
    );
    return [base, `${base}:in`, `${base}:out`, `cohort:${c}`];
  });
  const pooledAt = [...root, 'pooled'];
  numbers.push(...estimateNumbers(pooledAt, pooledKeys.flat(), pooledKeys));
  for (let c = 0; c < 4; c++)
    numbers.push({
      path: [...pooledAt, 'cell_persons', c],
      restsOn: [pooledKeys[c][0], `cohort:${c}`],
    });
  relations.push({
    what: "person-weeks = the four cells' person-weeks",
    members: [[...pooledAt, 'n'], ...[0, 1, 2, 3].map((c) => [...pooledAt, 'cells', c, 'n'])],
  });
  for (const f of ['p', 'ci_low', 'ci_high'])
    numbers.push({ path: [...pooledAt, 'bootstrap', f], restsOn: pooledKeys.flat() });
  numbers.push({
    path: [...pooledAt, 'bootstrap', 'problem'],
    restsOn: pooledKeys.flat(),
    text: true,
  });
  // The effective number of participating municipalities rests on every participating
  // municipality's persons.
  const treatedKeys = o.municipalities.map((m) => `share:${id}:municipality:${m.municipality}`);
  const effective = (at: Path) => {
    for (const f of ['gstar', 'max_share', 'municipality'])
      numbers.push({
        path: [...at, 'effective_clusters', f],
        restsOn: [...pooledKeys.flat(), ...treatedKeys],
      });
  };
  effective(pooledAt);
  // Randomisation over who participates reuses every municipality's before and during sums.
  const placeboKeys = (o.placebo ?? []).map((pl) => `share:${id}:placebo:${pl.municipality}`);
  numbers.push({
    path: [...pooledAt, 'randomisation', 'p'],
    restsOn: [...pooledKeys.flat(), ...treatedKeys, ...placeboKeys],
  });
  if (o.pooled_adjusted) {
    const at = [...root, 'pooled_adjusted'];
    numbers.push(...estimateNumbers(at, pooledKeys.flat(), []));
    for (const f of ['p', 'ci_low', 'ci_high'])
      numbers.push({ path: [...at, 'bootstrap', f], restsOn: pooledKeys.flat() });
    numbers.push({ path: [...at, 'bootstrap', 'problem'], restsOn: pooledKeys.flat(), text: true });
    effective(at);
    o.pooled_adjusted.covariates.forEach((_, j) => {
      numbers.push(
        { path: [...at, 'covariates', j, 'estimate'], restsOn: pooledKeys.flat() },
        { path: [...at, 'covariates', j, 'se'], restsOn: pooledKeys.flat() },
      );
    });
    const miss = `share:${id}:adjusted:missing`;
    cells.push({ key: miss, persons: o.pooled_adjusted.excluded_missing });
    numbers.push({ path: [...at, 'excluded_missing'], restsOn: [miss] });
  }
  // The placebo cohort's DiD rests on its own four cells (persons with pooled person-weeks).
  const pc = o.placebo_cohort;
  if (pc?.cell_persons) {
    const at = [...root, 'placebo_cohort'];
    const keys = pc.cell_persons.map((n, c) => {
      const key = `share:${id}:placebo-cohort:${c}`;
      cells.push({ key, persons: n });
      numbers.push({ path: [...at, 'cell_persons', c], restsOn: [key] });
      return key;
    });
    for (const f of ['estimate', 'se', 'ci_low', 'ci_high', 'p', 'bootstrap_p'])
      numbers.push({ path: [...at, f], restsOn: keys });
    numbers.push({ path: [...at, 'problem'], restsOn: keys, text: true });
  }
  piece('pooled', 'pooled effect (with bootstrap, covariates and the placebo cohort)');

  // Per municipality: its own persons (per cell when recorded) against the pooled comparison cells.
  o.municipalities.forEach((m, i) => {
    const at = [...root, 'municipalities', i];
    const own = `share:${id}:municipality:${m.municipality}`;
    cells.push({ key: own, persons: m.persons });
    const cellKeys = [0, 1, 2, 3].map((c) => {
      if (c < 2) return pooledKeys[c];
      const base = `${own}:${c}`;
      const cs = m.cells?.[c];
      const exact = m.cell_persons?.[c];
      const pwIn = cs && cs.share !== null ? Math.round(cs.share * cs.n) : 0;
      // Without a recorded count, the municipality's persons bound its cell from above only: take
      // person-weeks ≥ persons as no bound and rely on `own`.
      cells.push(
        { key: base, persons: exact ?? m.persons },
        { key: `${base}:in`, persons: pwIn },
        { key: `${base}:out`, persons: (cs?.n ?? 0) - pwIn },
      );
      return [base, `${base}:in`, `${base}:out`, own, `cohort:${c}`];
    });
    const rests = [own, ...cellKeys.flat()];
    numbers.push({ path: [...at, 'persons'], restsOn: [own] });
    numbers.push(...estimateNumbers(at, rests, cellKeys));
    for (let c = 0; c < 4; c++)
      numbers.push({ path: [...at, 'cell_persons', c], restsOn: [cellKeys[c][0], `cohort:${c}`] });
    relations.push({
      what: "a municipality's persons = its persons before + during",
      members: [
        [...at, 'persons'],
        [...at, 'cell_persons', 2],
        [...at, 'cell_persons', 3],
      ],
      counts: [m.persons, m.cell_persons?.[2] ?? 0, m.cell_persons?.[3] ?? 0],
      total: 1,
    });
    relations.push({
      what: "person-weeks = the four cells' person-weeks",
      members: [[...at, 'n'], ...[0, 1, 2, 3].map((c) => [...at, 'cells', c, 'n'])],
    });
  });
  // What the variation section adds to each municipality rests where its estimate rests.
  o.municipalities.forEach((_, i) => {
    // p_size and its Holm adjustment are recomputed over the shown municipalities and placebos
    // (parts/variation.ts).
    for (const f of ['p_perm', 'ct_low', 'ct_high', 'shrunk', 'flag', 'p_size', 'p_size_holm'])
      numbers.push({
        path: [...root, 'municipalities', i, f],
        derivesFrom: [[...root, 'municipalities', i, 'estimate']],
      });
  });
  piece('municipalities', 'per-municipality effects');

  // Variation between municipalities: each placebo rests on its comparison municipality's persons;
  // the pooled
  // statistics (heterogeneity, moderators) on every municipality estimate that enters them.
  (o.placebo ?? []).forEach((pl, j) => {
    const key = `share:${id}:placebo:${pl.municipality}`;
    // Its own before and during cells (as if treated): a DiD of two small cohorts rests on each of
    // them.
    const own = [0, 1].map((c) => `${key}:${c}`);
    cells.push({ key, persons: pl.persons ?? 0 });
    own.forEach((k, c) => {
      cells.push({ key: k, persons: pl.cell_persons?.[c] ?? 0 });
    });
    const at = [...root, 'placebo', j];
    numbers.push(
      { path: [...at, 'estimate'], restsOn: [key, ...own] },
      { path: [...at, 'persons'], restsOn: [key, ...own] },
      { path: [...at, 'problem'], restsOn: [key, ...own], text: true },
      ...own.map((k, c) => ({ path: [...at, 'cell_persons', c], restsOn: [k] })),
      ...own.map((_, c) => ({ path: [...at, 'cell_n', c], restsOn: [key, ...own] })),
    );
  });
  // Heterogeneity, shrinkage, moderators, p_perm and the range are recomputed over the shown
  // effects and placebo
  // estimates (parts/variation.ts), not hidden with them.
  piece(
    'variation',
    'variation between municipalities (placebo, heterogeneity, moderators)',
    (value, isHidden) => recomputeVariation(value, id, isHidden),
  );
  // The cells are shared by every piece: declared once, with the first.
  out[0].cells = cells;
  return out;
}
