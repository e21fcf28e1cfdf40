/**
 * A simulated extract straight into memory: the Extract the wide reader
 * would return for the dream.csv that write.ts writes from the same
 * parameters, without writing and parsing the file. `effekt audit` runs the
 * evaluation on hundreds of these; a test checks that the evaluation gives
 * the same results as on the file.
 */
import { PersonColumnBuilder } from '../read/dictionary.js';
import type { Extract } from '../read/extract.js';
import { thursdaysIn } from '../read/window.js';
import { CODE_TABLE, type SimParams } from './params.js';
import { personGenerator } from './process.js';
import { PERSON_COLUMNS } from './write.js';

/** The name results.json gives a simulated extract's file. */
export const IN_MEMORY_FILE = 'simulated-in-memory';

/**
 * Generate `p.persons` persons into an Extract (all extract weeks, monthly hours with one decimal).
 */
export function simulatedExtract(p: SimParams): Extract {
  const gen = personGenerator(p);
  const cal = gen.calendar;
  const n = p.persons;
  const W = cal.weeks;
  const H = cal.months.length;
  const codes = new Uint16Array(n * W);
  const hours = new Uint32Array(n * H);
  const ids: string[] = new Array(n);
  const lines = new Int32Array(n);
  const kom = new PersonColumnBuilder(PERSON_COLUMNS[1], n);
  const covariates = PERSON_COLUMNS.slice(2).map((name) => new PersonColumnBuilder(name, n));
  // The reader numbers codes in order of first appearance; the order carries no meaning, so the
  // simulator's own table is used (index 0 = no benefit in both).
  const codeCounts = new Float64Array(CODE_TABLE.length);
  let anyHours = false;
  for (let i = 0; i < n; i++) {
    const person = gen.next();
    ids[i] = String(person.pnr);
    lines[i] = i + 2; // the row's line in dream.csv (line 1 is the header)
    kom.set(i, person.kom);
    covariates[0].set(i, String(person.alder));
    covariates[1].set(i, person.koen);
    covariates[2].set(i, person.herkomst);
    covariates[3].set(i, person.civilstand);
    codes.set(person.codes, i * W);
    for (let j = 0; j < W; j++) codeCounts[person.codes[j]]++;
    for (let m = 0; m < H; m++) {
      const h = person.hours[m];
      if (h > 0) {
        // Written as toFixed(1) and read back as exact tenths.
        hours[i * H + m] = Math.round(h * 10);
        anyHours = true;
      }
    }
  }
  return {
    file: IN_MEMORY_FILE,
    format: 'wide',
    sha256: '',
    bytes: 0,
    persons: n,
    ids,
    lines,
    municipality: kom.finish(n),
    covariates: covariates.map((c) => c.finish(n)),
    firstWeek: cal.first,
    weeks: W,
    weekPresent: new Uint8Array(W).fill(1),
    codeDict: [...CODE_TABLE],
    codes,
    hoursKind: 'monthly',
    hoursLabels: cal.monthColumns,
    hours,
    hoursDecimals: anyHours ? 1 : 0,
    weekToHours: Int32Array.from(cal.monthOfWeek),
    weeksPerHoursColumn: Float64Array.from(cal.months, (m) =>
      thursdaysIn(m.year * 12 + m.month - 1),
    ),
    fileWeeks: { first: cal.first, last: cal.first + W - 1 },
    censoredBeforeFirstWeek: null,
    codeCounts,
  };
}
