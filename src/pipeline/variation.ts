/**
 * Variation between municipalities for one share outcome (docs/definitions.md,
 * section of that name): the per-municipality effects get p_perm, the Conley–Taber
 * interval, a shrunken estimate and a flag; the outcome gets the placebo
 * distribution, heterogeneity and moderator slopes. Everything from the
 * pooled municipality × cell sums and the per-municipality estimates
 * already computed: no further pass over persons.
 *
 * Nothing is hidden here: `--min-cell` is the disclosure stage's, which
 * hides small municipalities and recomputes what is pooled over them
 * (src/disclosure/parts/variation.ts).
 */
import type { CellSums, MunicipalityEstimate } from '../estimators/did/index.js';
import {
  type ModeratorInput,
  municipalityFlag,
  municipalityVariation,
  placeboEstimates,
  type SizeModel,
  sizeAdjustedP,
  type VariationResult,
} from '../estimators/variation/index.js';
import type { MunicipalityVariationFields, PlaceboRow } from '../results/results.js';

export interface OutcomeVariation<M> {
  municipalities: (M & MunicipalityVariationFields)[];
  placebo: PlaceboRow[];
  heterogeneity: VariationResult['heterogeneity'];
  heterogeneity_problem?: string;
  moderators: VariationResult['moderators'];
  /** Placebo estimates in the distribution (C). */
  placebo_count: number;
  /** The spec's minimum persons for an informative estimate. */
  min_persons: number;
  /**
   * Ferman–Pinto variance model Var(d) = a + b·h fitted on the placebo estimates (null: too few).
   */
  size_model?: SizeModel | null;
}

export interface VariationInputs {
  /** Pooled municipality × cell sums of the outcome. */
  pooled: CellSums;
  /** Cluster indices of the treated municipalities. */
  treated: readonly number[];
  /** Persons with pooled person-weeks per cluster (index g). */
  personsPerCluster: ArrayLike<number>;
  moderators: readonly ModeratorInput[];
  level: number;
  seed: number;
  minPersons: number;
}

/**
 * Persons with at least one pooled person-week, per cluster; a person in both cohorts counts once.
 */
export function pooledPersonsPerCluster(
  clusters: number,
  member: { person: Int32Array; cluster: Int32Array; size: number },
  pooledWeeks: Float64Array,
): Int32Array {
  const out = new Int32Array(clusters);
  let max = -1;
  for (let m = 0; m < member.size; m++) if (member.person[m] > max) max = member.person[m];
  const seen = new Uint8Array(max + 1);
  for (let m = 0; m < member.size; m++) {
    const p = member.person[m];
    if (!(pooledWeeks[m] > 0) || seen[p] === 1) continue;
    seen[p] = 1;
    out[member.cluster[m]]++;
  }
  return out;
}

export function outcomeVariation<M extends MunicipalityEstimate>(
  municipalities: readonly M[],
  v: VariationInputs,
): OutcomeVariation<M> {
  const placeboAll = placeboEstimates(v.pooled, v.treated);
  const index = new Map(v.pooled.clusters.map((c, g) => [c, g]));
  const placebo: PlaceboRow[] = placeboAll.map((p) => {
    const persons = v.personsPerCluster[index.get(p.municipality)!];
    return {
      municipality: p.municipality,
      estimate: p.estimate,
      persons,
      ...(p.problem ? { problem: p.problem } : {}),
    };
  });
  const shown = municipalities;
  const flags = shown.map((m) =>
    m.estimate === null ? null : municipalityFlag(m.persons, m.cells, v.minPersons),
  );
  const res = municipalityVariation(
    shown.map((m, i) => ({
      municipality: m.municipality,
      estimate: m.estimate,
      se: m.se,
      flag: flags[i],
    })),
    placebo.flatMap((p) => (p.estimate === null ? [] : [p.estimate])),
    v.moderators,
    { level: v.level, seed: v.seed },
  );
  // Size-adjusted p (Ferman–Pinto) and Holm over the participating municipalities.
  const sized = sizeAdjustedP(
    shown.map((m) =>
      m.estimate === null
        ? null
        : { estimate: m.estimate, nBefore: m.cells[2].n, nDuring: m.cells[3].n },
    ),
    placebo.flatMap((p) => {
      if (p.estimate === null) return [];
      const g = index.get(p.municipality)!;
      return [{ estimate: p.estimate, nBefore: v.pooled.n[4 * g], nDuring: v.pooled.n[4 * g + 1] }];
    }),
  );
  const byName = new Map(res.municipalities.map((r) => [r.municipality, r]));
  return {
    municipalities: shown.map((m, i) => {
      const r = byName.get(m.municipality)!;
      return {
        ...m,
        p_perm: r.p_perm,
        ct_low: r.ct_low,
        ct_high: r.ct_high,
        shrunk: r.shrunk,
        p_size: sized.p[i],
        p_size_holm: sized.p_holm[i],
        flag: flags[i],
      };
    }),
    placebo,
    heterogeneity: res.heterogeneity,
    ...(res.heterogeneity_problem ? { heterogeneity_problem: res.heterogeneity_problem } : {}),
    moderators: res.moderators,
    placebo_count: res.placebo_count,
    min_persons: v.minPersons,
    size_model: sized.model,
  };
}
