/**
 * `effekt verify`: compare results with expected figures. Each expectation
 * names a result by path, a published value, a tolerance and its source, so
 * a CI job can say exactly which published figure a change broke.
 *
 * Result paths are dotted keys with selectors for arrays of rows:
 *   outcomes.internship.pooled.estimate
 *   outcomes.internship.cells[group=treated,cohort=during,week=95].share
 *   outcomes.time-to-internship.cox.hr
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

export interface Expectation {
  id: string;
  /** Path into results.json. */
  result: string;
  /** Published value. */
  expected?: number;
  /** Absolute tolerance around `expected`. */
  tolerance?: number;
  /** Relative tolerance around `expected` (e.g. 0.1 = ±10 %). */
  relative?: number;
  /** Bounds instead of (or besides) a tolerance. */
  min?: number;
  max?: number;
  /** Where the published figure comes from (page, figure, table). */
  source: string;
  note?: string;
}

export interface CheckResult extends Expectation {
  actual: number | null;
  low: number;
  high: number;
  pass: boolean;
  reason?: string;
}

export interface ExpectationFile {
  title?: string;
  source?: string;
  checks: Expectation[];
}

/** Resolve a result path in a JSON value; undefined when any step is missing. */
export function resolvePath(root: unknown, path: string): unknown {
  const steps = path.match(/[^.[\]]+|\[[^\]]*\]/g) ?? [];
  let cur: unknown = root;
  for (const step of steps) {
    if (cur === null || cur === undefined) return undefined;
    if (step.startsWith('[')) {
      const inner = step.slice(1, -1);
      if (!Array.isArray(cur)) return undefined;
      if (/^\d+$/.test(inner)) {
        cur = cur[Number(inner)];
        continue;
      }
      const conds = inner
        .split(',')
        .map((c) => c.split('=').map((s) => s.trim()) as [string, string]);
      cur = cur.find((row) =>
        conds.every(
          ([k, v]) =>
            row !== null &&
            typeof row === 'object' &&
            String((row as Record<string, unknown>)[k]) === v,
        ),
      );
    } else {
      cur = typeof cur === 'object' ? (cur as Record<string, unknown>)[step] : undefined;
    }
  }
  return cur;
}

/** The accepted interval of an expectation. */
export function bounds(e: Expectation): { low: number; high: number } {
  let low = e.min ?? -Infinity;
  let high = e.max ?? Infinity;
  if (e.expected !== undefined) {
    const tol = e.tolerance ?? (e.relative !== undefined ? Math.abs(e.expected) * e.relative : 0);
    low = Math.max(low, e.expected - tol);
    high = Math.min(high, e.expected + tol);
  }
  return { low, high };
}

export function checkResults(results: unknown, expectations: Expectation[]): CheckResult[] {
  return expectations.map((e) => {
    const { low, high } = bounds(e);
    const v = resolvePath(results, e.result);
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      return {
        ...e,
        actual: null,
        low,
        high,
        pass: false,
        reason: v === undefined ? 'not in results' : `not a number (${JSON.stringify(v)})`,
      };
    }
    return { ...e, actual: v, low, high, pass: v >= low && v <= high };
  });
}

/** Read and validate an expectation file. */
export function loadExpectations(file: string): ExpectationFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? 'no such file' : `not valid JSON (${(err as Error).message})`,
      { file },
    );
  }
  const f = raw as ExpectationFile;
  if (!f || !Array.isArray(f.checks))
    throw new InputError('expected an object with a "checks" list', { file });
  f.checks.forEach((c, i) => {
    const where = `checks[${i}]`;
    if (typeof c.id !== 'string')
      throw new InputError(`${where}.id: expected a name for the check`, { file });
    if (typeof c.result !== 'string')
      throw new InputError(
        `${where}.result: expected a result path, e.g. "outcomes.internship.pooled.estimate"`,
        { file },
      );
    if (typeof c.source !== 'string')
      throw new InputError(
        `${where}.source: expected where the figure is published (page, figure)`,
        { file },
      );
    if (c.expected === undefined && c.min === undefined && c.max === undefined)
      throw new InputError(
        `${where}: expected "expected" with "tolerance"/"relative", or "min"/"max"`,
        { file },
      );
    for (const k of ['expected', 'tolerance', 'relative', 'min', 'max'] as const) {
      if (c[k] !== undefined && typeof c[k] !== 'number')
        throw new InputError(`${where}.${k}: expected a number`, { file });
    }
  });
  return f;
}
