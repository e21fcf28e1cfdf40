/**
 * Stage 1 for a run: read the spec's extract, keeping only the weeks the
 * evaluation needs (from the week before the first entry window to the last
 * `until`, widened to the event study's periods and horizon) — a register can hold 1,500 week columns; a run needs ~160.
 */
import { readExtract } from '../read/index.js';
import type { Extract } from '../read/extract.js';
import { checkSpecAgainstExtract, type Spec } from '../spec/spec.js';

/** The weeks a run needs: the week before the earliest entry (to see a start) to the latest `until`. */
export function neededWeeks(spec: Spec): { from: number; to: number } {
  const { before, during } = spec.cohorts;
  let from = Math.min(before.entryFrom, during.entryFrom) - 1;
  let to = Math.max(before.until, during.until);
  const es = spec.eventStudy;
  if (es) {
    // The event study's periods and the horizon of their last entrants (clipped to the file by the reader).
    from = Math.min(from, es.entryFrom - 1);
    to = Math.max(to, es.entryFrom + es.periods * es.length - 1 + es.horizon[1]);
  }
  return { from, to };
}

export async function readForSpec(spec: Spec, onProgress?: (done: number, total: number) => void): Promise<Extract> {
  const x = await readExtract(spec.data.path, {
    id: spec.data.id,
    municipality: spec.data.municipality,
    requireMunicipality: true,
    personsFile: spec.data.persons ?? undefined,
    keepWeeks: neededWeeks(spec),
    censorCodes: spec.codes.censor,
    onProgress,
  });
  checkSpecAgainstExtract(spec, x);
  return x;
}
