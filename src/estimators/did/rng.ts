/**
 * A small seeded PRNG (mulberry32): the bootstrap must give byte-identical
 * results for the same seed on every machine, which Math.random cannot.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * The next out.length numbers of the mulberry32 stream whose state is state[0] (start it at
 * seed >>> 0; it is advanced), in one call: the numbers mulberry32(seed) gives one call at a
 * time, for loops that take millions of them.
 */
export function mulberry32Fill(state: Uint32Array, out: Uint32Array): void {
  let a = state[0];
  for (let i = 0; i < out.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) >>> 0;
  }
  state[0] = a;
}
