/**
 * Small helpers the report sections share: table and figure blocks, the
 * sentence for a DiD effect, and plain-language reasons in both languages.
 */

import type { Estimate, Headline, HeadlineReason } from '../results/results.js';
import type { ReportContext } from './context.js';
import type { Align, FigureBlock, TableBlock, Words } from './document.js';
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
      en:
        `The estimated effect on ${what} is ${f.pp(e.estimate)} (${inner}): ` +
        `the data are consistent with no effect.`,
      da:
        `Den estimerede effekt på ${what} er ${f.pp(e.estimate)} (${inner}): ` +
        `data er forenelige med, at der ingen effekt er.`,
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

/**
 * A person count for a table ("–" when hidden by the disclosure stage, which decides that alone).
 */
export function persons(ctx: ReportContext, n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  return ctx.f.count(n);
}

/**
 * What a headline's interval and p come from, in words (not for the summary, which names no
 * estimator).
 */
export function inferenceName(ctx: ReportContext, inference: Headline['inference']): string {
  return ctx.t(INFERENCE_WORDS[inference]);
}

const INFERENCE_WORDS: Record<Headline['inference'], Words> = {
  'cr1-t': {
    en: 'clustered standard error (CR1)',
    da: 'klyngerobust standardfejl (CR1)',
  },
  'wild-bootstrap': { en: 'wild cluster bootstrap', da: 'klynge-bootstrap' },
  'cox-clustered': {
    en: 'Cox model, clustered standard error',
    da: 'Cox-model, klyngerobust standardfejl',
  },
  'rmst-bootstrap': {
    en: 'restricted mean time, cluster bootstrap',
    da: 'begrænset middeltid, klynge-bootstrap',
  },
  none: { en: 'no interval', da: 'intet interval' },
};

/**
 * A headline's interval and p as every place prints them: "95 % CI 3.6 to 17.5 pp, p = 0.003"
 * for an effect in percentage points, "95 % CI 1.28 to 1.99, p = 0.004" for a ratio.
 */
export function headlineInterval(ctx: ReportContext, h: Headline, unit: 'pp' | 'ratio'): string {
  const { f } = ctx;
  if (h.ci_low === null || h.ci_high === null)
    return h.p === null ? ctx.t({ en: 'no interval', da: 'intet interval' }) : f.pValue(h.p);
  const range =
    unit === 'pp' ? `${f.ppRange(h.ci_low, h.ci_high)} ${f.ppUnit}` : f.range(h.ci_low, h.ci_high);
  return h.p === null ? `${ctx.ci} ${range}` : `${ctx.ci} ${range}, ${f.pValue(h.p)}`;
}

/** The headline's estimate: "+10.5 pp" or, for a hazard ratio, "1.40". */
export function headlineEstimate(ctx: ReportContext, h: Headline, unit: 'pp' | 'ratio'): string {
  return unit === 'pp' ? ctx.f.pp(h.estimate) : ctx.f.fixed(h.estimate);
}

/** A headline's reason in one clause of the report's language (no estimator names). */
export function reasonText(ctx: ReportContext, r: HeadlineReason): string {
  const { f, t } = ctx;
  switch (r.code) {
    case 'few-effective-clusters':
      return t({
        en:
          `only ${countOrFixed(ctx, r.value)} participating municipalities ` +
          `(fewer than ${f.count(r.floor)}): the uncertainty is computed ` +
          `in a way that holds with few municipalities, and the interval ` +
          `is wide for that reason`,
        da:
          `kun ${countOrFixed(ctx, r.value)} deltagerkommuner (færre end ` +
          `${f.count(r.floor)}): usikkerheden er beregnet, så den holder ` +
          `med få kommuner, og intervallet er derfor bredt`,
      });
    case 'few-participating':
      return t({
        en:
          `only ${f.count(r.value)} participating municipalities (at least ` +
          `${f.count(r.floor)} are needed for a test that keeps its error ` +
          `rate)`,
        da:
          `kun ${f.count(r.value)} deltagerkommuner (der skal mindst ${f.count(r.floor)} ` +
          `til en test, der holder sin fejlrate)`,
      });
    case 'dominant-municipality':
      return t({
        en: `one municipality (${r.municipality}) carries ${f.percent(r.share, 0)} of the weight`,
        da: `én kommune (${r.municipality}) bærer ${f.percent(r.share, 0)} af vægten`,
      });
    case 'pretest-rejects':
      return t({
        en:
          `participating and comparison municipalities did not move in ` +
          `parallel before the programme (${f.pValue(r.p)})`,
        da: `deltager- og sammenligningskommuner fulgtes ikke ad før programmet (${f.pValue(r.p)})`,
      });
    case 'pretest-power':
      return t({
        en: `a trend the pre-test would miss could move the effect by ${f.pp(r.bias80, 1, false)}`,
        da:
          `en trend, som testen før start ikke ville opdage, kunne flytte ` +
          `effekten med ${f.pp(r.bias80, 1, false)}`,
      });
    case 'breakdown':
      // A breakdown value that rounds to 0 says the same as none: no departure is survived.
      return r.mbar === null || r.mbar < 0.005
        ? t({
            en: 'the conclusion does not survive any departure from parallel trends',
            da: 'konklusionen holder ikke ved nogen afvigelse fra parallelle tendenser',
          })
        : t({
            en:
              `the conclusion holds only while trends after the start differ ` +
              `by at most ${f.fixed(r.mbar, 2)} times the largest difference ` +
              `before it`,
            da:
              `konklusionen holder kun, så længe tendenserne efter start højst ` +
              `afviger ${f.fixed(r.mbar, 2)} gange den største afvigelse før ` +
              `start`,
          });
    case 'ph-rejected':
      return t({
        en:
          `the effect on the rate changes over time since entry (${f.pValue(r.p)}): ` +
          `the ratio is an average`,
        da:
          `effekten på raten ændrer sig med tiden siden start (${f.pValue(r.p)}): ` +
          `forholdet er et gennemsnit`,
      });
    case 'inferences-disagree':
      return t({
        en:
          `two ways of computing the uncertainty disagree (${f.pValue(r.p_cr1)} ` +
          `and ${f.pValue(r.p_bootstrap)})`,
        da:
          `to måder at beregne usikkerheden på er uenige (${f.pValue(r.p_cr1)} ` +
          `og ${f.pValue(r.p_bootstrap)})`,
      });
    case 'before-cohort-overlaps-programme':
      return t({
        en:
          'the before cohort is followed into weeks when the programme already ' +
          'ran, so the effect may be understated',
        da:
          'førkohorten følges ind i uger, hvor programmet allerede kørte, så ' +
          'effekten kan være undervurderet',
      });
    case 'hidden':
      return t({
        en: 'numbers are hidden to protect small groups',
        da: 'tal er skjult for at beskytte små grupper',
      });
  }
}

/** A count as a whole number, an effective number with one decimal. */
export function countOrFixed(ctx: ReportContext, v: number): string {
  return Number.isInteger(v) ? ctx.f.count(v) : ctx.f.fixed(v, 1);
}
