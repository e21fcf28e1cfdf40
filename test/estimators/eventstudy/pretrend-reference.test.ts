/**
 * The event study on a simulated two-round roll-out with a deliberate
 * pre-trend (monthly hours), against an independent R computation
 * (test/fixtures/reference/event-study-pretrend, see its README): all 305
 * figures to 1e-6 relative, and the pre-test rejects where the trend is.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { effekt } from '../../helpers/effekt.js';
import { fixturesDir, tmpFolder } from '../../helpers/tmp.js';

const dir = path.join(fixturesDir, 'event-study-pretrend');

describe('event study on a simulated pre-trend extract reproduces R', () => {
  const out = tmpFolder('effekt-es-pretrend-');
  const run = effekt(['run', path.join(dir, 'spec.json'), '--out', out, '--quiet']);
  const es = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')).eventStudy;

  it('every figure to 1e-6 relative', () => {
    expect(run.code).toBe(0);
    const lines = readFileSync(path.join(dir, 'r-reference.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    const misses: string[] = [];
    for (const line of lines) {
      const [, key, value] = /^"([^"]+)",(.+)$/.exec(line)!;
      const want = Number(value);
      const m = /^(?:([^.[]+)\.)?([a-z_]+)(?:\[([^\]]+)\])?\.([a-z_0-9]+)$/.exec(key)!;
      const [, outcome, part, sel, field] = m;
      let got: unknown;
      if (part === 'periods') got = es.internship.periods[Number(sel.split(':')[1]) - 1][field];
      else if (sel === undefined) got = es[outcome][part][field];
      else {
        const want2 = sel.split(',').map((kv) => kv.split(':'));
        const rows = es[outcome][part].filter((r: Record<string, unknown>) =>
          want2.every(([k, v]) => String(r[k]) === v),
        );
        got = rows.length === 1 ? rows[0][field] : undefined;
      }
      if (typeof got !== 'number' || Math.abs(got - want) > 1e-6 * Math.abs(want) + 1e-12)
        misses.push(`${key}: ${String(got)} ≠ ${want}`);
    }
    expect(misses).toEqual([]);
    expect(lines.length).toBe(305);
  });

  it(
    'the F test flags the deliberate pre-trend in internship, not in hours; ' +
      'the bootstrap p decides',
    () => {
      expect(es.internship.pretest.p_f).toBeLessThan(0.05);
      expect(es.hours.pretest.p_f).toBeGreaterThan(0.05);
      // The deciding p is the restricted wild bootstrap of W (1 + #)/(1 + 999): with 17 participating
      // municipalities worth G* ≈ 5, 4 000 persons do not show the trend beyond doubt (README).
      for (const o of ['internship', 'hours']) {
        expect(es[o].pretest.replications).toBe(999);
        const k = es[o].pretest.p * 1000;
        expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9); // a multiple of 1/(B + 1)
        expect(es[o].pretest.p).toBeGreaterThanOrEqual(1 / 1000);
      }
    },
  );
});
