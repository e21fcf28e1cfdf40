/** Estimators of the survey side: paired tests per item, Holm adjustment, fidelity shares and colours. */
export { midranks } from './ranks.js';
export { signedRankTest, type SignedRankTest } from './wilcoxon.js';
export { pairedTTest, tCritical, type PairedTTest } from './pairedT.js';
export { holmAdjust } from './holm.js';
export { fidelityChange, fidelityColour, spread, type Colour, type FidelityChange, type WaveCount } from './fidelity.js';
