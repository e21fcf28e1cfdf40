/**
 * Subjects ordered by time, ascending. Weekly durations are small integers,
 * so a counting sort does it in O(n); other times fall back to a comparison sort.
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
