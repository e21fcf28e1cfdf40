/**
 * The simulator: synthetic DREAM-style extracts from a stated process
 * (params.ts), calibrated presets (presets.ts), a streaming writer
 * (write.ts) and an independent calibration checker (calibrate.ts).
 */
import { resolveParams, type PresetName } from './presets.js';
import { simulateToFiles, type SimulateResult } from './write.js';

export { PRESETS, resolveParams, checkParams, type PresetName, type PresetParams } from './presets.js';
export { simulateToFiles, simulatedSpec, headerOf, PERSON_COLUMNS, type SimulateResult } from './write.js';
export { personGenerator, extractCalendar, drawMunicipalities, type SimPerson, type ExtractCalendar, type PersonGenerator, type MunicipalityDraws } from './process.js';
export { calibrate, trueEffect, brfDesign, CalibrationTally, coxBreslowHazardRatio, CELLS, type CalibrationStats, type TrueEffect, type CalibrationDesign, type CellName, type ExtractShape } from './calibrate.js';
export { BRF_TREATED, COMPARISON, CODES, CODE_TABLE, STATE, type SimParams, type EffectScope } from './params.js';
export { Random } from './random.js';
export { addParquetCopy, writeWideParquet } from './parquet.js';

/** The extract range used by the benchmark: 208 weeks, 2015-W40 … 2019-W38. */
export const WEEKS_208 = { firstWeek: '2015-W40', lastWeek: '2019-W38' } as const;

export interface SimulateRequest {
  preset: PresetName;
  persons: number;
  seed: number;
  outDir: string;
  /** 208 gives 2015-W40 … 2019-W38 (the benchmark's shape); default is the preset's range (2015-W01 … 2019-W52). */
  weeks?: 208;
  /** Parameter overrides (`--set key=value`), applied after `weeks`. */
  overrides?: Record<string, unknown>;
  onProgress?: (done: number, total: number) => void;
}

/** Resolve a preset with overrides and write the extract (what `effekt simulate` and the benchmark call). */
export async function simulateExtract(r: SimulateRequest): Promise<SimulateResult> {
  const range = r.weeks === 208 ? WEEKS_208 : {};
  const p = resolveParams(r.preset, r.persons, r.seed, { ...range, ...(r.overrides ?? {}) });
  return simulateToFiles(p, r.outDir, r.onProgress);
}
export { fidelityScores, effectStrength, municipalityFileText } from './municipalityFile.js';
export { simulateSurvey, progressionCsv, fidelityCsv, PROGRESSION_CHANGE, FIDELITY_ELEMENTS, SURVEY_SPEC_BLOCKS, type SurveySimulation } from './survey.js';
