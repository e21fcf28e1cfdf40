/**
 * Stage 1 for a run: read the spec's extract, keeping only the weeks the
 * evaluation needs (from the week before the first entry window to the last
 * `until`) — a register can hold 1,500 week columns; a run needs ~160.
 */

import type { Extract } from '../read/extract.js';
import { readExtract } from '../read/index.js';
import type { LongReadOptions } from '../read/long.js';
import {
  checkTreatedInMunicipalityData,
  type MunicipalityData,
  readMunicipalityData,
} from '../read/municipalityData.js';
import { auditSpec, throwOnAuditErrors } from '../spec/audit.js';
import { neededWeeks } from '../spec/compile.js';
import { checkSpecAgainstExtract, type Spec } from '../spec/spec.js';

/**
 * How a run reads the spec's extract: its columns, encoding, person file, week window and censor
 * codes (the bench reads with the same).
 */
export function readOptionsForSpec(spec: Spec): LongReadOptions {
  return {
    id: spec.data.id,
    municipality: spec.data.municipality,
    requireMunicipality: true,
    personsFile: spec.data.persons ?? undefined,
    keepWeeks: neededWeeks(spec),
    censorCodes: spec.codes.censor,
    encoding: spec.data.encoding,
  };
}

export async function readForSpec(
  spec: Spec,
  onProgress?: (done: number, total: number) => void,
): Promise<Extract> {
  const x = await readExtract(spec.data.path, { ...readOptionsForSpec(spec), onProgress });
  checkSpecAgainstExtract(spec, x);
  throwOnAuditErrors(auditSpec(spec, x), spec.file);
  return x;
}

/**
 * The spec's municipality file (moderators), checked to have every treated municipality; null when
 * the spec names none.
 */
export async function readMunicipalityDataForSpec(spec: Spec): Promise<MunicipalityData | null> {
  if (!spec.municipalityData) return null;
  const data = await readMunicipalityData(spec.municipalityData);
  checkTreatedInMunicipalityData(data, spec.treated);
  return data;
}
