/**
 * Readers for the survey side (README.md, "Survey side: progression
 * and fidelity"): two long formats, one answer per row,
 *
 *   progression: respondent,municipality,wave,item,value     (waves start, follow-up)
 *   fidelity:    respondent,municipality,wave,element,value  (waves start, end)
 *
 * with the registers' discipline. Errors the user must fix (exit 2) name
 * file, line and column: a missing or unknown column, an empty respondent,
 * an unknown wave, a non-numeric value, the same respondent × wave × item
 * twice, a respondent in two municipalities. Answers left out by design are
 * counted by reason, never dropped silently: an empty value, a municipality
 * that is not in the register or the spec (or none), a value outside the
 * scale. Respondents who answered at one wave only are counted too (the
 * progression pairs leave them out; fidelity, unpaired, keeps them).
 */
import { InputError } from '../errors.js';
import { readCsvRecords } from './records.js';

export type SurveyKind = 'progression' | 'fidelity';

/** Column names and waves of each format. */
export const SURVEY_FORMATS = {
  progression: { key: 'item', waves: ['start', 'follow-up'] },
  fidelity: { key: 'element', waves: ['start', 'end'] },
} as const satisfies Record<SurveyKind, { key: string; waves: readonly [string, string] }>;

/** Why an answer was left out. */
export type SurveyExclusion =
  | 'empty value'
  | 'unknown municipality'
  | 'missing municipality'
  | 'value out of range';
export const SURVEY_EXCLUSIONS: readonly SurveyExclusion[] = [
  'empty value',
  'unknown municipality',
  'missing municipality',
  'value out of range',
];

/** One kept answer. `wave` 0 is the start, 1 the follow-up/end. */
export interface SurveyAnswer {
  respondent: string;
  municipality: string;
  wave: 0 | 1;
  /** The item (progression) or element (fidelity). */
  key: string;
  value: number;
}

export interface SurveyRead {
  kind: SurveyKind;
  file: string;
  sha256: string;
  bytes: number;
  /** Data rows in the file (header excluded) = answers kept + answers excluded. */
  rows: number;
  answers: SurveyAnswer[];
  /**
   * Items or elements in order of first appearance (excluded answers included, so a key is never
   * lost).
   */
  keys: string[];
  /** The valid answer range checked, or null. */
  scale: [number, number] | null;
  /** Answers left out, by reason. */
  excluded: Record<SurveyExclusion, number>;
  /** The municipality codes that were not known, sorted. */
  unknown_municipalities: string[];
  /** Respondents with at least one row. */
  respondents: number;
  /** Respondents whose kept answers are all from one wave. */
  respondents_one_wave: { start_only: number; second_only: number };
}

export interface SurveyReadOptions {
  /**
   * Municipalities an answer may come from (the register's and the spec's); others are counted and
   * left out.
   */
  municipalities?: ReadonlySet<string>;
  /** Inclusive [min, max] of a valid value; others are counted and left out. */
  scale?: readonly [number, number];
}

const COLUMNS = ['respondent', 'municipality', 'wave', 'key', 'value'] as const;

/**
 * An answer value: a finite number, "." or (in a single decimal) "," as decimal mark. Null when not
 * numeric.
 */
export function parseAnswerValue(text: string): number | null {
  const t = /^[+-]?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** Read a progression or fidelity file. */
export async function readSurvey(
  file: string,
  kind: SurveyKind,
  opts: SurveyReadOptions = {},
): Promise<SurveyRead> {
  const format = SURVEY_FORMATS[kind];
  const names: Record<(typeof COLUMNS)[number], string> = {
    respondent: 'respondent',
    municipality: 'municipality',
    wave: 'wave',
    key: format.key,
    value: 'value',
  };
  const expected = `${kind} format: respondent,municipality,wave,${format.key},value`;
  const col = { respondent: -1, municipality: -1, wave: -1, key: -1, value: -1 };
  const excluded: Record<SurveyExclusion, number> = {
    'empty value': 0,
    'unknown municipality': 0,
    'missing municipality': 0,
    'value out of range': 0,
  };
  const unknown = new Set<string>();
  const answers: SurveyAnswer[] = [];
  const keys: string[] = [];
  const keySeen = new Set<string>();
  /** respondent → [municipality, first line] */
  const respondentAt = new Map<string, { municipality: string; line: number; waves: number }>();
  /** respondent \u0000 wave \u0000 key → first line */
  const seen = new Map<string, number>();
  let rows = 0;
  const scale = opts.scale;

  const res = await readCsvRecords(file, {
    onHeader: (header) => {
      const lower = header.map((h) => h.toLowerCase());
      header.forEach((h, i) => {
        if (!(Object.values(names) as string[]).includes(lower[i])) {
          throw new InputError(`unknown column "${h}" (${expected})`, {
            file,
            line: 1,
            column: i + 1,
          });
        }
        if (lower.indexOf(lower[i]) !== i)
          throw new InputError(`column "${h}" appears twice`, { file, line: 1, column: i + 1 });
      });
      for (const c of COLUMNS) {
        col[c] = lower.indexOf(names[c]);
        if (col[c] < 0)
          throw new InputError(`no column "${names[c]}" in the header (${expected})`, {
            file,
            line: 1,
          });
      }
    },
    onRecord: (fields, line) => {
      rows++;
      const respondent = fields[col.respondent].trim();
      if (respondent === '')
        throw new InputError('empty respondent id', { file, line, column: col.respondent + 1 });
      const municipality = fields[col.municipality].trim();
      const waveText = fields[col.wave].trim();
      const waveIndex = format.waves.indexOf(waveText.toLowerCase() as never);
      if (waveIndex < 0) {
        throw new InputError(
          `unknown wave "${waveText}" (expected "${format.waves[0]}" or "${format.waves[1]}")`,
          { file, line, column: col.wave + 1 },
        );
      }
      const wave = waveIndex as 0 | 1;
      const key = fields[col.key].trim();
      if (key === '')
        throw new InputError(`empty ${format.key}`, { file, line, column: col.key + 1 });
      const valueText = fields[col.value].trim();
      const value = valueText === '' ? null : parseAnswerValue(valueText);
      if (valueText !== '' && value === null) {
        throw new InputError(
          `non-numeric value "${valueText}" (expected a number on the answer ` +
            `scale; empty = no answer)`,
          { file, line, column: col.value + 1 },
        );
      }
      const dupKey = `${respondent}\u0000${wave}\u0000${key}`;
      const first = seen.get(dupKey);
      if (first !== undefined) {
        throw new InputError(
          `respondent "${respondent}" answered ${format.key} "${key}" at ` +
            `wave "${format.waves[wave]}" twice (first on line ${first})`,
          { file, line, column: col.key + 1 },
        );
      }
      seen.set(dupKey, line);
      const r = respondentAt.get(respondent);
      if (r === undefined) respondentAt.set(respondent, { municipality, line, waves: 0 });
      else if (r.municipality !== municipality) {
        throw new InputError(
          `respondent "${respondent}" is in municipality "${municipality}" ` +
            `here but "${r.municipality}" on line ${r.line}`,
          { file, line, column: col.municipality + 1 },
        );
      }
      if (!keySeen.has(key)) {
        keySeen.add(key);
        keys.push(key);
      }
      // Left out by design, counted by reason (first reason that applies).
      if (value === null) excluded['empty value']++;
      else if (municipality === '') excluded['missing municipality']++;
      else if (opts.municipalities && !opts.municipalities.has(municipality)) {
        excluded['unknown municipality']++;
        unknown.add(municipality);
      } else if (scale && (value < scale[0] || value > scale[1])) excluded['value out of range']++;
      else {
        answers.push({ respondent, municipality, wave, key, value });
        respondentAt.get(respondent)!.waves |= 1 << wave;
      }
    },
  });
  if (rows === 0) throw new InputError('the file has a header but no rows', { file, line: 2 });
  let startOnly = 0;
  let secondOnly = 0;
  for (const r of respondentAt.values()) {
    if (r.waves === 1) startOnly++;
    else if (r.waves === 2) secondOnly++;
  }
  return {
    kind,
    file,
    sha256: res.sha256,
    bytes: res.bytes,
    rows,
    answers,
    keys,
    scale: scale ? [scale[0], scale[1]] : null,
    excluded,
    unknown_municipalities: [...unknown].sort(),
    respondents: respondentAt.size,
    respondents_one_wave: { start_only: startOnly, second_only: secondOnly },
  };
}
