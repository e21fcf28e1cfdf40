/**
 * Stages depend only downward. Every relative import under src/ is checked
 * against the stage order below: a module may import from its own stage or
 * a lower one, never from a stage above it. A folder not listed here fails
 * the test, so a new stage has to be placed deliberately.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/tmp.js';

/** Lowest first. Folders on one rank may import each other. */
const STAGES: string[][] = [
  ['version.ts', 'errors.ts', 'calendar', 'domain'], // plain facts: errors, ISO weeks, municipality names
  ['read'], // the extract: reader
  ['design'], // groups, cohorts, entry periods, start rounds, cells
  ['spec'], // the evaluation spec, validated and compiled
  ['cohorts'], // persons → memberships → cells
  ['outcomes'], // shares, durations, state distributions (per-cell sums)
  ['estimators'], // DiD, bootstrap, survival: numbers from sums
  ['results'], // the shape of results.json: plain data, no code
  ['pipeline'], // results: the evaluation as one pure function; computes, hides nothing
  ['disclosure'], // --min-cell: the one stage between the results and every writer
  ['report'], // words, tables, figures, files
  ['app', 'verify', 'simulate', 'audit'], // the one run; tools beside the pipeline; the size audit
  ['cli', 'bench', 'reproduce'], // entry points: only these print or exit
];

const rank = new Map<string, number>();
STAGES.forEach((names, r) => {
  names.forEach((n) => {
    rank.set(n, r);
  });
});

const src = path.join(repoRoot, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The stage of a file: its first folder under src/, or the file name for top-level files. */
function stageOf(file: string): string {
  return path.relative(src, file).split(path.sep)[0];
}

describe('architecture', () => {
  const all = files(src);

  it('places every folder of src/ in a stage', () => {
    const unplaced = [...new Set(all.map(stageOf))].filter((s) => !rank.has(s));
    expect(unplaced).toEqual([]);
  });

  it('no stage imports from a stage above it', () => {
    const upward: string[] = [];
    let imports = 0;
    for (const file of all) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/g,
      )) {
        imports++;
        const target = path.resolve(path.dirname(file), m[1]);
        const from = stageOf(file);
        const to = stageOf(target.replace(/\.js$/, '.ts'));
        if ((rank.get(to) ?? Infinity) > (rank.get(from) ?? -1))
          upward.push(`${path.relative(src, file)} → ${m[1]}`);
      }
    }
    // The scan must see the imports it checks.
    expect(imports).toBeGreaterThan(150);
    expect(upward).toEqual([]);
  });
});
