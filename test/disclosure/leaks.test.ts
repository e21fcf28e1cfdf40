/**
 * Disclosure control end to end on a corpus of small extracts (cells of
 * 1..N−1 persons), with two independent oracles:
 *
 *  - Non-interference: when a whole cell (or the excluded persons) is
 *    small, two extracts that differ only inside it — its size within
 *    1..N−1, its members' ages, entries and outcomes — must give the same
 *    published results (file name and checksum aside). Any difference is a
 *    number resting on, or revealing, the small cell.
 *  - Forbidden values by brute force: counts computed here from the
 *    generated persons (weekly followed and in-state counts per cell, a
 *    municipality's persons, covariate levels, durations) decide which
 *    published numbers would state or reveal a count below N.
 *
 * And every declaration and every step of the rule is switched off in turn:
 * each must make some case leak.
 */

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { declarations, disclose, type RuleSwitches } from '../../src/disclosure/index.js';
import { evaluate } from '../../src/pipeline/evaluate.js';
import { withHeadlines } from '../../src/pipeline/headline.js';
import { readForSpec } from '../../src/pipeline/read.js';
import type { Results } from '../../src/results/results.js';
import { loadSpec } from '../../src/spec/spec.js';
import { tmpFolder } from '../helpers/tmp.js';
import {
  baseGroups,
  cellSizes,
  type Group,
  type Person,
  WINDOW,
  weeklyCounts,
  writeCase,
} from './corpus.js';

const N = 5;
const small = (v: number) => v >= 1 && v < N;
const root = tmpFolder('effekt-leaks-');
let caseNo = 0;

interface Case {
  name: string;
  a: { persons: Person[]; raw: Results };
  b?: { persons: Person[]; raw: Results };
}

async function run(groups: Group[]): Promise<{ persons: Person[]; raw: Results }> {
  const dir = path.join(root, `c${caseNo++}`);
  mkdirSync(dir);
  const c = writeCase(dir, 'leak', groups, 19);
  const spec = loadSpec(c.spec);
  const x = await readForSpec(spec);
  return { persons: c.persons, raw: evaluate(x, spec, {}) };
}

/**
 * Who sits in each whole cell of the base design, and the municipality a small replacement goes to.
 */
const CELL_GROUPS: { cohort: 0 | 1; kom: string; treated: boolean }[] = [
  { cohort: 0, kom: '203', treated: false },
  { cohort: 1, kom: '204', treated: false },
  { cohort: 0, kom: '102', treated: true },
  { cohort: 1, kom: '101', treated: true },
];
const TREATED = ['101', '102', '103'];

/** The base design with cell c replaced by k persons (seed and ages varied by `variant`). */
function smallCell(c: number, k: number, variant: number): Group[] {
  const keep = baseGroups().filter(
    (g) =>
      !(g.cohort === CELL_GROUPS[c].cohort && TREATED.includes(g.kom) === CELL_GROUPS[c].treated),
  );
  return [
    ...keep,
    {
      kom: CELL_GROUPS[c].kom,
      cohort: CELL_GROUPS[c].cohort,
      count: k,
      seed: 500 + 31 * variant + k,
      age: variant === 0 ? 25 : 70,
      internship: variant === 0 ? 0.1 : 0.6,
    },
  ];
}

const cases: Case[] = [];
const other = (k: number) => (k % (N - 1)) + 1;

beforeAll(async () => {
  // Whole small cells: each of the four, sizes 1..N−1, each paired with a different size and
  // content.
  for (let c = 0; c < 4; c++) {
    for (let k = 1; k < N; k++) {
      cases.push({
        name: `cell ${c} of ${k}`,
        a: await run(smallCell(c, k, 0)),
        b: await run(smallCell(c, other(k), 1)),
      });
    }
  }
  // Excluded persons: no start in a window (paired), and beside them persons without a municipality
  // (brute force only:
  // whether the two hidden counts' sum is small decides what else is hidden, so the pattern depends
  // on the counts).
  for (let k = 1; k < N; k++) {
    const ex = (kk: number, v: number): Group[] => [
      ...baseGroups(),
      { kom: '201', cohort: 'none', count: kk, seed: 900 + v },
    ];
    cases.push({ name: `excluded ${k}`, a: await run(ex(k, 0)), b: await run(ex(other(k), 1)) });
    cases.push({
      name: `excluded ${k} and ${other(k)}`,
      a: await run([...ex(k, 0), { kom: '202', cohort: 'no-kom', count: other(k), seed: 950 }]),
    });
  }
  // A treated municipality with few persons in each cohort; a rare covariate level; rare events;
  // early emigrations.
  for (let k = 1; k < N; k++) {
    cases.push({
      name: `municipality 103 with ${k}+${other(k)}`,
      a: await run([
        ...baseGroups(),
        { kom: '103', cohort: 0, count: k, seed: 70 + k },
        { kom: '103', cohort: 1, count: other(k), seed: 80 + k },
      ]),
    });
    cases.push({
      name: `rare level ×${k}`,
      a: await run([...baseGroups(), { kom: '201', cohort: 1, count: k, seed: 60 + k, sex: 'x' }]),
    });
    cases.push({
      name: `emigrations ×${k}`,
      a: await run([
        ...baseGroups(),
        { kom: '202', cohort: 0, count: k, seed: 40 + k, emigrateAfter: 3 + k },
      ]),
    });
  }
  cases.push({
    name: 'rare events',
    a: await run(baseGroups().map((g) => ({ ...g, internship: 0.02 }))),
  });
});

/**
 * results.json as published, without what legitimately differs between two extracts (their name and
 * checksum).
 */
const published = (r: Results) =>
  JSON.stringify({ ...r, data: { ...r.data, file: '', sha256: '' } });

/** Paths of the first differences between two published results. */
function differences(a: unknown, b: unknown, at = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object')
    return [`${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys
    .flatMap((k) =>
      differences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${at}.${k}`,
      ),
    )
    .slice(0, 5);
}

/** Every leak the brute-force oracle finds in one published result. */
function bruteForceLeaks(r: Results, ps: Person[]): string[] {
  const leaks: string[] = [];
  const sizes = cellSizes(ps);
  const { n, events } = weeklyCounts(ps);
  const cellIdx = (g: string, c: string) => (g === 'treated' ? 2 : 0) + (c === 'during' ? 1 : 0);
  // Persons table.
  r.data.cells.forEach((c, i) => {
    if (c.persons !== null && small(sizes[i])) leaks.push(`data.cells[${i}].persons = ${sizes[i]}`);
  });
  const read = ps.length;
  const excludedSizes = [
    ps.filter((p) => p.cell < 0 && p.kom !== '').length,
    ps.filter((p) => p.kom === '').length,
  ];
  // Persons read beside its parts: what the hidden parts add up to follows by subtraction.
  if (r.data.persons_read !== null) {
    const hiddenSum =
      excludedSizes.reduce(
        (a, v, i) => a + (Object.values(r.data.excluded)[i === 0 ? 0 : 2] === null ? v : 0),
        0,
      ) + (r.data.persons_in_cohorts === null ? sizes.reduce((a, b) => a + b, 0) : 0);
    if (small(hiddenSum))
      leaks.push(`persons read ${read} minus the published parts = ${hiddenSum}`);
  }
  for (const [k, v] of Object.entries(r.data.excluded))
    if (v !== null && small(v as number)) leaks.push(`excluded ${k} = ${v}`);
  const o = r.outcomes.internship;
  if (o.type !== 'share') throw new Error('corpus outcome');
  // Weekly shares by calendar week, and the weekly effects resting on them.
  for (const row of o.cells) {
    const c = cellIdx(row.group, row.cohort);
    const bn = n[c][row.week - 1];
    const be = events[c][row.week - 1];
    if (row.n !== null && (small(bn) || small(sizes[c])))
      leaks.push(`share cell ${c} week ${row.week}: n = ${bn}`);
    if (row.share !== null && (small(bn) || small(be) || small(bn - be) || small(sizes[c])))
      leaks.push(`share cell ${c} week ${row.week}: ${be}/${bn}`);
    if (row.n !== null && row.n !== bn)
      leaks.push(`brute force disagrees: cell ${c} week ${row.week} n ${row.n} vs ${bn}`);
  }
  for (const e of o.weekly) {
    const t = e.week - 1;
    const anySmall = [0, 1, 2, 3].some(
      (c) =>
        small(n[c][t]) || small(events[c][t]) || small(n[c][t] - events[c][t]) || small(sizes[c]),
    );
    if (anySmall && e.estimate !== null) leaks.push(`weekly effect ${e.week} beside a small cell`);
    if ([0, 1, 2, 3].some((c) => small(n[c][t])) && e.n !== null)
      leaks.push(`weekly n ${e.week} beside a small cell`);
    e.cells.forEach((cs, c) => {
      if (
        cs.share !== null &&
        (small(n[c][t]) || small(events[c][t]) || small(n[c][t] - events[c][t]))
      )
        leaks.push(`weekly effect ${e.week} cell ${c} share`);
    });
  }
  // Pooled and per municipality: persons with pooled weeks, brute force.
  const pooledPersons = (keep: (p: Person) => boolean) =>
    [0, 1, 2, 3].map(
      (c) =>
        ps.filter(
          (p) => p.cell === c && keep(p) && [...Array(16)].some((_, i) => followed(p, 5 + i)),
        ).length,
    );
  const pp = pooledPersons(() => true);
  if (pp.some(small) && o.pooled.estimate !== null)
    leaks.push(`pooled effect with pooled cells ${pp}`);
  for (const m of o.municipalities) {
    const mp = pooledPersons((p) => p.kom === m.municipality);
    if (m.estimate !== null && (small(mp[2]) || small(mp[3]) || small(pp[0]) || small(pp[1])))
      leaks.push(`municipality ${m.municipality} with persons ${mp}`);
    [2, 3].forEach((c) => {
      if (m.cells[c].share !== null && small(mp[c]))
        leaks.push(`municipality ${m.municipality} cell ${c} of ${mp[c]} persons`);
    });
    if (m.persons !== null && small(mp[2] + mp[3]))
      leaks.push(`municipality ${m.municipality} persons ${m.persons}`);
  }
  // Balance: persons with each sex level per cell.
  for (const b of r.balance) {
    for (let c = 0; c < 4; c++) {
      const members = ps.filter((p) => p.cell === c);
      const k = b.level === null ? members.length : members.filter((p) => p.sex === b.level).length;
      if (b.means[c] !== null && (small(members.length) || small(k)))
        leaks.push(
          `balance ${b.covariate}${b.level ? `=${b.level}` : ''} cell ${c}: ` +
            `${k} of ${members.length}`,
        );
    }
  }
  const levels = r.balance.filter((b) => b.covariate === 'koen');
  for (let c = 0; c < 4; c++) {
    const hidden = levels.filter((b) => b.means[c] === null);
    if (hidden.length === 1)
      leaks.push(`balance koen cell ${c}: one hidden level follows from the others`);
  }
  // Kaplan–Meier: per cell, events and censorings by duration, brute force.
  const s = r.outcomes['time-to-internship'];
  if (s.type !== 'survival') throw new Error('corpus outcome');
  for (let c = 0; c < 4; c++) {
    const dur = ps.filter((p) => p.cell === c).map((p) => duration(p));
    const rows = s.km
      .filter((row) => cellIdx(row.group, row.cohort) === c)
      .sort((a, b) => a.week - b.week);
    let last: { week: number; atRisk: number } | null = null;
    for (const row of rows) {
      if (row.survival === null) continue;
      if (small(sizes[c])) leaks.push(`KM cell ${c} of ${sizes[c]} persons published`);
      const atRisk = dur.filter((d) => d.time >= row.week).length;
      if (small(atRisk)) leaks.push(`KM cell ${c} week ${row.week}: at risk ${atRisk}`);
      const from = last ? last.week + 1 : 0;
      const ev = dur.filter((d) => d.event && d.time >= from && d.time <= row.week).length;
      const ce = dur.filter((d) => !d.event && d.time >= from && d.time <= row.week).length;
      if (small(ev) || small(ce))
        leaks.push(`KM cell ${c} weeks ${from}–${row.week}: ${ev} events, ${ce} censored`);
      last = { week: row.week, atRisk };
    }
  }
  for (const sm of s.summary) {
    const c = cellIdx(sm.group, sm.cohort);
    const ev = ps.filter((p) => p.cell === c && duration(p).event).length;
    if (sm.events !== null && small(ev)) leaks.push(`summary cell ${c} events ${ev}`);
    if (sm.median !== null && small(sizes[c])) leaks.push(`summary cell ${c} median`);
  }
  return leaks;
}

/** In the programme and not censored in calendar week t (1-based) of the person's cohort. */
function followed(p: Person, t: number): boolean {
  const w = WINDOW[p.cell % 2].from + t - 1;
  return (
    w >= p.entry &&
    !p.codes.slice(0, w + 1).includes('997') &&
    (p.codes[w] === '771' || p.codes[w] === '772')
  );
}

/** Duration to the first internship week (event) or censoring, by the definition (docs/definitions.md). */
function duration(p: Person): { time: number; event: boolean } {
  const until = WINDOW[p.cell % 2].until;
  const emig = p.codes.indexOf('997', p.entry);
  const last = emig >= 0 ? Math.min(until, emig - 1) : until;
  for (let j = p.entry; j <= last; j++)
    if (p.codes[j] === '772') return { time: j - p.entry + 1, event: true };
  return { time: last - p.entry + 1, event: false };
}

/**
 * What evaluate publishes: the disclosed results with every headline derived from them
 * (src/pipeline/headline.ts).
 */
const publish = (raw: Results, on: RuleSwitches) => withHeadlines(disclose(raw, N, on));

function leaksOf(c: Case, on: RuleSwitches = {}): string[] {
  const a = publish(c.a.raw, on);
  const out = bruteForceLeaks(a, c.a.persons);
  if (c.b) {
    const b = publish(c.b.raw, on);
    if (published(a) !== published(b))
      out.push(
        ...differences(JSON.parse(published(a)), JSON.parse(published(b))).map(
          (d) => `depends on the small cell: ${d}`,
        ),
      );
  }
  return out;
}

describe(`--min-cell ${N} on the small-cell corpus`, () => {
  it('no case leaks, and the corpus is what it says', () => {
    expect(cases.length).toBe(16 + 8 + 12 + 1);
    for (const c of cases) expect(leaksOf(c), c.name).toEqual([]);
    // The corpus holds small cells of every size 1..N−1 (brute force).
    const sizes = new Set(cases.flatMap((c) => cellSizes(c.a.persons)).filter(small));
    expect([...sizes].sort()).toEqual([1, 2, 3, 4]);
  });

  it('without suppression every case leaks (the oracles see every small cell)', () => {
    const missed = cases
      .filter(
        (c) => leaksOf(c, { primary: false, propagation: false, secondary: false }).length === 0,
      )
      .map((c) => c.name);
    expect(missed).toEqual([]);
  });

  it('switching off any one declaration or any one step of the rule makes some case leak', () => {
    const parts = new Set(cases.flatMap((c) => declarations(c.a.raw, N).map((d) => d.part)));
    expect(parts.size).toBeGreaterThanOrEqual(13);
    const silent: string[] = [];
    for (const part of parts) {
      if (!cases.some((c) => leaksOf(c, { skipParts: new Set([part]) }).length > 0))
        silent.push(part);
    }
    for (const step of ['primary', 'propagation', 'secondary'] as const) {
      if (!cases.some((c) => leaksOf(c, { [step]: false }).length > 0)) silent.push(step);
    }
    expect(silent).toEqual([]);
  });
});
