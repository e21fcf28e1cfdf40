/**
 * `effekt verify --junit`: JUnit XML with a testcase per check, a failure
 * element for each miss, and the user's own files left alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitXml } from '../src/verify/junit.js';
import { checkResults } from '../src/verify/verify.js';
import { repoRoot, tmpFolder, writeIn } from './helpers/tmp.js';

const bin = path.join(repoRoot, 'bin/effekt');
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => name === 'testcase',
});

const results = {
  outcomes: { internship: { pooled: { estimate: 0.105, p: 0.0004 } }, x: { cox: { hr: 1.2 } } },
};
const checks = [
  {
    id: 'effect',
    result: 'outcomes.internship.pooled.estimate',
    expected: 0.1,
    tolerance: 0.03,
    source: 'fig. 1 & p. 12',
  },
  { id: 'significant', result: 'outcomes.internship.pooled.p', max: 0.05, source: 'p. 12' },
  {
    id: 'hr <ratio>',
    result: 'outcomes.x.cox.hr',
    expected: 1.61,
    tolerance: 0.2,
    source: 'p. 14',
  },
  {
    id: 'missing',
    result: 'outcomes.hours.pooled.estimate',
    expected: 0.01,
    tolerance: 0.01,
    source: 'fig. 3',
  },
];

describe('JUnit XML', () => {
  it('has one testcase per check and a failure for each of the two misses', () => {
    const doc = parser.parse(junitXml(checkResults(results, checks), 'Bedre Ressourceforløb'));
    const suite = doc.testsuites.testsuite;
    expect(suite.name).toBe('Bedre Ressourceforløb');
    expect(suite.tests).toBe('4');
    expect(suite.failures).toBe('2');
    const cases = suite.testcase as Record<string, unknown>[];
    expect(cases.map((c) => c.name)).toEqual(['effect', 'significant', 'hr <ratio>', 'missing']);
    expect(cases.map((c) => c.failure !== undefined)).toEqual([false, false, true, true]);
    const hr = cases[2].failure as Record<string, string>;
    expect(hr.message).toBe('got 1.2, accepted 1.41 … 1.81');
    expect(hr['#text']).toContain('source: p. 14');
    expect((cases[3].failure as Record<string, string>).message).toBe('not in results');
  });

  it(
    'is written by the CLI beside the table, rewritten on a rerun, and ' +
      'never replaces a file it did not write',
    () => {
      const dir = tmpFolder();
      const res = writeIn(dir, 'results.json', JSON.stringify(results));
      const exp = writeIn(dir, 'expected.json', JSON.stringify({ title: 'BRF', checks }));
      const junit = path.join(dir, 'junit.xml');
      const run = () =>
        spawnSync('node', [bin, 'verify', res, '--expect', exp, '--junit', junit], {
          encoding: 'utf8',
        });
      let r = run();
      expect(r.status).toBe(1);
      expect(existsSync(junit)).toBe(true);
      expect(parser.parse(readFileSync(junit, 'utf8')).testsuites.testsuite.testcase).toHaveLength(
        4,
      );
      r = run();
      expect(r.status).toBe(1);
      const mine = writeIn(dir, 'notes.xml', '<notes>mine</notes>');
      r = spawnSync('node', [bin, 'verify', res, '--expect', exp, '--junit', mine], {
        encoding: 'utf8',
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/notes\.xml.*effekt did not write it/);
      expect(readFileSync(mine, 'utf8')).toBe('<notes>mine</notes>');
      r = spawnSync(
        'node',
        [bin, 'verify', res, '--expect', exp, '--junit', path.join(dir, 'nope', 'j.xml')],
        { encoding: 'utf8' },
      );
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    },
  );
});
