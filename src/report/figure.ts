/**
 * What every report figure shares: the Figure record, the options, the
 * figure context (language, level, cell styles, titles) and small text helpers.
 * The figures themselves live beside their sections (share/, survival/,
 * states/, eventstudy/, variation/, survey/); ./figures.ts assembles them.
 */

import { isoWeekOfSerial } from '../calendar/isoweek.js';
import type { ReportContext } from './context.js';
import { type Lang, say, type Words } from './document.js';
import type { NumberFormat } from './format.js';
import { type MarkerShape, PALETTE } from './svg/index.js';

export interface Figure {
  outcome: string;
  kind:
    | 'shares'
    | 'effect'
    | 'effect-since-entry'
    | 'municipalities'
    | 'placebo'
    | 'moderator'
    | 'survival'
    | 'states'
    | 'event-study';
  /** File name inside figures/ ("internship-effect.svg"); the PNG is `png` beside it. */
  file: string;
  png: string;
  svg: string;
  /**
   * The figure's title, note and a short description, in the report's language (captions for bare
   * figures).
   */
  title: string;
  note: string;
  alt: string;
}

/** The default of `FigureOptions.minPersons`. */
export const MIN_PERSONS_DEFAULT = 100;

export interface FigureOptions {
  /**
   * The report's context (language, level, labels, titles, number format); default: English
   * without a spec. Titles and labels come from it only.
   */
  context?: ReportContext;
  /** No title, subtitle or note inside the figures. */
  bare?: boolean;
  /**
   * A week is shown in the share and effect figures only when each of the four
   * cells holds at least this many persons that week (default 100): the first
   * weeks of an entry window hold a few entrants, and their noisy estimates
   * must not set the axis.
   */
  minPersons?: number;
  /**
   * ISO week serials (calendar/isoweek `weekSerial`) of calendar week 1 of each cohort: ISO weeks
   * on calendar axes.
   */
  calendar?: { during: number; before: number } | null;
}

export interface Ctx {
  lang: Lang;
  /** The report's number format (the one formatter). */
  f: NumberFormat;
  /** The report's context. */
  report: ReportContext;
  /** Confidence level (the spec's inference.level). */
  level: number;
  bare: boolean;
  minPersons: number;
  calendar: { during: number; before: number } | null;
  t: (w: Words) => string;
  /** "95 %" / "95 pct." */
  L: string;
  cells: CellStyle[];
  titleOf: (id: string, fallback: string) => string;
  moderatorNames?: Record<string, string>;
}

export interface CellStyle {
  group: 'treated' | 'comparison';
  cohort: 'before' | 'during';
  label: string;
  color: string;
  dash: boolean;
  marker: MarkerShape;
}

/**
 * Participants ● vs comparison ■ (marker), during solid/filled vs before dashed/open (line and
 * marker): apart in greyscale too.
 */
export function cellStyles(lang: Lang, labels: Partial<ReportContext['labels']> = {}): CellStyle[] {
  const g = {
    treated: labels.treated ?? say(lang, { da: 'Deltagere', en: 'Participants' }),
    comparison: labels.comparison ?? say(lang, { da: 'Sammenligning', en: 'Comparison' }),
  };
  const k = {
    during: labels.during ?? say(lang, { da: 'under', en: 'during' }),
    before: labels.before ?? say(lang, { da: 'før', en: 'before' }),
  };
  const mk = (
    group: CellStyle['group'],
    cohort: CellStyle['cohort'],
    color: string,
    shape: 'circle' | 'square',
  ): CellStyle => ({
    group,
    cohort,
    label: `${g[group]}, ${k[cohort]}`,
    color,
    dash: cohort === 'before',
    marker: cohort === 'before' ? `${shape}-open` : shape,
  });
  return [
    mk('treated', 'during', PALETTE.vermillion, 'circle'),
    mk('treated', 'before', PALETTE.vermillion, 'circle'),
    mk('comparison', 'during', PALETTE.blue, 'square'),
    mk('comparison', 'before', PALETTE.blue, 'square'),
  ];
}

/** 2017-W43 for ISO week serial `serial`. */
export function isoWeekLabel(serial: number): string {
  const w = isoWeekOfSerial(serial);
  return `${w.year}-W${String(w.week).padStart(2, '0')}`;
}

/** The first capture of `re` in an SVG, as text (XML entities undone); "" when absent. */
export function svgText(svg: string, re: RegExp): string {
  const m = re.exec(svg);
  return m ? unescapeXml(m[1]) : '';
}

export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export function texts(
  outcome: string,
  kind: Figure['kind'],
  base: string,
  title: string,
  note: string,
  alt: string,
): Omit<Figure, 'svg'> {
  return { outcome, kind, file: `${base}.svg`, png: `${base}.png`, title, note, alt };
}
