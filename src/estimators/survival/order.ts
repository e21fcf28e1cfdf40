/**
 * Sorting subjects by time and grouping tied times: done once per data set,
 * shared by every pass of every estimator.
 */
import type { SurvivalData } from './types.js';

/**
 * Throws on inputs no estimator can use (length mismatch, NaN or negative times, flags other than
 * 0/1).
 */
export function checkSurvivalData(d: SurvivalData): void {
  const n = d.time.length;
  if (d.event.length !== n)
    throw new RangeError(`time has ${n} entries but event has ${d.event.length}`);
  for (let i = 0; i < n; i++) {
    const t = d.time[i];
    if (!(t >= 0) || t === Infinity)
      throw new RangeError(`time[${i}] = ${t}: durations must be finite and ≥ 0`);
    if (d.event[i] > 1)
      throw new RangeError(`event[${i}] = ${d.event[i]}: event flags must be 0 or 1`);
  }
}

/**
 * Subjects ordered by time, ascending (ties by index). Weekly durations are
 * small integers, so a counting sort does it in O(n); other times fall back
 * to a comparison sort.
 */
export function orderByTime(time: Float64Array): Int32Array {
  const n = time.length;
  let max = 0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (!(t >= 0) || t !== Math.floor(t)) {
      integral = false;
      break;
    }
    if (t > max) max = t;
  }
  const order = new Int32Array(n);
  if (integral && max <= 1e6) {
    const count = new Int32Array(max + 2);
    for (let i = 0; i < n; i++) count[time[i] + 1]++;
    for (let t = 1; t < count.length; t++) count[t] += count[t - 1];
    for (let i = 0; i < n; i++) order[count[time[i]]++] = i;
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => time[a] - time[b] || a - b);
}

/** Subjects sorted by time, cut into blocks of equal time. */
export interface TimeBlocks {
  order: Int32Array;
  /**
   * Block b holds order[start[b]] .. order[start[b + 1] − 1]; start has one entry per block plus n.
   */
  start: Int32Array;
  /** The time of each block, ascending. */
  time: Float64Array;
}

export function timeBlocks(time: Float64Array): TimeBlocks {
  const order = orderByTime(time);
  const n = order.length;
  let nb = 0;
  for (let k = 0; k < n; k++) if (k === 0 || time[order[k]] !== time[order[k - 1]]) nb++;
  const start = new Int32Array(nb + 1);
  const bt = new Float64Array(nb);
  let b = 0;
  for (let k = 0; k < n; k++) {
    if (k === 0 || time[order[k]] !== time[order[k - 1]]) {
      start[b] = k;
      bt[b] = time[order[k]];
      b++;
    }
  }
  start[nb] = n;
  return { order, start, time: bt };
}
