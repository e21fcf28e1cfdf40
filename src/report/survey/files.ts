/**
 * The survey side's CSV files in the report folder (survey/…), and the
 * municipality file of fidelity changes that the municipality-variation
 * stage reads as moderators (`"municipalityData"`: key column
 * `municipality`, every other column numeric, empty = missing).
 */
import type { FidelityMunicipalityRow, SurveyResults } from '../../results/results.js';
import { toCsv } from '../csv.js';

/** Mean fidelity change over a municipality's elements, the moderator file's summary column. */
export const MEAN_CHANGE_COLUMN = 'fidelity_change';

/**
 * One row per municipality: its change in percentage points per element
 * (column = element name) and the mean over the elements
 * (`fidelity_change`; empty when any element's change is missing or hidden).
 */
export function fidelityModeratorCsv(
  rows: readonly FidelityMunicipalityRow[],
  elements: readonly string[],
): string {
  const reserved = new Set(['municipality', MEAN_CHANGE_COLUMN]);
  const column = (e: string) => (reserved.has(e) ? `element_${e}` : e);
  const municipalities = [...new Set(rows.map((r) => r.municipality))];
  const table = municipalities.map((m) => {
    const row: Record<string, string | number | null> = { municipality: m };
    const changes = elements.map(
      (e) => rows.find((r) => r.municipality === m && r.element === e)?.change_pp ?? null,
    );
    elements.forEach((e, i) => {
      row[column(e)] = changes[i];
    });
    row[MEAN_CHANGE_COLUMN] =
      changes.every((c) => c !== null) && changes.length > 0
        ? (changes as number[]).reduce((a, b) => a + b, 0) / changes.length
        : null;
    return row;
  });
  return toCsv(['municipality', ...elements.map(column), MEAN_CHANGE_COLUMN], table);
}

/** survey/*.csv: file name (inside the report folder) → text. */
export function surveyCsvFiles(s: SurveyResults): Record<string, string> {
  const out: Record<string, string> = {};
  if (s.progression) {
    const rows = s.progression.map((r) => ({
      ...r,
      significant: r.significant === null ? null : String(r.significant),
    }));
    out['survey/progression.csv'] = toCsv(
      [
        'item',
        'n',
        'mean_start',
        'mean_follow',
        'change',
        'se',
        'ci_low',
        'ci_high',
        't',
        'df',
        'p_t',
        'v',
        'zeros',
        'p_wilcoxon',
        'p_holm',
        'significant',
        'unpaired_start',
        'unpaired_follow',
        'problem',
      ],
      rows,
    );
  }
  if (s.fidelity && s.fidelityByMunicipality) {
    out['survey/fidelity.csv'] = toCsv(
      [
        'element',
        'n_start',
        'n_end',
        'share_start',
        'share_end',
        'change_pp',
        'colour',
        'spread_min',
        'spread_max',
        'municipalities',
        'problem',
      ],
      s.fidelity,
    );
    out['survey/fidelity-municipalities.csv'] = toCsv(
      [
        'municipality',
        'element',
        'n_start',
        'n_end',
        'share_start',
        'share_end',
        'change_pp',
        'colour',
        'problem',
      ],
      s.fidelityByMunicipality,
    );
    out['survey/fidelity-moderators.csv'] = fidelityModeratorCsv(
      s.fidelityByMunicipality,
      s.fidelity.map((f) => f.element),
    );
  }
  return out;
}
