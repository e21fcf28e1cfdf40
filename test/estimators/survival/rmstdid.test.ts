/**
 * The restricted-mean survival DiD against R (test/fixtures/reference/
 * synthetic-1500/rmst-did.R: survival::survfit per cell and summary(rmean =
 * τ); every bootstrap replicate from the exported municipality draws as case
 * weights) to 1e-10, and the draws against the seeded stream.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type RmstDidInput,
  rmstBootstrapDraws,
  rmstDiD,
  rmstDidReplicates,
} from '../../../src/estimators/survival/index.js';
import { referenceDir } from '../../helpers/tmp.js';

const rows = readFileSync(path.join(referenceDir, 'surv.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','));
const drawsCsv = readFileSync(path.join(referenceDir, 'rmst-draws.csv'), 'utf8').trim().split('\n');
const koms = drawsCsv[0].split(',');
const treatedKom = new Map(rows.map((r) => [r[1], r[2] === '1']));
const ref = new Map(
  readFileSync(path.join(referenceDir, 'rmst-did-r.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => /^"([^"]+)",(.*)$/.exec(l)!)
    .map(([, k, v]) => [k, Number(v)]),
);

const input: RmstDidInput = {
  time: rows.map((r) => Number(r[4])),
  event: rows.map((r) => Number(r[5])),
  cell: rows.map((r) => 2 * Number(r[2]) + Number(r[3])),
  cluster: rows.map((r) => koms.indexOf(r[1])),
  clusterTreated: koms.map((k) => treatedKom.get(k)!),
  horizons: [52, 104],
  level: 0.95,
  replications: 200,
  seed: 1,
};
const close = (got: number | null, want: number, key: string) => {
  expect(got, key).not.toBeNull();
  expect(Math.abs(got! - want), key).toBeLessThan(1e-10 * Math.max(1, Math.abs(want)));
};

describe('restricted-mean survival DiD', () => {
  it(
    'the exported draws are the seeded stream: 7 participating and 23 other ' +
      'municipalities each time',
    () => {
      const draws = rmstBootstrapDraws(input.clusterTreated, 200, 1);
      expect(draws.map((d) => Array.from(d).join(','))).toEqual(drawsCsv.slice(1));
      for (const d of draws) {
        expect(d.reduce((a, v, g) => a + (input.clusterTreated[g] ? v : 0), 0)).toBe(7);
        expect(d.reduce((a, v) => a + v, 0)).toBe(30);
      }
    },
  );

  it('estimates, cells, se, percentile interval and p reproduce R to 1e-10', () => {
    const res = rmstDiD(input, 104);
    for (const r of res) {
      const k = `rmst_did[horizon:${r.horizon}]`;
      for (const [i, c] of r.cells.entries())
        close(c, ref.get(`${k}.cells[${i}]`)!, `${k}.cells[${i}]`);
      for (const f of ['estimate', 'se', 'ci_low', 'ci_high', 'p'] as const)
        close(r[f], ref.get(`${k}.${f}`)!, `${k}.${f}`);
    }
    expect(res[0].estimate).toBeCloseTo(-6.414, 3);
    expect(res[1].estimate).toBeCloseTo(-17.537, 3);
  });

  it('every replicate reproduces R', () => {
    const draws = drawsCsv.slice(1).map((l) => Float64Array.from(l.split(',').map(Number)));
    const reps = rmstDidReplicates(input, draws);
    reps.forEach((r, b) => {
      close(r[0], ref.get(`rmst_did[horizon:52].replicate[${b + 1}]`)!, `52 #${b + 1}`);
      close(r[1], ref.get(`rmst_did[horizon:104].replicate[${b + 1}]`)!, `104 #${b + 1}`);
    });
  });

  it('by hand: one person per cell, events at weeks 2, 3, 4, 1 → θ(3) = (1 − 3) − (3 − 2)', () => {
    // RMST(3) = Σ_{k<3} S(k): an event at week t gives min(t, 3) weeks.
    const r = rmstDiD(
      {
        ...input,
        time: [2, 3, 4, 1],
        event: [1, 1, 1, 1],
        cell: [0, 1, 2, 3],
        cluster: [0, 1, 2, 3],
        clusterTreated: [false, false, true, true],
        horizons: [3],
        replications: 0,
      },
      10,
    );
    expect(r[0].cells).toEqual([2, 3, 3, 1]);
    expect(r[0].estimate).toBe(1 - 3 - (3 - 2));
  });

  it('a horizon past the follow-up is a problem', () => {
    const r = rmstDiD({ ...input, replications: 0 }, 80);
    expect(r[1].estimate).toBeNull();
    expect(r[1].problem).toMatch(/shorter than 104 weeks/);
  });
});
