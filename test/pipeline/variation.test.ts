/**
 * The variation stage inside a run: flags (too few persons, no events) keep
 * the estimate but leave it out of every pooled figure; --min-cell hides a
 * municipality entirely (its own estimate, its placebo) so nothing
 * published rests on it. Expected values are derived here from R's figures
 * (test/fixtures/reference/variation-survey) with the formulas of docs/definitions.md.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { disclose } from '../../src/disclosure/index.js';
import type { MunicipalityEstimate } from '../../src/estimators/did/index.js';
import { evaluate } from '../../src/pipeline/evaluate.js';
import { outcomeVariation } from '../../src/pipeline/variation.js';
import { readExtract } from '../../src/read/index.js';
import { readMunicipalityData } from '../../src/read/municipalityData.js';
import type { Results, ShareOutcomeResult } from '../../src/results/results.js';
import { checkSpecAgainstExtract, resolveSpec } from '../../src/spec/spec.js';
import { fromObs, type Obs } from '../estimators/did/helpers.js';
import { fixturesDir } from '../helpers/tmp.js';

const dir = path.join(fixturesDir, 'variation-survey');
const ref = JSON.parse(readFileSync(path.join(dir, 'r-reference.json'), 'utf8')) as Record<
  string,
  number
>;
const TREATED = ['155', '161', '169', '185', '190', '201', '210'];
const R = (k: string) => ref[`wide.outcomes.internship.${k}`];

async function run(over: Record<string, unknown>, minCell: number): Promise<Results> {
  const raw = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8'));
  delete raw.progression;
  delete raw.fidelity;
  const spec = resolveSpec(
    { ...raw, ...over, inference: { ...raw.inference, bootstrap: 0 } },
    path.join(dir, 'spec.json'),
  );
  const x = await readExtract(spec.data.path, {
    id: spec.data.id,
    municipality: spec.data.municipality,
    requireMunicipality: true,
  });
  checkSpecAgainstExtract(spec, x);
  // The disclosure stage hides, as runEvaluation does after evaluate.
  return disclose(
    evaluate(x, spec, { municipalityData: await readMunicipalityData(spec.municipalityData!) }),
    minCell,
  );
}

/** Q, DL τ² and the τ²-weighted mean by the formulas of docs/definitions.md. */
function pooled(d: number[], se: number[]) {
  const w = se.map((s) => 1 / s ** 2);
  const sw = w.reduce((a, b) => a + b, 0);
  const mean = w.reduce((a, x, i) => a + x * d[i], 0) / sw;
  const q = w.reduce((a, x, i) => a + x * (d[i] - mean) ** 2, 0);
  const tau2 = Math.max(0, (q - (d.length - 1)) / (sw - w.reduce((a, x) => a + x * x, 0) / sw));
  const v = se.map((s) => s ** 2 + tau2);
  return {
    q,
    tau2,
    mean: d.reduce((a, x, i) => a + x / v[i], 0) / v.reduce((a, x) => a + 1 / x, 0),
  };
}

describe('flags: fewer persons than variation.minPersons', () => {
  let o: ShareOutcomeResult;
  beforeAll(async () => {
    o = (await run({ variation: { minPersons: 20 } }, 0)).outcomes.internship as ShareOutcomeResult;
  });

  it(
    '155 (15 persons) and 190 (11) keep estimate, interval and placebo p ' +
      'but are flagged and not shrunk',
    () => {
      for (const m of ['155', '190']) {
        const r = o.municipalities.find((x) => x.municipality === m)!;
        expect(r.flag).toBe('few-persons');
        expect(r.estimate! / R(`municipalities[municipality:${m}].estimate`)).toBeCloseTo(1, 9);
        expect(r.p_perm! / R(`municipalities[municipality:${m}].p_perm`)).toBeCloseTo(1, 9);
        expect(r.shrunk).toBeNull();
      }
      expect(o.municipalities.filter((m) => m.flag === null).length).toBe(5);
    },
  );

  it('Q, τ² and the mean are those of the other five', () => {
    const kept = TREATED.filter((m) => m !== '155' && m !== '190');
    const want = pooled(
      kept.map((m) => R(`municipalities[municipality:${m}].estimate`)),
      kept.map((m) => R(`municipalities[municipality:${m}].se`)),
    );
    expect(o.heterogeneity!.df).toBe(4);
    expect(o.heterogeneity!.q / want.q).toBeCloseTo(1, 9);
    expect(o.heterogeneity!.tau2 / want.tau2).toBeCloseTo(1, 9);
    expect(o.heterogeneity!.mean / want.mean).toBeCloseTo(1, 9);
    expect(o.moderators[0].points.length).toBe(5);
  });
});

describe('--min-cell hides small municipalities entirely', () => {
  let o: ShareOutcomeResult;
  beforeAll(async () => {
    o = (await run({}, 20)).outcomes.internship as ShareOutcomeResult;
  });

  it('treated municipalities under 20 persons: every number null, with the reason', () => {
    for (const m of ['155', '190']) {
      const r = o.municipalities.find((x) => x.municipality === m)!;
      for (const f of [
        'estimate',
        'se',
        'ci_low',
        'ci_high',
        'p',
        'p_perm',
        'ct_low',
        'ct_high',
        'shrunk',
      ] as const)
        expect(r[f], `${m}.${f}`).toBeNull();
      expect(r.problem).toBe('small-cell');
    }
  });

  it(
    'comparison municipalities with a cohort cell under 20 persons leave ' +
      'the placebo list and the distribution',
    async () => {
      // A placebo estimate is a DiD of the municipality's own before and during cells: it rests on
      // each of them.
      const raw = (await run({}, 0)).outcomes.internship as ShareOutcomeResult;
      const small = (n: number) => n >= 1 && n < 20;
      const want = raw.placebo
        .filter((p) => small(p.persons ?? 0) || (p.cell_persons ?? []).some(small))
        .map((p) => p.municipality);
      // Among them the four of 4, 6, 9 and 17 persons in all.
      expect(want.length).toBeGreaterThanOrEqual(4);
      const hidden = o.placebo.filter((p) => p.estimate === null);
      expect(hidden.map((p) => p.municipality)).toEqual(want);
      for (const p of hidden) expect(p.persons).toBeNull();
      expect(o.variation.placebo_count).toBe(o.placebo.length - hidden.length);
      // At --min-cell 20 every treated municipality has a cohort cell (before or during) of fewer
      // than 20 persons, so
      // the disclosure stage hides every municipality's estimate and what derives from it; at 10, 185
      // and 201 are shown.
      for (const m of o.municipalities) expect(m.p_perm, m.municipality).toBeNull();
    },
  );

  it(
    'at --min-cell 10, p_perm of a shown municipality follows from the ' +
      'placebo effects that are shown',
    async () => {
      const o10 = (await run({}, 10)).outcomes.internship as ShareOutcomeResult;
      const kept = o10.placebo
        .filter((p) => p.estimate !== null)
        .map((p) => R(`placebo[municipality:${p.municipality}].estimate`));
      expect(kept.length).toBe(o10.variation.placebo_count);
      for (const m of ['185', '201']) {
        const d = R(`municipalities[municipality:${m}].estimate`);
        const want =
          (1 + kept.filter((c) => Math.abs(c) >= Math.abs(d)).length) / (1 + kept.length);
        expect(o10.municipalities.find((x) => x.municipality === m)!.p_perm).toBeCloseTo(want, 12);
      }
    },
  );
});

describe('outcomeVariation: a municipality where nobody had the outcome', () => {
  // Comparison a, b, c; treated t1 (no events in its cells), t2, t3.
  const obs: Obs[] = [];
  const add = (g: number, c: number, n: number, k: number) => {
    for (let i = 0; i < n; i++) obs.push([g, c, i < k ? 1 : 0]);
  };
  add(0, 0, 20, 4);
  add(0, 1, 20, 6);
  add(1, 0, 20, 5);
  add(1, 1, 20, 5);
  add(2, 0, 20, 3);
  add(2, 1, 20, 8);
  add(3, 2, 20, 0);
  add(3, 3, 20, 0);
  add(4, 2, 20, 4);
  add(4, 3, 20, 9);
  add(5, 2, 20, 6);
  add(5, 3, 20, 12);
  const sums = fromObs(['a', 'b', 'c', 't1', 't2', 't3'], obs);
  const est = (
    label: string,
    d: number,
    se: number,
    share2: number,
    share3: number,
  ): MunicipalityEstimate => ({
    municipality: label,
    persons: 40,
    clustering: 'person-and-municipality',
    note: '',
    estimate: d,
    se,
    ci_low: d - 2 * se,
    ci_high: d + 2 * se,
    p: 0.5,
    n: 100,
    clusters: 43,
    se_naive: se,
    cells: [
      { n: 60, share: 0.2 },
      { n: 60, share: 0.3 },
      { n: 20, share: share2 },
      { n: 20, share: share3 },
    ],
  });
  const v = outcomeVariation(
    [est('t1', -0.1, 0.05, 0, 0), est('t2', 0.15, 0.08, 0.2, 0.45), est('t3', 0.2, 0.1, 0.3, 0.6)],
    {
      pooled: sums,
      treated: [3, 4, 5],
      personsPerCluster: [20, 20, 20, 40, 40, 40],
      moderators: [],
      level: 0.95,
      seed: 1,
      minPersons: 10,
      minCell: 0,
    },
  );

  it('is flagged no-events and left out of Q; the others are pooled', () => {
    expect(v.municipalities[0].flag).toBe('no-events');
    expect(v.municipalities[0].shrunk).toBeNull();
    expect(v.municipalities[0].p_perm).not.toBeNull();
    expect(v.heterogeneity!.df).toBe(1);
    expect(v.heterogeneity!.q).toBeCloseTo(pooled([0.15, 0.2], [0.08, 0.1]).q, 14);
  });

  it('placebo estimates: each comparison municipality against the other two', () => {
    // a: (6 − 4)/20 − ((5 + 8) − (5 + 3))/40 = 0.1 − 0.125
    expect(v.placebo.map((p) => p.municipality)).toEqual(['a', 'b', 'c']);
    expect(v.placebo[0].estimate).toBeCloseTo(0.1 - 0.125, 14);
    expect(v.placebo_count).toBe(3);
  });
});
