/**
 * The simulator: synthetic DREAM-style extracts from a stated process
 * (params.ts), calibrated presets (presets.ts), a streaming writer
 * (write.ts) and an independent calibration checker (calibrate.ts).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { abandonOutput, commitOutput, FolderWriter, prepareOutput } from '../report/folder.js';
import { VERSION } from '../version.js';
import { addParquetCopy } from './parquet.js';
import { type PresetName, resolveParams } from './presets.js';
import { type SimulateResult, simulateToFiles } from './write.js';

export {
  brfDesign,
  type CalibrationDesign,
  type CalibrationStats,
  CalibrationTally,
  CELLS,
  type CellName,
  calibrate,
  coxBreslowHazardRatio,
  type ExtractShape,
  type TrueEffect,
  trueEffect,
} from './calibrate.js';
export {
  BRF_TREATED,
  CODE_TABLE,
  CODES,
  COMPARISON,
  type EffectScope,
  type SimParams,
  STATE,
} from './params.js';
export { addParquetCopy, writeWideParquet } from './parquet.js';
export {
  checkParams,
  PRESETS,
  type PresetName,
  type PresetParams,
  resolveParams,
} from './presets.js';
export {
  drawMunicipalities,
  type ExtractCalendar,
  exactCounts,
  extractCalendar,
  type MunicipalityDraws,
  type PersonGenerator,
  personGenerator,
  type SimPerson,
} from './process.js';
export { Random } from './random.js';
export {
  headerOf,
  PERSON_COLUMNS,
  type SimulateResult,
  simulatedCodesBlock,
  simulatedDataBlock,
  simulatedSpec,
  simulateToFiles,
} from './write.js';

/** The extract range used by the benchmark: 208 weeks, 2015-W40 … 2019-W38. */
export const WEEKS_208 = { firstWeek: '2015-W40', lastWeek: '2019-W38' } as const;

export interface SimulateRequest {
  preset: PresetName;
  persons: number;
  seed: number;
  outDir: string;
  /**
   * 208 gives 2015-W40 … 2019-W38 (the benchmark's shape); default is the preset's range (2015-W01
   * … 2019-W52).
   */
  weeks?: 208;
  /** Parameter overrides (`--set key=value`), applied after `weeks`. */
  overrides?: Record<string, unknown>;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Resolve a preset with overrides and write the extract (what `effekt simulate` and the benchmark
 * call).
 */
export async function simulateExtract(r: SimulateRequest): Promise<SimulateResult> {
  const range = r.weeks === 208 ? WEEKS_208 : {};
  const p = resolveParams(r.preset, r.persons, r.seed, { ...range, ...(r.overrides ?? {}) });
  return simulateToFiles(p, r.outDir, r.onProgress);
}
/**
 * `effekt simulate`: the extract, its municipality and survey files and its
 * spec written as one folder, safely (report/folder.ts: written beside the
 * target and renamed into place; an existing folder is replaced only when
 * effekt wrote it, and a file effekt did not write is never replaced), with
 * a manifest naming the files. `format: 'parquet'` adds dream.parquet and
 * points spec.json at it.
 */
export async function simulateFolder(
  r: SimulateRequest & { format?: 'csv' | 'parquet'; force?: boolean },
): Promise<{
  files: string[];
  target: string;
  persons: number;
  bytes: number;
  parquetBytes?: number;
}> {
  const plan = prepareOutput(r.outDir, { createParents: true, force: r.force });
  const writer = new FolderWriter(plan);
  try {
    const range = r.weeks === 208 ? WEEKS_208 : {};
    const p = resolveParams(r.preset, r.persons, r.seed, { ...range, ...(r.overrides ?? {}) });
    const res = await simulateToFiles(p, plan.temp, r.onProgress, path.basename(plan.target));
    let parquetBytes: number | undefined;
    if (r.format === 'parquet')
      parquetBytes = (await addParquetCopy(res.csvPath, res.specPath)).bytes;
    for (const f of readdirSync(plan.temp).sort()) writer.claim(f);
    const files = [...writer.written, 'manifest.json'].sort();
    const manifest = { tool: { name: 'effekt', version: VERSION }, command: 'simulate', files };
    writer.put('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    commitOutput(plan, writer);
    return {
      files: writer.written.filter((f) => f !== 'manifest.json'),
      target: plan.target,
      persons: res.persons,
      bytes: res.bytes,
      parquetBytes,
    };
  } catch (e) {
    abandonOutput(plan);
    throw e;
  }
}

export { IN_MEMORY_FILE, simulatedExtract } from './memory.js';

export { effectStrength, fidelityScores, municipalityFileText } from './municipalityFile.js';
export {
  FIDELITY_ELEMENTS,
  fidelityCsv,
  PROGRESSION_CHANGE,
  progressionCsv,
  SURVEY_SPEC_BLOCKS,
  type SurveySimulation,
  simulateSurvey,
} from './survey.js';
