import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveParams, simulateToFiles, personGenerator, BRF_TREATED } from '../../src/simulate/index.js';
import { loadSpec } from '../../src/spec/spec.js';
import { InputError } from '../../src/read/errors.js';
import { tmpFolder } from '../helpers/tmp.js';

const dir = tmpFolder('effekt-sim-');

describe('simulator', () => {
  it('same seed, same bytes; another seed, other bytes', () => {
    const p = resolveParams('brf', 300, 7);
    const a = simulateToFiles(p, path.join(dir, 'a'));
    const b = simulateToFiles(p, path.join(dir, 'b'));
    const c = simulateToFiles(resolveParams('brf', 300, 8), path.join(dir, 'c'));
    const text = (r: { csvPath: string }) => readFileSync(r.csvPath, 'utf8');
    expect(text(a)).toBe(text(b));
    expect(text(a)).not.toBe(text(c));
    expect(a.bytes).toBe(Buffer.byteLength(text(a)));
  });

  it('writes a DREAM-shaped header, codes and hours, and a valid spec', () => {
    const r = simulateToFiles(resolveParams('brf', 500, 3), path.join(dir, 'shape'));
    const [header, ...rows] = readFileSync(r.csvPath, 'utf8').trim().split('\n');
    const cols = header.split(',');
    expect(cols.slice(0, 6)).toEqual(['pnr', 'kom', 'alder', 'koen', 'herkomst', 'civilstand']);
    const weeks = cols.filter((c) => c.startsWith('y_'));
    // 2015-W01 … 2019-W52: 2015 has 53 weeks, 2016–2019 have 52
    expect(weeks).toHaveLength(53 + 4 * 52);
    expect(weeks).toContain('y_1553');
    expect(weeks).not.toContain('y_1653');
    expect(cols.filter((c) => c.startsWith('timer_'))).toHaveLength(60);
    expect(rows).toHaveLength(500);
    const codeCols = cols.map((c, i) => (c.startsWith('y_') ? i : -1)).filter((i) => i >= 0);
    const hourCols = cols.map((c, i) => (c.startsWith('timer_') ? i : -1)).filter((i) => i >= 0);
    for (const row of rows) {
      const f = row.split(',');
      expect(f).toHaveLength(cols.length);
      for (const i of codeCols) expect(f[i]).toMatch(/^(\d{3})?$/);
      for (const i of hourCols) expect(f[i] === '' || Number(f[i]) > 0).toBe(true);
    }
    const spec = loadSpec(r.specPath);
    expect(spec.treated.sort()).toEqual(Object.keys(BRF_TREATED).sort());
    expect(spec.outcomes.map((o) => o.id)).toEqual(['internship', 'hours', 'hours-in-programme', 'time-to-internship']);
  });

  it('treated persons differ in background as the seed describes (older, more non-Western)', () => {
    const gen = personGenerator(resolveParams('brf', 20000, 5));
    const t = { n: 0, age: 0, nw: 0 };
    const c = { n: 0, age: 0, nw: 0 };
    for (let i = 0; i < 20000; i++) {
      const p = gen.next();
      const g = p.treated ? t : c;
      g.n++;
      g.age += p.age;
      g.nw += p.origin === 'ikke-vestlig' ? 1 : 0;
    }
    expect(t.age / t.n - c.age / c.n).toBeGreaterThan(1);
    expect(t.nw / t.n - c.nw / c.n).toBeGreaterThan(0.03);
  });

  it('rejects unknown parameters and wrong types', () => {
    expect(() => resolveParams('brf', 10, 1, { nope: 1 })).toThrow(InputError);
    expect(() => resolveParams('brf', 10, 1, { effect: 'big' })).toThrow(/expected a number/);
    expect(resolveParams('brf', 10, 1, { effect: 1.2 }).effect).toBe(1.2);
    expect(resolveParams('none', 10, 1).effect).toBe(1);
  });
});
