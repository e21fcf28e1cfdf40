/**
 * Variation between municipalities after hiding: when a municipality's own
 * effect or a placebo estimate is hidden, everything pooled over them —
 * the placebo distribution behind p_perm, the Conley–Taber intervals and
 * the size-adjusted p with its Holm family,
 * Q, I², τ², the τ²-weighted mean, the shrunken effects, the moderator
 * slopes and their points, the range of the effects — is recomputed over
 * the shown ones (the report says so). Each recomputed figure is then a
 * function of published numbers (effects, standard errors, flags, placebo
 * estimates, the municipality file's values), so it reveals nothing they do
 * not; hiding them all instead would cost every outcome its heterogeneity
 * whenever one municipality is small. Moderator values come from the
 * points the pipeline recorded (every municipality that entered a slope).
 */
import {
  type ModeratorInput,
  municipalityVariation,
  sizeAdjustedP,
} from '../../estimators/variation/index.js';
import type { RecomputedWhat, Results, ShareOutcomeResult } from '../../results/results.js';
import type { Path } from '../rule.js';

export function recomputeVariation(
  out: unknown,
  id: string,
  isHidden: (p: Path) => boolean,
): RecomputedWhat | null {
  const r = out as Results;
  const o = r.outcomes[id] as ShareOutcomeResult;
  const root = ['outcomes', id];
  const anyHidden =
    o.municipalities.some((_, i) => isHidden([...root, 'municipalities', i, 'estimate'])) ||
    (o.placebo ?? []).some((_, j) => isHidden([...root, 'placebo', j, 'estimate']));
  if (!anyHidden) return null;
  const values = (o.moderators ?? []).map(
    (m): ModeratorInput => ({
      name: m.name,
      values: new Map(m.points.map((p) => [p.municipality, p.x])),
    }),
  );
  const v = municipalityVariation(
    o.municipalities.map((m) => ({
      municipality: m.municipality,
      estimate: m.estimate,
      se: m.se,
      flag: m.estimate === null ? null : m.flag,
    })),
    (o.placebo ?? []).flatMap((p) => (p.estimate === null ? [] : [p.estimate])),
    values,
    { level: r.inference.level, seed: r.inference.seed },
  );
  // Size-adjusted p (Ferman–Pinto) and its Holm family: over the shown municipalities and placebo
  // estimates.
  const sized = sizeAdjustedP(
    o.municipalities.map((m) =>
      m.estimate === null
        ? null
        : { estimate: m.estimate, nBefore: m.cells[2].n, nDuring: m.cells[3].n },
    ),
    (o.placebo ?? []).flatMap((p) =>
      p.estimate === null || !p.cell_n
        ? []
        : [{ estimate: p.estimate, nBefore: p.cell_n[0], nDuring: p.cell_n[1] }],
    ),
  );
  o.municipalities.forEach((m, i) => {
    const w = v.municipalities[i];
    if ('p_size' in m) {
      m.p_size = sized.p[i];
      m.p_size_holm = sized.p_holm[i];
    }
    m.p_perm = w.p_perm;
    m.ct_low = w.ct_low;
    m.ct_high = w.ct_high;
    m.shrunk = w.shrunk;
    if (m.estimate === null) m.flag = null;
  });
  o.heterogeneity = v.heterogeneity;
  if (v.heterogeneity_problem) o.heterogeneity_problem = v.heterogeneity_problem;
  else delete o.heterogeneity_problem;
  o.moderators = v.moderators;
  o.variation.placebo_count = v.placebo_count;
  const shown = o.municipalities.flatMap((m) => (m.estimate === null ? [] : [m.estimate]));
  o.municipality_range =
    shown.length === 0
      ? { min: null, max: null }
      : { min: Math.min(...shown), max: Math.max(...shown) };
  return 'variation-without-hidden';
}
