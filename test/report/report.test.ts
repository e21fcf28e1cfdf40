/**
 * The report folder of a run on the shipped sample: every documented file,
 * figures with the right structure, byte-identical reruns, and small-cell
 * suppression.
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEvaluation } from '../../src/app/run.js';
import { pngDpi, pngSize } from '../../src/report/render/png.js';
import { listFiles } from '../../src/report/write.js';
import type { Results } from '../../src/results/results.js';
import { repoRoot, tmpFolder } from '../helpers/tmp.js';
import { all, parseXml } from '../helpers/xml.js';

const specFile = path.join(repoRoot, 'data-samples/brf/spec.json');

async function runTo(dir: string, minCell = 0): Promise<Results> {
  return (await runEvaluation(specFile, { out: dir, minCell, bootstrap: 99 })).results;
}

describe('report folder', () => {
  const a = tmpFolder('effekt-report-a-');
  const b = tmpFolder('effekt-report-b-');
  let results: Results;
  beforeAll(async () => {
    results = await runTo(a);
    await runTo(b);
  });

  it('has every documented file', () => {
    for (const f of [
      'report.md',
      'report.html',
      'report.docx',
      'tables.xlsx',
      'tables/01-key-results.csv',
      'results.json',
      'manifest.json',
      'series/internship.csv',
      'effects/internship.csv',
      'survival/time-to-internship.csv',
      'figures/internship-shares.svg',
      'figures/internship-effect.svg',
      'figures/time-to-internship-survival.svg',
      'figures/internship-municipalities.svg',
      'figures/state-distribution.svg',
    ]) {
      expect(existsSync(path.join(a, f)), f).toBe(true);
    }
    expect(readFileSync(path.join(a, 'series/internship.csv'), 'utf8').split('\n')[0]).toBe(
      'week,axis,group,cohort,n,events,share',
    );
    expect(readFileSync(path.join(a, 'effects/internship.csv'), 'utf8').split('\n')[0]).toMatch(
      /^week,estimate,se,ci_low,ci_high,p/,
    );
    expect(
      readFileSync(path.join(a, 'survival/time-to-internship.csv'), 'utf8').split('\n')[0],
    ).toBe('week,group,cohort,at_risk,events,censored,survival,ci_low,ci_high');
  });

  it('two runs give byte-identical files, manifest timings aside', () => {
    const files = listFiles(a);
    expect(listFiles(b)).toEqual(files);
    for (const f of files) {
      const ta = readFileSync(path.join(a, f));
      const tb = readFileSync(path.join(b, f));
      if (f === 'manifest.json') {
        const strip = (t: Buffer) => ({ ...JSON.parse(t.toString('utf8')), timings_ms: null });
        expect(strip(ta)).toEqual(strip(tb));
      } else {
        // Bytes, PNGs included.
        expect(ta.equals(tb), f).toBe(true);
      }
    }
  });

  it('every SVG has a PNG beside it, at least 1800 px wide (16 cm at 300 dpi = 1890 px)', () => {
    const svgs = listFiles(path.join(a, 'figures')).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThanOrEqual(11);
    for (const f of svgs) {
      const png = path.join(a, 'figures', f.replace(/\.svg$/, '.png'));
      expect(existsSync(png), png).toBe(true);
      const bytes = readFileSync(png);
      expect(pngSize(bytes).width, f).toBeGreaterThanOrEqual(1800);
      expect(pngDpi(bytes), f).toBe(300);
    }
  });

  it(
    'no text in any figure prints under 8 pt at 16 cm wide (font-size ≥ ' + 'width / 56.7 units)',
    () => {
      let checked = 0;
      for (const f of listFiles(path.join(a, 'figures')).filter((x) => x.endsWith('.svg'))) {
        const svg = readFileSync(path.join(a, 'figures', f), 'utf8');
        const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]);
        // 8 pt = 33.3 px at 300 dpi; the figure is scaled by 1890 / width
        const floor = ((8 / 72) * 300 * width) / 1890;
        for (const m of svg.matchAll(/font-size="([\d.]+)"/g)) {
          expect(Number(m[1]), f).toBeGreaterThanOrEqual(floor);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(500);
    },
  );

  it('results.json keeps the documented fields', () => {
    const r = JSON.parse(readFileSync(path.join(a, 'results.json'), 'utf8'));
    const o = r.outcomes.internship;
    for (const k of ['estimate', 'se', 'ci_low', 'ci_high', 'p', 'n', 'clusters'])
      expect(o.pooled).toHaveProperty(k);
    for (const k of ['week', 'estimate', 'se', 'ci_low', 'ci_high', 'p'])
      expect(o.weekly[0]).toHaveProperty(k);
    for (const k of ['group', 'cohort', 'week', 'n', 'events', 'share'])
      expect(o.cells[0]).toHaveProperty(k);
    const s = r.outcomes['time-to-internship'];
    for (const k of ['hr', 'ci_low', 'ci_high', 'p', 'se_log_hr']) expect(s.cox).toHaveProperty(k);
    for (const k of ['group', 'cohort', 'week', 'at_risk', 'events', 'survival'])
      expect(s.km[0]).toHaveProperty(k);
    expect(s.duration_change).toBeCloseTo(1 - 1 / s.cox.hr, 10);
    // shares are fractions
    expect(
      o.cells.every(
        (c: { share: number | null }) => c.share === null || (c.share >= 0 && c.share <= 1),
      ),
    ).toBe(true);
    // persons read = in a cohort + excluded
    const ex = Object.values(r.data.excluded as Record<string, number>).reduce((x, y) => x + y, 0);
    expect(r.data.persons_in_cohorts + ex).toBe(r.data.persons_read);
  });

  it('figures have the structure the data implies', () => {
    const shares = readFileSync(path.join(a, 'figures/internship-shares.svg'), 'utf8');
    expect(XMLValidator.validate(shares)).toBe(true);
    const sd = parseXml(shares);
    expect(
      all(sd, 'g')
        .filter((g) => g.class === 'series')
        .map((g) => g['data-label']),
    ).toEqual([
      'Participating municipalities, during cohort 2017–18',
      'Participating municipalities, before cohort 2016',
      'Comparison municipalities, during cohort 2017–18',
      'Comparison municipalities, before cohort 2016',
    ]);
    expect(all(sd, 'text').some((t) => t.class === 'x-label')).toBe(true);
    const effect = parseXml(readFileSync(path.join(a, 'figures/internship-effect.svg'), 'utf8'));
    expect(all(effect, 'polygon').filter((p) => p.class === 'band').length).toBeGreaterThan(0);
    expect(
      all(effect, 'path').filter((p) => p.class === 'band-bound').length,
    ).toBeGreaterThanOrEqual(2);
    const surv = parseXml(
      readFileSync(path.join(a, 'figures/time-to-internship-survival.svg'), 'utf8'),
    );
    expect(all(surv, 'g').filter((g) => g.class === 'series')).toHaveLength(4);
    const forest = parseXml(
      readFileSync(path.join(a, 'figures/internship-municipalities.svg'), 'utf8'),
    );
    expect(all(forest, 'circle').filter((c) => c.class === 'estimate').length).toBe(
      results.outcomes.internship.type === 'share'
        ? results.outcomes.internship.municipalities.filter((m) => m.estimate !== null).length
        : -1,
    );
  });

  it('report.md embeds every figure and states the pooled effect in words', () => {
    const md = readFileSync(path.join(a, 'report.md'), 'utf8');
    const figs = listFiles(path.join(a, 'figures')).filter((f) => f.endsWith('.svg'));
    for (const f of figs) expect(md).toContain(`(figures/${f})`);
    // The headline (wild bootstrap on the sample) leads the sentence.
    expect(md).toMatch(
      /The programme raised the share in company internship by \d+\.\d pp \(wild cluster bootstrap: 95 % CI −?[\d.]+ to [\d.]+ pp, p [=<] [\d.]+\)/,
    );
    // The other inference follows, named (the sample's two agree: no 'leads because' sentence).
    expect(md).toMatch(/with the clustered standard error: 95 % CI [\d.]+ to [\d.]+ pp/);
    expect(md.indexOf('**Table 1. Key results**')).toBeGreaterThan(0);
    expect(md.indexOf('**Table 1. Key results**')).toBeLessThan(md.indexOf('**Table 2.'));
    expect(md).toMatch(/hazard ratio \d\.\d\d/);
  });

  it('--min-cell hides small cells everywhere and says so', async () => {
    const dir = tmpFolder('effekt-report-min-');
    const r = await runTo(dir, 100);
    const o = r.outcomes.internship;
    if (o.type !== 'share') throw new Error('unexpected');
    // calendar week 1 has only the first week's entrants: fewer than 100 in a cell
    expect(o.cells.filter((c) => c.week === 1).some((c) => c.n === null && c.share === null)).toBe(
      true,
    );
    expect(o.cells.every((c) => c.n === null || c.n === 0 || c.n >= 100)).toBe(true);
    expect(r.suppression.cells_hidden).toBeGreaterThan(0);
    // municipalities: a shown effect rests on at least 100 persons in each of the municipality's
    // cells
    expect(
      o.municipalities.every(
        (m) => m.estimate === null || (m.cell_persons ?? []).every((n) => n !== null && n >= 100),
      ),
    ).toBe(true);
    const hidden = Object.values(r.outcomes).reduce(
      (n, x) =>
        n + (x.type === 'share' ? x.municipalities.filter((m) => m.estimate === null).length : 0),
      0,
    );
    expect(r.suppression.municipality_effects_hidden).toBe(hidden);
    expect(r.suppression.municipality_effects_hidden).toBeGreaterThan(0);
    const csv = readFileSync(path.join(dir, 'series/internship.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    expect(
      csv.every((line) => {
        const n = line.split(',')[4];
        return n === '' || Number(n) === 0 || Number(n) >= 100;
      }),
    ).toBe(true);
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toMatch(
      /Small cells\*\* \(`--min-cell 100`\): no number .* states a count of fewer than 100 persons/,
    );
  });
});
