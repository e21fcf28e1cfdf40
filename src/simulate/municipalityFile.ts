/**
 * The simulated municipality file (kommuner.csv; the spec's `"municipalityData"`):
 * one row per municipality with a fidelity score (0–100) to the programme
 * model, tied to the true municipality effects the simulator put in, so a
 * moderator analysis has something real to find.
 *
 * For a participating municipality m, the strength of its true internship
 * effect is s_m = max(0.1, 1 + deviation_m) · (1 − ½ · delay_m / maxDelay)
 * (its hazard-ratio deviation, discounted for a late start); fidelity =
 * 65 + 10·z_m + 4·ε_m, clipped to 0–100 and rounded to 0.1, where z_m is s_m
 * standardised over the participating municipalities and ε_m standard
 * normal noise. Comparison municipalities ran no programme: empty fidelity.
 *
 * Built from the municipality draws alone (drawMunicipalities: the preset's
 * municipality parameters and the seed) and a noise stream of its own, so it
 * does not depend on, or change, any person's draws.
 */

import type { SimParams } from './params.js';
import { drawMunicipalities, type MunicipalityDraws } from './process.js';
import { Random } from './random.js';

/** Seed offset of the fidelity noise: a stream no person or municipality draw uses. */
const FIDELITY_STREAM_SEED = 0x6b6f6d;

/** The strength of each municipality's true internship effect (0 for comparison municipalities). */
export function effectStrength(p: SimParams, d: MunicipalityDraws): Float64Array {
  return Float64Array.from(d.codes, (_, m) =>
    d.treated[m]
      ? Math.max(0.1, 1 + d.effectDeviation[m]) *
        (1 - (0.5 * d.effectDelay[m]) / Math.max(1, p.effectDelayWeeks))
      : 0,
  );
}

/** Fidelity per municipality code (null for comparison municipalities). */
export function fidelityScores(
  p: SimParams,
  d: MunicipalityDraws = drawMunicipalities(p),
): Map<string, number | null> {
  const s = effectStrength(p, d);
  const idx = d.codes.flatMap((_, m) => (d.treated[m] ? [m] : []));
  const mean = idx.reduce((a, m) => a + s[m], 0) / Math.max(1, idx.length);
  const sd =
    Math.sqrt(idx.reduce((a, m) => a + (s[m] - mean) ** 2, 0) / Math.max(1, idx.length - 1)) || 1;
  const rng = new Random(p.seed ^ FIDELITY_STREAM_SEED, 1);
  const out = new Map<string, number | null>();
  d.codes.forEach((code, m) => {
    // drawn for every municipality, so one code's score does not depend on which are treated
    const noise = rng.normal();
    if (!d.treated[m]) {
      out.set(code, null);
      return;
    }
    const f = 65 + (10 * (s[m] - mean)) / sd + 4 * noise;
    out.set(code, Math.round(Math.min(100, Math.max(0, f)) * 10) / 10);
  });
  return out;
}

/** The file's text: `municipality,fidelity`, one row per simulated municipality in code order. */
export function municipalityFileText(p: SimParams): string {
  const scores = fidelityScores(p);
  const codes = [...scores.keys()].sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1));
  const rows = codes.map((c) => {
    const f = scores.get(c);
    return `${c},${f === null || f === undefined ? '' : f.toFixed(1)}`;
  });
  return ['municipality,fidelity', ...rows, ''].join('\n');
}
