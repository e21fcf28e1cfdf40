/**
 * `effekt verify RESULTS.json --expect EXPECTED.json`: a table of checks;
 * exit 0 when all pass, 1 otherwise.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import chalk from 'chalk';
import { InputError } from '../errors.js';
import { commitFile, prepareFile } from '../report/folder.js';
import { JUNIT_MARK, junitXml } from '../verify/junit.js';
import { type CheckResult, checkResults, loadExpectations } from '../verify/verify.js';

export async function verifyCommand(
  resultsFile: string,
  opts: { expect: string; json?: boolean; junit?: string },
): Promise<number> {
  // The JUnit file may replace only a JUnit file that verify wrote (a CI job reruns); never an
  // input.
  const junit = opts.junit
    ? prepareFile(opts.junit, {
        inputs: [resultsFile, opts.expect],
        isOwn: (f) => readFileSync(f, 'utf8').slice(0, 200).includes(JUNIT_MARK),
        what: '--junit',
      })
    : null;
  let results: unknown;
  try {
    results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? 'no such file' : `not valid JSON (${(err as Error).message})`,
      { file: resultsFile },
    );
  }
  const exp = loadExpectations(opts.expect);
  const checks = checkResults(results, exp.checks);
  const failed = checks.filter((c) => !c.pass);
  if (junit) commitFile(junit, junitXml(checks, exp.title ?? path.basename(opts.expect)));
  if (opts.json) {
    const summary = { passed: checks.length - failed.length, failed: failed.length, checks };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else process.stdout.write(renderChecks(checks, exp.title));
  if (failed.length > 0 && !opts.json) {
    process.stderr.write(
      `effekt: ${failed.length} of ${checks.length} checks failed: ` +
        `${failed.map((f) => f.id).join(', ')}\n`,
    );
  }
  return failed.length > 0 ? 1 : 0;
}

function num(v: number | null): string {
  if (v === null) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3);
}

export function renderChecks(checks: CheckResult[], title?: string): string {
  const rows = checks.map((c) => [
    c.pass ? chalk.green('pass') : chalk.red('FAIL'),
    c.id,
    num(c.actual),
    `${num(c.low)} … ${num(c.high)}`,
    c.expected === undefined ? '' : num(c.expected),
    c.reason ?? c.source,
  ]);
  const head = ['', 'check', 'got', 'accepted', 'published', 'source'];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal's colour escapes to measure widths
  const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => plain(r[i]).length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => v + ' '.repeat(widths[i] - plain(v).length))
      .join('  ')
      .trimEnd();
  const passed = checks.filter((c) => c.pass).length;
  return [
    title ? chalk.bold(title) : '',
    chalk.bold(line(head)),
    ...rows.map(line),
    '',
    passed === checks.length
      ? chalk.green(`all ${checks.length} checks passed`)
      : chalk.red(`${checks.length - passed} of ${checks.length} checks failed`),
    '',
  ]
    .filter((l, i) => i > 0 || l !== '')
    .join('\n');
}
