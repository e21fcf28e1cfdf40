/**
 * The evaluation spec: what to read, which codes mean what, who is treated,
 * the cohorts, the outcomes and the inference settings (README.md, "The
 * spec, key by key"). Validated with zod, so every mistake is reported
 * with its path in the JSON (`cohorts.during.entry[1]`) and what was expected.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatSerial, serialOfLabel } from '../calendar/isoweek.js';
import { type EntryPeriods, entryPeriods, firstWeekOfPeriod, periodOf } from '../design/periods.js';
import type { StartRounds } from '../design/rounds.js';
import { InputError } from '../errors.js';
import { ENCODINGS, type Encoding } from '../read/encoding.js';
import { MAX_BOOTSTRAP, MAX_ENTRY_PERIODS, MAX_SPEC_WEEKS, tooManyWeeks } from './limits.js';
import { type Finding, nearest, plainMessage, type SchemaNode } from './messages.js';

const code = z
  .string({ error: 'expected a benefit code as text, e.g. "771" (codes are strings)' })
  .min(1, 'expected a non-empty code');
const codeList = z
  .array(code, { error: 'expected a list of codes, e.g. ["771", "772"]' })
  .min(1, 'expected at least one code (leave the key out instead of an empty list)');
const week = z.string({ error: 'expected an ISO week as text, e.g. "2017-W01"' });
/** A title: one text for every language, or one per report language. */
const title = z.union(
  [
    z.string(),
    z.strictObject({
      en: z.string().describe('the title in English reports'),
      da: z.string().describe('the title in Danish reports'),
    }),
  ],
  { error: 'expected a title as text, or {"en": "…", "da": "…"} for both report languages' },
);

const cohortSchema = z.strictObject({
  entry: z
    .tuple([week, week], {
      error: 'expected [first week, last week] of the entry window, e.g. ["2017-W01", "2018-W52"]',
    })
    .describe(
      'first and last ISO week in which a programme start makes a person a ' +
        'member, e.g. ["2017-W01", "2018-W52"]',
    ),
  until: week.describe(
    'last ISO week followed (calendar weeks run from the first entry week to this week)',
  ),
});

/**
 * An outcome id names output files (series/<id>.csv, figures/<id>-….svg): a plain name, never a
 * path.
 */
const outcomeId = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9._-]+$/, 'expected letters, digits, ".", "_" or "-" (it names output files)')
  .refine((n) => !/^\.+$/.test(n), 'expected a plain name, not "." or ".." (it names output files)')
  .describe('outcome id: letters, digits, ".", "_", "-" (names output files)');

const shareOutcome = z.strictObject({
  id: outcomeId,
  type: z.literal('share').describe('"share": the weekly share of members in a state'),
  state: z
    .string({ error: 'expected a state name, e.g. "internship"' })
    .describe('the state measured: "internship", "hours" or a name under "states"'),
  population: z
    .enum(['in-programme', 'started'], { error: 'expected "in-programme" or "started"' })
    .describe(
      '"in-programme": members still in the programme that week; "started": ' +
        'every member from entry on',
    ),
  title: title
    .optional()
    .describe('the title used in the report (default from the state): text, or {"en": …, "da": …}'),
});

const survivalOutcome = z.strictObject({
  id: outcomeId,
  type: z.literal('survival').describe('"survival": weeks from entry to the first week in a state'),
  event: z
    .string({ error: 'expected a state name, e.g. "internship"' })
    .describe('the state whose first week is the event'),
  censorAtExit: z
    .boolean({ error: 'expected true or false' })
    .default(false)
    .describe('also censor at the first week out of the programme'),
  title: title.optional().describe('the title used in the report: text, or {"en": …, "da": …}'),
});

const stateSchema = z
  .strictObject({
    codes: codeList.optional().describe('benefit codes of the state'),
    hoursAbove: z
      .number({ error: 'expected a number of hours' })
      .nonnegative('expected hours of 0 or more')
      .optional()
      .describe("weekly hours strictly above this (monthly hours: the month's weekly average)"),
    title: title
      .optional()
      .describe('the state\'s name in the report: text, or {"en": …, "da": …}'),
  })
  .refine((s) => s.codes !== undefined || s.hoursAbove !== undefined, {
    message: 'a state needs "codes", "hoursAbove" or both',
  });

const eventStudySchema = z.strictObject({
  entry: z
    .strictObject(
      {
        from: week.describe('first week of entry period 1'),
        periods: z
          .number({ error: 'expected the number of entry periods, e.g. 20' })
          .int('expected a whole number of periods')
          .min(2, 'expected at least two entry periods')
          .max(MAX_ENTRY_PERIODS, `expected at most ${MAX_ENTRY_PERIODS} entry periods`)
          .describe('number of consecutive entry periods'),
        length: z
          .number({ error: 'expected the length of an entry period in ISO weeks, e.g. 13' })
          .int('expected a whole number of weeks')
          .positive('expected 1 week or more')
          .max(MAX_SPEC_WEEKS, tooManyWeeks)
          .describe('ISO weeks per entry period'),
      },
      {
        error:
          'expected an object with "from", "periods" and "length", e.g. {"from": ' +
          '"2014-W02", "periods": 20, "length": 13}',
      },
    )
    .describe('the entry periods P_1 … P_n'),
  start: z
    .union([week, z.record(z.string(), week)], {
      error:
        'expected the start week of the programme ("2017-W01") or one per ' +
        'treated municipality ({"165": "2017-W01", ...})',
    })
    .describe(
      "the programme's start week (the first week of an entry period), or one " +
        'per treated municipality for a roll-out in rounds',
    ),
  horizon: z
    .tuple(
      [
        z
          .number()
          .int('expected whole weeks')
          .nonnegative('expected 0 or more weeks')
          .max(MAX_SPEC_WEEKS, tooManyWeeks),
        z
          .number()
          .int('expected whole weeks')
          .nonnegative('expected 0 or more weeks')
          .max(MAX_SPEC_WEEKS, tooManyWeeks),
      ],
      {
        error: 'expected [first, last] weeks since entry, e.g. [0, 51]',
      },
    )
    .describe('weeks since entry whose person-weeks are observed, e.g. [0, 51]'),
  outcomes: z
    .array(z.string(), { error: 'expected a list of share outcome ids, e.g. ["internship"]' })
    .min(1, 'expected at least one outcome')
    .describe('ids of share outcomes to study'),
  comparison: z
    .enum(['never-treated', 'not-yet-treated'], {
      error: 'expected "never-treated" or "not-yet-treated"',
    })
    .default('never-treated')
    .describe('comparison municipalities: never treated, or also those not yet treated'),
});
/** Survey answers: inclusive [lowest, highest] valid value (default [1, 5]). */
/**
 * The report's file formats (spec `report.formats`, `effekt run --formats`):
 * results.json and manifest.json are always written.
 */
export const REPORT_FORMATS = ['md', 'html', 'docx', 'xlsx', 'csv', 'svg', 'png'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const answerScale = z.tuple([z.number(), z.number()], {
  error: 'expected [lowest, highest] answer value, e.g. [1, 5]',
});

const specSchema = z.strictObject({
  name: z
    .string({ error: 'expected a short name for the evaluation, e.g. "brf"' })
    .regex(
      /^[A-Za-z0-9._-]+$/,
      'expected letters, digits, ".", "_" or "-" (it names the report folder)',
    )
    .refine(
      (n) => !/^\.+$/.test(n),
      'expected a plain name, not "." or ".." (it names the report folder)',
    )
    .describe('short name; names the default report folder reports/<name>/'),
  title: title
    .optional()
    .describe('the evaluation\'s title in the report: text, or {"en": …, "da": …}'),
  data: z
    .strictObject(
      {
        path: z
          .string({ error: 'expected the extract path, relative to the spec file' })
          .describe('the extract (wide or long CSV), relative to the spec file'),
        persons: z
          .string()
          .optional()
          .describe('person file (municipality, covariates) for a long-format extract'),
        id: z.string().default('pnr').describe('person id column'),
        municipality: z.string().default('kom').describe('municipality column'),
        covariates: z
          .array(z.string())
          .default([])
          .describe('person columns used for balance and the adjusted model'),
        encoding: z
          .enum(ENCODINGS, { error: 'expected "utf-8" (the default), "latin1" or "windows-1252"' })
          .default('utf-8')
          .describe(
            'text encoding of the extract and person file: "utf-8" (default), ' +
              '"latin1" or "windows-1252" (SAS exports)',
          ),
      },
      {
        error:
          'expected an object with "path" (and optionally persons, id, ' +
          'municipality, covariates, encoding)',
      },
    )
    .describe('where the register extract is and how its columns are named'),
  codes: z
    .strictObject(
      {
        programme: codeList
          .min(1, 'expected at least one programme code')
          .describe('benefit codes of the programme (a start is the first week in one)'),
        internship: codeList
          .default([])
          .describe('internship codes (a subset of the programme codes)'),
        censor: codeList
          .default([])
          .describe(
            'death/emigration codes: from the first such week a person leaves every denominator',
          ),
      },
      { error: 'expected an object with "programme" (and optionally internship, censor)' },
    )
    .describe('what the benefit codes mean'),
  treated: z
    .array(z.string({ error: 'expected a municipality code as text, e.g. "165"' }), {
      error: 'expected a list of municipality codes, e.g. ["165", "430"]',
    })
    .min(1, 'expected at least one treated municipality')
    .describe('municipality codes of the participating municipalities'),
  states: z
    .record(z.string(), stateSchema, {
      error: 'expected an object of named states, e.g. {"fleksjob": {"codes": ["651"]}}',
    })
    .default({})
    .describe('extra states outcomes can measure: a code set, an hours threshold, or both'),
  cohorts: z
    .strictObject(
      {
        before: cohortSchema.describe('the cohort that entered before the programme'),
        during: cohortSchema.describe('the cohort that entered while it ran'),
        placebo: cohortSchema
          .optional()
          .describe(
            'an earlier cohort, entering before the before cohort: its DiD against ' +
              'the before cohort should be 0',
          ),
      },
      { error: 'expected an object with "before" and "during" (and optionally "placebo")' },
    )
    .describe('the two entry cohorts'),
  outcomes: z
    .array(
      z.discriminatedUnion('type', [shareOutcome, survivalOutcome], {
        error: 'expected an outcome with type "share" or "survival"',
      }),
      { error: 'expected a list of outcomes' },
    )
    .min(1, 'expected at least one outcome')
    .describe('what to measure and estimate'),
  pooled: z
    .strictObject({
      weeks: z
        .tuple(
          [
            z
              .number()
              .int('expected a whole calendar week')
              .positive('expected a calendar week of 1 or more')
              .max(MAX_SPEC_WEEKS, tooManyWeeks),
            z
              .number()
              .int('expected a whole calendar week')
              .positive('expected a calendar week of 1 or more')
              .max(MAX_SPEC_WEEKS, tooManyWeeks),
          ],
          { error: 'expected [first, last] calendar week, e.g. [53, 104]' },
        )
        .describe('first and last calendar week pooled into one effect, e.g. [53, 104]'),
    })
    .optional()
    .describe("the pooled effect's weeks (default: every common calendar week)"),
  municipalityData: z
    .string({ error: 'expected the municipality file path, relative to the spec file' })
    .optional()
    .describe(
      'municipality file (CSV, key column "municipality"): every other ' +
        'all-numeric column is a moderator of the per-municipality effects',
    ),
  moderators: z
    .record(z.string(), title, {
      error:
        'expected an object: moderator column → its name, e.g. {"fidelity": ' +
        '{"en": "Fidelity score", "da": "Fidelitetsscore"}}',
    })
    .optional()
    .describe(
      "names of the municipality file's moderator columns in the report, by " +
        'column: text, or {"en": …, "da": …} (default: the column name)',
    ),
  variation: z
    .strictObject(
      {
        minPersons: z
          .number({ error: 'expected a whole number of persons' })
          .int('expected a whole number of persons')
          .positive('expected 1 or more persons')
          .default(10)
          .describe(
            'a municipality with fewer persons is listed but flagged as not ' +
              'informative (default 10)',
          ),
      },
      { error: 'expected an object such as {"minPersons": 10}' },
    )
    .default({ minPersons: 10 })
    .describe('variation between municipalities'),
  inference: z
    .strictObject({
      level: z
        .number({ error: 'expected the confidence level as a fraction, e.g. 0.95' })
        .gt(0, 'expected the confidence level as a fraction between 0 and 1, e.g. 0.95')
        .lt(1, 'expected the confidence level as a fraction between 0 and 1, e.g. 0.95 (not 95)')
        .default(0.95)
        .describe(
          'confidence level of every interval; effects are called significant when p < 1 − level',
        ),
      cluster: z
        .enum(['municipality'], {
          error: 'expected "municipality" (the only clustering level so far)',
        })
        .default('municipality')
        .describe('clustering level of standard errors'),
      bootstrap: z
        .number({ error: 'expected a whole number of replications' })
        .int('expected a whole number of replications')
        .nonnegative('expected 0 or more replications')
        .max(MAX_BOOTSTRAP, `expected at most ${MAX_BOOTSTRAP} replications`)
        .default(999)
        .describe('wild cluster bootstrap replications (0: off)'),
      seed: z
        .number({ error: 'expected a whole number' })
        .int('expected a whole number')
        .default(1)
        .describe('seed of every random draw'),
    })
    .default({ level: 0.95, cluster: 'municipality', bootstrap: 999, seed: 1 })
    .describe('how uncertainty is reported'),
  report: z
    .strictObject(
      {
        language: z
          .enum(['en', 'da'], { error: 'expected "en" (English) or "da" (Danish)' })
          .default('en')
          .describe(
            "language of the report, its tables and figures (the command line's " +
              '--lang overrides it)',
          ),
        tableWeeks: z
          .array(
            z
              .number({ error: 'expected a calendar week number, e.g. 95' })
              .int('expected a whole calendar week')
              .positive('expected a calendar week of 1 or more')
              .max(MAX_SPEC_WEEKS, tooManyWeeks),
            { error: 'expected a list of calendar weeks, e.g. [13, 26, 95]' },
          )
          .optional()
          .describe('calendar weeks the weekly tables show (default: every 13th week)'),
        labels: z
          .strictObject(
            {
              treated: z
                .string()
                .min(1, 'expected a non-empty name')
                .optional()
                .describe(
                  'name of the participating municipalities (default "Participating ' +
                    'municipalities" / "Deltagerkommuner")',
                ),
              comparison: z
                .string()
                .min(1, 'expected a non-empty name')
                .optional()
                .describe(
                  'name of the comparison municipalities (default "Comparison ' +
                    'municipalities" / "Sammenligningskommuner")',
                ),
              before: z
                .string()
                .min(1, 'expected a non-empty name')
                .optional()
                .describe(
                  'name of the before cohort (default "before cohort <years>" / "førkohorte <år>")',
                ),
              during: z
                .string()
                .min(1, 'expected a non-empty name')
                .optional()
                .describe(
                  'name of the during cohort (default "during cohort <years>" / ' +
                    '"programkohorte <år>")',
                ),
            },
            { error: 'expected an object with any of "treated", "comparison", "before", "during"' },
          )
          .default({})
          .describe('names of the groups and cohorts in the report'),
        formats: z
          .array(
            z.enum(REPORT_FORMATS, {
              error: `expected one of ${REPORT_FORMATS.map((f) => `"${f}"`).join(', ')}`,
            }),
            { error: 'expected a list of formats, e.g. ["md", "csv"]' },
          )
          .default([...REPORT_FORMATS])
          .describe(
            'files to write besides results.json and manifest.json: md (report.md ' +
              'and the SVGs it links), html (report.html, SVG figures inside), docx ' +
              '(report.docx, PNG figures inside), xlsx (tables.xlsx), csv (tables/, ' +
              'series/, effects/, survival/, survey/), svg and png (figures/); the ' +
              "command line's --formats overrides it",
          ),
        dpi: z
          .number({ error: 'expected a whole number of dots per inch, e.g. 300' })
          .int('expected a whole number of dots per inch, e.g. 300')
          .min(30, 'expected at least 30 dots per inch')
          .max(1200, 'expected at most 1200 dots per inch')
          .default(300)
          .describe(
            'resolution of the PNG figures (png, and inside docx), each 16 cm wide ' +
              "(Word's text width on A4): 300 for print, less for drafts",
          ),
      },
      {
        error:
          'expected an object with any of "language", "tableWeeks", "labels", "formats", "dpi"',
      },
    )
    .default({ language: 'en', labels: {}, formats: [...REPORT_FORMATS], dpi: 300 })
    .describe('how the report is written'),
  eventStudy: eventStudySchema
    .optional()
    .describe(
      'event study over entry periods (staggered roll-out): tests parallel trends before the start',
    ),
  progression: z
    .strictObject(
      {
        path: z
          .string({ error: 'expected the progression survey file, relative to the spec file' })
          .describe(
            'long format respondent,municipality,wave,item,value (waves start, ' +
              'follow-up), relative to the spec file',
          ),
        labels: z
          .record(z.string(), title, {
            error: 'expected an object: item → its question, e.g. {"q1": {"en": "…", "da": "…"}}',
          })
          .optional()
          .describe(
            'the questions in the report, by item as the file writes it: text, or ' +
              '{"en": …, "da": …} (default: the item)',
          ),
        scale: answerScale
          .optional()
          .describe(
            'lowest and highest valid answer (default [1, 5]); others are counted and left out',
          ),
      },
      { error: 'expected an object with "path" (and optionally scale)' },
    )
    .optional()
    .describe(
      'survey side: answers at programme start and follow-up, tested per item ' +
        '(paired t, Wilcoxon, Holm)',
    ),
  fidelity: z
    .strictObject(
      {
        path: z
          .string({ error: 'expected the fidelity survey file, relative to the spec file' })
          .describe(
            'long format respondent,municipality,wave,element,value (waves start, ' +
              'end), relative to the spec file',
          ),
        labels: z
          .record(z.string(), title, {
            error:
              'expected an object: element → its name, e.g. {"cv-from-start": {"en": ' +
              '"…", "da": "…"}}',
          })
          .optional()
          .describe(
            'the core elements in the report, by element as the file writes it: ' +
              'text, or {"en": …, "da": …} (default: the element)',
          ),
        agree: z
          .array(z.number({ error: 'expected an answer value, e.g. 4' }), {
            error: 'expected the answer values that count as agreeing, e.g. [4, 5]',
          })
          .min(1, 'expected at least one agreeing value, e.g. [4, 5]')
          .describe('answer values that count as agreeing, e.g. [4, 5]'),
        scale: answerScale
          .optional()
          .describe(
            'lowest and highest valid answer (default [1, 5]); others are counted and left out',
          ),
      },
      { error: 'expected an object with "path" and "agree" (and optionally scale)' },
    )
    .optional()
    .describe(
      'survey side: share agreeing per core element at start and end, ' +
        'coloured green/yellow/red (±5 pp)',
    ),
});

/** The spec's JSON Schema (draft 2020-12), generated from the validator so the two never differ. */
export function specJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(specSchema, { io: 'input' }),
    title: 'effekt evaluation spec',
    description:
      'The evaluation spec of `effekt run SPEC.json`: what to read, which ' +
      'codes mean what, who is treated, the cohorts, the outcomes and the ' +
      'inference settings.',
  };
}

/** A state an outcome measures: a code set, an hours threshold, or both (both must hold). */
export interface StateDef {
  name: string;
  /** The English title (results.json). */
  title: string;
  /** The title in each report language (the spec's, or the default). */
  titles: Titles;
  codes: string[] | null;
  /** The person is in the state when hours > hoursAbove (null: hours do not matter). */
  hoursAbove: number | null;
}

export interface CohortDef {
  name: 'before' | 'during';
  /** Week serials (calendar/isoweek). */
  entryFrom: number;
  entryTo: number;
  until: number;
  /** Calendar weeks t = 1..weeks run from entryFrom to until. */
  weeks: number;
}

export interface ShareOutcome {
  id: string;
  type: 'share';
  title: string;
  titles: Titles;
  state: StateDef;
  population: 'in-programme' | 'started';
}

export interface SurvivalOutcome {
  id: string;
  type: 'survival';
  title: string;
  titles: Titles;
  event: StateDef;
  censorAtExit: boolean;
}

export type Outcome = ShareOutcome | SurvivalOutcome;

/** A title in both report languages. */
export interface Titles {
  en: string;
  da: string;
}

/**
 * The event study over entry periods (docs/definitions.md, "Event study
 * over entry periods"), in the design's vocabulary: the entry periods (0-based inside,
 * P_1 … P_n = periods 0 … n − 1), each treated municipality's start period
 * (its round; never-treated municipalities are NEVER), the horizon in weeks
 * since entry.
 */
export interface EventStudyDef {
  entry: EntryPeriods;
  /** Start week (serial) per treated municipality. */
  startWeek: Record<string, number>;
  /** Start period (0-based entry period index) per treated municipality. */
  rounds: StartRounds;
  /** Weeks since entry k = horizon[0] … horizon[1]. */
  horizon: [number, number];
  outcomes: ShareOutcome[];
  comparison: 'never-treated' | 'not-yet-treated';
}

export interface Spec {
  name: string;
  title: string;
  titles: Titles;
  /** Absolute path of the spec file, and the spec as the user wrote it (for the manifest). */
  file: string;
  raw: unknown;
  data: {
    path: string;
    persons: string | null;
    id: string;
    municipality: string;
    covariates: string[];
    encoding: Encoding;
  };
  codes: { programme: string[]; internship: string[]; censor: string[] };
  treated: string[];
  states: Record<string, StateDef>;
  /**
   * placebo: an earlier cohort (its `name` is 'before': it plays the before cohort against
   * `before`).
   */
  cohorts: { before: CohortDef; during: CohortDef; placebo?: CohortDef };
  outcomes: Outcome[];
  pooled: { weeks: [number, number] };
  inference: { level: number; cluster: 'municipality'; bootstrap: number; seed: number };
  /** null when the spec has no `eventStudy` block. */
  eventStudy: EventStudyDef | null;
  /** Absolute path of the municipality file (moderators), or null. */
  municipalityData: string | null;
  /**
   * A municipality's own estimate is flagged as not informative below this many persons (default
   * 10).
   */
  variation: { minPersons: number };
  /**
   * Names of the moderator columns in each report language, by column (columns without one print as
   * named).
   */
  moderators: Record<string, Titles>;
  /**
   * Survey side (optional): progression at start and follow-up, fidelity at start and end. Paths
   * absolute; `labels`: the items' questions and the elements' names in each report language.
   */
  progression?: { path: string; scale: [number, number]; labels: Record<string, Titles> };
  fidelity?: {
    path: string;
    agree: number[];
    scale: [number, number];
    labels: Record<string, Titles>;
  };
  report: ReportSettings;
}

/** How the report is written (spec key "report"); the CLI's --lang overrides `language`. */
export interface ReportSettings {
  language: 'en' | 'da';
  /** Calendar weeks the weekly tables show; null: every 13th week. */
  tableWeeks: number[] | null;
  /** Names of the groups and cohorts in the report; missing ones take the language's default. */
  labels: { treated?: string; comparison?: string; before?: string; during?: string };
  /** The files to write besides results.json and the manifest (default: every format). */
  formats: ReportFormat[];
  /** Dots per inch of the PNG figures (16 cm wide); default 300. */
  dpi: number;
}

/** `cohorts.during.entry[1]` from a zod path. */
export function formatPath(p: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const k of p) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out === '' ? String(k) : `.${String(k)}`;
  }
  return out || '(top level)';
}

/** The path of the first own "__proto__" key in parsed JSON, or null. */
function protoKeyPath(v: unknown, at: (string | number)[] = []): string | null {
  if (v === null || typeof v !== 'object') return null;
  for (const k of Object.keys(v)) {
    if (k === '__proto__') return formatPath([...at, k]);
    const inner = protoKeyPath((v as Record<string, unknown>)[k], [
      ...at,
      Array.isArray(v) ? Number(k) : k,
    ]);
    if (inner !== null) return inner;
  }
  return null;
}

/** Read, validate and resolve a spec file. */
export function loadSpec(file: string): Spec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? 'no such spec file' : `cannot read the spec (${code})`,
      { file },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    let line: number | undefined;
    let column: number | undefined;
    if (m) {
      const before = text.slice(0, Number(m[1]));
      line = before.split('\n').length;
      column = before.length - before.lastIndexOf('\n');
    }
    throw new InputError(`not valid JSON: ${(err as Error).message}`, { file, line, column });
  }
  return resolveSpec(raw, path.resolve(file));
}

/** Validate a parsed spec and resolve defaults, weeks and states. `file` anchors relative paths. */
export function resolveSpec(raw: unknown, file: string): Spec {
  // JSON may hold a "__proto__" key, which an object built from it would drop silently: refused.
  const proto = protoKeyPath(raw);
  if (proto !== null)
    throw new InputError(
      `${proto}: the key "__proto__" is not allowed (it is not a municipality, state or spec key)`,
      { file },
    );
  const parsed = specSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${formatPath(issue.path)}: ` +
        `${plainMessage(issue as Finding, specJsonSchema() as SchemaNode, raw)}`,
      { file },
    );
  }
  const s = parsed.data;
  const fail = (where: string, msg: string): never => {
    throw new InputError(`${where}: ${msg}`, { file });
  };
  const weekAt = (label: string, where: string): number => {
    try {
      return serialOfLabel(label);
    } catch (err) {
      return fail(where, (err as Error).message);
    }
  };
  const cohort = (name: 'before' | 'during' | 'placebo'): CohortDef => {
    const c = s.cohorts[name]!;
    const entryFrom = weekAt(c.entry[0], `cohorts.${name}.entry[0]`);
    const entryTo = weekAt(c.entry[1], `cohorts.${name}.entry[1]`);
    const until = weekAt(c.until, `cohorts.${name}.until`);
    if (entryTo < entryFrom)
      fail(
        `cohorts.${name}.entry[1]`,
        `the entry window ends (${c.entry[1]}) before it starts (${c.entry[0]})`,
      );
    if (until < entryTo)
      fail(
        `cohorts.${name}.until`,
        `"until" (${c.until}) is before the end of the entry window (${c.entry[1]})`,
      );
    return {
      name: name === 'placebo' ? 'before' : name,
      entryFrom,
      entryTo,
      until,
      weeks: until - entryFrom + 1,
    };
  };
  const before = cohort('before');
  const during = cohort('during');
  const placebo = s.cohorts.placebo ? cohort('placebo') : undefined;
  if (placebo && placebo.entryTo >= before.entryFrom)
    fail(
      'cohorts.placebo.entry[1]',
      `the placebo cohort must enter before the before cohort (${formatSerial(before.entryFrom)})`,
    );
  if (before.entryFrom <= during.entryTo && during.entryFrom <= before.entryTo) {
    fail(
      'cohorts.during.entry',
      `the entry windows overlap (before ` +
        `${formatSerial(before.entryFrom)}–${formatSerial(before.entryTo)}, ` +
        `during ${formatSerial(during.entryFrom)}–${formatSerial(during.entryTo)}): ` +
        `a start in both would count as before and during`,
    );
  }

  const programme = new Set(s.codes.programme);
  s.codes.internship.forEach((c, i) => {
    if (!programme.has(c))
      fail(
        `codes.internship[${i}]`,
        `"${c}" is not a programme code; internship codes must be a subset of codes.programme`,
      );
  });

  // A prototype-free map: state names such as "constructor" or "__proto__" are only ever the user's
  // own.
  const states: Record<string, StateDef> = Object.assign(
    Object.create(null) as Record<string, StateDef>,
    {
      internship: {
        name: 'internship',
        title: 'In company internship',
        titles: { en: 'In company internship', da: 'I virksomhedspraktik' },
        codes: s.codes.internship,
        hoursAbove: null,
      },
      hours: {
        name: 'hours',
        title: 'With ordinary paid hours',
        titles: { en: 'With ordinary paid hours', da: 'Med ordinære løntimer' },
        codes: null,
        hoursAbove: 0,
      },
    } satisfies Record<string, StateDef>,
  );
  for (const [name, def] of Object.entries(s.states)) {
    const t = titlesOf(def.title, { en: name, da: name });
    states[name] = {
      name,
      title: t.en,
      titles: t,
      codes: def.codes ?? null,
      hoursAbove: def.hoursAbove ?? null,
    };
  }
  const stateAt = (name: string, where: string): StateDef => {
    const st = Object.hasOwn(states, name) ? states[name] : undefined;
    if (!st) {
      const near = nearest(name, Object.keys(states));
      fail(
        where,
        `unknown state "${name}"${near ? ` (did you mean "${near}"?)` : ''}; ` +
          `known: ${Object.keys(states).join(', ')}; declare more under ` +
          `"states"`,
      );
    }
    if (st!.name === 'internship' && st!.codes!.length === 0)
      fail(where, 'the internship state needs codes.internship');
    return st!;
  };

  const ids = new Set<string>();
  const outcomes: Outcome[] = s.outcomes.map((o, i) => {
    if (ids.has(o.id)) fail(`outcomes[${i}].id`, `duplicate outcome id "${o.id}"`);
    if (!/^[A-Za-z0-9._-]+$/.test(o.id))
      fail(
        `outcomes[${i}].id`,
        'expected letters, digits, ".", "_" or "-" (it names output files)',
      );
    ids.add(o.id);
    if (o.type === 'share') {
      const state = stateAt(o.state, `outcomes[${i}].state`);
      const t = titlesOf(o.title, defaultShareTitles(state, o.population));
      return { id: o.id, type: 'share', title: t.en, titles: t, state, population: o.population };
    }
    const event = stateAt(o.event, `outcomes[${i}].event`);
    const t = titlesOf(o.title, {
      en: `Time to first week ${lowerFirst(event.titles.en)}`,
      da: `Tid til første uge ${lowerFirst(event.titles.da)}`,
    });
    return {
      id: o.id,
      type: 'survival',
      title: t.en,
      titles: t,
      event,
      censorAtExit: o.censorAtExit,
    };
  });

  const commonWeeks = Math.min(before.weeks, during.weeks);
  const pooledWeeks: [number, number] = s.pooled?.weeks ?? [1, commonWeeks];
  if (pooledWeeks[1] < pooledWeeks[0])
    fail('pooled.weeks[1]', 'the last pooled week is before the first');
  if (pooledWeeks[1] > commonWeeks)
    fail(
      'pooled.weeks[1]',
      `week ${pooledWeeks[1]} is past the shorter cohort's last calendar week (${commonWeeks})`,
    );

  const eventStudy = s.eventStudy
    ? resolveEventStudy(s.eventStudy, s.treated, outcomes, weekAt, fail)
    : null;

  const dir = path.dirname(file);
  const specTitles = titlesOf(s.title, { en: s.name, da: s.name });
  if (s.report.tableWeeks) {
    const last = Math.max(before.weeks, during.weeks);
    s.report.tableWeeks.forEach((w, i) => {
      if (w > last)
        fail(
          `report.tableWeeks[${i}]`,
          `week ${w} is past the longer cohort's last calendar week (${last})`,
        );
    });
  }
  return {
    name: s.name,
    title: specTitles.en,
    titles: specTitles,
    file,
    raw,
    data: {
      path: path.resolve(dir, s.data.path),
      persons: s.data.persons ? path.resolve(dir, s.data.persons) : null,
      id: s.data.id,
      municipality: s.data.municipality,
      covariates: s.data.covariates,
      encoding: s.data.encoding,
    },
    codes: { programme: s.codes.programme, internship: s.codes.internship, censor: s.codes.censor },
    treated: s.treated,
    states,
    cohorts: placebo ? { before, during, placebo } : { before, during },
    outcomes,
    pooled: { weeks: pooledWeeks },
    inference: s.inference,
    eventStudy,
    municipalityData: s.municipalityData ? path.resolve(dir, s.municipalityData) : null,
    moderators: namesOf(s.moderators),
    variation: s.variation,
    report: {
      language: s.report.language,
      tableWeeks: s.report.tableWeeks ?? null,
      labels: s.report.labels,
      formats: s.report.formats,
      dpi: s.report.dpi,
    },
    ...surveyBlocks(s, dir, fail),
  };
}

/** A spec title (text or {en, da}) in both languages; missing: the defaults. */
function titlesOf(given: string | Titles | undefined, defaults: Titles): Titles {
  if (given === undefined) return defaults;
  if (typeof given === 'string') return { en: given, da: given };
  return { en: given.en, da: given.da };
}

function lowerFirst(t: string): string {
  return t.charAt(0).toLowerCase() + t.slice(1);
}

function defaultShareTitles(state: StateDef, population: 'in-programme' | 'started'): Titles {
  return {
    en:
      `Share ${lowerFirst(state.titles.en)}, among ` +
      `${population === 'in-programme' ? 'those in the programme' : 'all who started'}`,
    da:
      `Andel ${lowerFirst(state.titles.da)}, blandt ` +
      `${population === 'in-programme' ? 'dem i programmet' : 'alle der er startet'}`,
  };
}

type RawEventStudy = z.output<typeof eventStudySchema>;

/** Resolve the `eventStudy` block: start weeks to start periods, outcome ids to share outcomes. */
function resolveEventStudy(
  es: RawEventStudy,
  treated: string[],
  outcomes: Outcome[],
  weekAt: (label: string, where: string) => number,
  fail: (where: string, msg: string) => never,
): EventStudyDef {
  const entryFrom = weekAt(es.entry.from, 'eventStudy.entry.from');
  const { periods, length } = es.entry;
  if (periods * length > MAX_SPEC_WEEKS)
    fail(
      'eventStudy.entry',
      `${periods} periods of ${length} weeks span ${periods * length} ` +
        `weeks, more than ${MAX_SPEC_WEEKS} (100 years)`,
    );
  const starts: [string, string, string][] =
    typeof es.start === 'string'
      ? treated.map((m) => [m, es.start as string, 'eventStudy.start'])
      : Object.entries(es.start).map(([m, w]) => [m, w, `eventStudy.start.${m}`]);
  if (typeof es.start !== 'string') {
    const listed = es.start;
    const missing = treated.filter((m) => !(m in listed));
    if (missing.length > 0)
      fail(
        'eventStudy.start',
        `treated municipalit${missing.length > 1 ? 'ies' : 'y'} ${missing.join(', ')} ` +
          `ha${missing.length > 1 ? 've' : 's'} no start week (list every ` +
          `treated municipality)`,
      );
    const treatedSet = new Set(treated);
    const extra = Object.keys(listed).filter((m) => !treatedSet.has(m));
    if (extra.length > 0)
      fail(`eventStudy.start.${extra[0]}`, `municipality ${extra[0]} is not in "treated"`);
  }
  const entry = entryPeriods(entryFrom, length, periods);
  const startWeek: Record<string, number> = {};
  const rounds = new Map<string, number>();
  for (const [m, label, where] of starts) {
    const w = weekAt(label, where);
    const g = periodOf(entry, w);
    if (g < 0 || firstWeekOfPeriod(entry, g) !== w) {
      const firsts = [0, 1, periods - 1].map((i) => formatSerial(firstWeekOfPeriod(entry, i)));
      fail(
        where,
        `${label} is not the first week of an entry period (periods start ` +
          `${firsts[0]}, ${firsts[1]}, … ${firsts[2]}, every ${length} ` +
          `weeks)`,
      );
    }
    if (g === 0)
      fail(
        where,
        `${label} starts the first entry period, which leaves no earlier ` +
          `period to compare with; move eventStudy.entry.from back`,
      );
    startWeek[m] = w;
    rounds.set(m, g);
  }
  const [h0, h1] = es.horizon;
  if (h1 < h0)
    fail('eventStudy.horizon[1]', `the last week since entry (${h1}) is before the first (${h0})`);
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const esOutcomes = es.outcomes.map((id, i): ShareOutcome => {
    const o = byId.get(id);
    if (!o)
      fail(
        `eventStudy.outcomes[${i}]`,
        `unknown outcome "${id}" (known: ${[...byId.keys()].join(', ')})`,
      );
    if (es.outcomes.indexOf(id) !== i)
      fail(`eventStudy.outcomes[${i}]`, `outcome "${id}" is listed twice`);
    if (o!.type !== 'share')
      fail(
        `eventStudy.outcomes[${i}]`,
        `outcome "${id}" is a survival outcome; the event study takes share outcomes`,
      );
    return o as ShareOutcome;
  });
  return {
    entry,
    startWeek,
    rounds,
    horizon: [h0, h1],
    outcomes: esOutcomes,
    comparison: es.comparison,
  };
}

/** Names given as text (both languages) or per language, as Titles by key. */
function namesOf(given: Record<string, string | Titles> | undefined): Record<string, Titles> {
  return Object.fromEntries(
    Object.entries(given ?? {}).map(([k, t]) => [k, typeof t === 'string' ? { en: t, da: t } : t]),
  );
}

/**
 * The optional survey blocks, with paths resolved and the scale checked (absent blocks stay
 * absent).
 */
function surveyBlocks(
  s: z.output<typeof specSchema>,
  dir: string,
  fail: (where: string, msg: string) => never,
): Pick<Spec, 'progression' | 'fidelity'> {
  const out: Pick<Spec, 'progression' | 'fidelity'> = {};
  const scaleOf = (scale: [number, number] | undefined, where: string): [number, number] => {
    const sc = scale ?? [1, 5];
    if (sc[1] < sc[0])
      fail(
        `${where}.scale[1]`,
        `the highest answer value (${sc[1]}) is below the lowest (${sc[0]})`,
      );
    return [sc[0], sc[1]];
  };
  if (s.progression)
    out.progression = {
      path: path.resolve(dir, s.progression.path),
      scale: scaleOf(s.progression.scale, 'progression'),
      labels: namesOf(s.progression.labels),
    };
  if (s.fidelity) {
    const scale = scaleOf(s.fidelity.scale, 'fidelity');
    s.fidelity.agree.forEach((v, i) => {
      if (v < scale[0] || v > scale[1])
        fail(`fidelity.agree[${i}]`, `${v} is outside the answer scale ${scale[0]}–${scale[1]}`);
    });
    out.fidelity = {
      path: path.resolve(dir, s.fidelity.path),
      agree: [...s.fidelity.agree],
      scale,
      labels: namesOf(s.fidelity.labels),
    };
  }
  return out;
}

/** Checks that need the extract: cohort windows inside its weeks, covariates present. */
export function checkSpecAgainstExtract(
  spec: Spec,
  x: {
    firstWeek: number;
    weeks: number;
    covariates: { name: string }[];
    file: string;
    fileWeeks?: { first: number; last: number };
  },
): void {
  // The file's own weeks: a run may hold only a window of them.
  const first = x.fileWeeks?.first ?? x.firstWeek;
  const last = x.fileWeeks?.last ?? x.firstWeek + x.weeks - 1;
  const range = `${formatSerial(first)} to ${formatSerial(last)}`;
  for (const c of [spec.cohorts.before, spec.cohorts.during]) {
    const check = (serial: number, where: string) => {
      if (serial < first || serial > last) {
        throw new InputError(
          `${where}: ${formatSerial(serial)} is outside the extract's weeks (${range})`,
          { file: spec.file },
        );
      }
    };
    check(c.entryFrom, `cohorts.${c.name}.entry[0]`);
    check(c.entryTo, `cohorts.${c.name}.entry[1]`);
    check(c.until, `cohorts.${c.name}.until`);
  }
  if (
    spec.eventStudy &&
    (spec.eventStudy.entry.from < first || spec.eventStudy.entry.from > last)
  ) {
    throw new InputError(
      `eventStudy.entry.from: ${formatSerial(spec.eventStudy.entry.from)} ` +
        `is outside the extract's weeks (${range})`,
      { file: spec.file },
    );
  }
  const have = new Set(x.covariates.map((c) => c.name));
  spec.data.covariates.forEach((name, i) => {
    if (!have.has(name))
      throw new InputError(
        `data.covariates[${i}]: no column "${name}" in ${path.basename(x.file)}`,
        { file: spec.file },
      );
  });
}
