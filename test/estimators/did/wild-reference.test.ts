/**
 * The restricted wild cluster bootstrap against an independent R computation
 * (test/fixtures/reference/wild-bootstrap, README there): with effekt's own
 * exported weight draws, R's lm() + sandwich::vcovCL() give every draw's t*
 * (2×2 DiD, Rademacher and Webb) and W* (event-study pre-test), the observed
 * statistics and the p-values; and R's p just inside and just outside
 * effekt's test-inversion interval bounds shows they are where p crosses 0.05.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NEVER } from '../../../src/design/rounds.js';
import {
  type CellSums,
  cellSystem,
  INTERACTION,
  weightDraws,
  wildClusterBootstrap,
  wildJoint,
  wildScalar,
} from '../../../src/estimators/did/index.js';
import {
  attCells,
  cellModelSystem,
  cellTable,
  type EventStudySums,
  eventTimeAggregates,
  overallAggregate,
} from '../../../src/estimators/eventstudy/index.js';
import { fixturesDir } from '../../helpers/tmp.js';

const dir = path.join(fixturesDir, 'wild-bootstrap');
const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
const rows = (f: string) =>
  read(f)
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
const R = JSON.parse(read('r-reference.json'));
const B = 199;

function didSums(): CellSums {
  const G = 14;
  const s: CellSums = {
    clusters: Array.from({ length: G }, (_, g) => String(g)),
    n: new Float64Array(4 * G),
    sumY: new Float64Array(4 * G),
    sumYY: new Float64Array(4 * G),
  };
  for (const [g, c, y] of rows('did.csv')) {
    s.n[4 * g + c]++;
    s.sumY[4 * g + c] += y;
    s.sumYY[4 * g + c] += y * y;
  }
  return s;
}

function esSums(): EventStudySums {
  const M = 12;
  const P = 6;
  const startPeriod = new Float64Array(M); // NEVER is Infinity
  const persons = new Float64Array(M * P);
  const sumY = new Float64Array(M * P);
  for (const [m, start, p, y] of rows('es.csv')) {
    startPeriod[m] = start < 0 ? NEVER : start;
    persons[m * P + p]++;
    sumY[m * P + p] += y;
  }
  return {
    clusters: Array.from({ length: M }, (_, m) => String(m)),
    startPeriod,
    periods: P,
    used: new Array(P).fill(true),
    persons,
    n: persons,
    sumY,
  };
}

const close = (got: number, want: number, tol = 1e-12) =>
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(
    tol * Math.max(1, Math.abs(want)),
  );

describe('wild cluster bootstrap reproduces R from the same weight draws', () => {
  it('the exported weights are the draws of the seeds', () => {
    for (const [name, kind, seed, G] of [
      ['did-rademacher', 'rademacher', 7, 14],
      ['did-webb', 'webb', 7, 14],
      ['es-webb', 'webb', 11, 12],
    ] as const) {
      const w = weightDraws(seed, kind, G, B);
      const file = read(`weights-${name}.csv`).trim().split('\n');
      expect(file.length).toBe(B);
      file.forEach((line, b) => {
        line.split(',').forEach((v, g) => {
          expect(Number(v)).toBe(w[b * G + g]);
        });
      });
    }
  });

  for (const kind of ['rademacher', 'webb'] as const) {
    it(`2×2 DiD, ${kind}: t* of every draw, p, and the interval bounds`, () => {
      const s = didSums();
      const ref = R[`did-${kind}`];
      const w = wildScalar(cellSystem(s), INTERACTION, {
        replications: B,
        seed: 7,
        weights: kind,
        level: 0.95,
        keep: true,
      })!;
      close(w.estimate, ref.estimate);
      close(w.se, ref.se);
      w.draws!.forEach((t, b) => {
        close(t, ref.draws[b]);
      });
      expect(w.p).toBe(ref.p);
      const b = wildClusterBootstrap(s, { replications: B, seed: 7, weights: kind });
      expect(b.p).toBe(ref.p);
      // effekt's bounds are where R's p of d = δ crosses 0.05 (to 10⁻⁷ SE).
      expect(ref.p_low_inside).toBeGreaterThanOrEqual(0.05);
      expect(ref.p_high_inside).toBeGreaterThanOrEqual(0.05);
      expect(ref.p_low_outside).toBeLessThan(0.05);
      expect(ref.p_high_outside).toBeLessThan(0.05);
      const ours = JSON.parse(read('effekt.json'))[`did-${kind}`];
      close(b.ci_low!, ours.ci_low);
      close(b.ci_high!, ours.ci_high);
    });
  }

  it(
    'event study (Webb): the overall effect and the pre-test W with ' +
      'pre-period effects set to 0',
    () => {
      const s = esSums();
      const t = cellTable(s);
      const { sys, column } = cellModelSystem(s, t);
      const proj = (c: Float64Array) => {
        const r = new Float64Array(sys.K);
        c.forEach((v, j) => {
          if (v !== 0) r[column[j]] = v;
        });
        return r;
      };
      const cells = attCells(t, 'never-treated');
      const pre = eventTimeAggregates(cells).filter((a) => a.e !== null && a.e <= -2 && a.c);
      const q = pre.length;
      const Rm = new Float64Array(q * sys.K);
      pre.forEach((a, i) => {
        Rm.set(proj(a.c!), i * sys.K);
      });
      const opts = { replications: B, seed: 11, weights: 'webb' as const, level: 0.95, keep: true };
      const j = wildJoint(sys, Rm, q, opts)!;
      const refJ = R['es-pretest'];
      expect(refJ.draws.length).toBe(B);
      close(j.statistic, refJ.statistic);
      j.draws!.forEach((W, b) => {
        close(W, refJ.draws[b]);
      });
      expect(j.p).toBe(refJ.p);
      const o = wildScalar(sys, proj(overallAggregate(cells).c!), opts)!;
      const refO = R['es-overall'];
      close(o.estimate, refO.estimate);
      close(o.se, refO.se);
      o.draws!.forEach((x, b) => {
        close(x, refO.draws[b]);
      });
      expect(o.p).toBe(refO.p);
      expect(refO.p_low_inside).toBeGreaterThanOrEqual(0.05);
      expect(refO.p_high_inside).toBeGreaterThanOrEqual(0.05);
      expect(refO.p_low_outside).toBeLessThan(0.05);
      expect(refO.p_high_outside).toBeLessThan(0.05);
    },
  );
});
