/**
 * The survey evaluation: pairing per item, Holm across items, fidelity per
 * municipality and the spread, and --min-cell hiding (null plus a reason).
 */

import { describe, expect, it } from 'vitest';
import { discloseSurvey } from '../../src/disclosure/index.js';
import { evaluateSurvey } from '../../src/pipeline/survey.js';
import type { SurveyAnswer, SurveyRead } from '../../src/read/survey.js';

function read(kind: 'progression' | 'fidelity', answers: SurveyAnswer[]): SurveyRead {
  return {
    kind,
    file: `${kind}.csv`,
    sha256: '0',
    bytes: 0,
    rows: answers.length,
    answers,
    keys: [...new Set(answers.map((a) => a.key))],
    scale: null,
    excluded: {
      'empty value': 0,
      'unknown municipality': 0,
      'missing municipality': 0,
      'value out of range': 0,
    },
    unknown_municipalities: [],
    respondents: new Set(answers.map((a) => a.respondent)).size,
    respondents_one_wave: { start_only: 0, second_only: 0 },
  };
}
const ans = (
  respondent: string,
  municipality: string,
  wave: 0 | 1,
  key: string,
  value: number,
): SurveyAnswer => ({ respondent, municipality, wave, key, value });

describe('progression', () => {
  // q1: A 1→2, B 2→4, C 3→3, D 4→– (unpaired start), E –→5 (unpaired follow-up)
  // q2: A 3→1, B 3→2
  const answers = [
    ans('A', '101', 0, 'q1', 1),
    ans('A', '101', 1, 'q1', 2),
    ans('B', '101', 0, 'q1', 2),
    ans('B', '101', 1, 'q1', 4),
    ans('C', '157', 0, 'q1', 3),
    ans('C', '157', 1, 'q1', 3),
    ans('D', '157', 0, 'q1', 4),
    ans('E', '157', 1, 'q1', 5),
    ans('A', '101', 0, 'q2', 3),
    ans('A', '101', 1, 'q2', 1),
    ans('B', '101', 0, 'q2', 3),
    ans('B', '101', 1, 'q2', 2),
  ];
  const s = evaluateSurvey(
    { progression: read('progression', answers) },
    { level: 0.95, agree: [] },
  );

  it('pairs respondents with both waves and counts the rest', () => {
    const q1 = s.progression![0];
    // pairs (1,2), (2,4), (3,3): means 2 and 3, changes 1, 2, 0
    expect(q1).toMatchObject({
      item: 'q1',
      n: 3,
      mean_start: 2,
      mean_follow: 3,
      change: 1,
      unpaired_start: 1,
      unpaired_follow: 1,
      zeros: 1,
    });
    // signed ranks of 1, 2 (zero dropped): V = 1 + 2 = 3
    expect(q1.v).toBe(3);
    const q2 = s.progression![1];
    // changes −2, −1: V = 0
    expect(q2).toMatchObject({ n: 2, change: -1.5, v: 0 });
  });

  it(
    'adjusts the Wilcoxon p-values by Holm across the items and marks ' +
      'significance at 1 − level',
    () => {
      const [p1, p2] = s.progression!.map((r) => r.p_wilcoxon as number);
      const lo = Math.min(p1, p2);
      const hi = Math.max(p1, p2);
      const adjLo = Math.min(1, 2 * lo);
      const adjHi = Math.min(1, Math.max(adjLo, hi));
      expect(s.progression!.map((r) => r.p_holm)).toEqual(
        p1 <= p2 ? [adjLo, adjHi] : [adjHi, adjLo],
      );
      expect(s.progression!.every((r) => r.significant === (r.p_holm as number) < 0.05)).toBe(true);
    },
  );

  it(
    'hides (through the disclosure stage) items resting on fewer than ' +
      '--min-cell pairs, small counts beside shown items, and runs Holm over ' +
      'the shown items',
    () => {
      const raw = evaluateSurvey(
        { progression: read('progression', answers) },
        { level: 0.95, agree: [] },
      );
      const h = discloseSurvey(raw, 3);
      expect(h.progression![1]).toMatchObject({
        item: 'q2',
        n: null,
        change: null,
        p_wilcoxon: null,
        p_holm: null,
        problem: 'small-cell',
      });
      expect(h.progression![0]).toMatchObject({
        n: 3,
        unpaired_start: null,
        unpaired_follow: null,
        zeros: null,
      });
      expect(h.progression![0].change).toBe(1);
      // Holm over one item is its own p-value (hidden q2 leaves the family).
      expect(h.progression![0].p_holm).toBe(raw.progression![0].p_wilcoxon);
      expect(h.suppression.progression_items_hidden).toBe(1);
      expect(h.suppression.recomputed).toEqual([
        { part: 'survey:progression', what: 'holm-over-shown-items' },
      ]);
      // respondents with one wave: counts of 1 … minCell − 1 hidden
      const r = read('progression', answers);
      r.respondents_one_wave = { start_only: 2, second_only: 0 };
      const f = discloseSurvey(evaluateSurvey({ progression: r }, { level: 0.95, agree: [] }), 3)
        .files.progression!;
      expect([f.respondents_start_only, f.respondents_second_only]).toEqual([null, 0]);
    },
  );
});

describe('fidelity', () => {
  // e1 in 101: start 2 of 4 agree, end 3 of 4 (+25 pp); in 157: start 1 of 2, end 1 of 2 (0 pp)
  const answers: SurveyAnswer[] = [];
  const add = (m: string, wave: 0 | 1, values: number[]) =>
    values.forEach((v, i) => {
      answers.push(ans(`${m}-${wave}-${i}`, m, wave, 'e1', v));
    });
  add('157', 0, [4, 2]);
  add('157', 1, [5, 1]);
  add('101', 0, [4, 5, 1, 3]);
  add('101', 1, [4, 5, 4, 2]);
  const s = evaluateSurvey({ fidelity: read('fidelity', answers) }, { level: 0.95, agree: [4, 5] });

  it('computes shares over all answers, per municipality in code order, and the spread', () => {
    // total: start 3 of 6 = 0.5, end 4 of 6 → +16.67 pp, green
    expect(s.fidelity![0]).toMatchObject({
      element: 'e1',
      n_start: 6,
      n_end: 6,
      share_start: 0.5,
      share_end: 4 / 6,
      colour: 'green',
      spread_min: 0,
      spread_max: 25,
      municipalities: 2,
    });
    expect(s.fidelity![0].change_pp).toBeCloseTo(100 / 6, 12);
    expect(s.fidelityByMunicipality!.map((r) => [r.municipality, r.change_pp, r.colour])).toEqual([
      ['101', 25, 'green'],
      ['157', 0, 'yellow'],
    ]);
  });

  it(
    'hides (through the disclosure stage) municipality rows with fewer than ' +
      '--min-cell answers at a wave, and leaves them out of the spread',
    () => {
      const h = discloseSurvey(
        evaluateSurvey({ fidelity: read('fidelity', answers) }, { level: 0.95, agree: [4, 5] }),
        3,
      );
      expect(h.fidelityByMunicipality![1]).toMatchObject({
        municipality: '157',
        n_start: null,
        share_start: null,
        change_pp: null,
        colour: null,
        problem: 'small-cell',
      });
      // 101 is hidden too: 2 of its 4 start answers agree and 2 do not (counts below 3). The overall
      // row itself has
      // 2 of 6 end answers not agreeing: hidden, with its spread.
      expect(h.fidelityByMunicipality![0]).toMatchObject({ municipality: '101', change_pp: null });
      expect(h.fidelity![0]).toMatchObject({
        n_start: 6,
        share_end: null,
        change_pp: null,
        spread_min: null,
        spread_max: null,
        municipalities: 0,
      });
    },
  );
});
