/**
 * The one report context: the language, its number format, the level, the
 * --min-cell, the names of groups, cohorts and cells, titles of the outcomes
 * and states, and which weeks the weekly tables show. Built once per report
 * (reportContext) and handed to every section, figure, table and the
 * terminal summary, so all of them agree on every word and digit.
 */

import { isoWeekOfSerial } from '../calendar/isoweek.js';
import { type CohortName, cellLabel, type Group } from '../design/cells.js';
import type { Spec, Titles } from '../spec/spec.js';
import { type Lang, say, type Words } from './document.js';
import { type NumberFormat, numberFormat } from './format.js';

/**
 * The four cells in the report's order (participants first, before then during), from design/cells.
 */
export const REPORT_CELLS: readonly { group: Group; cohort: CohortName }[] = [2, 3, 0, 1].map(
  cellLabel,
);

export interface ReportContext {
  lang: Lang;
  f: NumberFormat;
  /** The confidence level (spec inference.level). */
  level: number;
  /** "95 % CI" / "95 pct. konfidensinterval". */
  ci: string;
  /** Pick the sentence for the report's language. */
  t(words: Words): string;
  /** Names of the groups and cohorts, from the spec's report.labels or the language's defaults. */
  labels: { treated: string; comparison: string; before: string; during: string };
  /** "Participating municipalities, before cohort 2016". */
  cell(group: string, cohort: string): string;
  /**
   * Short form for table headers: "Participants 2016" / "Deltagere 2016" (the full label when the
   * spec names the groups).
   */
  cellShort(group: string, cohort: string): string;
  /** "2016" / "2017–18" (the spec's label when it names the cohort). */
  cohortShort(cohort: string): string;
  /** A note for tables with short headers: what "Participants 2016" stands for. */
  shortNote: string;
  /** "Lower, upper: limits of the 95 % CI." for tables with interval columns. */
  limitsNote: string;
  /** The report title and outcome titles in the report's language. */
  title: string;
  outcomeTitle(id: string, fallback: string): string;
  /** Title of a state (by name) in the report's language. */
  stateTitle(name: string): string;
  /**
   * Names the spec gives to what the data name by code (survey items and
   * elements, moderator columns), in the report's language; without one, the
   * code made readable ("cv-from-start" → "Cv from start"): slugs are never printed.
   */
  itemName(item: string): string;
  elementName(element: string): string;
  moderatorName(column: string): string;
  /** Calendar weeks shown in weekly tables, given the weeks there are. */
  tableWeeks(available: number[]): number[];
  /** Persons below this are hidden (0: no suppression). */
  minCell: number;
  /** The four cells in the report's order (REPORT_CELLS). */
  cells: readonly { group: Group; cohort: CohortName }[];
}

const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

/**
 * A code as words: separators become spaces, the first letter upper-case ("cv-from-start" → "Cv
 * from start").
 */
export function readableName(code: string): string {
  // A plain word or code ("fidelity", "q1") stays as written.
  if (!/[-_]/.test(code)) return code;
  const t = code.replace(/[-_]+/g, ' ').trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** "2016" or "2017–18" from the years of an entry window. */
export function yearsLabel(fromSerial: number, toSerial: number): string {
  const a = isoWeekOfSerial(fromSerial).year;
  const b = isoWeekOfSerial(toSerial).year;
  if (a === b) return String(a);
  const sameCentury = Math.floor(a / 100) === Math.floor(b / 100);
  return `${a}–${sameCentury ? String(b).slice(2) : b}`;
}

/** Years of the before and during cohorts ("2016", "2017–18"); empty without a spec. */
function cohortYears(spec: Spec | null): { yb: string; yd: string } {
  if (!spec) return { yb: '', yd: '' };
  return {
    yb: yearsLabel(spec.cohorts.before.entryFrom, spec.cohorts.before.entryTo),
    yd: yearsLabel(spec.cohorts.during.entryFrom, spec.cohorts.during.entryTo),
  };
}

/** Default names of the groups and cohorts in a language. */
export function defaultLabels(lang: Lang, spec: Spec | null): ReportContext['labels'] {
  const { yb, yd } = cohortYears(spec);
  return lang === 'da'
    ? {
        treated: 'Deltagerkommuner',
        comparison: 'Sammenligningskommuner',
        before: `førkohorte ${yb}`.trim(),
        during: `programkohorte ${yd}`.trim(),
      }
    : {
        treated: 'Participating municipalities',
        comparison: 'Comparison municipalities',
        before: `before cohort ${yb}`.trim(),
        during: `during cohort ${yd}`.trim(),
      };
}

/**
 * Every 13th week (the default of the weekly tables), or a spread of eight when there is no 13th
 * week.
 */
export function defaultTableWeeks(weeks: number[]): number[] {
  const out = weeks.filter((w) => w % 13 === 0);
  return out.length > 0
    ? out
    : weeks.filter((_, i) => i % Math.max(1, Math.floor(weeks.length / 8)) === 0);
}

/** The report's context; without a spec (tests, a results file alone) the language's defaults. */
export function reportContext(
  spec: Spec | null,
  lang: Lang,
  level: number,
  minCell: number,
): ReportContext {
  const f = numberFormat(lang);
  const given = spec?.report?.labels ?? {};
  const d = defaultLabels(lang, spec);
  const labels = {
    treated: given.treated ?? d.treated,
    comparison: given.comparison ?? d.comparison,
    before: given.before ?? d.before,
    during: given.during ?? d.during,
  };
  const { yb, yd } = cohortYears(spec);
  const short = {
    treated: given.treated ?? (lang === 'da' ? 'Deltagere' : 'Participants'),
    comparison: given.comparison ?? (lang === 'da' ? 'Kontrol' : 'Comparison'),
    before: given.before ?? (yb || labels.before),
    during: given.during ?? (yd || labels.during),
  };
  const pick = (t: Titles | undefined, fallback: string) => (t ? t[lang] : fallback);
  return {
    lang,
    f,
    level,
    ci: f.ciLabel(level),
    t: (w) => say(lang, w),
    labels,
    cell: (group, cohort) =>
      `${group === 'treated' ? labels.treated : labels.comparison}, ` +
      `${cohort === 'before' ? labels.before : labels.during}`,
    cellShort: (group, cohort) =>
      `${group === 'treated' ? short.treated : short.comparison} ` +
      `${cohort === 'before' ? short.before : short.during}`,
    cohortShort: (cohort) => (cohort === 'before' ? short.before : short.during),
    shortNote: (() => {
      const parts = (['treated', 'comparison', 'before', 'during'] as const)
        .filter((k) => short[k] !== labels[k])
        .map(
          (k) =>
            `${short[k]}: ` +
            `${k === 'treated' || k === 'comparison' ? lowerFirst(labels[k]) : labels[k]}`,
        );
      return parts.length ? `${parts.join('; ')}.` : '';
    })(),
    limitsNote:
      lang === 'da'
        ? `Nedre, øvre: grænserne for ${f.ciLabel(level)}.`
        : `Lower, upper: limits of the ${f.ciLabel(level)}.`,
    title: spec ? pick(spec.titles, spec.title) : '',
    outcomeTitle: (id, fallback) => pick(spec?.outcomes.find((o) => o.id === id)?.titles, fallback),
    stateTitle: (name) => pick(spec?.states[name]?.titles, name),
    itemName: (item) => pick(spec?.progression?.labels?.[item], readableName(item)),
    elementName: (el) => pick(spec?.fidelity?.labels?.[el], readableName(el)),
    moderatorName: (col) => pick(spec?.moderators?.[col], readableName(col)),
    tableWeeks: (available) => {
      const want = spec?.report?.tableWeeks;
      return want ? [...want].sort((a, b) => a - b) : defaultTableWeeks(available);
    },
    minCell,
    cells: REPORT_CELLS,
  };
}
