/**
 * The CLI run in-process (its `main`), stdout and stderr captured: fast
 * enough for corpora of hundreds of cases. A run that does not finish
 * within the limit fails as a hang (the limit is a guard far above the
 * expected time, not a timing test).
 */
import { main } from '../../src/cli/main.js';

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the CLI in-process, capturing stdout and stderr; a run that does not finish within the limit
 * fails.
 */
export async function cli(args: string[], limitMs = 600_000): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => {
    stdout += String(s);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  }) as typeof process.stderr.write;
  let timer: NodeJS.Timeout | undefined;
  try {
    const code = await Promise.race([
      main(['node', 'effekt', ...args]),
      new Promise<number>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`hang: effekt ${args.join(' ')}`)), limitMs);
      }),
    ]);
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
  }
}
