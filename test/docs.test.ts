/**
 * The repository stands alone: the README's links lead to files inside it,
 * and its own docs exist.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/tmp.js';

describe('README links', () => {
  it('every link is a file in the repository (no web, no folder outside it)', () => {
    const text = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    expect(links).toContain('docs/definitions.md');
    expect(links).toContain('docs/method.md');
    for (const l of links.filter((x) => !x.startsWith('#'))) {
      expect(l, l).not.toMatch(/^[a-z]+:/i);
      const target = path.resolve(repoRoot, l.split('#')[0]);
      expect(target.startsWith(repoRoot + path.sep), l).toBe(true);
      expect(existsSync(target), l).toBe(true);
    }
    // the docs link to each other the same way
    for (const doc of readdirSync(path.join(repoRoot, 'docs')).map((f) => `docs/${f}`)) {
      const d = readFileSync(path.join(repoRoot, doc), 'utf8');
      for (const m of d.matchAll(/\]\(([^)\s#]+)[^)\s]*\)/g))
        expect(existsSync(path.resolve(repoRoot, 'docs', m[1])), `${doc}: ${m[1]}`).toBe(true);
    }
  });
});

describe('paths the README and docs name', () => {
  it('every repository path in backticks or a layout block exists', () => {
    const docs = [
      'README.md',
      ...readdirSync(path.join(repoRoot, 'docs')).map((f) => `docs/${f}`),
    ].filter((f) => f.endsWith('.md'));
    expect(docs).toContain('docs/development.md');
    expect(docs).toContain('docs/bench.md');
    const missing: string[] = [];
    let checked = 0;
    for (const doc of docs) {
      const text = readFileSync(path.join(repoRoot, doc), 'utf8');
      // `src/report/format.ts`, `test/estimators/*/…` (globs and <placeholders> are not checked),
      // and the first column of layout blocks ("src/read/   stage 1: …").
      const named = [
        ...[...text.matchAll(/`((?:src|docs|test|data-samples|bin|\.ci)\/[^`\s]*)`/g)].map(
          (m) => m[1],
        ),
        ...[...text.matchAll(/^((?:src|docs|test|data-samples)\/[\w./-]*)\s/gm)].map((m) => m[1]),
      ];
      for (const p of named) {
        if (/[*<>{}…]/.test(p)) continue;
        const clean = p.replace(/[.,;:)]+$/, '').replace(/\/$/, '');
        checked++;
        if (!existsSync(path.join(repoRoot, clean))) missing.push(`${doc}: ${p}`);
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });

  it('the README is a manual: the bench diary and development notes live in docs/', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    expect(readme).not.toMatch(/^## Layout/m);
    expect(readme).not.toMatch(/^## For the next engineer/m);
    // the intro names every output of a run
    const intro = readme.slice(0, readme.indexOf('## Set-up'));
    for (const out of [
      'report.docx',
      'report.html',
      'report.md',
      'tables.xlsx',
      'tables/*.csv',
      'figures/',
      'results.json',
      'series/',
      'effects/',
      'survival/',
      'survey/',
      'manifest.json',
      'terminal',
    ])
      expect(intro, out).toContain(out);
    // each folder once in the layout (the merged duplicates listed pipeline/ and report/ twice)
    const dev = readFileSync(path.join(repoRoot, 'docs/development.md'), 'utf8');
    const lines = dev.split('\n').filter((l) => /^src\//.test(l));
    expect(lines.length).toBeGreaterThan(15);
    expect(new Set(lines.map((l) => l.split(/\s/)[0])).size).toBe(lines.length);
  });
});
