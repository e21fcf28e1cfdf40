/**
 * The command line as a user meets it: exit codes, one-line errors on
 * stderr (never a stack trace), inspect output. Runs the built CLI
 * (`npm test` builds first).
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { effekt } from '../helpers/effekt.js';
import { referenceDir, repoRoot, tmpFolder, writeIn } from '../helpers/tmp.js';

const dir = tmpFolder();

describe('effekt CLI', () => {
  it('--help on every command exits 0 and shows an example of the command', () => {
    for (const args of [
      ['--help'],
      ['run', '--help'],
      ['inspect', '--help'],
      ['simulate', '--help'],
      ['verify', '--help'],
      ['survey', '--help'],
      ['spec', '--help'],
      ['audit', '--help'],
    ]) {
      const r = effekt(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: effekt/);
      const cmd = args.length > 1 ? args[0] : 'run';
      expect(r.stdout, args.join(' ')).toMatch(new RegExp(`\\nExamples?:\\n  \\$ effekt ${cmd} `));
    }
  });

  it('--version prints the package version', () => {
    const r = effekt(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(
      JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version,
    );
  });

  it('usage errors exit 2 with a one-line reason', () => {
    const r = effekt(['inspect']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/missing required argument/);
    expect(effekt(['frobnicate']).code).toBe(2);
  });

  it('inspect reports persons and week range of the reference extract', () => {
    const r = effekt(['inspect', path.join(referenceDir, 'dream.csv'), '--json']);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.persons).toBe(1500);
    expect(info.firstWeek).toBe('2015-W40');
    expect(info.lastWeek).toBe('2019-W05');
    expect(info.hours.kind).toBe('monthly');
    const text = effekt(['inspect', path.join(referenceDir, 'dream.csv')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Persons\s+1,500/);
    expect(text.stdout).toMatch(/2015-W40 to 2019-W05/);
  });

  it('simulate then inspect a 4,000-person extract', () => {
    const out = path.join(dir, 'sim4000');
    const sim = effekt(['simulate', '--persons', '4000', '--seed', '3', '--out', out, '--quiet']);
    expect(sim.code).toBe(0);
    const r = effekt(['inspect', path.join(out, 'dream.csv'), '--json']);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.persons).toBe(4000);
    expect([info.firstWeek, info.lastWeek]).toEqual(['2015-W01', '2019-W52']);
    expect(info.weeks).toBe(261);
    const run = effekt([
      'run',
      path.join(out, 'spec.json'),
      '--out',
      path.join(dir, 'rep4000'),
      '--bootstrap',
      '49',
    ]);
    expect(run.code).toBe(0);
    // The terminal prints the report's summary section.
    expect(run.stdout).toMatch(/Based on 4,000 persons read/);
    expect(run.stdout).toMatch(/Share in company internship: [+−]\d+\.\d pp\. /);
    // The summary names the report files written (here the helper's text formats: md, csv, svg).
    expect(run.stdout).toMatch(/Report: \S*report\.md \(/);
    expect(run.stdout).not.toMatch(/report\.(html|docx)/);
  });

  it('--formats writes only the files asked for, results.json and the manifest always', () => {
    const out = path.join(dir, 'sim4000');
    const rep = path.join(dir, 'rep-formats');
    const run = effekt(['run', path.join(out, 'spec.json'), '--out', rep, '--formats', 'csv,svg']);
    expect(run.code).toBe(0);
    const top = readdirSync(rep).sort();
    expect(top).toEqual([
      'effects',
      'figures',
      'manifest.json',
      'results.json',
      'series',
      'survey',
      'survival',
      'tables',
    ]);
    expect(readdirSync(path.join(rep, 'figures')).every((f) => f.endsWith('.svg'))).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(rep, 'manifest.json'), 'utf8'));
    expect(manifest.formats).toEqual(['csv', 'svg']);
    expect(run.stdout).toMatch(/Report: \S*results\.json \(/);
    const bad = effekt(['run', path.join(out, 'spec.json'), '--out', rep, '--formats', 'md,pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--formats: unknown format "pdf"/);
  });

  it('bad input exits 2 naming file, line and column, without a stack trace', () => {
    const f = writeIn(dir, 'bad.csv', 'pnr,kom,y_1701,h_1701\n1,101,771,abc\n');
    const r = effekt(['inspect', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `effekt: ${f}:2:4: hours "abc" in column h_1701 are not a decimal ` +
        `number (expected digits with an optional decimal part, e.g. ` +
        `37 or 7.4; empty = 0)\n`,
    );
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    const missing = effekt(['inspect', path.join(dir, 'none.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/none\.csv: no such file/);
  });

  it('a bad spec exits 2 with the field path', () => {
    const spec = writeIn(
      dir,
      'spec.json',
      JSON.stringify({
        name: 'x',
        data: { path: 'd.csv' },
        codes: { programme: [771] },
        treated: ['1'],
        cohorts: {},
        outcomes: [],
      }),
    );
    const r = effekt(['run', spec]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/spec\.json: codes\.programme\[0\]: expected a benefit code as text/);
  });
});
