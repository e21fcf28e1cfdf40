/**
 * What is in an extract: the facts `effekt inspect` prints, as plain data.
 */
import { formatSerial } from '../calendar/isoweek.js';
import type { Extract } from './extract.js';

export interface CovariateSummary {
  name: string;
  missing: number;
  /** Numeric when every non-missing value is a number. */
  kind: 'numeric' | 'text';
  levels: number;
  /**
   * Numeric: min, mean, max, and the persons at the min and at the max (disclosure control rests
   * min and max on them). Text: up to 8 most frequent levels with counts.
   */
  min?: number;
  mean?: number;
  max?: number;
  at_min?: number;
  at_max?: number;
  top?: { value: string; count: number }[];
}

export interface Inspection {
  file: string;
  format: 'wide' | 'long';
  bytes: number;
  sha256: string;
  persons: number;
  firstWeek: string;
  lastWeek: string;
  weeks: number;
  weekColumns: number;
  gaps: string[];
  hours: {
    kind: string;
    columns: number;
    first: string | null;
    last: string | null;
    weeksWithout: number;
  };
  /**
   * Person-weeks per code, their share of all person-weeks, and the persons with the code in any
   * week.
   */
  codes: { code: string; count: number; share: number; persons: number }[];
  distinctCodes: number;
  municipality: { column: string; distinct: number; missing: number };
  covariates: CovariateSummary[];
  problems: string[];
}

/** Summarise an extract. `top` limits the code table (default 20). */
export function inspectExtract(x: Extract, top = 20): Inspection {
  const cells = x.persons * x.weeks;
  // Persons with each code in any week (a code's person-weeks say nothing about how few persons
  // they are).
  const codePersons = new Float64Array(x.codeDict.length);
  const last = new Int32Array(x.codeDict.length).fill(-1);
  for (let p = 0; p < x.persons; p++)
    for (let j = 0, r = p * x.weeks; j < x.weeks; j++) {
      const c = x.codes[r + j];
      if (last[c] !== p) {
        last[c] = p;
        codePersons[c]++;
      }
    }
  const codes = x.codeDict
    .map((code, i) => ({
      code: i === 0 ? '(none)' : code,
      count: x.codeCounts[i],
      share: cells > 0 ? x.codeCounts[i] / cells : 0,
      persons: codePersons[i],
    }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
  const gaps: string[] = [];
  for (let j = 0; j < x.weeks; j++)
    if (x.weekPresent[j] === 0) gaps.push(formatSerial(x.firstWeek + j));
  let weeksWithout = 0;
  for (let j = 0; j < x.weeks; j++) if (x.weekToHours[j] < 0) weeksWithout++;

  const problems: string[] = [];
  if (gaps.length > 0)
    problems.push(
      `${gaps.length} week${gaps.length > 1 ? 's' : ''} inside the ` +
        `range ${gaps.length > 1 ? 'have' : 'has'} no column ` +
        `(${gaps.slice(0, 5).join(', ')}${gaps.length > 5 ? ', …' : ''}); ` +
        `they read as "no benefit"`,
    );
  const komMissing = countMissing(x.municipality.codes, x.municipality.levels);
  if (x.municipality.levels.length === 1)
    problems.push(`no municipality column "${x.municipality.name}"`);
  else if (komMissing > 0)
    problems.push(
      `${komMissing} person${komMissing > 1 ? 's have' : ' has'} no ` +
        `municipality; run excludes them`,
    );
  if (x.hoursKind === 'none')
    problems.push('no hours columns: outcomes on ordinary hours cannot be computed');
  else if (weeksWithout > 0)
    problems.push(
      `${weeksWithout} of ${x.weeks} weeks have no hours column; hours count as 0 there`,
    );
  let empty = 0;
  for (let p = 0; p < x.persons; p++) {
    let any = false;
    for (let j = 0, r = p * x.weeks; j < x.weeks; j++)
      if (x.codes[r + j] !== 0) {
        any = true;
        break;
      }
    if (!any) empty++;
  }
  if (empty > 0)
    problems.push(`${empty} person${empty > 1 ? 's have' : ' has'} no benefit code in any week`);

  const firstHours = x.weekToHours.findIndex((h) => h >= 0);
  let lastHours = -1;
  for (let j = x.weeks - 1; j >= 0; j--)
    if (x.weekToHours[j] >= 0) {
      lastHours = j;
      break;
    }
  return {
    file: x.file,
    format: x.format,
    bytes: x.bytes,
    sha256: x.sha256,
    persons: x.persons,
    firstWeek: formatSerial(x.firstWeek),
    lastWeek: formatSerial(x.firstWeek + x.weeks - 1),
    weeks: x.weeks,
    weekColumns: x.weeks - gaps.length,
    gaps,
    hours: {
      kind: x.hoursKind,
      columns: x.hoursLabels.length,
      first: firstHours >= 0 ? formatSerial(x.firstWeek + firstHours) : null,
      last: lastHours >= 0 ? formatSerial(x.firstWeek + lastHours) : null,
      weeksWithout,
    },
    codes: codes.slice(0, top),
    distinctCodes: x.codeDict.length - 1,
    municipality: {
      column: x.municipality.name,
      distinct: x.municipality.levels.filter((l) => l !== '').length,
      missing: komMissing,
    },
    covariates: x.covariates.map(summariseCovariate),
    problems,
  };
}

function countMissing(codes: Uint32Array, levels: string[]): number {
  if (levels.length === 1) return codes.length;
  let n = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] === 0) n++;
  return n;
}

function summariseCovariate(col: {
  name: string;
  levels: string[];
  codes: Uint32Array;
}): CovariateSummary {
  const counts = new Float64Array(col.levels.length);
  for (let i = 0; i < col.codes.length; i++) counts[col.codes[i]]++;
  const values = col.levels.map((l) => (l === '' ? NaN : Number(l.replace(',', '.'))));
  const numeric = values.every((v, i) => i === 0 || Number.isFinite(v));
  const base = { name: col.name, missing: counts[0], levels: col.levels.length - 1 };
  if (numeric && col.levels.length > 1) {
    let sum = 0;
    let n = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 1; i < col.levels.length; i++) {
      if (counts[i] === 0) continue;
      sum += values[i] * counts[i];
      n += counts[i];
      min = Math.min(min, values[i]);
      max = Math.max(max, values[i]);
    }
    // Levels are texts: "7" and "7.0" are one value here.
    let atMin = 0;
    let atMax = 0;
    for (let i = 1; i < col.levels.length; i++) {
      if (values[i] === min) atMin += counts[i];
      if (values[i] === max) atMax += counts[i];
    }
    return { ...base, kind: 'numeric', min, mean: sum / n, max, at_min: atMin, at_max: atMax };
  }
  const top = col.levels
    .map((value, i) => ({ value, count: counts[i] }))
    .filter((l) => l.value !== '')
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
    .slice(0, 8);
  return { ...base, kind: 'text', top };
}
