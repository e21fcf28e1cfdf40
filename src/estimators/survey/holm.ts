/**
 * Holm's step-down adjustment, as R's `p.adjust(p, "holm")`: with the m
 * available p-values sorted ascending, p_(i) becomes
 * min(1, max_{j ≤ i} (m − j + 1)·p_(j)). Missing p-values (null) stay
 * missing and do not count in m, as R's `NA`s.
 */
export function holmAdjust(p: readonly (number | null)[]): (number | null)[] {
  const idx = p.flatMap((v, i) => (v === null ? [] : [i]));
  const m = idx.length;
  // Stable ascending order, as R's order()
  idx.sort((a, b) => (p[a] as number) - (p[b] as number) || a - b);
  const out: (number | null)[] = p.map(() => null);
  let running = 0;
  idx.forEach((i, k) => {
    running = Math.max(running, (m - k) * (p[i] as number));
    out[i] = Math.min(1, running);
  });
  return out;
}
