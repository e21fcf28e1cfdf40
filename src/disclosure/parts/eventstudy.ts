/**
 * The event study of one outcome: ATT(g, p), ATT(e), the overall effect,
 * the sup-t band, the pre-test, entrants and persons per entry period.
 *
 * Cells: an ATT(g, p) rests on four cell means (treated g at p and at the
 * base period g − 1, the comparison at p and g − 1); `min_persons` is the
 * fewest persons behind any of them, a lower bound of every one (safe: it
 * can only hide more). Entrants per period and by exclusion reason are
 * cells of their own.
 *
 * Aggregates are hidden with their parts, not recomputed: ATT(e), the
 * overall effect and the pre-test are n-weighted means of ATT(g, p) with a
 * joint covariance over persons, which only the pipeline's person-level sums
 * can recompute (the disclosure stage sees published numbers). So ATT(e)
 * is hidden when any ATT(g, p) of its event time is; the overall effect
 * when any post-period ATT(g, p) is; the pre-test when any pre-period one
 * is (its power figure `bias80` also weighs the post-period cells); the
 * band's critical value (and with it every band) when any ATT(e) is, since
 * it is a maximum over their joint distribution. The Rambachan–Roth
 * sensitivity (breakdown M̄, robust intervals) weighs every ATT(g, p) and
 * the post-period weights: hidden with any of them.
 */
import type { EventStudyOutcomeResult } from '../../results/results.js';
import type { Cell, Declaration, NumberDecl, Path } from '../rule.js';

const ATT_FIELDS = ['estimate', 'se', 'ci_low', 'ci_high', 'n', 'min_persons'] as const;
const E_FIELDS = ['estimate', 'se', 'ci_low', 'ci_high', 'n'] as const;
const OVERALL_FIELDS = ['estimate', 'se', 'ci_low', 'ci_high', 'p', 'n'] as const;
const PRETEST_FIELDS = ['statistic', 'p_chisq', 'f', 'p_f', 'p', 'slope50', 'slope80'] as const;

export function declareEventStudy(id: string, es: EventStudyOutcomeResult): Declaration[] {
  const root = ['eventStudy', id];
  const cells: Cell[] = [];
  const att: NumberDecl[] = [];
  es.att_gt.forEach((r, i) => {
    const key = `es:${id}:att:${r.group}:${r.period}`;
    cells.push({ key, persons: r.min_persons ?? 0 });
    for (const f of ATT_FIELDS) att.push({ path: [...root, 'att_gt', i, f], restsOn: [key] });
    att.push({ path: [...root, 'att_gt', i, 'problem'], restsOn: [key], text: true });
  });
  const attAt = (keep: (e: number) => boolean, f = 'estimate'): Path[] =>
    es.att_gt.flatMap((r, i) => (keep(r.event_time) ? [[...root, 'att_gt', i, f]] : []));

  const agg: NumberDecl[] = [];
  const band = [...root, 'band', 'critical'];
  es.event_time.forEach((r, k) => {
    const from = attAt((e) => e === r.e);
    const at = [...root, 'event_time', k];
    for (const f of E_FIELDS) agg.push({ path: [...at, f], derivesFrom: from });
    agg.push({ path: [...at, 'problem'], derivesFrom: from, text: true });
    for (const f of ['band_low', 'band_high'])
      agg.push({ path: [...at, f], derivesFrom: [...from, [...at, 'estimate'], band] });
  });
  agg.push({
    path: band,
    derivesFrom: es.event_time.map((_, k) => [...root, 'event_time', k, 'estimate']),
  });
  agg.push({ path: [...root, 'band', 'problem'], derivesFrom: [band], text: true });
  const post = attAt((e) => e >= 0);
  for (const f of OVERALL_FIELDS) agg.push({ path: [...root, 'overall', f], derivesFrom: post });
  agg.push({ path: [...root, 'overall', 'problem'], derivesFrom: post, text: true });
  // The overall effect's wild bootstrap and G* (src/estimators/eventstudy/wild.ts) rest where it
  // does.
  for (const f of ['p', 'ci_low', 'ci_high'])
    agg.push({ path: [...root, 'overall', 'bootstrap', f], derivesFrom: post });
  agg.push({ path: [...root, 'overall', 'bootstrap', 'problem'], derivesFrom: post, text: true });
  for (const f of ['gstar', 'max_share', 'municipality'])
    agg.push({ path: [...root, 'overall', 'effective_clusters', f], derivesFrom: post });
  const pre = attAt((e) => e <= -2);
  for (const f of PRETEST_FIELDS) agg.push({ path: [...root, 'pretest', f], derivesFrom: pre });
  agg.push({
    path: [...root, 'pretest', 'bias80'],
    derivesFrom: [...pre, ...post, ...attAt((e) => e >= 0, 'n')],
  });
  agg.push({ path: [...root, 'pretest', 'problem'], derivesFrom: pre, text: true });
  // The Rambachan–Roth sensitivity of the overall effect: pre-period steps, post weights, joint
  // covariance.
  const all = attAt(() => true);
  const weights = attAt((e) => e >= 0, 'n');
  if (es.sensitivity) {
    const sens = [...root, 'sensitivity'];
    for (const f of ['max_pre_step', 'mbar', 'mbar_identified', 'bias80'])
      agg.push({ path: [...sens, f], derivesFrom: [...all, ...weights] });
    agg.push({ path: [...sens, 'lead'], derivesFrom: weights });
    agg.push({ path: [...sens, 'problem'], derivesFrom: [...all, ...weights], text: true });
    (es.sensitivity.robust ?? []).forEach((_, k) => {
      for (const f of ['ci_low', 'ci_high'])
        agg.push({ path: [...sens, 'robust', k, f], derivesFrom: [...all, ...weights] });
    });
  }

  // Entrants: per period, by exclusion reason, and the two sums they form.
  const counts: NumberDecl[] = [];
  es.periods.forEach((p, i) => {
    const key = `es:period:${p.period}`;
    cells.push({ key, persons: p.persons ?? 0 });
    counts.push({ path: [...root, 'periods', i, 'persons'], restsOn: [key] });
  });
  cells.push({ key: 'es:entrants', persons: es.entrants });
  counts.push({ path: [...root, 'entrants'], restsOn: ['es:entrants'] });
  const excluded = Object.entries(es.excluded);
  for (const [k, n] of excluded) {
    cells.push({ key: `es:excluded:${k}`, persons: n });
    counts.push({ path: [...root, 'excluded', k], restsOn: [`es:excluded:${k}`] });
  }
  return [
    { part: `eventstudy:${id}:att`, label: `event study "${id}": ATT(g, p)`, cells, numbers: att },
    {
      part: `eventstudy:${id}:aggregates`,
      label: `event study "${id}": ATT(e), overall effect, band, pre-test`,
      cells: [],
      numbers: agg,
    },
    {
      part: `eventstudy:${id}:entrants`,
      label: `event study "${id}": entrants per period and excluded`,
      cells: [],
      numbers: counts,
      relations: [
        {
          what: 'entrants = persons of the entry periods',
          members: [
            [...root, 'entrants'],
            ...es.periods.map((_, i) => [...root, 'periods', i, 'persons']),
          ],
          counts: [es.entrants, ...es.periods.map((p) => p.persons ?? 0)],
          total: 1,
        },
        {
          what: 'persons read = entrants + excluded by reason',
          members: [
            ['data', 'persons_read'],
            [...root, 'entrants'],
            ...excluded.map(([k]) => [...root, 'excluded', k]),
          ],
          counts: [
            es.entrants + excluded.reduce((a, [, n]) => a + n, 0),
            es.entrants,
            ...excluded.map(([, n]) => n),
          ],
          total: 1,
        },
      ],
    },
  ];
}
