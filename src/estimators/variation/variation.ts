/**
 * The whole "Variation between municipalities" section for one outcome,
 * from numbers already computed: each treated municipality's d_m and SE_m,
 * the placebo estimates, and the moderators' values. Plain data in, plain
 * data out; the report writes the words.
 */
import { type Heterogeneity, heterogeneity } from './heterogeneity.js';
import { slopePermutationTest, weightedSlope } from './moderators.js';
import { conleyTaberInterval, placeboPValue, sortedValues } from './permutation.js';

export interface MunicipalityInput {
  municipality: string;
  estimate: number | null;
  se: number | null;
  /**
   * Why the estimate is not informative (too few persons, no events), or null. Flagged
   * municipalities keep p_perm and the interval but enter no pooled figure.
   */
  flag: string | null;
}

export interface MunicipalityVariation {
  municipality: string;
  p_perm: number | null;
  ct_low: number | null;
  ct_high: number | null;
  shrunk: number | null;
}

export interface ModeratorInput {
  name: string;
  /** Value per municipality label. */
  values: ReadonlyMap<string, number>;
}

export interface ModeratorResult {
  name: string;
  slope: number | null;
  se: number | null;
  p_perm: number | null;
  permutations: number | null;
  /**
   * True when every ordering was enumerated (M! ≤ 10^6), false for random draws, null without a
   * test.
   */
  exact: boolean | null;
  /** The fitted line's value at x = 0 (for drawing the line; not a documented results field). */
  intercept: number | null;
  /** The treated municipalities' (d, x) pairs, for the scatter. */
  points: { municipality: string; x: number; estimate: number }[];
  problem?: string;
}

export interface VariationResult {
  municipalities: MunicipalityVariation[];
  /**
   * Null with `heterogeneity_problem` when fewer than two informative municipalities have a
   * standard error.
   */
  heterogeneity: Omit<Heterogeneity, 'shrunk'> | null;
  heterogeneity_problem?: string;
  moderators: ModeratorResult[];
  /** Placebo estimates used (C of them). */
  placebo_count: number;
}

export interface VariationOptions {
  level: number;
  /** Seed for random permutations when M! > 10^6. */
  seed: number;
  maxExact?: number;
  draws?: number;
}

/**
 * p_perm and the Conley–Taber interval for every municipality with an
 * estimate; Q, I², τ², shrunken effects and moderator slopes over the
 * informative ones (an estimate, a positive SE, no flag).
 */
export function municipalityVariation(
  municipalities: readonly MunicipalityInput[],
  placebo: readonly number[],
  moderators: readonly ModeratorInput[],
  opts: VariationOptions,
): VariationResult {
  const sorted = sortedValues(placebo);
  const used = municipalities.filter(
    (m) => m.flag === null && m.estimate !== null && m.se !== null && m.se > 0,
  );
  const d = used.map((m) => m.estimate!);
  const se = used.map((m) => m.se!);
  const h = heterogeneity(d, se);
  const shrunkBy = new Map(h ? used.map((m, i) => [m.municipality, h.shrunk[i]]) : []);
  const rows = municipalities.map((m): MunicipalityVariation => {
    if (m.estimate === null)
      return {
        municipality: m.municipality,
        p_perm: null,
        ct_low: null,
        ct_high: null,
        shrunk: null,
      };
    const ct = sorted.length > 0 ? conleyTaberInterval(m.estimate, sorted, opts.level) : null;
    return {
      municipality: m.municipality,
      p_perm: sorted.length > 0 ? placeboPValue(m.estimate, sorted) : null,
      ct_low: ct?.low ?? null,
      ct_high: ct?.high ?? null,
      shrunk: shrunkBy.get(m.municipality) ?? null,
    };
  });
  const out: VariationResult = {
    municipalities: rows,
    heterogeneity: null,
    moderators: [],
    placebo_count: sorted.length,
  };
  if (h) {
    const { shrunk: _s, ...rest } = h;
    out.heterogeneity = rest;
  } else {
    out.heterogeneity_problem =
      used.length < 2
        ? `${used.length === 0 ? 'no' : 'only one'} treated municipality ` +
          `has an informative estimate with a standard error`
        : 'the standard errors are not all positive';
  }
  const tau2 = h?.tau2 ?? 0;
  const w = se.map((s) => 1 / (s * s + tau2));
  out.moderators = moderators.map((mod) => moderatorSlope(mod, used, d, w, h !== null, opts));
  return out;
}

function moderatorSlope(
  mod: ModeratorInput,
  used: readonly MunicipalityInput[],
  d: number[],
  w: number[],
  haveTau: boolean,
  opts: VariationOptions,
): ModeratorResult {
  const x = used.map((m) => mod.values.get(m.municipality) ?? NaN);
  const points = used.flatMap((m, i) =>
    Number.isFinite(x[i]) ? [{ municipality: m.municipality, x: x[i], estimate: d[i] }] : [],
  );
  const none = (problem: string): ModeratorResult => ({
    name: mod.name,
    slope: null,
    se: null,
    p_perm: null,
    permutations: null,
    exact: null,
    intercept: null,
    points,
    problem,
  });
  if (!haveTau) return none('fewer than two informative municipality estimates');
  const missing = used.filter((_, i) => !Number.isFinite(x[i])).map((m) => m.municipality);
  if (missing.length > 0) return none(`no value for municipality ${missing.join(', ')}`);
  const fit = weightedSlope(d, x, w);
  if (!fit) return none('the moderator has the same value in every informative municipality');
  const test = slopePermutationTest(d, x, w, {
    seed: opts.seed,
    maxExact: opts.maxExact,
    draws: opts.draws,
  })!;
  return {
    name: mod.name,
    slope: fit.slope,
    se: fit.se,
    p_perm: test.p,
    permutations: test.permutations,
    exact: test.exact,
    intercept: fit.intercept,
    points,
  };
}
