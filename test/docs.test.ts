/**
 * The repository stands alone: the README's links lead to files inside it,
 * and its own docs exist.
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/tmp.js';

describe('README links', () => {
  it('every link is a file in the repository (no web, no folder outside it)', () => {
    const text = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    expect(links).toContain('docs/definitions.md');
    expect(links).toContain('docs/method.md');
    for (const l of links) {
      expect(l, l).not.toMatch(/^[a-z]+:/i);
      const target = path.resolve(repoRoot, l.split('#')[0]);
      expect(target.startsWith(repoRoot + path.sep), l).toBe(true);
      expect(existsSync(target), l).toBe(true);
    }
    // the docs link to each other the same way
    for (const doc of ['docs/definitions.md', 'docs/method.md']) {
      const d = readFileSync(path.join(repoRoot, doc), 'utf8');
      for (const m of d.matchAll(/\]\(([^)\s]+)\)/g))
        expect(existsSync(path.resolve(repoRoot, 'docs', m[1].split('#')[0])), m[1]).toBe(true);
    }
  });
});
