/**
 * Each participating municipality's own DiD against the whole comparison
 * group (heterogeneity; the seed reports −11 to +27 pp): its cells 2, 3
 * (treated·before, treated·during) against every comparison municipality's
 * cells 0, 1.
 *
 * A single treated municipality is a single cluster on its side, and its
 * residuals sum to zero within each of its cells, so its cluster score is
 * exactly 0: a municipality-clustered (CR1) standard error would reflect
 * the comparison municipalities' variation only and understate the
 * uncertainty of the municipality's own cell means. So the estimate works on
 * PersonRows (persons with their pooled person-weeks): the municipality's
 * persons are the independent units on its side and the comparison side
 * is clustered by municipality (the sandwich over that partition, CR1
 * factor for its group count), which does count its own variation.
 * Results are sorted by municipality label.
 */

import { CELL_NAMES, DID_SIGN } from '../../design/cells.js';
import { twoSidedP, zCritical } from '../normal.js';
import { cellShares, cr1Factor, naiveVariance } from './cr1.js';
import type { CellDidEstimate, PersonRows } from './types.js';

export interface MunicipalityDid extends CellDidEstimate {
  municipality: string;
  /** Its persons as units, comparison clustered by municipality. */
  clustering: 'person-and-municipality';
  /** What the standard error does and does not capture. */
  note: string;
}

export interface MunicipalityEstimate extends MunicipalityDid {
  /** Persons of this municipality with person-weeks in its cells. */
  persons: number;
}

const NOTE_PERSONS =
  'Its persons are the independent units on its side (one municipality ' +
  'cannot be clustered on its own); the comparison side is clustered by ' +
  'municipality.';

/**
 * Cluster indices of the treated municipalities: given as indices or labels, or (omitted) every
 * cluster with treated observations.
 */
function treatedIndices(
  labels: string[],
  treated: readonly (number | string)[] | undefined,
  hasTreated: (g: number) => boolean,
): { idx: number[]; unknown: string[] } {
  if (!treated) return { idx: labels.flatMap((_, g) => (hasTreated(g) ? [g] : [])), unknown: [] };
  const byLabel = new Map(labels.map((l, g) => [l, g]));
  const idx: number[] = [];
  const unknown: string[] = [];
  for (const t of treated) {
    const g =
      typeof t === 'number' ? (t >= 0 && t < labels.length ? t : undefined) : byLabel.get(t);
    if (g === undefined) unknown.push(String(t));
    else if (!idx.includes(g)) idx.push(g);
  }
  return { idx, unknown };
}

const byLabel = (a: { municipality: string }, b: { municipality: string }) =>
  a.municipality < b.municipality ? -1 : a.municipality > b.municipality ? 1 : 0;

/**
 * Estimate, naive SE and cells from the four cell totals; null estimate (with a problem) when a
 * cell is empty.
 */
function fromTotals(n: number[], sumY: number[], sumYY: number[], label: string) {
  const cells = cellShares(n, sumY);
  const N = n[0] + n[1] + n[2] + n[3];
  const empty = n.findIndex((k) => !(k > 0));
  if (empty >= 0)
    return {
      N,
      cells,
      mean: null,
      estimate: null,
      seNaive: null,
      problem: `no ${CELL_NAMES[empty]} observations for municipality ${label}`,
    };
  const mean = n.map((k, c) => sumY[c] / k);
  const v = naiveVariance(n, sumY, sumYY);
  return {
    N,
    cells,
    mean,
    estimate: mean[3] - mean[2] - mean[1] + mean[0],
    seNaive: v > 0 ? Math.sqrt(v) : null,
    problem: null,
  };
}

function finish(
  base: Omit<MunicipalityDid, 'estimate' | 'se' | 'ci_low' | 'ci_high' | 'p' | 'problem'>,
  estimate: number | null,
  variance: number,
  level: number,
  problem: string | null,
): MunicipalityDid {
  const none = (why: string): MunicipalityDid => ({
    ...base,
    estimate,
    se: null,
    ci_low: null,
    ci_high: null,
    p: null,
    problem: why,
  });
  if (estimate === null || problem !== null) return none(problem ?? 'no estimate');
  if (base.se_naive === null)
    return none(
      'the outcome does not vary within any cell, so there is no sampling variation to estimate',
    );
  // Zero in theory (e.g. no variation among the comparison municipalities' cell means); rounding
  // leaves dust.
  if (!(variance > 1e-12 * base.se_naive ** 2)) return none('the clustered variance is zero');
  const se = Math.sqrt(variance);
  const z = zCritical(level);
  return {
    ...base,
    estimate,
    se,
    ci_low: estimate - z * se,
    ci_high: estimate + z * se,
    p: twoSidedP(estimate / se),
  };
}

/** Why the comparison side cannot carry a municipality-clustered SE, or null when it can. */
function comparisonProblem(compClusters: number, perCell0: number[]): string | null {
  if (compClusters < 2)
    return 'fewer than two comparison municipalities, so no municipality-clustered standard error';
  if (perCell0[0] === 1 || perCell0[1] === 1)
    return (
      `only one comparison municipality has ${CELL_NAMES[perCell0[0] === 1 ? 0 : 1]} ` +
      `observations, so a municipality-clustered standard error would ` +
      `ignore its variation`
    );
  return null;
}

function fromPersonRows(
  rows: PersonRows,
  treated: readonly (number | string)[] | undefined,
  level: number,
): MunicipalityEstimate[] {
  const G = rows.clusters.length;
  const hasTreated = new Uint8Array(G);
  {
    const { cell, cluster, weight } = rows;
    for (let i = 0; i < cell.length; i++)
      if (cell[i] >= 2 && weight[i] > 0) hasTreated[cluster[i]] = 1;
  }
  const { idx, unknown } = treatedIndices(rows.clusters, treated, (g) => hasTreated[g] === 1);
  const isTreated = new Uint8Array(G);
  for (const g of idx) isTreated[g] = 1;
  // Comparison side per cluster (n, Σy, Σy² in cells 0 and 1), and the treated persons per
  // municipality.
  const compN = new Float64Array(2 * G);
  const compY = new Float64Array(2 * G);
  const compYY = new Float64Array(2 * G);
  // The treated rows grouped by municipality (a counting sort: `order` holds row indices,
  // municipality g's from start[g] to start[g + 1]).
  const start = new Int32Array(G + 1);
  const { cell, cluster, weight, sumY, sumYY } = rows;
  const R = cell.length;
  for (let i = 0; i < R; i++) {
    const m = weight[i];
    if (!(m > 0)) continue;
    const g = cluster[i];
    const c = cell[i];
    if (isTreated[g] === 0) {
      if (c < 2) {
        compN[2 * g + c] += m;
        compY[2 * g + c] += sumY[i];
        compYY[2 * g + c] += sumYY[i];
      }
    } else if (c >= 2) {
      start[g + 1]++;
    }
  }
  for (let g = 0; g < G; g++) start[g + 1] += start[g];
  const order = new Int32Array(start[G]);
  const fill = start.slice(0, G);
  for (let i = 0; i < R; i++) {
    const g = cluster[i];
    if (isTreated[g] === 1 && cell[i] >= 2 && weight[i] > 0) order[fill[g]++] = i;
  }
  const n0 = [0, 0];
  const y0 = [0, 0];
  const yy0 = [0, 0];
  const perCell0 = [0, 0];
  let compClusters = 0;
  for (let g = 0; g < G; g++) {
    if (isTreated[g]) continue;
    if (compN[2 * g] + compN[2 * g + 1] > 0) compClusters++;
    for (const c of [0, 1]) {
      if (compN[2 * g + c] > 0) perCell0[c]++;
      n0[c] += compN[2 * g + c];
      y0[c] += compY[2 * g + c];
      yy0[c] += compYY[2 * g + c];
    }
  }
  const out: MunicipalityEstimate[] = unknown.map((label) => ({
    municipality: label,
    persons: 0,
    clustering: 'person-and-municipality' as const,
    note: NOTE_PERSONS,
    estimate: null,
    se: null,
    ci_low: null,
    ci_high: null,
    p: null,
    n: 0,
    clusters: 0,
    se_naive: null,
    cells: cellShares([0, 0, 0, 0], [0, 0, 0, 0]),
    problem: `no observations from municipality ${label}`,
  }));
  const scratch = personScratch(rows);
  for (const g of idx) {
    const list = order.subarray(start[g], start[g + 1]);
    const n = [n0[0], n0[1], 0, 0];
    const y = [y0[0], y0[1], 0, 0];
    const yy = [yy0[0], yy0[1], 0, 0];
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      const c = cell[i];
      n[c] += weight[i];
      y[c] += sumY[i];
      yy[c] += sumYY[i];
    }
    const t = fromTotals(n, y, yy, rows.clusters[g]);
    const persons = countPersons(rows, list, scratch);
    const base = {
      municipality: rows.clusters[g],
      persons,
      clustering: 'person-and-municipality' as const,
      note: NOTE_PERSONS,
      n: t.N,
      clusters: compClusters + persons,
      se_naive: t.seNaive,
      cells: t.cells,
    };
    let problem = t.problem;
    let variance = 0;
    if (t.mean && !problem) {
      problem = comparisonProblem(compClusters, perCell0);
      if (!problem) {
        // One score per person: a person in both cohorts adds the scores of both memberships.
        let ss = personScoreSquares(rows, list, t.mean, n, scratch);
        for (let h = 0; h < G; h++) {
          if (isTreated[h] || compN[2 * h] + compN[2 * h + 1] === 0) continue;
          let u = 0;
          for (const c of [0, 1])
            u += (DID_SIGN[c] * (compY[2 * h + c] - compN[2 * h + c] * t.mean[c])) / n[c];
          ss += u * u;
        }
        const groups = persons + compClusters;
        variance = t.N > 4 ? cr1Factor(groups, t.N) * ss : 0;
      }
    }
    out.push({ ...finish(base, t.estimate, variance, level, problem), persons });
  }
  return out.sort(byLabel);
}

/**
 * Scratch space indexed by person, shared by all municipalities of one call:
 * a person's rows add into one slot, read and cleared on first use, so a
 * person in both cohorts is one unit and the pass stays O(rows).
 */
interface PersonScratch {
  score: Float64Array;
  seen: Uint8Array;
}

function personScratch(rows: PersonRows): PersonScratch | null {
  if (!rows.person) return null;
  let max = -1;
  for (let i = 0; i < rows.person.length; i++) if (rows.person[i] > max) max = rows.person[i];
  return { score: new Float64Array(max + 1), seen: new Uint8Array(max + 1) };
}

/** Distinct persons among the given rows (each row its own person when rows carry no person). */
function countPersons(rows: PersonRows, list: Int32Array, scratch: PersonScratch | null): number {
  if (!rows.person || !scratch) return list.length;
  const person = rows.person;
  let n = 0;
  for (let k = 0; k < list.length; k++) {
    const p = person[list[k]];
    if (scratch.seen[p] === 0) {
      scratch.seen[p] = 1;
      n++;
    }
  }
  for (let k = 0; k < list.length; k++) scratch.seen[person[list[k]]] = 0;
  return n;
}

/**
 * Σ over persons of the squared score for the interaction, a person's score being Σ over its rows
 * of s_c (Σy − m·ȳ_c) / N_c.
 */
function personScoreSquares(
  rows: PersonRows,
  list: Int32Array,
  mean: number[],
  n: number[],
  scratch: PersonScratch | null,
): number {
  const { cell, sumY, weight } = rows;
  // A row's score: s_c (Σy − m·ȳ_c) / N_c, with s_c / N_c and ȳ_c per cell looked up once.
  const k0 = [0, 1, 2, 3].map((c) => DID_SIGN[c] / n[c]);
  let ss = 0;
  if (!rows.person || !scratch) {
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      const u = k0[cell[i]] * (sumY[i] - weight[i] * mean[cell[i]]);
      ss += u * u;
    }
    return ss;
  }
  const person = rows.person;
  const score = scratch.score;
  for (let k = 0; k < list.length; k++) {
    const i = list[k];
    score[person[i]] += k0[cell[i]] * (sumY[i] - weight[i] * mean[cell[i]]);
  }
  for (let k = 0; k < list.length; k++) {
    const p = person[list[k]];
    ss += score[p] * score[p];
    score[p] = 0; // the person's later rows add nothing more
  }
  return ss;
}

/**
 * Per-municipality DiD. `treated`: the participating municipalities, as
 * cluster indices or labels; omitted: every cluster with treated
 * observations. A label not in the data gives a result with a
 * problem rather than an error.
 */
export function perMunicipality(
  rows: PersonRows,
  treated?: readonly (number | string)[],
  level = 0.95,
): MunicipalityEstimate[] {
  return fromPersonRows(rows, treated, level);
}
