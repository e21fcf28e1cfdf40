/**
 * didFromCellSums against R: lm(y ~ treated * during) with
 * sandwich::vcovCL(cluster = ~kom, type = "HC1", cadjust = TRUE), intervals
 * ± qnorm(0.975)·SE (test/fixtures/reference/synthetic-1500/r-reference.json),
 * with cluster × cell sums built here from the reference person-week files.
 * Every weekly and pooled figure in the file is checked.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CellSums, didFromCellSums } from '../../../src/estimators/did/index.js';

// Shipped with the repository: test/fixtures/reference (see its README).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const referenceDir = path.resolve(repoRoot, 'test/fixtures/reference/synthetic-1500');
const ref = JSON.parse(readFileSync(path.join(referenceDir, 'r-reference.json'), 'utf8')) as Record<
  string,
  number
>;
const POOLED: [number, number] = [53, 104];

interface PersonWeek {
  kom: string;
  cell: number;
  t: number;
  y: number;
}

function personWeeks(file: string): PersonWeek[] {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const col = Object.fromEntries(header.split(',').map((h, i) => [h, i]));
  return rows.map((r) => {
    const f = r.split(',');
    return {
      kom: f[col.kom],
      cell: 2 * Number(f[col.treated]) + Number(f[col.during]),
      t: Number(f[col.t]),
      y: Number(f[col.y]),
    };
  });
}

/** Cluster (kom) × cell sums of the person-weeks that pass a filter. */
function sums(rows: PersonWeek[], keep: (r: PersonWeek) => boolean): CellSums {
  const clusters = [...new Set(rows.map((r) => r.kom))].sort();
  const idx = new Map(clusters.map((c, i) => [c, i]));
  const G = clusters.length;
  const s: CellSums = {
    clusters,
    n: new Float64Array(4 * G),
    sumY: new Float64Array(4 * G),
    sumYY: new Float64Array(4 * G),
  };
  for (const r of rows) {
    if (!keep(r)) continue;
    const j = 4 * idx.get(r.kom)! + r.cell;
    s.n[j]++;
    s.sumY[j] += r.y;
    s.sumYY[j] += r.y * r.y;
  }
  return s;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const CELL_KEYS = ['comparison.before', 'comparison.during', 'treated.before', 'treated.during'];

describe('DiD with CR1 reproduces R (synthetic-1500)', () => {
  for (const outcome of ['internship', 'hours']) {
    const rows = personWeeks(path.join(referenceDir, `pw_${outcome}.csv`));
    const weeks = Object.keys(ref)
      .flatMap((k) => k.match(new RegExp(`^${outcome}\\.weekly\\.(\\d+)\\.estimate$`))?.[1] ?? [])
      .map(Number);

    it(`${outcome}: the reference has weekly figures to check`, () =>
      expect(weeks.length).toBeGreaterThanOrEqual(3));

    const check = (key: string, s: CellSums) => {
      const e = didFromCellSums(s);
      for (const f of ['estimate', 'se', 'ci_low', 'ci_high'] as const) {
        expect(ref[`${key}.${f}`], `${key}.${f} in the reference`).toBeTypeOf('number');
        expect(
          rel(e[f]!, ref[`${key}.${f}`]),
          `${key}.${f}: ${e[f]} vs R ${ref[`${key}.${f}`]}`,
        ).toBeLessThan(1e-6);
      }
      expect(e.n).toBe(ref[`${key}.n`]);
      expect(e.clusters).toBe(ref[`${key}.clusters`]);
      return e;
    };

    for (const week of weeks) {
      it(`${outcome}: week ${week}`, () => {
        const e = check(
          `${outcome}.weekly.${week}`,
          sums(rows, (r) => r.t === week),
        );
        // The cells agree with R's cell counts too.
        CELL_KEYS.forEach((c, i) => {
          expect(e.cells[i].n).toBe(ref[`${outcome}.cell.${c}.${week}.n`]);
          expect(e.cells[i].share! * e.cells[i].n).toBeCloseTo(
            ref[`${outcome}.cell.${c}.${week}.events`],
            9,
          );
        });
      });
    }
    it(`${outcome}: pooled weeks ${POOLED[0]}–${POOLED[1]}`, () =>
      check(
        `${outcome}.pooled`,
        sums(rows, (r) => r.t >= POOLED[0] && r.t <= POOLED[1]),
      ));
  }
});
