// biome-ignore-all lint/suspicious/noExplicitAny: this test reads and edits free-form JSON (specs made wrong on purpose, results.json by path)
/**
 * The spec against its data: codes and municipalities written another way
 * than the extract writes them, code lists with nothing to evaluate, absent
 * censor codes, and --strict. On the 1,500-person reference extract, whose
 * codes are 771/772/997/998 and whose treated municipalities include 155.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSpec, looseSpelling } from '../../src/spec/audit.js';
import { resolveSpec } from '../../src/spec/spec.js';
import { effekt } from '../helpers/effekt.js';
import { referenceDir, tmpFolder, writeIn } from '../helpers/tmp.js';

const baseSpec = () => ({
  ...JSON.parse(readFileSync(path.join(referenceDir, 'spec.json'), 'utf8')),
  data: { path: path.join(referenceDir, 'dream.csv'), covariates: [] },
});
const fakeExtract = {
  codeDict: ['', '771', '772', '998', '521'],
  codeCounts: new Float64Array([100, 40, 12, 3, 0]),
  municipality: { name: 'kom', levels: ['', '101', '155', '461'], codes: new Uint32Array() },
  firstWeek: 0,
  weeks: 10,
};
const audit = (mutate: (s: any) => void) => {
  const s = baseSpec();
  mutate(s);
  return auditSpec(resolveSpec(s, '/tmp/spec.json'), fakeExtract);
};

describe('loose spelling', () => {
  it('reads codes and municipalities as a number would', () => {
    expect(['0771', '771.0', ' 771', '771 ', '00771.00'].map(looseSpelling)).toEqual([
      '771',
      '771',
      '771',
      '771',
      '771',
    ]);
    expect(looseSpelling('0')).toBe('0');
    expect(looseSpelling('AB1')).toBe('ab1');
  });
});

describe('auditing a spec against the extract', () => {
  it(
    'accepts a spec whose codes and municipalities occur; absent censor ' + 'codes are a warning',
    () => {
      const a = audit((s) => (s.treated = ['155', '461']));
      expect(a.errors).toEqual([]);
      expect(a.warnings).toHaveLength(1);
      expect(a.warnings[0].message).toMatch(
        /^codes\.censor: code "997" does not occur in the extract's weeks/,
      );
    },
  );
  it('names the spelling that occurs for a code or municipality written another way', () => {
    let a = audit((s) => {
      s.codes.programme = ['0771', '772'];
      s.treated = ['0461'];
    });
    expect(a.errors.map((e) => e.where)).toEqual(['codes.programme[0]', 'treated[0]']);
    expect(a.errors[0].message).toMatch(
      /code "0771" does not occur .*; "771" does \(values are compared as written\)/,
    );
    expect(a.errors[1].message).toMatch(
      /municipality "0461" does not occur in the extract's column "kom"; "461" does/,
    );
    a = audit((s) => (s.codes.censor = ['998.0']));
    expect(a.errors[0]).toMatchObject({ where: 'codes.censor[0]' });
  });
  it('stops when no code of a list occurs, naming the nearest that does', () => {
    const a = audit((s) => {
      s.codes.programme = ['773', '774'];
      s.codes.internship = ['773'];
      s.treated = ['155'];
    });
    expect(a.errors[0]).toMatchObject({ where: 'codes.programme' });
    expect(a.errors[0].message).toMatch(
      /none of the codes "773", "774" occurs .*: nothing to evaluate; the nearest that does is "771"/,
    );
    // A code counted 0 times (only in the dictionary) does not occur.
    const b = audit((s) => {
      s.treated = ['155'];
      s.states = { flex: { codes: ['521'] } };
      s.outcomes.push({ id: 'flex', type: 'share', state: 'flex', population: 'started' });
    });
    expect(b.errors[0]).toMatchObject({ where: 'states.flex.codes' });
    // The same state measured by no outcome: a warning only.
    const c = audit((s) => {
      s.treated = ['155'];
      s.states = { flex: { codes: ['521'] } };
    });
    expect(c.errors).toEqual([]);
    expect(
      c.warnings.some((w) => w.message.startsWith('states.flex.codes: code "521" does not occur')),
    ).toBe(true);
  });
  it('warns about one absent code beside present ones', () => {
    const a = audit((s) => {
      s.codes.programme = ['771', '772', '779'];
      s.treated = ['155'];
    });
    expect(a.errors).toEqual([]);
    expect(
      a.warnings.some((w) => /^codes\.programme: code "779" does not occur/.test(w.message)),
    ).toBe(true);
  });
});

describe('effekt run on the reference extract', () => {
  const dir = tmpFolder();
  const run = (mutate: (s: any) => void, extra: string[] = []) => {
    const s = baseSpec();
    mutate(s);
    const f = writeIn(dir, `spec-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(s));
    return effekt([
      'run',
      f,
      '--out',
      path.join(dir, `out-${Math.random().toString(36).slice(2)}`),
      '--quiet',
      '--bootstrap',
      '0',
      ...extra,
    ]);
  };
  it('exits 2 on a treated municipality written with a leading zero', () => {
    const r = run((s) => (s.treated = ['0155']));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/treated\[0\]: municipality "0155" does not occur .*"155" does/);
  });
  it('--strict turns a warning into exit 2 and writes nothing', () => {
    const ok = run((s) => (s.codes.censor = ['997', '998', '999']));
    expect(ok.code).toBe(0);
    const out = path.join(dir, 'strict-out');
    const s = baseSpec();
    s.codes.censor = ['997', '998', '999'];
    const f = writeIn(dir, 'strict.json', JSON.stringify(s));
    const r = effekt(['run', f, '--out', out, '--quiet', '--bootstrap', '0', '--strict']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--strict: codes\.censor: code "999" does not occur/);
    expect(() => readFileSync(path.join(out, 'results.json'))).toThrow();
  });
});
