/**
 * Estimators of the survey side: paired tests per item, Holm adjustment, fidelity shares and
 * colours.
 */

export {
  type Colour,
  type FidelityChange,
  fidelityChange,
  fidelityColour,
  spread,
  type WaveCount,
} from './fidelity.js';
export { holmAdjust } from './holm.js';
export { type PairedTTest, pairedTTest, tCritical } from './pairedT.js';
export { midranks } from './ranks.js';
export { type SignedRankTest, signedRankTest } from './wilcoxon.js';
