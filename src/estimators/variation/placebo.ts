/**
 * The placebo distribution (docs/definitions.md, "Variation between
 * municipalities"):
 * every comparison municipality c in turn as if it were treated, against the
 * other comparison municipalities, the treated municipalities left out.
 *
 * d_c = (ȳ_c,during − ȳ_c,before) − (ȳ_rest,during − ȳ_rest,before), the
 * interaction coefficient of the pooled model on those persons. Computed
 * from municipality × cell sums (the comparison totals minus c's own), so
 * all C placebos cost O(G), with no pass over persons.
 */
import type { CellSums } from '../did/types.js';

export interface PlaceboEstimate {
  municipality: string;
  /** d_c; null (with `problem`) when a cell it needs is empty. */
  estimate: number | null;
  /** Persons are not known from cell sums; person-weeks of c in the pooled window. */
  n: number;
  problem?: string;
}

/**
 * Placebo estimates of every comparison municipality (every cluster not in
 * `treated` with observations in cells 0 or 1), sorted by label. `treated`
 * are cluster indices.
 */
export function placeboEstimates(sums: CellSums, treated: readonly number[]): PlaceboEstimate[] {
  const G = sums.clusters.length;
  const isTreated = new Uint8Array(G);
  for (const g of treated) isTreated[g] = 1;
  const totN = [0, 0];
  const totY = [0, 0];
  for (let g = 0; g < G; g++) {
    if (isTreated[g]) continue;
    for (const c of [0, 1]) {
      totN[c] += sums.n[4 * g + c];
      totY[c] += sums.sumY[4 * g + c];
    }
  }
  const out: PlaceboEstimate[] = [];
  for (let g = 0; g < G; g++) {
    const b = 4 * g;
    if (isTreated[g] || sums.n[b] + sums.n[b + 1] === 0) continue;
    const ownN = [sums.n[b], sums.n[b + 1]];
    const ownY = [sums.sumY[b], sums.sumY[b + 1]];
    const restN = [totN[0] - ownN[0], totN[1] - ownN[1]];
    const restY = [totY[0] - ownY[0], totY[1] - ownY[1]];
    const label = sums.clusters[g];
    const n = ownN[0] + ownN[1];
    const empty = ownN[0] === 0 ? 'before' : ownN[1] === 0 ? 'during' : null;
    if (empty) {
      out.push({
        municipality: label,
        estimate: null,
        n,
        problem: `municipality ${label} has no ${empty} observations`,
      });
      continue;
    }
    if (!(restN[0] > 0 && restN[1] > 0)) {
      out.push({
        municipality: label,
        estimate: null,
        n,
        problem: 'no other comparison municipality has observations in both cohorts',
      });
      continue;
    }
    const estimate =
      ownY[1] / ownN[1] - ownY[0] / ownN[0] - (restY[1] / restN[1] - restY[0] / restN[0]);
    out.push({ municipality: label, estimate, n });
  }
  return out.sort((a, b) =>
    a.municipality < b.municipality ? -1 : a.municipality > b.municipality ? 1 : 0,
  );
}
