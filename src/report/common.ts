/**
 * Small helpers the report sections share: table and figure blocks, the
 * sentence for a DiD effect, and plain-language reasons in both languages.
 */

import type { Estimate } from '../results/results.js';
import type { ReportContext } from './context.js';
import type { Align, FigureBlock, TableBlock } from './document.js';
import { hiddenWords, isHidden } from './hidden.js';

export function table(
  id: string,
  caption: string,
  head: string[],
  rows: string[][],
  opts: { align?: Align[]; note?: string } = {},
): TableBlock {
  return {
    kind: 'table',
    id,
    caption,
    head,
    rows,
    align: opts.align ?? head.map((_, i) => (i === 0 ? 'l' : 'r')),
    ...(opts.note ? { note: opts.note } : {}),
  };
}

export function figure(file: string, caption: string, alt: string, note?: string): FigureBlock {
  return { kind: 'figure', file, caption, alt, ...(note ? { note } : {}) };
}

/** First letter lower-case, for a title inside a sentence. */
export function lowerFirst(t: string): string {
  return t.charAt(0).toLowerCase() + t.slice(1);
}

/**
 * Why a number is missing, in the report's language. Estimators explain in
 * English (results.json keeps that); the Danish report says it in Danish
 * and points to results.json for the detail.
 */
export function reason(ctx: ReportContext, problem: string | undefined): string {
  if (isHidden(problem)) return hiddenWords(problem, ctx.lang, ctx.minCell);
  if (ctx.lang === 'en') return problem ?? 'not enough data';
  return 'for få data eller kommuner (årsagen står i results.json)';
}

/** "7.1 to 13.3" for the CI of an estimate in percentage points. */
export function ppCi(
  ctx: ReportContext,
  e: { ci_low: number | null; ci_high: number | null },
): string {
  return ctx.f.ppRange(e.ci_low, e.ci_high);
}

/** "(95 % CI 7.1 to 13.3 pp, p < 0.001)" */
export function ppInterval(
  ctx: ReportContext,
  e: { ci_low: number | null; ci_high: number | null; p: number | null },
): string {
  return `${ctx.ci} ${ppCi(ctx, e)} ${ctx.f.ppUnit}, ${ctx.f.pValue(e.p)}`;
}

/**
 * "The programme raised the share in company internship by +10.2 pp (95 %
 * CI 7.1 to 13.3 pp, p < 0.001)." in words a reader understands; `what` is
 * the outcome as it reads inside a sentence.
 */
export function effectSentence(ctx: ReportContext, what: string, e: Estimate): string {
  const { f, t } = ctx;
  if (e.estimate === null) {
    return t({
      en: `The effect on ${what} could not be estimated: ${reason(ctx, e.problem)}.`,
      da: `Effekten på ${what} kunne ikke estimeres: ${reason(ctx, e.problem)}.`,
    });
  }
  const covers0 = e.ci_low !== null && e.ci_high !== null && e.ci_low <= 0 && e.ci_high >= 0;
  const inner = ppInterval(ctx, e);
  if (covers0) {
    return t({
      en: `The estimated effect on ${what} is ${f.pp(e.estimate)} (${inner}): the data are consistent with no effect.`,
      da: `Den estimerede effekt på ${what} er ${f.pp(e.estimate)} (${inner}): data er forenelige med, at der ingen effekt er.`,
    });
  }
  const size = f.pp(Math.abs(e.estimate), 1, false);
  return e.estimate > 0
    ? t({
        en: `The programme raised ${what} by ${size} (${inner}).`,
        da: `Programmet øgede ${what} med ${size} (${inner}).`,
      })
    : t({
        en: `The programme lowered ${what} by ${size} (${inner}).`,
        da: `Programmet sænkede ${what} med ${size} (${inner}).`,
      });
}

/** A person count for a table ("–" when hidden by the disclosure stage, which decides that alone). */
export function persons(ctx: ReportContext, n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  return ctx.f.count(n);
}
