/**
 * Fidelity of a programme element: the share of a wave's answers that agree
 * (value in the spec's `agree` list), its change from start to end in
 * percentage points, and the traffic-light colour of that change.
 *
 * The colour is decided exactly on the counts, never on a rounded or
 * floating-point change: with a₀ of n₀ agreeing at start and a₁ of n₁ at
 * the end, change = 100·(a₁/n₁ − a₀/n₀) pp, and
 *   change > +5  ⇔  20·(a₁n₀ − a₀n₁) >  n₀n₁   → green
 *   change < −5  ⇔  20·(a₁n₀ − a₀n₁) < −n₀n₁   → red
 *   otherwise (−5 … +5 inclusive)               → yellow
 * computed in integers (BigInt), so a change of exactly ±5 is yellow.
 */

export type Colour = 'green' | 'yellow' | 'red';

/** Agreeing answers and all answers at one wave. */
export interface WaveCount {
  agree: number;
  answers: number;
}

export interface FidelityChange {
  n_start: number;
  n_end: number;
  share_start: number | null;
  share_end: number | null;
  /** 100·(share_end − share_start). */
  change_pp: number | null;
  colour: Colour | null;
  problem: string | null;
}

/** The traffic-light colour of the change from `start` to `end`, decided on the integer counts. */
export function fidelityColour(start: WaveCount, end: WaveCount): Colour {
  if (start.answers <= 0 || end.answers <= 0)
    throw new RangeError('a colour needs answers at both waves');
  for (const c of [start, end]) {
    if (
      !Number.isInteger(c.agree) ||
      !Number.isInteger(c.answers) ||
      c.agree < 0 ||
      c.agree > c.answers
    ) {
      throw new RangeError(`invalid count ${c.agree} of ${c.answers}`);
    }
  }
  const a0 = BigInt(start.agree);
  const n0 = BigInt(start.answers);
  const a1 = BigInt(end.agree);
  const n1 = BigInt(end.answers);
  const lhs = 20n * (a1 * n0 - a0 * n1);
  const rhs = n0 * n1;
  if (lhs > rhs) return 'green';
  if (lhs < -rhs) return 'red';
  return 'yellow';
}

/** Shares at both waves, the change in percentage points and its colour. */
export function fidelityChange(start: WaveCount, end: WaveCount): FidelityChange {
  const share_start = start.answers > 0 ? start.agree / start.answers : null;
  const share_end = end.answers > 0 ? end.agree / end.answers : null;
  const base = { n_start: start.answers, n_end: end.answers, share_start, share_end };
  if (share_start === null || share_end === null) {
    const missing =
      share_start === null && share_end === null
        ? 'no answers at either wave'
        : share_start === null
          ? 'no answers at the start'
          : 'no answers at the end';
    return { ...base, change_pp: null, colour: null, problem: missing };
  }
  return {
    ...base,
    change_pp: 100 * (share_end - share_start),
    colour: fidelityColour(start, end),
    problem: null,
  };
}

/** Smallest and largest of the available changes (the spread between municipalities). */
export function spread(changes: readonly (number | null)[]): {
  min: number | null;
  max: number | null;
} {
  const v = changes.filter((x): x is number => x !== null);
  if (v.length === 0) return { min: null, max: null };
  return { min: Math.min(...v), max: Math.max(...v) };
}
