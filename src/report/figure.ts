/**
 * What every report figure shares: the Figure record, the options, the
 * figure context (language, level, cell styles, titles) and small text helpers.
 * The figures themselves live beside their sections (share/, survival/,
 * states/, eventstudy/, variation/, survey/); ./figures.ts assembles them.
 */

import { isoWeekOfSerial } from '../calendar/isoweek.js';
import { type Lang, say, type Words } from './document.js';
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
  /** The figure's title, note and a short description, in the report's language (captions for bare figures). */
  title: string;
  note: string;
  alt: string;
}

/** The default of `FigureOptions.minPersons`. */
export const MIN_PERSONS_DEFAULT = 100;

export interface FigureOptions {
  lang?: Lang;
  /** No title, subtitle or note inside the figures. */
  bare?: boolean;
  /**
   * A week is shown in the share and effect figures only when each of the four
   * cells holds at least this many persons that week (default 100): the first
   * weeks of an entry window hold a few entrants, and their noisy estimates
   * must not set the axis.
   */
  minPersons?: number;
  /** ISO week serials (calendar/isoweek `weekSerial`) of calendar week 1 of each cohort: ISO weeks on calendar axes. */
  calendar?: { during: number; before: number } | null;
  /** Names of the groups and cohorts (e.g. from the spec's report.labels). */
  labels?: { treated?: string; comparison?: string; before?: string; during?: string };
  /** Outcome titles in the report's language, by outcome id (default: results.json's). */
  outcomeTitles?: Record<string, string>;
  /** State labels of the state distribution in the report's language, in results order. */
  stateLabels?: string[];
  /** The event of each survival outcome in words ("internship"), by outcome id. */
  events?: Record<string, string>;
  /** Names of the moderator columns in the report's language, by column. */
  moderatorNames?: Record<string, string>;
}

export interface Ctx {
  lang: Lang;
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

/** Participants ● vs comparison ■ (marker), during solid/filled vs before dashed/open (line and marker): apart in greyscale too. */
export function cellStyles(lang: Lang, labels: FigureOptions['labels'] = {}): CellStyle[] {
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

/** A number with the language's decimal mark and a true minus. */
export function num(v: number, digits: number, lang: Lang, signed = false): string {
  const r = Number(v.toFixed(digits));
  const s = Math.abs(r).toFixed(digits);
  const sign = r < 0 ? '\u2212' : signed && r > 0 ? '+' : '';
  return sign + (lang === 'da' ? s.replace('.', ',') : s);
}

/** "+0.8 pp" / "+0,8 pct.-point"; "–" for no estimate. */
export function ppText(v: number | null, lang: Lang): string {
  if (v === null || !Number.isFinite(v)) return '–';
  return `${num(v * 100, 1, lang, true)} ${lang === 'da' ? 'pct.-point' : 'pp'}`;
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

/** "95 %" (en) or "95 pct." (da) for a confidence level. */
export function levelText(level: number, lang: Lang): string {
  const v = Number((level * 100).toFixed(4));
  const s = lang === 'da' ? String(v).replace('.', ',') : String(v);
  return lang === 'da' ? `${s} pct.` : `${s} %`;
}
