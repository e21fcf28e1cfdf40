/**
 * Code-set lookups over the extract's code dictionary: one byte per code id,
 * so "is this week in programme?" is an array read in the hot loops.
 */
import type { StateDef } from './spec.js';

/** 1 for each code id whose text is in the set. */
export function codeMask(codeDict: string[], codes: readonly string[]): Uint8Array {
  const set = new Set(codes);
  const mask = new Uint8Array(codeDict.length);
  codeDict.forEach((c, i) => {
    if (i > 0 && set.has(c)) mask[i] = 1;
  });
  return mask;
}

/**
 * A compiled state: is a person-week (code id, hours) in the state?
 * Both parts must hold when a state declares both.
 */
export interface StateTest {
  state: StateDef;
  /** null: any code. */
  codes: Uint8Array | null;
  /** null: hours do not matter; else hours must exceed it. */
  hoursAbove: number | null;
}

export function compileState(codeDict: string[], state: StateDef): StateTest {
  return {
    state,
    codes: state.codes === null ? null : codeMask(codeDict, state.codes),
    hoursAbove: state.hoursAbove,
  };
}
