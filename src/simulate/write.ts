/**
 * Write a simulated extract: outDir/dream.csv (wide DREAM layout),
 * outDir/kommuner.csv (municipality file with a fidelity score, see
 * municipalityFile.ts), the survey files progression.csv and fidelity.csv
 * (survey.ts) and outDir/spec.json (the evaluation spec that goes with it).
 *
 * Streamed: persons are generated one at a time into a reused record and
 * encoded as bytes into one of two reused 4 MB buffers; while one buffer is
 * being written (on libuv's thread pool) the next is filled, and a buffer is
 * only reused after its write has completed — that is the backpressure.
 * Memory stays flat whatever the number of persons.
 */
import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatSerial, serialOfLabel } from '../calendar/isoweek.js';
import { municipalityFileText } from './municipalityFile.js';
import { CODE_TABLE, CODES, type SimParams } from './params.js';
import { type ExtractCalendar, personGenerator, roundsOf } from './process.js';
import { SURVEY_SPEC_BLOCKS, simulateSurvey } from './survey.js';

export interface SimulateResult {
  csvPath: string;
  specPath: string;
  persons: number;
  /** Bytes of dream.csv. */
  bytes: number;
}

/** Person columns before the week columns. */
export const PERSON_COLUMNS = ['pnr', 'kom', 'alder', 'koen', 'herkomst', 'civilstand'] as const;

/** The CSV header: person columns, y_YYWW per week, timer_YYYY_MM per month. */
export function headerOf(cal: ExtractCalendar): string {
  return [...PERSON_COLUMNS, ...cal.weekColumns, ...cal.monthColumns].join(',');
}

/** The evaluation spec that goes with a simulated extract (README.md, "The spec, key by key"). */
/** The `data` block of a spec over a simulated extract at `file`: its person columns. */
export function simulatedDataBlock(file: string) {
  return {
    path: file,
    id: 'pnr',
    municipality: 'kom',
    covariates: ['alder', 'koen', 'herkomst', 'civilstand'],
  };
}

/** The `codes` block of a spec over a simulated extract: the simulator's benefit codes. */
export function simulatedCodesBlock() {
  return {
    programme: [CODES.programme, CODES.internship],
    internship: [CODES.internship],
    censor: [CODES.death, CODES.emigration],
  };
}

export function simulatedSpec(p: SimParams, name: string): Record<string, unknown> {
  return {
    name,
    title: {
      en: p.title,
      da: p.title
        .replace('synthetic extract, preset', 'syntetisk udtræk, model')
        .replace('Synthetic extract (preset', 'Syntetisk udtræk (model'),
    },
    data: simulatedDataBlock('dream.csv'),
    codes: simulatedCodesBlock(),
    treated: [...p.treated],
    cohorts: {
      before: { entry: ['2016-W01', '2016-W52'], until: '2017-W52' },
      during: { entry: ['2017-W01', '2018-W52'], until: '2018-W52' },
    },
    outcomes: [
      {
        id: 'internship',
        type: 'share',
        state: 'internship',
        population: 'in-programme',
        title: { en: 'Share in company internship', da: 'Andel i virksomhedspraktik' },
      },
      {
        id: 'hours',
        type: 'share',
        state: 'hours',
        population: 'started',
        title: { en: 'Share with ordinary paid hours', da: 'Andel med ordinære løntimer' },
      },
      {
        id: 'hours-in-programme',
        type: 'share',
        state: 'hours',
        population: 'in-programme',
        title: {
          en: 'Share with ordinary paid hours, still in the programme',
          da: 'Andel med ordinære løntimer, stadig i programmet',
        },
      },
      {
        id: 'time-to-internship',
        type: 'survival',
        event: 'internship',
        title: {
          en: 'Time from programme start to first internship',
          da: 'Tid fra programstart til første praktik',
        },
      },
    ],
    pooled: { weeks: [53, 104] },
    municipalityData: 'kommuner.csv',
    moderators: { fidelity: { en: 'Fidelity score', da: 'Fidelitetsscore' } },
    inference: { level: 0.95, cluster: 'municipality', bootstrap: 999, seed: 1 },
    report: { language: 'en', tableWeeks: [13, 26, 39, 52, 65, 78, 91, 95, 104] },
    ...eventStudyBlock(p),
    ...SURVEY_SPEC_BLOCKS,
  };
}

/** Quarter-long entry periods (13 weeks). */
const PERIOD_WEEKS = 13;

/**
 * The event study of a simulated extract: quarter-long entry periods laid so
 * that effectFrom opens one, from the earliest whole period inside the inflow
 * to the last; each participating municipality starts with its round. None
 * when the inflow leaves no period before the start.
 */
export function eventStudyBlock(p: SimParams): { eventStudy?: Record<string, unknown> } {
  const start = serialOfLabel(p.effectFrom);
  const before = Math.floor((start - serialOfLabel(p.inflowFrom)) / PERIOD_WEEKS);
  if (before < 1) return {};
  const from = start - before * PERIOD_WEEKS;
  const periods = Math.floor((serialOfLabel(p.inflowTo) - from + 1) / PERIOD_WEEKS);
  const round = roundsOf(p);
  const startOf = (c: string) => formatSerial(start + (round.get(c) ?? 0) * p.roundWeeks);
  const lastStart = start + (p.rounds - 1) * p.roundWeeks;
  if (periods < 2 || lastStart > from + (periods - 1) * PERIOD_WEEKS) return {};
  return {
    eventStudy: {
      entry: { from: formatSerial(from), periods, length: PERIOD_WEEKS },
      start:
        p.rounds === 1
          ? formatSerial(start)
          : Object.fromEntries(p.treated.map((c) => [c, startOf(c)])),
      horizon: [0, 51],
      outcomes: ['internship', 'hours'],
      comparison: 'never-treated',
    },
  };
}

const CHUNK = 4 << 20;
/**
 * Room for one whole row beyond CHUNK: person columns, 4 bytes per week (",771"), at most 6 per
 * month (",160.0").
 */
const rowBound = (cal: ExtractCalendar) => 1024 + 4 * cal.weeks + 8 * cal.months.length;

/**
 * Write dream.csv and spec.json into outDir (created if missing). The spec's
 * name is the folder's name. `onProgress(done, total)` is called every few
 * thousand persons and at the end.
 */
export async function simulateToFiles(
  params: SimParams,
  outDir: string,
  onProgress?: (personsDone: number, total: number) => void,
  /** The spec's name (default: the folder's name). */
  name = path.basename(path.resolve(outDir)),
): Promise<SimulateResult> {
  await mkdir(outDir, { recursive: true });
  const gen = personGenerator(params);
  const cal = gen.calendar;
  const csvPath = path.join(outDir, 'dream.csv');
  const file = await open(csvPath, 'w');
  const buffers = [
    Buffer.allocUnsafe(CHUNK + rowBound(cal)),
    Buffer.allocUnsafe(CHUNK + rowBound(cal)),
  ];
  const codeBytes = CODE_TABLE.map((t) => Buffer.from(t, 'utf8'));
  let buf = buffers[0];
  let which = 0;
  let pos = 0;
  let bytes = 0;
  let pending: Promise<void> = Promise.resolve();

  const writeAll = async (b: Buffer, length: number): Promise<void> => {
    let off = 0;
    while (off < length) off += (await file.write(b, off, length - off)).bytesWritten;
  };
  /** Hand the filled buffer to the file and switch to the other one once its last write is done. */
  const flush = async (): Promise<void> => {
    await pending;
    const full = buf;
    const length = pos;
    bytes += length;
    pending = writeAll(full, length);
    which ^= 1;
    buf = buffers[which];
    pos = 0;
  };

  try {
    pos += buf.write(`${headerOf(cal)}\n`, pos, 'utf8');
    if (pos > CHUNK) await flush();
    const W = cal.weeks;
    const M = cal.months.length;
    const step = 5000;
    for (let i = 0; i < params.persons; i++) {
      const person = gen.next();
      pos += buf.write(
        `${person.pnr},${person.kom},${person.alder},${person.koen},${person.herkomst},` +
          `${person.civilstand}`,
        pos,
        'utf8',
      );
      const codes = person.codes;
      for (let j = 0; j < W; j++) {
        buf[pos++] = 44; // ','
        const b = codeBytes[codes[j]];
        for (let k = 0; k < b.length; k++) buf[pos++] = b[k];
      }
      const hours = person.hours;
      for (let m = 0; m < M; m++) {
        buf[pos++] = 44;
        if (hours[m] > 0) pos += buf.write(hours[m].toFixed(1), pos, 'latin1');
      }
      buf[pos++] = 10; // '\n'
      if (pos >= CHUNK) await flush();
      if (onProgress && (i + 1) % step === 0) onProgress(i + 1, params.persons);
    }
    if (pos > 0) await flush();
    await pending;
  } finally {
    await pending.catch(() => undefined);
    await file.close();
  }
  onProgress?.(params.persons, params.persons);
  await writeFile(path.join(outDir, 'kommuner.csv'), municipalityFileText(params));
  await simulateSurvey(outDir, params.treated, params.seed);
  const specPath = path.join(outDir, 'spec.json');
  await writeFile(specPath, `${JSON.stringify(simulatedSpec(params, name), null, 2)}\n`);
  return { csvPath, specPath, persons: params.persons, bytes };
}
