import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh temporary folder for one test file. */
export function tmpFolder(prefix = 'effekt-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Write text (or bytes) to a file in a folder and return its path. */
export function writeIn(dir: string, name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** The repository root (test files live in test/…). */
export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** R reference fixtures shipped with the repository (test/fixtures/reference, see its README). */
export const fixturesDir = path.resolve(repoRoot, 'test/fixtures/reference');

/** The 1,500-person reference extract with R's figures. */
export const referenceDir = path.join(fixturesDir, 'synthetic-1500');
