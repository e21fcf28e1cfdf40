/**
 * The simulator: synthetic DREAM-style extracts from a stated process.
 */
import { resolveParams, type PresetName } from './presets.js';
import { simulateToFiles, type SimulateResult } from './simulate.js';

export { PRESETS, resolveParams, type PresetName } from './presets.js';
export { personGenerator, simulateToFiles, simulatedSpec, simCalendar, type SimulateResult, type SimulatedPerson } from './simulate.js';
export type { SimParams } from './params.js';
export { BRF_TREATED, COMPARISON, CODES } from './params.js';

export interface SimulateRequest {
  preset: PresetName;
  persons: number;
  seed: number;
  outDir: string;
  /** 208 gives 2015-W40 … 2019-W38 (the bench's shape); default is 2015-W01 … 2019-W52. */
  weeks?: 208;
  overrides?: Record<string, unknown>;
  onProgress?: (done: number, total: number) => void;
}

export async function simulateExtract(r: SimulateRequest): Promise<SimulateResult> {
  const extra = r.weeks === 208 ? { firstWeek: '2015-W40', lastWeek: '2019-W38' } : {};
  const p = resolveParams(r.preset, r.persons, r.seed, { ...extra, ...(r.overrides ?? {}) });
  return simulateToFiles(p, r.outDir, r.onProgress);
}
