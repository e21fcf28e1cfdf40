/**
 * Stage 1 for a run: read the spec's extract, keeping only the weeks the
 * evaluation needs (from the week before the first entry window to the last
 * `until`) — a register can hold 1,500 week columns; a run needs ~160.
 */

import type { Extract } from '../read/extract.js';
import { readExtract } from '../read/index.js';
import {
  checkTreatedInMunicipalityData,
  type MunicipalityData,
  readMunicipalityData,
} from '../read/municipalityData.js';
import { auditSpec, throwOnAuditErrors } from '../spec/audit.js';
import { neededWeeks } from '../spec/compile.js';
import { checkSpecAgainstExtract, type Spec } from '../spec/spec.js';

export async function readForSpec(
  spec: Spec,
  onProgress?: (done: number, total: number) => void,
): Promise<Extract> {
  const x = await readExtract(spec.data.path, {
    id: spec.data.id,
    municipality: spec.data.municipality,
    requireMunicipality: true,
    personsFile: spec.data.persons ?? undefined,
    keepWeeks: neededWeeks(spec),
    censorCodes: spec.codes.censor,
    encoding: spec.data.encoding,
    onProgress,
  });
  checkSpecAgainstExtract(spec, x);
  throwOnAuditErrors(auditSpec(spec, x), spec.file);
  return x;
}

/** The spec's municipality file (moderators), checked to have every treated municipality; null when the spec names none. */
export async function readMunicipalityDataForSpec(spec: Spec): Promise<MunicipalityData | null> {
  if (!spec.municipalityData) return null;
  const data = await readMunicipalityData(spec.municipalityData);
  checkTreatedInMunicipalityData(data, spec.treated);
  return data;
}
