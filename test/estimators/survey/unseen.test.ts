/**
 * Survey files made to hit the edges (test/fixtures/survey-r, README there)
 * against R: every figure R gives to 1e-9 relative, every colour exactly,
 * and no figure where R gives none.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateSurvey } from '../../../src/pipeline/survey.js';
import { readSurvey } from '../../../src/read/survey.js';
import { repoRoot } from '../../helpers/tmp.js';

const dir = path.join(repoRoot, 'test/fixtures/survey-r');

/** R's write.csv of format(…, digits = 17): a header and padded fields; NA/NaN = no figure. */
function readR(name: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path.join(dir, name), 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v.trim()])));
}

function close(got: unknown, want: string, what: string): void {
  if (want === 'NA' || want === 'NaN') {
    expect(got, what).toBeNull();
    return;
  }
  const w = Number(want);
  if (Number.isNaN(w)) {
    expect(got, what).toBe(want);
    return;
  }
  expect(typeof got, what).toBe('number');
  expect(Math.abs((got as number) - w), `${what}: ${got} vs R ${want}`).toBeLessThanOrEqual(
    1e-9 * Math.abs(w) + 1e-12,
  );
}

describe('unseen survey files against R', async () => {
  const progression = await readSurvey(path.join(dir, 'progression.csv'), 'progression', {
    scale: [1, 7.5],
  });
  const fidelity = await readSurvey(path.join(dir, 'fidelity.csv'), 'fidelity', { scale: [1, 5] });
  const s = evaluateSurvey({ progression, fidelity }, { level: 0.95, agree: [4, 5] });

  it('progression: every item and figure', () => {
    expect(progression.answers).toHaveLength(progression.rows);
    const rows = readR('progression-r.csv');
    expect(rows).toHaveLength(10);
    let compared = 0;
    for (const r of rows) {
      const got = s.progression!.find((p) => p.item === r.item)!;
      for (const f of [
        'n',
        'mean_start',
        'mean_follow',
        'change',
        't',
        'p_t',
        'ci_low',
        'ci_high',
        'v',
        'p_wilcoxon',
        'p_holm',
      ] as const) {
        close(got[f], r[f], `${r.item}.${f}`);
        compared++;
      }
    }
    expect(compared).toBe(110);
    // Where R has no t-test, effekt says why.
    expect(s.progression!.find((p) => p.item === 'i9')!.problem).toMatch(/same amount/);
    expect(s.progression!.find((p) => p.item === 'i8')!.problem).toMatch(/same amount|zero/);
  });

  it('fidelity: every element, municipality and colour', () => {
    let compared = 0;
    for (const r of readR('fidelity-r.csv')) {
      const got = s.fidelity!.find((p) => p.element === r.element)!;
      for (const f of [
        'n_start',
        'n_end',
        'share_start',
        'share_end',
        'change_pp',
        'colour',
        'spread_min',
        'spread_max',
      ] as const) {
        close(got[f], r[f], `${r.element}.${f}`);
        compared++;
      }
    }
    const byM = readR('fidelity-municipalities-r.csv');
    expect(s.fidelityByMunicipality).toHaveLength(byM.length);
    for (const r of byM) {
      const got = s.fidelityByMunicipality!.find(
        (p) => p.municipality === r.municipality && p.element === r.element,
      )!;
      for (const f of [
        'n_start',
        'n_end',
        'share_start',
        'share_end',
        'change_pp',
        'colour',
      ] as const) {
        close(got[f], r[f], `${r.municipality}.${r.element}.${f}`);
        compared++;
      }
    }
    expect(compared).toBe(5 * 8 + 25 * 6);
    // the exact ±5 pp changes are yellow although floating point overshoots
    expect(
      s
        .fidelityByMunicipality!.filter(
          (m) => m.municipality === '101' && ['a', 'b'].includes(m.element),
        )
        .map((m) => m.colour),
    ).toEqual(['yellow', 'yellow']);
  });
});
