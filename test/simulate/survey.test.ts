/**
 * The simulated survey files: seeded, in the readers' formats, and showing
 * the process's true changes.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateSurvey } from '../../src/pipeline/survey.js';
import { readSurvey } from '../../src/read/survey.js';
import {
  FIDELITY_ELEMENTS,
  fidelityCsv,
  PROGRESSION_CHANGE,
  progressionCsv,
  simulateSurvey,
} from '../../src/simulate/survey.js';
import { tmpFolder } from '../helpers/tmp.js';

const treated = [
  '101',
  '157',
  '165',
  '185',
  '259',
  '270',
  '316',
  '430',
  '479',
  '540',
  '550',
  '575',
  '615',
  '740',
  '760',
  '766',
  '849',
];

describe('simulated survey files', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(progressionCsv(treated, 1).text).toBe(progressionCsv(treated, 1).text);
    expect(fidelityCsv(treated, 1).text).toBe(fidelityCsv(treated, 1).text);
    expect(progressionCsv(treated, 2).text).not.toBe(progressionCsv(treated, 1).text);
  });

  it('read back in full and show the true changes', async () => {
    const dir = tmpFolder('effekt-simsurvey-');
    const sim = await simulateSurvey(dir, treated, 1);
    const known = new Set(treated);
    const progression = await readSurvey(path.join(dir, 'progression.csv'), 'progression', {
      municipalities: known,
      scale: [1, 5],
    });
    const fidelity = await readSurvey(path.join(dir, 'fidelity.csv'), 'fidelity', {
      municipalities: known,
      scale: [1, 5],
    });
    expect(progression.answers).toHaveLength(progression.rows);
    expect(fidelity.answers).toHaveLength(fidelity.rows);
    expect(progression.respondents).toBe(sim.respondents);
    // 8 elements × each staff member
    expect(fidelity.rows).toBe(sim.staff * FIDELITY_ELEMENTS.length);
    // about a fifth without follow-up
    expect(progression.respondents_one_wave.start_only / progression.respondents).toBeGreaterThan(
      0.1,
    );
    expect(progression.respondents_one_wave.start_only / progression.respondents).toBeLessThan(0.3);

    const s = evaluateSurvey({ progression, fidelity }, { level: 0.95, agree: [4, 5] });
    expect(s.progression!.map((r) => r.item)).toEqual(
      PROGRESSION_CHANGE.map((_, i) => `q${i + 1}`),
    );
    s.progression!.forEach((r, i) => {
      if (PROGRESSION_CHANGE[i] >= 0.25) expect(r.significant, r.item).toBe(true);
      if (PROGRESSION_CHANGE[i] === 0) expect(r.significant, r.item).toBe(false);
    });
    // Every municipality answers every element at both waves.
    expect(s.fidelityByMunicipality).toHaveLength(treated.length * FIDELITY_ELEMENTS.length);
    // The largest true rise is green, the true fall not green.
    const byElement = new Map(s.fidelity!.map((f) => [f.element, f]));
    expect(byElement.get('cv-from-start')!.colour).toBe('green');
    expect(byElement.get('company-contact')!.colour).not.toBe('green');
  });
});
