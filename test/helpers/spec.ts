import { expect } from 'vitest';
import { InputError } from '../../src/errors.js';
import { resolveSpec } from '../../src/spec/spec.js';

/**
 * A spec test's "this must be refused": `base()` changed by `mutate`, resolved as
 * `${dir}/spec.json`, must throw an InputError whose message matches `re`.
 */
export function specFails<T extends object>(
  base: () => T,
  dir: string,
  mutate: (s: T) => void,
  re: RegExp,
): void {
  const s = base();
  mutate(s);
  let err: unknown = null;
  try {
    resolveSpec(s, `${dir}/spec.json`);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  expect((err as Error).message).toMatch(re);
}
