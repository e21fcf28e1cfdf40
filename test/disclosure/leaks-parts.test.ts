/**
 * The two leak oracles of leaks.test.ts over the event study, the
 * variation between municipalities and the survey side, with hostile
 * inputs for each:
 *  - event study: the treated entrants of 101's base period cut to k
 *    persons; the last entry period held by 2 entrants;
 *  - variation: a treated municipality (103) of a few persons whose effect
 *    would sit among the moderator points and in τ², the mean and the
 *    shrunken effects; a comparison municipality of a few persons (placebo);
 *  - survey: one respondent (0 agreeing) in 103's fidelity rows beside the
 *    overall rows; an item with 3 pairs beside four shown items (Holm);
 *    2 answers out of range and 2 from an unknown municipality.
 *
 * Non-interference: two extracts (or survey files) that differ only inside
 * the small group, with the same count, give byte-identical disclosed
 * results (for a small treated municipality, inside a large treated cell,
 * the variation figures must be identical; the pooled effect may move) and
 * identical terminal text. Brute force: counts computed here from the
 * generated persons and answers find no published count below N and no
 * published number from which one follows. Every declaration of these
 * parts is switched off in turn: each must make some case leak. No report
 * folder is written (no PNG): the disclosed results and the terminal text
 * are what every writer reads.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEvaluation } from '../../src/app/run.js';
import { surveySummary } from '../../src/cli/survey.js';
import {
  declarations,
  disclose,
  discloseSurvey,
  type RuleSwitches,
} from '../../src/disclosure/index.js';
import type { Results, ShareOutcomeResult } from '../../src/results/results.js';
import { tmpFolder } from '../helpers/tmp.js';
import { baseGroups, ES_PERIODS, ES_START, type Group, type Person, writeCase } from './corpus.js';

const N = 5;
const small = (v: number) => v >= 1 && v < N;
const root = tmpFolder('effekt-leaks-parts-');
let caseNo = 0;

interface Answers {
  progression: string[][];
  fidelity: string[][];
}

interface Run {
  persons: Person[];
  answers?: Answers;
  raw: Results;
}

interface Case {
  name: string;
  a: Run;
  /** Same counts, other contents of the small group. */
  b?: Run;
  /** Which part of the results must not depend on the small group (default: all of it). */
  compare?: (r: Results) => unknown;
}

async function run(
  groups: Group[],
  opts: { eventStudy?: boolean; moderators?: boolean; answers?: Answers } = {},
): Promise<Run> {
  const dir = path.join(root, `c${caseNo++}`);
  mkdirSync(dir);
  if (opts.moderators)
    writeFileSync(
      path.join(dir, 'kommuner.csv'),
      'municipality,fidelity\n101,0.3\n102,0.5\n103,0.9\n201,0.1\n',
    );
  const csv = (rows: string[][]) => `${rows.map((r) => r.join(',')).join('\n')}\n`;
  if (opts.answers) {
    writeFileSync(
      path.join(dir, 'progression.csv'),
      csv([['respondent', 'municipality', 'wave', 'item', 'value'], ...opts.answers.progression]),
    );
    writeFileSync(
      path.join(dir, 'fidelity.csv'),
      csv([['respondent', 'municipality', 'wave', 'element', 'value'], ...opts.answers.fidelity]),
    );
  }
  const c = writeCase(dir, 'leak', groups, 0, {
    eventStudy: opts.eventStudy,
    municipalityData: opts.moderators ? 'kommuner.csv' : undefined,
    progression: opts.answers ? 'progression.csv' : undefined,
    fidelity: opts.answers ? 'fidelity.csv' : undefined,
  });
  // Undisclosed (min-cell 0): each test discloses with its own switches.
  const raw = (await runEvaluation(c.spec, { minCell: 0 })).results;
  return { persons: c.persons, answers: opts.answers, raw };
}

// Event study: every municipality enters in every period; 101 (start P3) has base period P2.
function esGroups(cut: { kom: string; period: number; count: number; variant: number }[]): Group[] {
  const out: Group[] = [];
  for (const kom of ['101', '102', '201', '202', '203'])
    ES_PERIODS.forEach((weeks, p) => {
      const c = cut.find((x) => x.kom === kom && x.period === p + 1);
      out.push({
        kom,
        cohort: 0,
        count: c ? c.count : 12,
        seed: 3000 + 37 * p + Number(kom) + (c ? 1000 * c.variant : 0),
        entry: weeks,
        internship: c && c.variant === 1 ? 0.7 : 0.3,
      });
    });
  return [...baseGroups(), ...out];
}

// Survey answers: 20 respondents in 101 and 102; 103 holds one respondent who does not agree
// (variant: agrees).
function answers(variant: number): Answers {
  const progression: string[][] = [];
  const fidelity: string[][] = [];
  const value = (r: number, i: number, w: number) => String(1 + ((r * 7 + i * 3 + w * 5) % 5));
  for (const kom of ['101', '102'])
    for (let r = 0; r < 20; r++) {
      const id = `${kom}-${r}`;
      for (const [w, wave] of ['start', 'follow-up'].entries())
        for (let i = 1; i <= 4; i++)
          progression.push([id, kom, wave, `q${i}`, value(r + Number(kom), i, w)]);
      for (const [w, wave] of ['start', 'end'].entries())
        for (let e = 1; e <= 3; e++)
          fidelity.push([id, kom, wave, `e${e}`, value(r + Number(kom), e, w + 1)]);
    }
  // Item q5: only 3 pairs (variant moves their answers, and with them a Holm p-value if q5 stayed
  // in the family).
  for (let r = 0; r < 3; r++)
    for (const [w, wave] of ['start', 'follow-up'].entries())
      progression.push([`101-${r}`, '101', wave, 'q5', String(variant === 0 ? 1 + w * 3 : 3 - w)]);
  // 103: one respondent, not agreeing (variant: agreeing) at both waves.
  for (const [, wave] of ['start', 'end'].entries())
    for (let e = 1; e <= 3; e++)
      fidelity.push(['103-0', '103', wave, `e${e}`, variant === 0 ? '1' : '5']);
  // Left out: 2 answers out of range, 2 from a municipality that does not exist.
  for (const rows of [progression, fidelity]) {
    const key = rows === progression ? 'q1' : 'e1';
    rows.push(['x1', '101', 'start', key, variant === 0 ? '9' : '0']);
    rows.push(['x2', '102', 'start', key, variant === 0 ? '9' : '7']);
    rows.push(['y1', variant === 0 ? '999' : '998', 'start', key, '3']);
    rows.push(['y2', variant === 0 ? '999' : '998', 'start', key, '4']);
  }
  return { progression, fidelity };
}

const municipalityPersons = (kom: string, count: number, seed: number, internship = 0.25) => [
  { kom, cohort: 0 as const, count, seed, internship },
  { kom, cohort: 1 as const, count, seed: seed + 1, internship },
];

const variationOf = (r: Results) => {
  const o = r.outcomes.internship as ShareOutcomeResult;
  return {
    municipalities: o.municipalities.filter((m) => m.municipality !== '103'),
    placebo: o.placebo,
    heterogeneity: o.heterogeneity,
    moderators: o.moderators,
    range: o.municipality_range,
    variation: o.variation,
  };
};

const cases: Case[] = [];

beforeAll(async () => {
  for (const k of [1, 3]) {
    cases.push({
      name: `event study: 101's base period of ${k}`,
      a: await run(esGroups([{ kom: '101', period: 2, count: k, variant: 0 }]), {
        eventStudy: true,
      }),
      b: await run(esGroups([{ kom: '101', period: 2, count: k, variant: 1 }]), {
        eventStudy: true,
      }),
    });
  }
  const lastPeriod = (variant: number) =>
    esGroups([
      { kom: '101', period: 5, count: 2, variant },
      ...['102', '201', '202', '203'].map((kom) => ({ kom, period: 5, count: 0, variant })),
    ]);
  cases.push({
    name: 'event study: 2 entrants in the last period',
    a: await run(lastPeriod(0), { eventStudy: true }),
    b: await run(lastPeriod(1), { eventStudy: true }),
  });
  for (const k of [1, 2, 4]) {
    const g = (variant: number): Group[] => [
      ...baseGroups(),
      ...municipalityPersons('103', k, 700 + 13 * variant, variant === 0 ? 0.1 : 0.8),
    ];
    cases.push({
      name: `variation: 103 of ${k}+${k} persons, with moderators`,
      a: await run(g(0), { moderators: true }),
      b: await run(g(1), { moderators: true }),
      compare: variationOf,
    });
  }
  cases.push({
    name: 'variation: comparison municipality 205 of 3+3 persons',
    a: await run([...baseGroups(), ...municipalityPersons('205', 3, 800)], { moderators: true }),
  });
  const withSurvey = (variant: number) =>
    run([...baseGroups(), ...municipalityPersons('103', 10, 900)], { answers: answers(variant) });
  cases.push({ name: 'survey', a: await withSurvey(0), b: await withSurvey(1) });
}, 300_000);

/**
 * The disclosed results without what legitimately differs between two inputs: their names and
 * checksums.
 */
const published = (r: Results) => {
  const out = structuredClone(r);
  out.data.file = '';
  out.data.sha256 = '';
  for (const f of Object.values(out.survey?.files ?? {})) {
    f.file = '';
    f.sha256 = '';
  }
  return JSON.stringify(out);
};

/** Every leak the brute-force oracle finds in the disclosed results of one case. */
function bruteForceLeaks(r: Results, c: Run): string[] {
  const leaks: string[] = [];
  const ps = c.persons;
  // Event study: entrants per municipality and period (1-based), from the generated entry weeks.
  for (const [id, es] of Object.entries(r.eventStudy ?? {})) {
    const entrants = (kom: (k: string) => boolean, p: number) =>
      p < 1
        ? 0
        : ps.filter(
            (x) => kom(x.kom) && x.entry >= ES_PERIODS[p - 1][0] && x.entry <= ES_PERIODS[p - 1][1],
          ).length;
    const treatedIn = (g: number) => (k: string) => ES_START[k] === g;
    const comparison = (k: string) => k.startsWith('2');
    const smallRow = (g: number, p: number) =>
      [
        entrants(treatedIn(g), p),
        entrants(treatedIn(g), g - 1),
        entrants(comparison, p),
        entrants(comparison, g - 1),
      ].some(small);
    const rawEs = c.raw.eventStudy![id];
    const smallAt = (keep: (e: number) => boolean) =>
      rawEs.att_gt.some((a) => keep(a.event_time) && smallRow(a.group, a.period));
    es.att_gt.forEach((a) => {
      if (smallRow(a.group, a.period) && (a.estimate !== null || a.n !== null))
        leaks.push(`${id} ATT(${a.group},${a.period}) beside a small cell`);
    });
    es.event_time.forEach((e) => {
      if (e.estimate !== null && smallAt((x) => x === e.e))
        leaks.push(`${id} ATT(e=${e.e}) from a small cell`);
    });
    if (es.overall.estimate !== null && smallAt((x) => x >= 0)) leaks.push(`${id} overall`);
    if (es.pretest.p !== null && smallAt((x) => x <= -2)) leaks.push(`${id} pre-test`);
    if (es.band.critical !== null && smallAt(() => true)) leaks.push(`${id} band`);
    let hiddenPeriods = 0;
    es.periods.forEach((p) => {
      const n = entrants(() => true, p.period);
      if (p.persons !== null && small(n)) leaks.push(`${id} period ${p.period}: ${n} entrants`);
      if (p.persons === null) hiddenPeriods += n;
    });
    if (es.entrants !== null && small(hiddenPeriods))
      leaks.push(`${id} entrants minus the shown periods = ${hiddenPeriods}`);
  }
  // Variation: no small municipality's effect anywhere, and every pooled figure a function of the
  // shown effects.
  const o = r.outcomes.internship as ShareOutcomeResult;
  const cohortPersons = (kom: string) =>
    [0, 1].map((c) => ps.filter((x) => x.kom === kom && x.cell >= 0 && x.cell % 2 === c).length);
  const rawO = c.raw.outcomes.internship as ShareOutcomeResult;
  for (const m of o.municipalities) {
    const own = cohortPersons(m.municipality);
    if (own.some(small) && m.estimate !== null)
      leaks.push(`municipality ${m.municipality} (${own}) shown`);
  }
  const hiddenEffects = rawO.municipalities
    .filter((m, i) => o.municipalities[i].estimate === null && m.estimate !== null)
    .map((m) => m.estimate as number);
  for (const mod of o.moderators)
    for (const p of mod.points)
      if (
        hiddenEffects.includes(p.estimate) ||
        o.municipalities.find((m) => m.municipality === p.municipality)?.estimate !== p.estimate
      )
        leaks.push(`moderator ${mod.name}: point of ${p.municipality} is not its published effect`);
  for (const p of o.placebo)
    if (p.estimate !== null && cohortPersons(p.municipality).some(small))
      leaks.push(`placebo ${p.municipality} shown`);
  // Q, τ² and the mean by DerSimonian–Laird from the published informative effects (the test's own
  // formula).
  const used = o.municipalities.filter(
    (m) => m.estimate !== null && m.se !== null && m.se > 0 && m.flag === null,
  );
  if (o.heterogeneity && used.length >= 2) {
    const w = used.map((m) => 1 / (m.se as number) ** 2);
    const sw = w.reduce((a, b) => a + b, 0);
    const fixed = w.reduce((a, x, i) => a + x * (used[i].estimate as number), 0) / sw;
    const q = w.reduce((a, x, i) => a + x * ((used[i].estimate as number) - fixed) ** 2, 0);
    const tau2 = Math.max(
      0,
      (q - (used.length - 1)) / (sw - w.reduce((a, x) => a + x * x, 0) / sw),
    );
    const close = (x: number | null, y: number) =>
      x !== null && Math.abs(x - y) <= 1e-9 * (1 + Math.abs(y));
    if (!close(o.heterogeneity.q, q) || !close(o.heterogeneity.tau2, tau2))
      leaks.push('heterogeneity is not a function of the published effects');
  }
  const shownPlacebo = o.placebo.flatMap((p) => (p.estimate === null ? [] : [p.estimate]));
  for (const m of o.municipalities)
    if (m.estimate !== null && m.p_perm !== null) {
      const want =
        (1 + shownPlacebo.filter((x) => Math.abs(x) >= Math.abs(m.estimate as number)).length) /
        (1 + shownPlacebo.length);
      if (Math.abs(m.p_perm - want) > 1e-12)
        leaks.push(`p_perm of ${m.municipality} uses a hidden placebo`);
    }
  // The size-adjusted p's Holm family: the shown municipalities only (the test's own Holm).
  const sized = o.municipalities.filter((m) => m.p_size !== null && m.p_size !== undefined);
  const bySize = [...sized].sort((x, y) => (x.p_size as number) - (y.p_size as number));
  let run = 0;
  bySize.forEach((m, k) => {
    run = Math.max(run, (bySize.length - k) * (m.p_size as number));
    if (Math.abs((m.p_size_holm as number) - Math.min(1, run)) > 1e-12)
      leaks.push(`p_size_holm of ${m.municipality} counts a hidden municipality`);
  });
  // Survey: respondents per item and municipality, from the generated answers.
  if (r.survey && c.answers) {
    const s = r.survey;
    const prog = c.answers.progression;
    for (const row of s.progression ?? []) {
      const pairs = new Set(
        prog
          .filter((a) => a[3] === row.item && a[2] === 'start' && /^10[123]-/.test(a[0]))
          .map((a) => a[0]),
      );
      const both = [...pairs].filter((id) =>
        prog.some((a) => a[0] === id && a[3] === row.item && a[2] === 'follow-up'),
      ).length;
      if (small(both) && (row.n !== null || row.p_wilcoxon !== null))
        leaks.push(`item ${row.item} of ${both} pairs shown`);
    }
    // Holm over the shown items only (the test's own Holm).
    const shown = (s.progression ?? []).filter((x) => x.p_wilcoxon !== null);
    const order = [...shown].sort((x, y) => (x.p_wilcoxon as number) - (y.p_wilcoxon as number));
    let running = 0;
    order.forEach((x, k) => {
      running = Math.max(running, (order.length - k) * (x.p_wilcoxon as number));
      if (Math.abs((x.p_holm as number) - Math.min(1, running)) > 1e-12)
        leaks.push(`Holm p of ${x.item} counts a hidden item`);
    });
    const fid = c.answers.fidelity;
    const counts = (kom: string | null, el: string, wave: string) => {
      const rows = fid.filter(
        (a) =>
          a[3] === el &&
          a[2] === wave &&
          (kom === null ? /^10[123]$/.test(a[1]) : a[1] === kom) &&
          /^[1-5]$/.test(a[4]),
      );
      const agree = rows.filter((a) => a[4] === '4' || a[4] === '5').length;
      return [rows.length, agree, rows.length - agree];
    };
    for (const m of s.fidelityByMunicipality ?? [])
      for (const [w, wave] of [
        ['start', 'start'],
        ['end', 'end'],
      ] as const) {
        const [n, agree, not] = counts(m.municipality, m.element, wave);
        if (m[`n_${w}`] !== null && small(n))
          leaks.push(`fidelity ${m.municipality} ${m.element} n ${n}`);
        if (m[`share_${w}`] !== null && (small(n) || small(agree) || small(not)))
          leaks.push(`fidelity ${m.municipality} ${m.element} share ${agree}/${n}`);
      }
    // The overall row minus the municipality rows shown: nothing small may follow.
    for (const e of s.fidelity ?? [])
      for (const w of ['start', 'end'] as const) {
        if (e[`n_${w}`] === null || e[`share_${w}`] === null) continue;
        let n = e[`n_${w}`] as number;
        let agree = Math.round((e[`share_${w}`] as number) * n);
        for (const m of (s.fidelityByMunicipality ?? []).filter((x) => x.element === e.element)) {
          const mn = m[`n_${w}`];
          const sh = m[`share_${w}`];
          if (mn === null || sh === null) continue;
          n -= mn;
          agree -= Math.round(sh * mn);
        }
        if (small(n) || small(agree) || small(n - agree))
          leaks.push(`fidelity ${e.element} ${w}: overall minus shown = ${agree}/${n}`);
      }
    for (const kind of ['progression', 'fidelity'] as const) {
      const f = s.files[kind]!;
      for (const [k, v] of Object.entries(f.excluded))
        if (v !== null && small(v)) leaks.push(`${kind} excluded ${k} = ${v}`);
      if (f.unknown_municipalities.length > 0 && f.excluded['unknown municipality'] === null)
        leaks.push(`${kind} names the unknown municipalities of a hidden count`);
      if (f.rows !== null) {
        const rest =
          (f.rows as number) -
          (f.answers_used ?? 0) -
          Object.values(f.excluded).reduce((a: number, v) => a + (v ?? 0), 0);
        if (small(rest)) leaks.push(`${kind} rows minus the shown parts = ${rest}`);
      }
    }
  }
  return leaks;
}

/** Paths of the first differences between two values. */
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

function leaksOf(c: Case, on: RuleSwitches = {}): string[] {
  const a = disclose(c.a.raw, N, on);
  const out = bruteForceLeaks(a, c.a);
  if (c.b) {
    const b = disclose(c.b.raw, N, on);
    const pick = c.compare ?? ((r: Results) => JSON.parse(published(r)));
    out.push(...differences(pick(a), pick(b)).map((d) => `depends on the small group: ${d}`));
    // The terminal text of the survey side, as `effekt survey` prints it (through discloseSurvey).
    if (c.a.raw.survey && c.b.raw.survey) {
      const text = (r: Results) => surveySummary(discloseSurvey(r.survey!, N, on));
      if (text(c.a.raw) !== text(c.b.raw))
        out.push(`${c.name}: effekt survey's text depends on the small group`);
    }
  }
  return out;
}

describe(`--min-cell ${N}: event study, variation and survey`, () => {
  it('no case leaks', () => {
    expect(cases.length).toBe(8);
    for (const c of cases) expect(leaksOf(c), c.name).toEqual([]);
  });

  it('without suppression every case leaks (the oracles see the small groups)', () => {
    const off = { primary: false, propagation: false, secondary: false };
    expect(cases.filter((c) => leaksOf(c, off).length === 0).map((c) => c.name)).toEqual([]);
  });

  it('switching off any one declaration of these parts makes some case leak', () => {
    const mine = (p: string) =>
      p.startsWith('eventstudy:') ||
      p.startsWith('survey:') ||
      p === 'share:internship:variation' ||
      p === 'share:internship:municipalities';
    const parts = new Set(
      cases.flatMap((c) => declarations(c.a.raw, N).map((d) => d.part)).filter(mine),
    );
    // eventstudy: att, aggregates, entrants; survey: two files, progression, fidelity; variation;
    // municipalities.
    expect(parts.size).toBe(9);
    const silent = [...parts].filter(
      (part) => !cases.some((c) => leaksOf(c, { skipParts: new Set([part]) }).length > 0),
    );
    expect(silent).toEqual([]);
  });

  it(
    'the same survey through effekt survey --json (discloseSurvey) hides ' + 'what the run hides',
    () => {
      const c = cases.find((x) => x.name === 'survey')!;
      const viaRun = disclose(c.a.raw, N).survey!;
      const viaSurvey = discloseSurvey(c.a.raw.survey!, N);
      expect(JSON.stringify(viaSurvey)).toBe(JSON.stringify(viaRun));
    },
  );
});
