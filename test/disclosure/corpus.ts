/**
 * Small synthetic extracts for the disclosure tests, generated from a
 * compact description: groups of persons (municipality, cohort, how many,
 * their ages and outcomes), written as a wide DREAM-style CSV with a spec.
 * The generator keeps every person's weekly codes, so the tests compute the
 * counts that must not be published (cells, weekly states, events) by brute
 * force from the input, independently of effekt's code.
 *
 * Design: before cohort enters 2017-W01..W04 and is followed to 2017-W20;
 * during cohort enters 2018-W01..W04, followed to 2018-W20; the extract
 * runs 2016-W51..2018-W20. Codes: 771 programme, 772 internship (also
 * programme), 111 another benefit, 997 emigration (censoring).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** ISO weeks of the extract: 2016-W51, 2016-W52, 2017-W01..W52, 2018-W01..W20. */
export const WEEKS: { year: number; week: number }[] = [
  { year: 2016, week: 51 },
  { year: 2016, week: 52 },
  ...Array.from({ length: 52 }, (_, i) => ({ year: 2017, week: i + 1 })),
  ...Array.from({ length: 20 }, (_, i) => ({ year: 2018, week: i + 1 })),
];
const weekIndex = (year: number, week: number) =>
  WEEKS.findIndex((w) => w.year === year && w.week === week);
/** Index of the first entry week and of `until`, per cohort (0 before, 1 during). */
export const WINDOW = [
  { from: weekIndex(2017, 1), to: weekIndex(2017, 4), until: weekIndex(2017, 20) },
  { from: weekIndex(2018, 1), to: weekIndex(2018, 4), until: weekIndex(2018, 20) },
];

/** A tiny seeded generator (the test's own, independent of src/simulate). */
function rng(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export interface Group {
  kom: string;
  /**
   * 0 before, 1 during; 'none' = never starts in a window (excluded); 'no-kom' = starts but has no
   * municipality.
   */
  cohort: 0 | 1 | 'none' | 'no-kom';
  count: number;
  seed: number;
  /** Ages drawn around this value. */
  age?: number;
  /** Sex level for every person of the group (default: alternating k/m). */
  sex?: string;
  /** Chance of an internship week while in the programme (default 0.25). */
  internship?: number;
  /** Emigrate (code 997) this many weeks after entry (default: never). */
  emigrateAfter?: number;
  /**
   * Enter within these week indices instead of the cohort's window (event-study entry periods):
   * [first, last].
   */
  entry?: [number, number];
}

export interface Person {
  pnr: string;
  kom: string;
  age: number;
  sex: string;
  codes: string[];
  /** Cell index 2·treated + during, or -1 when not a cohort member. */
  cell: number;
  entry: number;
}

export const TREATED = ['101', '102', '103'];

export function persons(groups: Group[]): Person[] {
  const out: Person[] = [];
  let id = 1000;
  for (const g of groups) {
    const r = rng(g.seed);
    for (let i = 0; i < g.count; i++) {
      const codes = WEEKS.map(() => '');
      let cell = -1;
      let entry = -1;
      if (g.cohort === 'none') {
        // In the programme the whole time: no start inside a window (the first week is a start,
        // outside both windows).
        for (let w = 0; w < WEEKS.length; w++) codes[w] = '771';
      } else {
        const c = g.cohort === 'no-kom' ? 0 : g.cohort;
        const win = g.entry ? { from: g.entry[0], to: g.entry[1] } : WINDOW[c];
        entry = win.from + Math.floor(r() * (win.to - win.from + 1));
        const length = 6 + Math.floor(r() * 15);
        for (let w = entry; w < Math.min(WEEKS.length, entry + length); w++)
          codes[w] = r() < (g.internship ?? 0.25) ? '772' : '771';
        for (let w = entry + length; w < WEEKS.length; w++) codes[w] = r() < 0.5 ? '111' : '';
        if (g.emigrateAfter !== undefined)
          for (let w = entry + g.emigrateAfter; w < WEEKS.length; w++) codes[w] = '997';
        const inWindow = entry >= WINDOW[c].from && entry <= WINDOW[c].to;
        if (g.cohort !== 'no-kom' && inWindow) cell = (TREATED.includes(g.kom) ? 2 : 0) + c;
      }
      const age = Math.round(((g.age ?? 40) + (r() - 0.5) * 20) * 10) / 10;
      out.push({
        pnr: String(id++),
        kom: g.cohort === 'no-kom' ? '' : g.kom,
        age,
        sex: g.sex ?? (i % 2 === 0 ? 'k' : 'm'),
        codes,
        cell,
        entry,
      });
    }
  }
  return out;
}

const label = (w: { year: number; week: number }) =>
  `y_${String(w.year % 100).padStart(2, '0')}${String(w.week).padStart(2, '0')}`;

export function extractCsv(ps: Person[]): string {
  const head = ['pnr', 'kom', 'alder', 'koen', ...WEEKS.map(label)].join(',');
  return `${[head, ...ps.map((p) => [p.pnr, p.kom, String(p.age), p.sex, ...p.codes].join(','))].join('\n')}\n`;
}

/**
 * The treated municipalities that occur among the persons (a listed one that never occurs is an
 * error).
 */
export function treatedIn(ps: Person[]): string[] {
  return TREATED.filter((k) => ps.some((p) => p.kom === k));
}

/**
 * Event-study entry periods of the corpus: 5 periods of 4 weeks from 2017-W05 (week indices of
 * each).
 */
export const ES_PERIODS = [0, 1, 2, 3, 4].map((p) => [
  weekIndex(2017, 5 + 4 * p),
  weekIndex(2017, 8 + 4 * p),
]) as [number, number][];
/**
 * Start periods (1-based) of the treated municipalities in event-study cases: 101 in P3, 102 and
 * 103 in P4.
 */
export const ES_START: Record<string, number> = { '101': 3, '102': 4, '103': 4 };

export interface SpecExtras {
  eventStudy?: boolean;
  /** Municipality file (relative to the spec), for moderators. */
  municipalityData?: string;
  /** Survey files (relative to the spec). */
  progression?: string;
  fidelity?: string;
}

export function specJson(
  name: string,
  bootstrap = 0,
  treated: string[] = TREATED,
  extras: SpecExtras = {},
): string {
  return JSON.stringify(
    {
      name,
      title: `Disclosure corpus ${name}`,
      data: { path: 'dream.csv', id: 'pnr', municipality: 'kom', covariates: ['alder', 'koen'] },
      codes: { programme: ['771', '772'], internship: ['772'], censor: ['997'] },
      treated,
      cohorts: {
        before: { entry: ['2017-W01', '2017-W04'], until: '2017-W20' },
        during: { entry: ['2018-W01', '2018-W04'], until: '2018-W20' },
      },
      outcomes: [
        {
          id: 'internship',
          type: 'share',
          state: 'internship',
          population: 'in-programme',
          title: 'Share in company internship',
        },
        {
          id: 'time-to-internship',
          type: 'survival',
          event: 'internship',
          title: 'Time to first internship',
        },
      ],
      pooled: { weeks: [5, 20] },
      inference: { level: 0.9, cluster: 'municipality', bootstrap, seed: 7 },
      ...(extras.eventStudy
        ? {
            eventStudy: {
              entry: { from: '2017-W05', periods: 5, length: 4 },
              start: Object.fromEntries(
                treated.map((m) => [
                  m,
                  `2017-W${String(5 + 4 * (ES_START[m] - 1)).padStart(2, '0')}`,
                ]),
              ),
              horizon: [0, 7],
              outcomes: ['internship'],
            },
          }
        : {}),
      ...(extras.municipalityData ? { municipalityData: extras.municipalityData } : {}),
      ...(extras.progression ? { progression: { path: extras.progression } } : {}),
      ...(extras.fidelity ? { fidelity: { path: extras.fidelity, agree: [4, 5] } } : {}),
    },
    null,
    2,
  );
}

/** Write dream.csv and spec.json into `dir`; returns the spec's path. */
export function writeCase(
  dir: string,
  name: string,
  groups: Group[],
  bootstrap = 0,
  extras: SpecExtras = {},
): { spec: string; persons: Person[] } {
  const ps = persons(groups);
  writeFileSync(path.join(dir, 'dream.csv'), extractCsv(ps));
  writeFileSync(path.join(dir, 'spec.json'), specJson(name, bootstrap, treatedIn(ps), extras));
  return { spec: path.join(dir, 'spec.json'), persons: ps };
}

/**
 * The large groups every case shares: four comparison and two treated municipalities, both cohorts.
 */
export function baseGroups(): Group[] {
  return [
    { kom: '201', cohort: 0, count: 25, seed: 1 },
    { kom: '202', cohort: 0, count: 22, seed: 2 },
    { kom: '203', cohort: 0, count: 20, seed: 3 },
    { kom: '201', cohort: 1, count: 24, seed: 4 },
    { kom: '202', cohort: 1, count: 21, seed: 5 },
    { kom: '204', cohort: 1, count: 23, seed: 6 },
    { kom: '101', cohort: 0, count: 18, seed: 7 },
    { kom: '102', cohort: 0, count: 17, seed: 8 },
    { kom: '101', cohort: 1, count: 19, seed: 9 },
    { kom: '102', cohort: 1, count: 16, seed: 10 },
  ];
}

/**
 * Brute force from the input: per cell and calendar week t = 1..20 of the
 * cohort, the members followed in the programme (n) and those in
 * internship (events), by the definitions (docs/definitions.md).
 */
export function weeklyCounts(ps: Person[]): { n: number[][]; events: number[][] } {
  const n = [0, 1, 2, 3].map(() => new Array(20).fill(0));
  const events = [0, 1, 2, 3].map(() => new Array(20).fill(0));
  for (const p of ps) {
    if (p.cell < 0) continue;
    const win = WINDOW[p.cell % 2];
    for (let t = 1; t <= 20; t++) {
      const w = win.from + t - 1;
      if (w < p.entry) continue;
      if (p.codes.slice(0, w + 1).includes('997')) continue;
      if (p.codes[w] !== '771' && p.codes[w] !== '772') continue;
      n[p.cell][t - 1]++;
      if (p.codes[w] === '772') events[p.cell][t - 1]++;
    }
  }
  return { n, events };
}

/** Persons per cell, brute force. */
export function cellSizes(ps: Person[]): number[] {
  const s = [0, 0, 0, 0];
  for (const p of ps) if (p.cell >= 0) s[p.cell]++;
  return s;
}
