/**
 * A survival outcome: Kaplan–Meier rows per cell, cell summaries, the Cox
 * model, log-rank tests, the PH check and the duration sentence.
 *
 * A Kaplan–Meier row is published as a whole or not at all. Between two
 * published rows p < k a reader can subtract: at_risk(p) − at_risk(k) is
 * the persons leaving in weeks p..k−1 (less p's own events and censorings
 * when those are shown), and S(k)/S(p) rests on the events of weeks
 * p+1..k. So row k rests on those cells: its risk set, the persons leaving
 * since the last published row, and the events and censorings since then;
 * its own events and censorings are shown only when the row before it is
 * shown too (they are then the counts since the last published row). The
 * published curve therefore moves in steps of at least N events.
 */
import type { SurvivalOutcomeResult } from '../../results/results.js';
import { type Cell, type Declaration, isSmall, type NumberDecl, type Relation } from '../rule.js';
import { CELL_KEYS, cellOf } from './cells.js';

export function declareSurvival(
  id: string,
  o: SurvivalOutcomeResult,
  minCell: number,
): Declaration[] {
  const root = ['outcomes', id];
  const cells: Cell[] = [];
  const km: NumberDecl[] = [];
  const small = (n: number) => isSmall(n, minCell);
  // Kaplan–Meier rows, cell by cell in week order.
  for (let c = 0; c < 4; c++) {
    const rows = o.km
      .flatMap((r, i) => (cellOf(r.group, r.cohort) === c ? [i] : []))
      .sort((a, b) => o.km[a].week - o.km[b].week);
    // at_risk of the last published row (initially everyone)
    let lastRisk = rows.length ? (o.km[rows[0]].at_risk ?? 0) : 0;
    let lastOwnShown = 0; // its events + censored when those were shown
    let sinceD = 0;
    let sinceC = 0;
    // the cell's total is published (summary n), so the start counts as published
    let prevPublished = true;
    rows.forEach((i) => {
      const r = o.km[i];
      const atRisk = r.at_risk ?? 0;
      const d = r.events ?? 0;
      const cens = r.censored ?? 0;
      sinceD += d;
      sinceC += cens;
      const leaving = lastRisk - atRisk;
      const base = `km:${id}:${c}:${r.week}`;
      cells.push(
        { key: `${base}:risk`, persons: atRisk },
        { key: `${base}:leaving`, persons: leaving },
        { key: `${base}:leaving-unshown`, persons: leaving - lastOwnShown },
        { key: `${base}:events-since`, persons: sinceD },
        { key: `${base}:censored-since`, persons: sinceC },
      );
      const rowCells = [
        `cohort:${c}`,
        `${base}:risk`,
        `${base}:leaving`,
        `${base}:leaving-unshown`,
        `${base}:events-since`,
        `${base}:censored-since`,
      ];
      const published = ![
        o.summary.find((x) => cellOf(x.group, x.cohort) === c)?.n ?? 0,
        atRisk,
        leaving,
        leaving - lastOwnShown,
        sinceD,
        sinceC,
      ].some(small);
      for (const f of ['at_risk', 'survival', 'ci_low', 'ci_high'])
        km.push({ path: [...root, 'km', i, f], restsOn: rowCells });
      // Own counts: only right after a published row (then they are the counts since it).
      const own = prevPublished ? rowCells : [...rowCells, `${base}:after-gap`];
      cells.push({ key: `${base}:after-gap`, persons: prevPublished ? 0 : 1 });
      for (const f of ['events', 'censored'])
        km.push({ path: [...root, 'km', i, f], restsOn: minCell > 1 ? own : rowCells });
      if (published || minCell <= 1) {
        lastRisk = atRisk;
        const ownShown = prevPublished || minCell <= 1;
        lastOwnShown = ownShown ? d + cens : 0;
        sinceD = 0;
        sinceC = 0;
        prevPublished = true;
      } else prevPublished = false;
    });
  }

  // Summaries: a cell's persons and events; shares started by week k are the KM row's survival.
  const summary: NumberDecl[] = [];
  const relations: Relation[] = [];
  o.summary.forEach((s, i) => {
    const c = cellOf(s.group, s.cohort);
    const nKey = `cohort:${c}`; // the same persons as the data part's cell
    const eKey = `survival:${id}:${c}:events`;
    const cKey = `survival:${id}:${c}:censored`;
    cells.push(
      { key: nKey, persons: s.n },
      { key: eKey, persons: s.events },
      { key: cKey, persons: s.n - s.events },
    );
    const at = [...root, 'summary', i];
    summary.push(
      { path: [...at, 'n'], restsOn: [nKey] },
      { path: [...at, 'events'], restsOn: [nKey, eKey] },
    );
    for (const f of ['median', 'median_ci_low', 'median_ci_high', 'rmst', 'rmst_se'])
      summary.push({ path: [...at, f], restsOn: [nKey, eKey, cKey] });
    for (const k of [26, 52, 104]) {
      const row = o.km.findIndex((r) => cellOf(r.group, r.cohort) === c && r.week === k);
      summary.push({
        path: [...at, `started_${k}`],
        restsOn: [nKey, eKey, cKey],
        derivesFrom: row >= 0 ? [[...root, 'km', row, 'survival']] : [],
      });
    }
    relations.push({
      what: 'persons = events + censored',
      members: [
        [...at, 'events'],
        [...at, 'n'],
      ],
      unpublished: [cKey],
    });
  });
  relations.push({
    what: "Cox events = the cells' events",
    members: [
      [...root, 'cox', 'events'],
      ...o.summary.map((_, i) => [...root, 'summary', i, 'events']),
    ],
  });
  relations.push({
    what: "Cox persons = the cells' persons",
    members: [[...root, 'cox', 'n'], ...o.summary.map((_, i) => [...root, 'summary', i, 'n'])],
  });

  // The models rest on all four cells and their events.
  const events = (c: number) => `survival:${id}:${c}:events`;
  const all = CELL_KEYS.flatMap((_, c) => [`cohort:${c}`, events(c)]);
  const models: NumberDecl[] = [];
  const cox = [...root, 'cox'];
  for (const f of [
    'hr',
    'ci_low',
    'ci_high',
    'p',
    'se_log_hr',
    'robust_se_log_hr',
    'robust_ci_low',
    'robust_ci_high',
    'robust_p',
    'n',
    'events',
    'converged',
    'iterations',
  ])
    models.push({ path: [...cox, f], restsOn: all });
  models.push({ path: [...cox, 'problem'], restsOn: all, text: true });
  o.cox.terms.forEach((_, j) => {
    for (const f of ['coef', 'hr', 'se', 'robust_se', 'p'])
      models.push({ path: [...cox, 'terms', j, f], restsOn: all });
  });
  models.push({ path: [...root, 'duration_change'], restsOn: all });
  // The restricted-mean DiD: each cell's RMST rests on that cell and its events; the difference on
  // all four.
  (o.rmst_did ?? []).forEach((d, k) => {
    const at = [...root, 'rmst_did', k];
    for (const f of ['estimate', 'se', 'ci_low', 'ci_high', 'p'])
      models.push({ path: [...at, f], restsOn: all });
    models.push({ path: [...at, 'problem'], restsOn: all, text: true });
    d.cells.forEach((_, c) => {
      models.push({ path: [...at, 'cells', c], restsOn: [`cohort:${c}`, events(c)] });
    });
  });
  // Log-rank tests and the PH check are hidden whole: whether they exist at all depends on the
  // cells' events.
  models.push({ path: [...root, 'logrank'], restsOn: all, hiddenValue: [] });
  models.push({ path: [...root, 'ph_check'], restsOn: all });
  // The restricted-mean DiD rests on every cell's curve (its cells[] are the cells' restricted
  // means).
  (o.rmst_did ?? []).forEach((r, j) => {
    for (const f of ['estimate', 'se', 'ci_low', 'ci_high', 'p'])
      models.push({ path: [...root, 'rmst_did', j, f], restsOn: all });
    for (let c = 0; c < r.cells.length; c++)
      models.push({ path: [...root, 'rmst_did', j, 'cells', c], restsOn: all });
  });
  // The duration sentence: the comparison cells' restricted mean, divided by the hazard ratio.
  const comparison = ['cohort:0', 'cohort:1', events(0), events(1)];
  models.push({ path: [...root, 'duration', 'base_weeks'], restsOn: comparison });
  models.push({
    path: [...root, 'duration', 'with_programme_weeks'],
    restsOn: all,
    derivesFrom: [[...root, 'duration', 'base_weeks']],
  });
  models.push({
    path: [...root, 'duration', 'sentence'],
    restsOn: all,
    derivesFrom: [
      [...root, 'duration', 'base_weeks'],
      [...cox, 'hr'],
    ],
    text: true,
  });

  return [
    { part: `survival:${id}:km`, label: `outcome "${id}": Kaplan–Meier rows`, cells, numbers: km },
    {
      part: `survival:${id}:summary`,
      label: `outcome "${id}": cell summaries`,
      cells: [],
      numbers: summary,
      relations,
    },
    {
      part: `survival:${id}:models`,
      label: `outcome "${id}": Cox model, log-rank tests, duration`,
      cells: [],
      numbers: models,
    },
  ];
}
