/**
 * The simulator's own seeded random numbers: xoshiro128** (Blackman & Vigna)
 * seeded through splitmix32. Pure 32-bit integer arithmetic (Math.imul), so
 * the same seed gives the same stream on every machine and Node version —
 * which is what makes simulated extracts byte-identical.
 */

/** splitmix32: spreads one 32-bit seed over the four words of xoshiro's state. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_POW_32 = 4294967296;

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN;

  /**
   * `seed` is any integer; `stream` separates independent streams of one
   * seed: the municipality effects have their own stream, and so has every
   * person, so a person's life depends only on (seed, row, parameters).
   */
  constructor(seed: number, stream = 0) {
    this.a = this.b = this.c = this.d = 0;
    this.reseed(seed, stream);
  }

  /**
   * Restart at (seed, stream) without allocating. For a fixed seed the
   * 32-bit starting points of different streams are all different (an odd
   * multiplier is a bijection mod 2^32), so no two rows share a stream.
   */
  reseed(seed: number, stream: number): void {
    const base = splitmix32({ s: Math.trunc(seed) | 0 });
    const st = { s: (base + Math.imul(stream, 0x2c1b3c6d)) | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    // the all-zero state is a fixed point
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
    this.spare = NaN;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform on the open interval (0, 1): never 0, so log(u) is finite. */
  uniform(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** Integer uniform on [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /**
   * Number of failures before the first success of a weekly Bernoulli(p):
   * a geometric waiting time drawn with one uniform instead of one per week.
   * p ≤ 0 gives Infinity (never).
   */
  geometric(p: number): number {
    if (p <= 0) return Infinity;
    if (p >= 1) return 0;
    return Math.floor(Math.log(this.uniform()) / Math.log1p(-p));
  }

  /** Index drawn in proportion to weights given as a cumulative array (last entry = total). */
  pick(cumulative: Float64Array): number {
    const u = this.uniform() * cumulative[cumulative.length - 1];
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
