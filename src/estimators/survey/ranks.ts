/**
 * Midranks, as R's `rank(x)` with its default `ties.method = "average"`:
 * the smallest value gets rank 1, and tied values share the mean of the
 * ranks they occupy. Ties are exact equality (R's default `digits.rank = Inf`).
 */
export function midranks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => values[a] - values[b] || a - b,
  );
  const ranks = new Array<number>(n);
  const tieSizes: number[] = [];
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    // positions i..j-1 (0-based) hold ranks i+1..j; their mean is (i+1+j)/2
    const r = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]] = r;
    tieSizes.push(j - i);
    i = j;
  }
  return { ranks, tieSizes };
}
