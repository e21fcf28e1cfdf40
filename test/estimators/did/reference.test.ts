/**
 * didFromCellSums against R: lm(y ~ treated * during) with
 * sandwich::vcovCL(cluster = ~kom, type = "HC1", cadjust = TRUE), intervals
 * ± qnorm(0.975)·SE (shared/reference/synthetic-1500/r-reference.json),
 * from the reference person-week files.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { didFromCellSums, type CellSums } from '../../../src/estimators/did/index.js';
import { referenceDir } from '../../helpers/tmp.js';

const ref = JSON.parse(readFileSync(path.join(referenceDir, 'r-reference.json'), 'utf8')) as Record<string, number>;

function personWeeks(file: string) {
  const [, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  return rows.map((r) => {
    const [pnr, kom, treated, during, t, k, y] = r.split(',');
    return { pnr, kom, cell: 2 * Number(treated) + Number(during), t: Number(t), k: Number(k), y: Number(y) };
  });
}

/** Cluster × cell sums of the person-weeks that pass a filter. */
function sums(rows: ReturnType<typeof personWeeks>, keep: (r: { t: number }) => boolean): CellSums {
  const clusters = [...new Set(rows.map((r) => r.kom))].sort();
  const idx = new Map(clusters.map((c, i) => [c, i]));
  const s: CellSums = { clusters, n: new Float64Array(4 * clusters.length), sumY: new Float64Array(4 * clusters.length), sumYY: new Float64Array(4 * clusters.length) };
  for (const r of rows) {
    if (!keep(r)) continue;
    const j = 4 * idx.get(r.kom)! + r.cell;
    s.n[j]++;
    s.sumY[j] += r.y;
    s.sumYY[j] += r.y * r.y;
  }
  return s;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('DiD with CR1 reproduces R (synthetic-1500)', () => {
  for (const outcome of ['internship', 'hours']) {
    const rows = personWeeks(path.join(referenceDir, `pw_${outcome}.csv`));
    const check = (key: string, e: ReturnType<typeof didFromCellSums>) => {
      for (const f of ['estimate', 'se', 'ci_low', 'ci_high'] as const) {
        expect(rel(e[f]!, ref[`${key}.${f}`]), `${key}.${f}`).toBeLessThan(1e-6);
      }
      expect(e.n).toBe(ref[`${key}.n`]);
      expect(e.clusters).toBe(ref[`${key}.clusters`]);
    };
    for (const week of [10, 43, 95]) {
      it(`${outcome}: week ${week}`, () => check(`${outcome}.weekly.${week}`, didFromCellSums(sums(rows, (r) => r.t === week))));
    }
    it(`${outcome}: pooled weeks 53–104`, () => check(`${outcome}.pooled`, didFromCellSums(sums(rows, (r) => r.t >= 53 && r.t <= 104))));
  }
});
