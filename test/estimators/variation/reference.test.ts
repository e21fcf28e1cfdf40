/**
 * The variation estimators against R (test/fixtures/reference/variation-survey,
 * see its README): per-municipality d_m and SE_m with m's persons as the
 * units, the placebo estimates, p_perm, the Conley–Taber interval,
 * heterogeneity and moderators. The inputs are built here from the
 * reference person-week files (pw_<outcome>.csv), independently of the
 * cohort and share stages.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CellSums,
  type PersonRows,
  perMunicipality,
} from '../../../src/estimators/did/index.js';
import {
  municipalityVariation,
  placeboEstimates,
} from '../../../src/estimators/variation/index.js';
import { fixturesDir } from '../../helpers/tmp.js';

const dir = path.join(fixturesDir, 'variation-survey');
const ref = JSON.parse(readFileSync(path.join(dir, 'r-reference.json'), 'utf8')) as Record<
  string,
  number | string
>;
const spec = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8')) as {
  treated: string[];
  pooled: { weeks: [number, number] };
};

function csv(file: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const names = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i], v])));
}

/**
 * Person × cell rows over the pooled weeks, and municipality × cell sums, from a person-week file.
 */
function inputs(outcome: string): { rows: PersonRows; sums: CellSums } {
  const pw = csv(path.join(fixturesDir, 'synthetic-1500', `pw_${outcome}.csv`));
  const [from, to] = spec.pooled.weeks;
  const clusters = [...new Set(pw.map((r) => r.kom))].sort();
  const g = new Map(clusters.map((c, i) => [c, i]));
  const persons = new Map<string, number>();
  const row = new Map<
    string,
    { kom: number; cell: number; person: number; m: number; y: number }
  >();
  const G = clusters.length;
  const sums: CellSums = {
    clusters,
    n: new Float64Array(4 * G),
    sumY: new Float64Array(4 * G),
    sumYY: new Float64Array(4 * G),
  };
  for (const r of pw) {
    const t = Number(r.t);
    if (t < from || t > to) continue;
    // The treated flag of the file is synthetic-1500's; the cell here follows this spec's treated
    // list.
    const cell = 2 * (spec.treated.includes(r.kom) ? 1 : 0) + Number(r.during);
    if (!persons.has(r.pnr)) persons.set(r.pnr, persons.size);
    const key = `${r.pnr}.${r.during}`;
    const e = row.get(key) ?? { kom: g.get(r.kom)!, cell, person: persons.get(r.pnr)!, m: 0, y: 0 };
    e.m++;
    e.y += Number(r.y);
    row.set(key, e);
    sums.n[4 * g.get(r.kom)! + cell]++;
    sums.sumY[4 * g.get(r.kom)! + cell] += Number(r.y);
    sums.sumYY[4 * g.get(r.kom)! + cell] += Number(r.y);
  }
  const list = [...row.values()];
  const rows: PersonRows = {
    clusters,
    cluster: Int32Array.from(list.map((e) => e.kom)),
    cell: Uint8Array.from(list.map((e) => e.cell)),
    weight: Float64Array.from(list.map((e) => e.m)),
    sumY: Float64Array.from(list.map((e) => e.y)),
    sumYY: Float64Array.from(list.map((e) => e.y)),
    person: Int32Array.from(list.map((e) => e.person)),
    covariates: [],
  };
  return { rows, sums };
}

const moderators = (() => {
  const k = csv(path.join(dir, 'kommuner.csv'));
  return ['fidelity', 'caseload'].map((name) => ({
    name,
    values: new Map(k.map((r) => [r.municipality, Number(r[name])])),
  }));
})();

const close = (got: number | null | undefined, want: number | string, what: string) => {
  expect(typeof want, what).toBe('number');
  expect(got, what).toBeTypeOf('number');
  const w = want as number;
  expect(
    Math.abs(got! - w) / Math.max(Math.abs(w), 1e-300),
    `${what}: ${got} vs ${w}`,
  ).toBeLessThan(1e-6);
};

describe('variation between municipalities reproduces R (variation-survey)', () => {
  for (const outcome of ['internship', 'hours']) {
    const { rows, sums } = inputs(outcome);
    const treated = spec.treated.map((t) => rows.clusters.indexOf(t));
    const muni = perMunicipality(rows, treated, 0.95);
    const placebo = placeboEstimates(sums, treated);
    const v = municipalityVariation(
      muni.map((m) => ({
        municipality: m.municipality,
        estimate: m.estimate,
        se: m.se,
        flag: null,
      })),
      placebo.map((p) => p.estimate!),
      moderators,
      { level: 0.95, seed: 1 },
    );
    const base = `wide.outcomes.${outcome}`;

    it(`${outcome}: d_m, SE_m and interval with m's persons as units`, () => {
      let checked = 0;
      for (const m of muni) {
        for (const f of ['estimate', 'se', 'ci_low', 'ci_high'] as const) {
          close(
            m[f],
            ref[`${base}.municipalities[municipality:${m.municipality}].${f}`],
            `${m.municipality}.${f}`,
          );
          checked++;
        }
      }
      expect(checked).toBe(4 * 7);
    });

    it(`${outcome}: every placebo estimate`, () => {
      const keys = Object.keys(ref).filter((k) => k.startsWith(`${base}.placebo[`));
      expect(keys.length).toBe(23);
      expect(placebo.length).toBe(23);
      for (const p of placebo)
        close(
          p.estimate,
          ref[`${base}.placebo[municipality:${p.municipality}].estimate`],
          `placebo ${p.municipality}`,
        );
    });

    it(`${outcome}: p_perm, Conley–Taber interval, shrunken estimate`, () => {
      let checked = 0;
      for (const m of v.municipalities) {
        for (const f of ['p_perm', 'ct_low', 'ct_high', 'shrunk'] as const) {
          close(
            m[f],
            ref[`${base}.municipalities[municipality:${m.municipality}].${f}`],
            `${m.municipality}.${f}`,
          );
          checked++;
        }
      }
      expect(checked).toBe(4 * 7);
    });

    it(`${outcome}: Q, df, p, I², τ², mean, shrunken range`, () => {
      const h = v.heterogeneity!;
      const fields = ['q', 'df', 'p', 'i2', 'tau2', 'mean', 'shrunk_min', 'shrunk_max'] as const;
      for (const f of fields) {
        const want = ref[`${base}.heterogeneity.${f}`];
        if (want === 0) expect(h[f], f).toBe(0);
        else close(h[f], want, f);
      }
    });

    it(`${outcome}: moderator slopes, SEs and exact permutation p-values`, () => {
      expect(v.moderators.length).toBe(2);
      for (const m of v.moderators) {
        for (const f of ['slope', 'se', 'p_perm', 'permutations'] as const)
          close(m[f], ref[`${base}.moderators[name:${m.name}].${f}`], `${m.name}.${f}`);
      }
    });
  }
});
