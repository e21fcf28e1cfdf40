/**
 * Balance of background characteristics: means per cell and standardised
 * mean differences (SMD) treated vs comparison within each cohort,
 * SMD = (mean_t − mean_c) / sqrt((var_t + var_c) / 2). Text covariates are
 * shown per level as shares, with the proportion's variance p(1 − p).
 */
import type { CovariateColumn } from './types.js';

export interface BalanceRow {
  covariate: string;
  /** Level of a text covariate; null for a numeric one. */
  level: string | null;
  /** Mean (or share) per cell: comparison·before, comparison·during, treated·before, treated·during. */
  means: (number | null)[];
  smd_before: number | null;
  smd_during: number | null;
}

function smd(mt: number | null, mc: number | null, vt: number, vc: number): number | null {
  if (mt === null || mc === null) return null;
  const pooled = Math.sqrt((vt + vc) / 2);
  return pooled > 0 ? (mt - mc) / pooled : null;
}

/** One row per numeric covariate and per level of a text covariate. */
export function balanceTable(rows: { cell: Uint8Array; covariates: CovariateColumn[] }): BalanceRow[] {
  const out: BalanceRow[] = [];
  for (const col of rows.covariates) {
    if (col.kind === 'numeric') {
      const n = [0, 0, 0, 0];
      const s = [0, 0, 0, 0];
      const ss = [0, 0, 0, 0];
      for (let i = 0; i < rows.cell.length; i++) {
        const v = col.values[i];
        if (Number.isNaN(v)) continue;
        const c = rows.cell[i];
        n[c]++;
        s[c] += v;
        ss[c] += v * v;
      }
      const mean = n.map((k, c) => (k > 0 ? s[c] / k : null));
      const variance = n.map((k, c) => (k > 1 ? (ss[c] - (s[c] * s[c]) / k) / (k - 1) : 0));
      out.push({ covariate: col.name, level: null, means: mean, smd_before: smd(mean[2], mean[0], variance[2], variance[0]), smd_during: smd(mean[3], mean[1], variance[3], variance[1]) });
      continue;
    }
    const n = [0, 0, 0, 0];
    const byLevel = new Map<string, number[]>();
    for (let i = 0; i < rows.cell.length; i++) {
      const v = col.values[i];
      if (v === '') continue;
      const c = rows.cell[i];
      n[c]++;
      let k = byLevel.get(v);
      if (!k) byLevel.set(v, (k = [0, 0, 0, 0]));
      k[c]++;
    }
    for (const level of [...byLevel.keys()].sort()) {
      const k = byLevel.get(level)!;
      const share = k.map((x, c) => (n[c] > 0 ? x / n[c] : null));
      const v = share.map((p) => (p === null ? 0 : p * (1 - p)));
      out.push({ covariate: col.name, level, means: share, smd_before: smd(share[2], share[0], v[2], v[0]), smd_during: smd(share[3], share[1], v[3], v[1]) });
    }
  }
  return out;
}
