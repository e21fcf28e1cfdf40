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

/** The shared reference folder beside the repository (CI clones with shared/ beside it). */
export const referenceDir = path.resolve(repoRoot, '../shared/reference/synthetic-1500');
