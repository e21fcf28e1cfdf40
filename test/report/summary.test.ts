/**
 * One answer per outcome, shown identically everywhere (issue 23, items 1–3, 6): the summary
 * comes first, then the contents; each outcome's Table 1 interval is its headline's interval, and
 * the same interval stands in the section's first sentence, the effect figure's note and the
 * terminal summary; p-values print by one rule in every section. The report is built in-process
 * from the sample's results (no files, no PNGs).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEvaluation } from '../../src/app/run.js';
import { reportContext } from '../../src/report/context.js';
import type { Block, TableBlock } from '../../src/report/document.js';
import { outcomeHeadline } from '../../src/report/headline.js';
import { renderMarkdown } from '../../src/report/render/markdown.js';
import { buildReport } from '../../src/report/report.js';
import { terminalSummary } from '../../src/report/summary/terminal.js';
import type { Headline, Results } from '../../src/results/results.js';
import type { Spec } from '../../src/spec/spec.js';
import { repoRoot } from '../helpers/tmp.js';

let r: Results;
let spec: Spec;

beforeAll(async () => {
  // A small bootstrap keeps the test quick; the report only reads what results hold.
  const run = await runEvaluation(path.join(repoRoot, 'data-samples/brf/spec.json'), {
    bootstrap: 99,
  });
  r = run.results;
  spec = run.spec;
}, 120_000);

/**
 * A number as the report prints it, derived here: rounded half away from zero, true minus, decimal
 * mark.
 */
function printed(v: number, digits: number, lang: 'en' | 'da', plus = false): string {
  const f = 10 ** digits;
  const x = (Math.sign(v) * Math.round(Math.abs(v) * f + 1e-9)) / f;
  const s = Math.abs(x).toFixed(digits);
  const sign = x < 0 ? '\u2212' : plus && x > 0 ? '+' : '';
  return sign + (lang === 'da' ? s.replace('.', ',') : s);
}

/** The headline's limits as printed: percentage points with one decimal, or a ratio with two. */
function limits(h: Headline, share: boolean, lang: 'en' | 'da'): [string, string] {
  const v = (x: number | null) => printed(share ? x! * 100 : x!, share ? 1 : 2, lang);
  return [v(h.ci_low), v(h.ci_high)];
}

function build(lang: 'en' | 'da'): { blocks: Block[]; md: string } {
  const ctx = reportContext(spec, lang, r.inference.level, r.suppression.min_cell);
  const blocks = buildReport(r, spec, {}, ctx);
  return { blocks, md: renderMarkdown(blocks) };
}

describe.each(['en', 'da'] as const)('the report in %s', (lang) => {
  it('opens with the summary, then the contents listing every section after it', () => {
    const { blocks } = build(lang);
    expect(blocks[0]).toMatchObject({ kind: 'heading', level: 1 });
    expect(blocks[1]).toEqual({
      kind: 'heading',
      level: 2,
      text: lang === 'da' ? 'Sammenfatning' : 'Summary',
    });
    const toc = blocks.findIndex((b) => b.kind === 'toc');
    // nothing but the summary's paragraphs and caveats between its heading and the contents
    expect(blocks.slice(2, toc).every((b) => b.kind === 'paragraph' || b.kind === 'list')).toBe(
      true,
    );
    const after = blocks
      .slice(toc + 1)
      .flatMap((b) => (b.kind === 'heading' && b.level === 2 ? [b.text] : []));
    const t = blocks[toc];
    expect(t.kind === 'toc' && t.entries).toEqual(after);
    // The summary names no estimator.
    const summary = blocks
      .slice(1, toc)
      .map((b) => (b.kind === 'paragraph' ? b.text : b.kind === 'list' ? b.items.join(' ') : ''))
      .join(' ');
    expect(summary).not.toMatch(/bootstrap|CR1|Cox|Kaplan|DerSimonian|klynge|cluster/i);
  });

  it(
    "each outcome's headline interval stands in Table 1, the section's " +
      'first sentence, the figure note and the terminal',
    () => {
      const { blocks } = build(lang);
      const key = blocks.find(
        (b): b is TableBlock => b.kind === 'table' && b.id === 'key-results',
      )!;
      const ctx = reportContext(spec, lang, r.inference.level, r.suppression.min_cell);
      const terminal = terminalSummary(r, ctx, { outDir: 'out', files: 1, ms: 1 }).join('\n');
      let checked = 0;
      for (const [id, o] of Object.entries(r.outcomes)) {
        const h = outcomeHeadline(r, id);
        if (h.ci_low === null || h.ci_high === null) continue;
        const share = o.type === 'share';
        const [lo, hi] = limits(h, share, lang);
        const title = ctx.outcomeTitle(id, o.title);
        // Table 1: estimate, lower, upper
        const row = key.rows.find((x) => x[0] === title)!;
        expect(row.slice(2, 5), id).toEqual([
          share ? printed(h.estimate! * 100, 1, lang, true) : printed(h.estimate!, 2, lang),
          lo,
          hi,
        ]);
        // the section's first paragraph after its heading
        const at = blocks.findIndex(
          (b) => b.kind === 'heading' && b.level === 2 && b.text === title,
        );
        const first = blocks[at + 1];
        const to = lang === 'da' ? 'til' : 'to';
        expect(first.kind === 'paragraph' && first.text, id).toContain(`${lo} ${to} ${hi}`);
        // the terminal (and the summary): share limits signed, as the summary says them
        if (share) {
          const sLo = printed(h.ci_low * 100, 1, lang, true);
          const sHi = printed(h.ci_high * 100, 1, lang, true);
          expect(terminal, id).toContain(`${sLo} ${lang === 'da' ? 'og' : 'and'} ${sHi}`);
        }
        checked++;
      }
      expect(checked).toBe(Object.keys(r.outcomes).length);
    },
  );

  it('the effect figure note states the headline interval', () => {
    const ctx = reportContext(spec, lang, r.inference.level, r.suppression.min_cell);
    const refs = Object.fromEntries(
      Object.keys(r.outcomes).map((id) => [id, { effect: `${id}-effect` }]),
    );
    const blocks = buildReport(r, spec, refs, ctx);
    for (const [id, o] of Object.entries(r.outcomes)) {
      if (o.type !== 'share') continue;
      const h = outcomeHeadline(r, id);
      const [lo, hi] = limits(h, true, lang);
      const fig = blocks.find((b) => b.kind === 'figure' && b.file === `${id}-effect`);
      expect(fig?.kind === 'figure' && fig.note, id).toContain(
        `${lo} ${lang === 'da' ? 'til' : 'to'} ${hi}`,
      );
    }
  });

  it(
    'every p-value in every section prints by one rule: three decimals ' + 'below 0.1, two above',
    () => {
      const { md } = build(lang);
      const ps = [...md.matchAll(/p = (\d)[.,](\d+)/g)];
      expect(ps.length).toBeGreaterThan(10);
      for (const m of ps) {
        const v = Number(`${m[1]}.${m[2]}`);
        expect(m[2].length, m[0]).toBe(v < 0.1 ? 3 : 2);
      }
    },
  );

  it(
    'names each average once: the cohort effect, the event-study average, ' +
      'the average municipality effect',
    () => {
      const { md } = build(lang);
      expect(md).not.toMatch(
        lang === 'da' ? /[Ss]amle(t|de) effekt/ : /[Pp]ooled effect|[Oo]verall effect/,
      );
      expect(md).toContain(lang === 'da' ? 'Kohorteeffekt' : 'Cohort effect');
      expect(md).toContain(lang === 'da' ? 'Eventstudiets gennemsnit' : 'Event-study average');
    },
  );
});
