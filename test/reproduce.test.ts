/**
 * `npm run reproduce` end to end: the shipped sample recovers the published
 * figures within their tolerances, and a simulation with the programme's
 * effect switched off fails verification, naming the checks (exit 1).
 */

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/tmp.js';

const script = path.join(repoRoot, 'dist/reproduce/reproduce.js');
const run = (args: string[]) =>
  spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });

describe('reproduce the published Bedre Ressourceforløb results', () => {
  it('passes every check on the shipped sample', () => {
    const r = run([]);
    expect(r.stdout).toMatch(/all 25 checks passed/);
    expect(r.status).toBe(0);
  });
  it('fails, naming the checks, when the simulator switches the effect off', () => {
    const r = run(['--set', 'programmeEffect=false']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/checks failed: .*internship effect, week 95/);
    expect(r.stdout).toMatch(/FAIL\s+internship start rate, hazard ratio/);
  });
});
