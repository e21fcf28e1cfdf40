// biome-ignore-all lint/suspicious/noExplicitAny: this test reads and edits free-form JSON (specs made wrong on purpose, results.json by path)
/**
 * `effekt run` with an eventStudy block, read back from results.json: every
 * figure of R's reference (event-study fixture, never-treated) as written
 * (12 significant digits), the CSV, the figure, the report section, and
 * --min-cell hiding.
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { effekt } from '../helpers/effekt.js';
import { fixturesDir, tmpFolder } from '../helpers/tmp.js';

const dir = path.join(fixturesDir, 'event-study');
const ref = JSON.parse(readFileSync(path.join(dir, 'r-reference.json'), 'utf8')) as Record<
  string,
  number | string
>;

function pick(results: any, key: string): unknown {
  const m = /^wide\.eventStudy\.([^.]+)\.([a-z_]+)(?:\[([^\]]+)\])?\.([a-z_0-9]+)$/.exec(key)!;
  const [, id, part, sel, field] = m;
  const container = results.eventStudy[id][part];
  if (sel === undefined) return container[field];
  const want = sel.split(',').map((kv) => kv.split(':'));
  const rows = container.filter((r: any) => want.every(([k, v]) => String(r[k]) === v));
  expect(rows.length, key).toBe(1);
  return rows[0][field];
}

describe('effekt run with an event study', () => {
  const out = tmpFolder('effekt-es-');
  const r = effekt(['run', path.join(dir, 'spec.json'), '--out', out, '--quiet']);
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));

  it('exits 0 and writes results.json eventStudy matching R', () => {
    expect(r.code).toBe(0);
    let compared = 0;
    for (const [key, want] of Object.entries(ref)) {
      const got = pick(results, key);
      if (typeof want === 'string') expect(got, key).toBe(want);
      else
        expect(Math.abs((got as number) - want), key).toBeLessThanOrEqual(
          1e-6 * Math.abs(want) + 1e-15,
        );
      compared++;
    }
    expect(compared).toBe(508);
  });

  it(
    'lists the base rows with estimate 0 and null se, and the periods ' +
      'without follow-up with the reason',
    () => {
      const base = results.eventStudy.internship.att_gt.find(
        (a: any) => a.group === 6 && a.period === 5,
      );
      expect(base).toMatchObject({
        event_time: -1,
        estimate: 0,
        se: null,
        ci_low: null,
        ci_high: null,
      });
      const e1 = results.eventStudy.internship.event_time.find((a: any) => a.e === -1);
      expect(e1).toMatchObject({ estimate: 0, se: null, band_low: null, band_high: null });
      const p13 = results.eventStudy.internship.periods[12];
      expect(p13).toMatchObject({ period: 13, first_week: '2020-W53', used: false });
      expect(p13.why).toMatch(/lacks follow-up/);
      expect(results.eventStudy.internship.periods[0].why).toBeNull();
    },
  );

  it('writes effects/<outcome>-event-study.csv, the figure and the report section', () => {
    const csv = readFileSync(path.join(out, 'effects', 'internship-event-study.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe(
      'kind,group,period,e,estimate,se,ci_low,ci_high,band_low,band_high,p,n,problem',
    );
    // 15 event times, 2 groups × 12 periods, 1 overall.
    expect(csv.length).toBe(1 + 15 + 24 + 1);
    const svg = readFileSync(path.join(out, 'figures', 'internship-event-study.svg'), 'utf8');
    expect(svg).toMatch(/class="pre-post"/);
    expect(svg).toMatch(/class="reference"/);
    expect((svg.match(/class="band"/g) ?? []).length).toBe(14);
    expect((svg.match(/class="round-marker"/g) ?? []).length).toBeGreaterThan(10);
    const report = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/## Event study: Share in company internship/);
    expect(report).toMatch(
      /would be detected with 80 % power; such a trend would shift the event-study average by/,
    );
    expect(report).toMatch(/\*\*Periods left out\.\*\* Periods 13 \(2020-W53/);
    expect(report).not.toMatch(/Pre-trend check/);
    expect(results.outcomes.internship.pre_trend).toBeUndefined();
  });

  it('--min-cell hides estimates resting on small cells (null + reason) and counts them', () => {
    const out2 = tmpFolder('effekt-es-min-');
    expect(
      effekt(['run', path.join(dir, 'spec.json'), '--out', out2, '--quiet', '--min-cell', '30'])
        .code,
    ).toBe(0);
    const r2 = JSON.parse(readFileSync(path.join(out2, 'results.json'), 'utf8'));
    const es = r2.eventStudy.internship;
    const hidden = es.att_gt.filter((a: any) => a.problem === 'small-cell');
    expect(hidden.length).toBeGreaterThan(0);
    for (const a of hidden) {
      expect(a.estimate).toBeNull();
      expect(a.n === null || a.n >= 30).toBe(true);
    }
    // Every att_gt with a treated cell below 30 persons is hidden; no count below 30 is shown.
    for (const a of es.att_gt) if (a.n !== null) expect(a.n).toBeGreaterThanOrEqual(30);
    for (const e of es.event_time) if (e.n !== null) expect(e.n).toBeGreaterThanOrEqual(30);
    expect(r2.suppression.event_study_hidden).toBe(es.hidden + r2.eventStudy.hours.hidden);
    expect(es.hidden).toBeGreaterThan(0);
  });

  it(
    'without an eventStudy block the report says the assumption was not ' +
      'tested and how to test it',
    () => {
      const out3 = tmpFolder('effekt-es-none-');
      expect(
        effekt([
          'run',
          path.join(fixturesDir, 'synthetic-1500', 'spec.json'),
          '--out',
          out3,
          '--quiet',
        ]).code,
      ).toBe(0);
      const md = readFileSync(path.join(out3, 'report.md'), 'utf8');
      expect(md).toMatch(/was \*\*not tested\*\*: the spec has no `eventStudy` block/);
      expect(existsSync(path.join(out3, 'effects', 'internship-event-study.csv'))).toBe(false);
      expect(
        JSON.parse(readFileSync(path.join(out3, 'results.json'), 'utf8')).eventStudy,
      ).toBeNull();
    },
  );
});
