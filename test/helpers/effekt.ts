import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './tmp.js';

const bin = path.join(repoRoot, 'bin', 'effekt');

/** Run the built CLI as a user would; colours off. */
export function effekt(args: string[], cwd = repoRoot) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
