import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './tmp.js';

const bin = path.join(repoRoot, 'bin', 'effekt');

/**
 * The report formats a spawned `effekt run` writes unless the test names its own
 * `--formats`: the text files every CLI test reads (report.md, the CSVs, the SVG
 * figures). Word, Excel, HTML and the 300 dpi PNGs are checked by test/report/
 * (report, languages, provenance, png); rendering them in every spawned run was
 * most of the suite's time.
 */
export const TEXT_FORMATS = 'md,csv,svg';

/** Run the built CLI as a user would; colours off. */
export function effekt(args: string[], cwd = repoRoot) {
  const withFormats =
    args[0] === 'run' && !args.some((a) => a.startsWith('--formats'))
      ? [...args, '--formats', TEXT_FORMATS]
      : args;
  const r = spawnSync(process.execPath, [bin, ...withFormats], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
