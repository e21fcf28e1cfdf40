/**
 * The survey answers shaped for the estimators: per progression item the
 * pairs of a respondent's start and follow-up answers, per fidelity element
 * (and municipality) the agreeing answers and all answers at each wave.
 */
import type { SurveyRead } from '../read/survey.js';

/** Agreeing answers and all answers at one wave (the fidelity estimator's input). */
export interface WaveCount {
  agree: number;
  answers: number;
}

export interface ItemPairs {
  item: string;
  /** One entry per respondent with an answer at both waves, in order of first appearance. */
  start: number[];
  follow: number[];
  /** Answers at one wave only (no partner at the other). */
  unpaired_start: number;
  unpaired_follow: number;
}

/** Pair each respondent's start and follow-up answer to every item. */
export function pairsByItem(read: SurveyRead): ItemPairs[] {
  const byItem = new Map<string, Map<string, [number | null, number | null]>>();
  for (const k of read.keys) byItem.set(k, new Map());
  for (const a of read.answers) {
    const m = byItem.get(a.key)!;
    let pair = m.get(a.respondent);
    if (!pair) {
      pair = [null, null];
      m.set(a.respondent, pair);
    }
    pair[a.wave] = a.value;
  }
  return read.keys.map((item) => {
    const out: ItemPairs = { item, start: [], follow: [], unpaired_start: 0, unpaired_follow: 0 };
    for (const [s, f] of byItem.get(item)!.values()) {
      if (s !== null && f !== null) {
        out.start.push(s);
        out.follow.push(f);
      } else if (s !== null) out.unpaired_start++;
      else out.unpaired_follow++;
    }
    return out;
  });
}

export interface ElementCounts {
  element: string;
  /** All municipalities. */
  total: [WaveCount, WaveCount];
  /** Per municipality, in code order (numeric where codes are numbers). */
  municipalities: { municipality: string; counts: [WaveCount, WaveCount] }[];
}

/** Compare municipality codes numerically when both are numbers, else as text. */
export function compareCodes(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb) && na !== nb)
    return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Agreeing answers (value in `agree`) and all answers per element, wave and municipality. */
export function fidelityCounts(read: SurveyRead, agree: readonly number[]): ElementCounts[] {
  const agrees = new Set(agree);
  const municipalities = [...new Set(read.answers.map((a) => a.municipality))].sort(compareCodes);
  const zero = (): [WaveCount, WaveCount] => [
    { agree: 0, answers: 0 },
    { agree: 0, answers: 0 },
  ];
  const table = new Map<
    string,
    { total: [WaveCount, WaveCount]; by: Map<string, [WaveCount, WaveCount]> }
  >();
  for (const k of read.keys)
    table.set(k, { total: zero(), by: new Map(municipalities.map((m) => [m, zero()])) });
  for (const a of read.answers) {
    const t = table.get(a.key)!;
    const yes = agrees.has(a.value) ? 1 : 0;
    t.total[a.wave].answers++;
    t.total[a.wave].agree += yes;
    const m = t.by.get(a.municipality)!;
    m[a.wave].answers++;
    m[a.wave].agree += yes;
  }
  return read.keys.map((element) => {
    const t = table.get(element)!;
    return {
      element,
      total: t.total,
      // A municipality without any answer to this element has nothing to report.
      municipalities: municipalities.flatMap((m) => {
        const counts = t.by.get(m)!;
        return counts[0].answers + counts[1].answers > 0 ? [{ municipality: m, counts }] : [];
      }),
    };
  });
}
