/**
 * Variation between municipalities (docs/definitions.md, that section): the
 * placebo distribution, permutation p-values and Conley–Taber intervals,
 * Cochran's Q, I², DerSimonian–Laird τ², shrunken effects, and moderator
 * slopes with permutation p-values. All from municipality × cell sums and
 * per-municipality estimates: no pass over persons.
 */

export { type MunicipalityFlag, municipalityFlag } from './flags.js';
export {
  cochranQ,
  type Heterogeneity,
  heterogeneity,
  iSquared,
  shrink,
  tau2DerSimonianLaird,
  weightedMean,
} from './heterogeneity.js';
export {
  factorial,
  forEachPermutation,
  MAX_EXACT_PERMUTATIONS,
  PERMUTATION_DRAWS,
  type PermutationTest,
  SLOPE_TOLERANCE,
  slopePermutationTest,
  type WeightedSlope,
  weightedSlope,
} from './moderators.js';
export { conleyTaberInterval, placeboPValue, quantileType7, sortedValues } from './permutation.js';
export { type PlaceboEstimate, placeboEstimates } from './placebo.js';
export {
  type SizedEstimate,
  type SizeModel,
  sizeAdjustedP,
  sizeModel,
  sizeOf,
  standardised,
} from './sizeadjusted.js';
export {
  type ModeratorInput,
  type ModeratorResult,
  type MunicipalityInput,
  type MunicipalityVariation,
  municipalityVariation,
  type VariationOptions,
  type VariationResult,
} from './variation.js';
