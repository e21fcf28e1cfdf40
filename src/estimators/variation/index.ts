/**
 * Variation between municipalities (contract section of that name): the
 * placebo distribution, permutation p-values and Conley–Taber intervals,
 * Cochran's Q, I², DerSimonian–Laird τ², shrunken effects, and moderator
 * slopes with permutation p-values. All from municipality × cell sums and
 * per-municipality estimates: no pass over persons.
 */
export { placeboEstimates, type PlaceboEstimate } from './placebo.js';
export { quantileType7, sortedValues, placeboPValue, conleyTaberInterval } from './permutation.js';
export { heterogeneity, cochranQ, iSquared, tau2DerSimonianLaird, shrink, weightedMean, type Heterogeneity } from './heterogeneity.js';
export { weightedSlope, slopePermutationTest, forEachPermutation, factorial, SLOPE_TOLERANCE, MAX_EXACT_PERMUTATIONS, PERMUTATION_DRAWS, type WeightedSlope, type PermutationTest } from './moderators.js';
export { municipalityVariation, type MunicipalityInput, type MunicipalityVariation, type ModeratorInput, type ModeratorResult, type VariationResult, type VariationOptions } from './variation.js';
export { municipalityFlag, type MunicipalityFlag } from './flags.js';
