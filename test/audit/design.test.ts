/**
 * What the audit copies from a spec and its extract (persons per
 * municipality, participants, weeks) and the spec it evaluates simulated
 * extracts with.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditDesign, auditParams, auditSpec } from '../../src/audit/design.js';
import { readForSpec } from '../../src/pipeline/read.js';
import type { Extract } from '../../src/read/extract.js';
import { resolveParams, simulatedExtract, simulateToFiles } from '../../src/simulate/index.js';
import { loadSpec, type Spec } from '../../src/spec/spec.js';
import { tmpFolder } from '../helpers/tmp.js';

const dir = tmpFolder('effekt-audit-design-');
let spec: Spec;
let x: Extract;

beforeAll(async () => {
  const p = resolveParams('brf', 400, 2, {
    municipalities: '101:100,147:50,151:150,153:100',
    treated: '101,147',
    exactSizes: true,
  });
  const res = await simulateToFiles(p, path.join(dir, 'd'));
  const raw = JSON.parse(readFileSync(res.specPath, 'utf8'));
  raw.states = { job: { codes: ['130'] } };
  raw.outcomes.push({ id: 'job', type: 'share', state: 'job', population: 'started' });
  writeFileSync(res.specPath, JSON.stringify(raw));
  spec = loadSpec(res.specPath);
  x = await readForSpec(spec);
});

describe('auditDesign', () => {
  it('counts the persons of each municipality; the participants from the spec', () => {
    const d = auditDesign(spec, x);
    expect(d.persons).toEqual({ '101': 100, '147': 50, '151': 150, '153': 100 });
    expect(d.treated).toEqual(['101', '147']);
    expect(d.treatedWithoutPersons).toEqual([]);
    // The entry windows of the simulated spec: cohorts 2016-W01 … 2018-W52.
    expect([d.inflowFrom, d.inflowTo, d.effectFrom]).toEqual(['2016-W01', '2018-W52', '2017-W01']);
  });
  it('the parameters of a replication: exact sizes, its seed, scaled persons', () => {
    const d = auditDesign(spec, x);
    const p = auditParams(d, { seed: 9, effect: 0, persons: 200 });
    expect(p).toMatchObject({ seed: 9, persons: 200, exactSizes: true, programmeEffect: false });
    const sim = simulatedExtract(p);
    const n: Record<string, number> = {};
    for (const c of sim.municipality.codes)
      n[sim.municipality.levels[c]] = (n[sim.municipality.levels[c]] ?? 0) + 1;
    expect(n).toEqual({ '101': 50, '147': 25, '151': 75, '153': 50 });
  });
});

describe('auditSpec', () => {
  it(
    "keeps the user's outcomes over internship and hours, leaves the others " +
      'out, and drops the files',
    () => {
      const d = auditDesign(spec, x);
      const { spec: s, outcomesLeftOut } = auditSpec(spec, d);
      expect(outcomesLeftOut).toEqual(['job']);
      expect(s.outcomes.map((o) => o.id)).toEqual([
        'internship',
        'hours',
        'hours-in-programme',
        'time-to-internship',
      ]);
      expect(s.treated).toEqual(['101', '147']);
      expect(s.municipalityData).toBeNull();
      expect(s.progression).toBeUndefined();
      expect(s.cohorts).toEqual(spec.cohorts);
      expect(s.pooled).toEqual(spec.pooled);
      expect(s.inference).toEqual(spec.inference);
    },
  );
});
