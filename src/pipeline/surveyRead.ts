/**
 * Stage 1 for the survey side: read the spec's progression and fidelity
 * files (when the spec has those blocks), with the municipalities of the
 * register and the spec as the known ones.
 */
import { readSurvey, type SurveyRead } from '../read/survey.js';
import type { Spec } from '../spec/spec.js';

export interface SurveyInputs {
  progression?: SurveyRead;
  fidelity?: SurveyRead;
}

/**
 * Municipalities an answer may come from: every municipality of the register, and the spec's
 * treated ones.
 */
export function knownMunicipalities(
  spec: Spec,
  registerMunicipalities: readonly string[],
): Set<string> {
  return new Set([...registerMunicipalities.filter((m) => m !== ''), ...spec.treated]);
}

/** Read the survey files the spec names; an empty object when it names none. */
export async function readSurveyForSpec(
  spec: Spec,
  known: ReadonlySet<string>,
): Promise<SurveyInputs> {
  const out: SurveyInputs = {};
  for (const kind of ['progression', 'fidelity'] as const) {
    const block = spec[kind];
    if (block)
      out[kind] = await readSurvey(block.path, kind, { municipalities: known, scale: block.scale });
  }
  return out;
}
