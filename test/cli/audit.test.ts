/**
 * `effekt audit` as a user meets it: one-line errors with exit 2, and a tiny
 * run (two replications of a small extract, seconds) whose table, JSON, CSV
 * and figure agree with the counts. No Monte Carlo here: the audit's size
 * and power figures are measured by scripts/audit-scenarios.sh.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulateExtract } from '../../src/simulate/index.js';
import { effekt } from '../helpers/effekt.js';
import { tmpFolder, writeIn } from '../helpers/tmp.js';

const dir = tmpFolder('effekt-audit-');

describe('effekt audit: errors', () => {
  it('a spec that is not valid JSON: exit 2, one line naming the file and line', () => {
    const spec = writeIn(dir, 'bad.json', '{\n  "name": "x",\n}\n');
    const r = effekt(['audit', spec]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.json:\d+.*not valid JSON/);
  });
  it('a spec file that does not exist: exit 2, one line', () => {
    const r = effekt(['audit', path.join(dir, 'missing.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/missing\.json.*no such spec file/);
  });
  it('a spec key the validator refuses: exit 2 with its path', () => {
    const spec = writeIn(dir, 'wrong.json', JSON.stringify({ name: 'x', data: {} }));
    const r = effekt(['audit', spec]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/wrong\.json/);
  });
  it('bad options: exit 2, one line', () => {
    for (const args of [
      ['--replications', '0'],
      ['--effect', '-1'],
      ['--effect', 'strong'],
      ['--persons', 'many'],
    ]) {
      const r = effekt(['audit', path.join(dir, 'missing.json'), ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
  it('--help shows an example', () => {
    const r = effekt(['audit', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n {2}\$ effekt audit /);
  });
});

describe('effekt audit: a tiny run', () => {
  let specFile = '';
  beforeAll(async () => {
    // 1,200 persons in five municipalities, two participating.
    const res = await simulateExtract({
      preset: 'brf',
      persons: 1200,
      seed: 5,
      outDir: path.join(dir, 'design'),
      overrides: {
        municipalities: '101:300,147:200,151:300,153:250,155:150',
        treated: '101,147',
      },
    });
    specFile = res.specPath;
  });

  it('counts two replications; the JSON, the CSV and the table agree', () => {
    const out = path.join(dir, 'out');
    const r = effekt([
      'audit',
      specFile,
      '--replications',
      '2',
      '--bootstrap',
      '19',
      '--persons',
      '600',
      '--out',
      out,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.settings).toMatchObject({ replications: 2, effect: 0, bootstrap: 19, persons: 600 });
    // The design read from the extract: five municipalities, 1,200 persons, 101 and 147
    // participating.
    expect(a.design).toMatchObject({ municipalities: 5, persons: 1200, treated: ['101', '147'] });
    expect(['101', '147']).toContain(a.design.largest_treated);
    expect(a.design.largest_treated_share).toBeGreaterThanOrEqual(0.5);
    expect(a.rows.length).toBeGreaterThan(4);
    for (const row of a.rows) {
      expect(row.answered).toBeLessThanOrEqual(2);
      expect(row.claims).toBeLessThanOrEqual(row.answered);
      if (row.answered > 0) {
        const p = row.claims / row.answered;
        expect(row.rate).toBe(p);
        expect(row.mc_se).toBeCloseTo(Math.sqrt((p * (1 - p)) / row.answered), 15);
      }
    }
    const csv = readFileSync(path.join(out, 'audit.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^outcome,check,effect,replications,answered,claims,rate,mc_se,/);
    expect(csv).toHaveLength(a.rows.length + 1);
    expect(JSON.parse(readFileSync(path.join(out, 'audit.json'), 'utf8'))).toEqual(a);
    const svg = readFileSync(path.join(out, 'audit.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('Size audit of design');
    // No folder of the machine in the audit's files.
    expect(r.stdout).not.toContain(dir);
  });

  it('--set cannot change what the audit takes from the spec: exit 2, one line', () => {
    const r = effekt(['audit', specFile, '--set', 'treated=101', '--replications', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /--set treated: the audit takes the municipalities and participants from the spec/,
    );
  });

  it('the table in Danish, with the same seed the same counts', () => {
    const r = effekt([
      'audit',
      specFile,
      '--replications',
      '2',
      '--bootstrap',
      '19',
      '--persons',
      '600',
      '--out',
      path.join(dir, 'out-da'),
      '--lang',
      'da',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Testniveau-analyse af design: 2 simulerede udtræk uden effekt/);
    const en = JSON.parse(readFileSync(path.join(dir, 'out', 'audit.json'), 'utf8'));
    const da = JSON.parse(readFileSync(path.join(dir, 'out-da', 'audit.json'), 'utf8'));
    expect(da.rows).toEqual(en.rows);
  });
});
