import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMunicipalityData } from '../../src/read/municipalityData.js';
import {
  drawMunicipalities,
  effectStrength,
  fidelityScores,
  municipalityFileText,
  resolveParams,
  simulateToFiles,
} from '../../src/simulate/index.js';
import { tmpFolder } from '../helpers/tmp.js';

function correlation(a: number[], b: number[]): number {
  const ma = a.reduce((x, y) => x + y, 0) / a.length;
  const mb = b.reduce((x, y) => x + y, 0) / b.length;
  let sab = 0,
    saa = 0,
    sbb = 0;
  a.forEach((_, i) => {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe('simulated municipality file', () => {
  it(
    'fidelity follows the true effect strength of the participating ' +
      'municipalities; comparison ones have none',
    () => {
      for (const seed of [1, 2, 3]) {
        const p = resolveParams('brf', 1000, seed);
        const d = drawMunicipalities(p);
        const s = effectStrength(p, d);
        const f = fidelityScores(p, d);
        const treated = d.codes.flatMap((_c, m) => (d.treated[m] ? [m] : []));
        expect(treated.length).toBe(p.treated.length);
        const r = correlation(
          treated.map((m) => s[m]),
          treated.map((m) => f.get(d.codes[m]) as number),
        );
        expect(r).toBeGreaterThan(0.7);
        for (const [m, code] of d.codes.entries())
          if (!d.treated[m]) expect(f.get(code)).toBeNull();
        for (const m of treated) expect(f.get(d.codes[m])).toBeGreaterThanOrEqual(0);
      }
    },
  );

  it(
    'depends on the seed and the municipality parameters only, not on the ' + 'number of persons',
    () => {
      expect(municipalityFileText(resolveParams('brf', 10, 5))).toBe(
        municipalityFileText(resolveParams('brf', 100000, 5)),
      );
      expect(municipalityFileText(resolveParams('brf', 10, 5))).not.toBe(
        municipalityFileText(resolveParams('brf', 10, 6)),
      );
    },
  );

  it(
    'simulate writes kommuner.csv beside dream.csv, the spec names it, and ' +
      'it reads back with every treated municipality',
    async () => {
      const dir = tmpFolder('effekt-simkom-');
      const p = resolveParams('brf', 50, 1);
      await simulateToFiles(p, dir);
      const spec = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8'));
      expect(spec.municipalityData).toBe('kommuner.csv');
      const data = await readMunicipalityData(path.join(dir, 'kommuner.csv'));
      expect(data.moderators.map((m) => m.name)).toEqual(['fidelity']);
      for (const t of p.treated) expect(data.moderators[0].values.has(t)).toBe(true);
      expect(data.moderators[0].values.size).toBe(p.treated.length);
    },
  );
});
