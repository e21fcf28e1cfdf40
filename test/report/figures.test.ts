/**
 * The report's figures on the shipped sample, read back as XML: they must
 * print (greyscale, at-risk table, thin weeks out of the axis, pooling
 * window, ISO weeks, text ≥ 8 pt) and come bare or in Danish on request.
 * Expected values are derived here from results.json's numbers (at-risk
 * counts from week-0 counts minus events and censorings; thin weeks from cell
 * sizes; ISO weeks by hand), not read from the figures.
 */

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEvaluation } from '../../src/app/run.js';
import { weekSerial } from '../../src/calendar/isoweek.js';
import { reportContext } from '../../src/report/context.js';
import {
  atRiskAt,
  type Figure,
  isoWeekLabel,
  quarterTicks,
  renderFigures,
  thinWeeks,
  weekRuns,
} from '../../src/report/figures.js';
import { minFontUnits } from '../../src/report/render/png.js';
import { STATE_COLORS, STATE_PATTERNS } from '../../src/report/states/chart.js';
import { luminance } from '../../src/report/svg/index.js';
import type {
  Results,
  ShareOutcomeResult,
  SurvivalOutcomeResult,
} from '../../src/results/results.js';
import type { Spec } from '../../src/spec/spec.js';
import { repoRoot } from '../helpers/tmp.js';
import { all, byClass, type El, num, parseSvg, text, texts } from './svg/xml.js';

let r: Results;
let spec: Spec;
let figs: Figure[];
const fig = (file: string): El => {
  const f = figs.find((x) => x.file === file);
  if (!f) throw new Error(`no figure ${file}`);
  return parseSvg(f.svg);
};
const share = (id: string) => r.outcomes[id] as ShareOutcomeResult;

/**
 * Value of a y position, by the two outermost labelled y ticks (label baseline 4 px below the
 * tick).
 */
function yValueScale(doc: El, parse: (s: string) => number): (py: number) => number {
  const ticks = byClass(doc, 'text', 'y-tick').map((t) => ({
    v: parse(text(t)),
    py: num(t.y) - 4,
  }));
  const a = ticks[0];
  const b = ticks[ticks.length - 1];
  return (py) => a.v + ((py - a.py) * (b.v - a.v)) / (b.py - a.py);
}
const ppTick = (s: string) => Number(s.replace('\u2212', '-').replace('+', '').replace(',', '.'));

beforeAll(async () => {
  const run = await runEvaluation(path.join(repoRoot, 'data-samples/brf/spec.json'), {
    bootstrap: 0,
  });
  spec = run.spec;
  r = run.results;
  figs = renderFigures(r, {
    calendar: { during: spec.cohorts.during.entryFrom, before: spec.cohorts.before.entryFrom },
  });
});

describe('figure list', () => {
  it(
    'per share outcome: shares, effect, effect by weeks since entry, ' +
      'municipalities; survival; states',
    () => {
      const shareIds = Object.entries(r.outcomes)
        .filter(([, o]) => o.type === 'share')
        .map(([id]) => id);
      for (const id of shareIds) {
        for (const k of ['shares', 'effect', 'effect-since-entry'])
          expect(figs.some((f) => f.file === `${id}-${k}.svg` && f.png === `${id}-${k}.png`)).toBe(
            true,
          );
      }
      expect(figs.some((f) => f.kind === 'survival')).toBe(true);
      expect(figs.some((f) => f.kind === 'states')).toBe(true);
      expect(
        figs.filter((f) => ['shares', 'effect', 'effect-since-entry'].includes(f.kind)).length,
      ).toBe(shareIds.length * 3);
      expect(figs.filter((f) => f.kind === 'municipalities').length).toBe(shareIds.length);
    },
  );
  it('every figure: texts for a caption (title, note, alt) and valid XML', () => {
    for (const f of figs) {
      expect(f.title.length, f.file).toBeGreaterThan(0);
      if (f.kind !== 'placebo' && f.kind !== 'moderator')
        expect(f.note.length, f.file).toBeGreaterThan(0);
      expect(f.alt.length, f.file).toBeGreaterThan(0);
      parseSvg(f.svg);
    }
  });
  it('same input, identical SVG', () => {
    const again = renderFigures(structuredClone(r), {
      calendar: { during: spec.cohorts.during.entryFrom, before: spec.cohorts.before.entryFrom },
    });
    expect(again.map((f) => f.svg)).toEqual(figs.map((f) => f.svg));
  });
});

describe('print size: no text under 8 pt at 16 cm wide', () => {
  it('every text of every figure', () => {
    let checked = 0;
    for (const f of figs) {
      const doc = parseSvg(f.svg);
      const width = num((doc.svg as El).width);
      // 8 pt = 8/72 in; at 300 dpi 33.3 px; the figure is scaled by 1890 / width.
      const floor = ((8 / 72) * 300) / (1890 / width);
      expect(minFontUnits(width)).toBeCloseTo(floor, 10);
      for (const t of all(doc, 'text')) {
        expect(num(t['font-size']), `${f.file}: ${text(t)}`).toBeGreaterThanOrEqual(floor);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('greyscale: cells apart by line type and marker, not only colour', () => {
  for (const file of ['internship-shares.svg', 'time-to-internship-survival.svg']) {
    it(file, () => {
      const groups = byClass(fig(file), 'g', 'series');
      expect(groups).toHaveLength(4);
      const style = groups.map((g) => ({
        label: String(g['data-label']),
        dash: String(g['data-dash'] ?? 'solid'),
        marker: String(g['data-marker']),
      }));
      // participants vs comparison: different marker shapes; before vs during: different line types
      const shape = (m: string) => m.replace('-open', '');
      const [pd, pb, cd, cb] = style;
      expect(shape(pd.marker)).not.toBe(shape(cd.marker));
      expect(shape(pb.marker)).not.toBe(shape(cb.marker));
      expect(pd.dash).not.toBe(pb.dash);
      expect(cd.dash).not.toBe(cb.dash);
      // all four (line type, marker) pairs distinct
      expect(new Set(style.map((s) => `${s.dash}|${s.marker}`)).size).toBe(4);
      // markers are drawn, with the legend showing the same
      for (const g of groups)
        expect(
          byClass(g, 'circle', 'marker').length + byClass(g, 'rect', 'marker').length,
        ).toBeGreaterThan(3);
      const legendShapes = all(fig(file), 'g')
        .filter((g) => g.class === 'legend-entry')
        .flatMap((g) =>
          [...all(g, 'circle'), ...all(g, 'rect')]
            .filter((e) => e.class === 'legend-marker')
            .map((e) => e['data-shape']),
        );
      expect(legendShapes).toEqual(style.map((s) => s.marker));
    });
  }
  it('luminance: black 0, white 1, mid grey #808080 ≈ 0.2159 (sRGB)', () => {
    expect(luminance('#000000')).toBe(0);
    expect(luminance('#ffffff')).toBeCloseTo(1, 12);
    // ((128/255 + 0.055) / 1.055)^2.4 = 0.21586
    expect(luminance('#808080')).toBeCloseTo(0.21586, 4);
  });
  it('state fills: any two states differ in pattern or by ≥ 0.2 in luminance', () => {
    const doc = fig('state-distribution.svg');
    const states = r.state_distribution.states;
    const polys = byClass(doc, 'polygon', 'state');
    const byState = new Map<string, { fill: string; pattern: string }>();
    for (const p of polys)
      byState.set(String(p['data-state']), {
        fill: String(p.fill),
        pattern: String(p['data-pattern'] ?? 'none'),
      });
    expect(byState.size).toBe(states.length);
    let pairs = 0;
    const list = [...byState.values()];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const gap = Math.abs(luminance(list[i].fill) - luminance(list[j].fill));
        expect(
          list[i].pattern !== list[j].pattern || gap >= 0.2,
          `${list[i].fill}/${list[j].fill}`,
        ).toBe(true);
        pairs++;
      }
    }
    expect(pairs).toBe((states.length * (states.length - 1)) / 2);
    // the patterns exist as <pattern> elements and are drawn over the fills
    const ids = all(doc, 'pattern').map((p) => p.id);
    expect(ids.length).toBe(
      STATE_PATTERNS.slice(0, states.length).filter((p) => p !== 'none').length,
    );
    expect(
      byClass(doc, 'polygon', 'state-pattern').every((p) =>
        ids.includes(String(p.fill).slice(5, -1)),
      ),
    ).toBe(true);
  });
  it('the default palette holds for up to 8 states', () => {
    for (let i = 0; i < 8; i++) {
      for (let j = i + 1; j < 8; j++) {
        const gap = Math.abs(luminance(STATE_COLORS[i]) - luminance(STATE_COLORS[j]));
        expect(STATE_PATTERNS[i] !== STATE_PATTERNS[j] || gap >= 0.2).toBe(true);
      }
    }
  });
});

describe('bands', () => {
  it('solid band edges; the before cohorts dashed: an edge never reads as a cohort', () => {
    for (const file of ['internship-effect.svg', 'time-to-internship-survival.svg']) {
      const doc = fig(file);
      const edges = byClass(doc, 'path', 'band-bound');
      expect(edges.length).toBeGreaterThan(0);
      expect(edges.every((e) => e['stroke-dasharray'] === undefined)).toBe(true);
    }
    const dashed = byClass(fig('time-to-internship-survival.svg'), 'g', 'series').filter(
      (g) => g['data-dash'] !== undefined,
    );
    expect(dashed.map((g) => g['data-label'])).toEqual([
      'Participants, before',
      'Comparison, before',
    ]);
  });
});

describe('number at risk under the survival curves', () => {
  it('a row per cell; each count = week-0 count − events and censorings before the week', () => {
    const o = r.outcomes['time-to-internship'] as SurvivalOutcomeResult;
    const doc = fig('time-to-internship-survival.svg');
    const rows = byClass(doc, 'g', 'risk-row');
    expect(rows.map((g) => g['data-label'])).toEqual([
      'Participants, during',
      'Participants, before',
      'Comparison, during',
      'Comparison, before',
    ]);
    const cells = [
      ['treated', 'during'],
      ['treated', 'before'],
      ['comparison', 'during'],
      ['comparison', 'before'],
    ];
    let compared = 0;
    rows.forEach((row, i) => {
      const km = o.km
        .filter((k) => k.group === cells[i][0] && k.cohort === cells[i][1])
        .sort((a, b) => a.week - b.week);
      const n0 = km[0].at_risk as number;
      for (const t of byClass(row, 'text', 'risk-n')) {
        const week = num(t['data-x']);
        const left = km
          .filter((k) => k.week < week)
          .reduce((s, k) => s + (k.events as number) + (k.censored as number), 0);
        expect(Number(text(t).replace(/,/g, '')), `${cells[i].join('.')} week ${week}`).toBe(
          n0 - left,
        );
        compared++;
      }
    });
    // ticks every 13 weeks over 0–104: 9 per row
    expect(compared).toBe(4 * 9);
  });
  it('atRiskAt: the listed week, else the next listed one', () => {
    const rows = [
      { week: 0, at_risk: 10 },
      { week: 2, at_risk: 7 },
      { week: 5, at_risk: null },
    ];
    expect([0, 1, 2, 3, 5, 6].map((w) => atRiskAt(rows, w))).toEqual([10, 7, 7, null, null, null]);
  });
  it('curves stop where fewer than 100 persons are at risk', () => {
    const o = r.outcomes['time-to-internship'] as SurvivalOutcomeResult;
    const lastKept = o.km.filter(
      (k) => k.group === 'treated' && k.cohort === 'during' && (k.at_risk as number) >= 100,
    ).length;
    const g = byClass(fig('time-to-internship-survival.svg'), 'g', 'series')[0];
    const d = String(all(g, 'path')[0].d);
    // a step path: one M, then per further week an H…V… pair
    expect((d.match(/H/g) ?? []).length).toBe(lastKept - 1);
    expect(lastKept).toBeLessThan(
      o.km.filter((k) => k.group === 'treated' && k.cohort === 'during').length,
    );
  });
});

describe('weeks with few persons: left out, and the axis set by the rest', () => {
  it('thinWeeks: any cell under the minimum, a hidden count, or a missing cell', () => {
    const cell = (group: string, cohort: string, week: number, n: number | null) => ({
      group,
      cohort,
      week,
      n,
      events: 0,
      share: 0,
    });
    const cells = ['treated', 'comparison'].flatMap((g) =>
      ['before', 'during'].flatMap((c) => [1, 2, 3].map((w) => cell(g, c, w, 200))),
    );
    cells.find((c) => c.week === 1 && c.group === 'treated' && c.cohort === 'before')!.n = 99;
    cells.find((c) => c.week === 2 && c.group === 'comparison' && c.cohort === 'during')!.n = null;
    expect([...thinWeeks(cells as never, 100)].sort()).toEqual([1, 2]);
    expect(
      [
        ...thinWeeks(
          cells.filter(
            (c) => !(c.week === 3 && c.group === 'treated' && c.cohort === 'during'),
          ) as never,
          50,
        ),
      ].sort(),
    ).toEqual([2, 3]);
    expect(weekRuns([5, 1, 2, 3, 7])).toEqual([
      [1, 3],
      [5, 5],
      [7, 7],
    ]);
  });
  it(
    'hours effect: weeks 1–4 out (a cell under 100 persons), the axis set ' + 'by the other weeks',
    () => {
      const o = share('hours');
      // by hand from the cell sizes in results.json
      const thin = [
        ...new Set(o.cells.filter((c) => c.n === null || c.n < 100).map((c) => c.week)),
      ].sort((a, b) => a - b);
      expect(thin).toEqual([1, 2, 3, 4]);
      const doc = fig('hours-effect.svg');
      const path = String(all(byClass(doc, 'g', 'series')[0], 'path')[0].d);
      expect((path.match(/[ML]/g) ?? []).length).toBe(o.weekly.length - thin.length);
      const shown = o.weekly.filter((w) => !thin.includes(w.week));
      const hi = Math.max(...shown.map((w) => w.ci_high as number)) * 100;
      const lo = Math.min(...shown.map((w) => w.ci_low as number)) * 100;
      const ticks = byClass(doc, 'text', 'y-tick').map((t) => ppTick(text(t)));
      const top = Math.max(...ticks);
      const bottom = Math.min(...ticks);
      expect(top).toBeGreaterThanOrEqual(hi);
      expect(bottom).toBeLessThanOrEqual(lo);
      // one tick step of room at most
      const step = ticks[1] - ticks[0];
      expect(top - hi).toBeLessThan(Math.abs(step));
      // the thin weeks would have needed more: week 1's upper bound is far above the axis
      expect(
        Math.max(...o.weekly.filter((w) => thin.includes(w.week)).map((w) => w.ci_high as number)) *
          100,
      ).toBeGreaterThan(top + 5);
      // the left-out weeks are marked, and the note says which
      const hatched = byClass(doc, 'rect', 'window').filter((w) => w['data-style'] === 'hatched');
      expect(hatched.map((w) => [num(w['data-from']), num(w['data-to'])])).toEqual([[0.5, 4.5]]);
      expect(texts(doc, 'note').join(' ')).toContain('(weeks 1–4)');
    },
  );
  it(
    'state distribution: weeks whose cell holds fewer than 100 persons are ' +
      'gaps (one polygon per state per run of kept weeks)',
    () => {
      const d = r.state_distribution;
      const doc = fig('state-distribution.svg');
      const panels = byClass(doc, 'g', 'panel');
      const order = [
        ['treated', 'before'],
        ['treated', 'during'],
        ['comparison', 'before'],
        ['comparison', 'during'],
      ];
      let cutSomewhere = false;
      order.forEach(([g, c], i) => {
        const cell = d.cells.find((x) => x.group === g && x.cohort === c)!;
        const kept = cell.weeks.filter((_, k) => {
          const row = cell.counts[k];
          const tot = row.reduce((a: number, b) => a + (b ?? NaN), 0);
          return tot >= 100;
        });
        if (kept.length < cell.weeks.length) cutSomewhere = true;
        expect(byClass(panels[i], 'polygon', 'state')).toHaveLength(
          weekRuns(kept).length * d.states.length,
        );
      });
      expect(cutSomewhere).toBe(true);
      expect(texts(doc, 'note').join(' ')).toContain(
        'fewer than 100 persons in the cell are left out',
      );
    },
  );
  it('the threshold is a parameter', () => {
    const f = renderFigures(r, { minPersons: 50 }).find((x) => x.file === 'hours-effect.svg')!;
    const o = share('hours');
    const thin = [...new Set(o.cells.filter((c) => c.n === null || c.n < 50).map((c) => c.week))];
    expect(thin.length).toBeGreaterThan(0);
    const path = String(all(byClass(parseSvg(f.svg), 'g', 'series')[0], 'path')[0].d);
    expect((path.match(/[ML]/g) ?? []).length).toBe(o.weekly.length - thin.length);
  });
});

describe('the pooling window on the effect figure', () => {
  it('shaded over the pooled weeks, a bar at the pooled estimate, named in the legend', () => {
    const o = share('internship');
    const doc = fig('internship-effect.svg');
    const win = byClass(doc, 'rect', 'window').filter((w) => w['data-style'] === 'window');
    expect(win.map((w) => [num(w['data-from']), num(w['data-to'])])).toEqual([o.pooled.weeks]);
    const bar = byClass(doc, 'line', 'window-value');
    expect(bar).toHaveLength(1);
    const yv = yValueScale(doc, ppTick);
    expect(yv(num(bar[0].y1))).toBeCloseTo((o.pooled.estimate as number) * 100, 1);
    const legend = all(doc, 'g')
      .filter((g) => g.class === 'legend-entry')
      .map((g) => text(all(g, 'text')[0]));
    expect(legend).toContain(
      `Cohort-effect window, weeks ${o.pooled.weeks[0]}–${o.pooled.weeks[1]}`,
    );
    expect(legend.some((l) => l.startsWith('Cohort effect: '))).toBe(true);
  });
});

describe('ISO weeks on calendar axes', () => {
  it('by hand: 2017 has 52 ISO weeks, so calendar week 53 of a 2017-W01 window is 2018-W01', () => {
    expect(isoWeekLabel(weekSerial(2017, 1))).toBe('2017-W01');
    expect(isoWeekLabel(weekSerial(2017, 1) + 52)).toBe('2018-W01');
    // 2020 has 53 weeks
    expect(isoWeekLabel(weekSerial(2020, 1) + 52)).toBe('2020-W53');
    expect(quarterTicks([1, 104])).toEqual([1, 14, 27, 40, 53, 66, 79, 92]);
  });
  it(
    "each calendar tick carries the during cohort's ISO week; the note " +
      "gives the before cohort's",
    () => {
      expect(spec.cohorts.during.entryFrom).toBe(weekSerial(2017, 1));
      const doc = fig('internship-shares.svg');
      const ticks = byClass(doc, 'text', 'x-tick').map(text);
      const iso = byClass(doc, 'text', 'x-tick-secondary').map(text);
      expect(ticks).toEqual(['1', '14', '27', '40', '53', '66', '79', '92']);
      expect(iso).toEqual([
        '2017-W01',
        '2017-W14',
        '2017-W27',
        '2017-W40',
        '2018-W01',
        '2018-W14',
        '2018-W27',
        '2018-W40',
      ]);
      expect(texts(doc, 'note').join(' ')).toContain('week 1 = 2016-W01');
    },
  );
  it('the weeks-since-entry effect has no calendar labels', () => {
    const doc = fig('internship-effect-since-entry.svg');
    expect(byClass(doc, 'text', 'x-tick-secondary')).toHaveLength(0);
    expect(texts(doc, 'x-label')).toEqual(['Weeks since programme entry']);
    const o = share('internship');
    const thin = thinWeeks(o.cells_since_entry, 100);
    const path = all(byClass(doc, 'g', 'series')[0], 'path')
      .map((p) => String(p.d))
      .join('');
    expect((path.match(/[ML]/g) ?? []).length).toBe(
      o.weekly_since_entry.filter((w) => !thin.has(w.week) && w.estimate !== null).length,
    );
  });
});

describe('bare figures and Danish', () => {
  it(
    'bare: no title, subtitle or note drawn; legend and axes stay; the ' +
      'caption texts come beside',
    () => {
      const bare = renderFigures(r, { bare: true });
      expect(bare.length).toBe(figs.length);
      for (const f of bare) {
        const doc = parseSvg(f.svg);
        for (const cls of ['title', 'subtitle', 'note'])
          expect(byClass(doc, 'text', cls), `${f.file} ${cls}`).toHaveLength(0);
        expect(all(doc, 'g').filter((g) => g.class === 'legend').length, f.file).toBe(1);
        // still accessible
        expect(text((doc.svg as El).title as El).length).toBeGreaterThan(0);
        expect(f.title.length).toBeGreaterThan(0);
      }
      // and smaller than the full figure
      const h = (svg: string) => num((parseSvg(svg).svg as El).height);
      expect(h(bare[0].svg)).toBeLessThan(h(figs[0].svg));
    },
  );
  it('Danish: Danish words, decimal commas, group labels from the caller', () => {
    // The report's context from a spec that names the hours outcome and the treated group in
    // Danish.
    const daSpec = structuredClone(spec);
    const hours = daSpec.outcomes.find((o) => o.id === 'hours')!;
    hours.titles = { en: hours.title, da: 'Andel med ordinære timer' };
    daSpec.report = { ...daSpec.report, labels: { treated: 'Deltagerkommuner 2017-18' } };
    const ctx = reportContext(daSpec, 'da', r.inference.level, 0);
    const da = renderFigures(r, {
      context: ctx,
      calendar: { during: spec.cohorts.during.entryFrom, before: spec.cohorts.before.entryFrom },
    });
    const effect = parseSvg(da.find((f) => f.file === 'hours-effect.svg')!.svg);
    expect(texts(effect, 'x-label')).toEqual(['Kalenderuge fra indgangsvinduets start']);
    const all_ = all(effect, 'text').map(text).join(' ');
    expect(all_).not.toMatch(
      /\b(Participants|Comparison|Effect|weeks|week|Pooled|share|confidence|interval)\b/i,
    );
    expect(texts(effect, 'title')).toEqual(['Effekt på andel med ordinære timer']);
    expect(all_).toMatch(/Kohorteeffekt: [+−]\d,\d pct\.-point/);
    const shares = parseSvg(da.find((f) => f.file === 'hours-shares.svg')!.svg);
    expect(byClass(shares, 'g', 'series').map((g) => g['data-label'])).toEqual([
      `Deltagerkommuner 2017-18, ${ctx.labels.during}`,
      `Deltagerkommuner 2017-18, ${ctx.labels.before}`,
      `Sammenligningskommuner, ${ctx.labels.during}`,
      `Sammenligningskommuner, ${ctx.labels.before}`,
    ]);
    const surv = parseSvg(da.find((f) => f.kind === 'survival')!.svg);
    // thousands with a point in the at-risk table
    expect(
      byClass(surv, 'text', 'risk-n')
        .map(text)
        .some((t) => /^\d\.\d{3}$/.test(t)),
    ).toBe(true);
    // forest rows: persons with a thousands point; ticks without decimal points
    const forest = parseSvg(da.find((f) => f.file === 'internship-municipalities.svg')!.svg);
    const o = share('internship');
    const big = o.municipalities.find((m) => m.persons >= 1000)!;
    const grouped = `${Math.floor(big.persons / 1000)}.${String(big.persons % 1000).padStart(3, '0')}`;
    expect(texts(forest, 'n')).toContain(grouped);
    expect(texts(forest, 'x-tick').every((l) => !l.includes('.'))).toBe(true);
  });
});
