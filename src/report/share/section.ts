/**
 * The section of a share outcome: pooled effect in words, bootstrap,
 * covariate-adjusted effect, figures, the weekly table, the pre-trend check
 * and the per-municipality effects.
 */

import type {
  EventStudyOutcomeResult,
  Headline,
  PooledEffect,
  ShareOutcomeResult,
} from '../../results/results.js';
import type { Spec } from '../../spec/spec.js';
import {
  countOrFixed,
  effectSentence,
  figure,
  headlineInterval,
  inferenceName,
  lowerFirst,
  ppInterval,
  reason,
  reasonText,
  table,
} from '../common.js';
import { REPORT_CELLS, type ReportContext } from '../context.js';
import type { Block } from '../document.js';
import { heading, paragraph } from '../document.js';
import { significant } from '../format.js';
import { fewClusters } from '../headline.js';
import { variationSection, variationView } from '../variation/section.js';
import { estimandsSentence } from './estimands.js';

const CELL_ORDER = REPORT_CELLS.map((c) => [c.group, c.cohort] as const);

/** The outcome as it reads inside a sentence: "the share in company internship". */
export function shareWhat(ctx: ReportContext, state: string, title: string): string {
  const st = lowerFirst(ctx.stateTitle(state));
  if (state === 'internship' || state === 'hours')
    return ctx.t({ en: `the share ${st}`, da: `andelen ${st}` });
  return lowerFirst(title);
}

export function weekRange(ctx: ReportContext, w: [number, number]): string {
  return ctx.t({ en: `calendar weeks ${w[0]}–${w[1]}`, da: `kalenderuge ${w[0]}–${w[1]}` });
}

function bootstrapSentence(ctx: ReportContext, p: PooledEffect): string {
  const { f, t } = ctx;
  const b = p.bootstrap;
  if (!b)
    return t({
      en: 'No wild cluster bootstrap was run (inference.bootstrap = 0).',
      da: 'Der blev ikke kørt nogen klynge-bootstrap (inference.bootstrap = 0).',
    });
  if (b.p === null)
    return t({
      en: `The wild cluster bootstrap could not be computed: ${reason(ctx, b.problem)}.`,
      da: `Klynge-bootstrappen kunne ikke beregnes: ${reason(ctx, b.problem)}.`,
    });
  const ci =
    b.ci_low !== null && b.ci_high !== null
      ? t({
          en: `, ${f.levelLabel(ctx.level)} interval ${f.ppRange(b.ci_low, b.ci_high)} ${f.ppUnit}`,
          da: `, ${f.levelLabel(ctx.level)} interval ${f.ppRange(b.ci_low, b.ci_high)} ${f.ppUnit}`,
        })
      : '';
  const agree = significant(b.p, ctx.level) === significant(p.p, ctx.level);
  const warn = agree
    ? ''
    : t({
        en:
          ' **The bootstrap and the clustered standard error disagree on ' +
          'significance; with few participating municipalities, trust the ' +
          'bootstrap.**',
        da:
          ' **Bootstrap og den klyngerobuste standardfejl er uenige om ' +
          'signifikansen; med få deltagerkommuner er bootstrap mest pålidelig.**',
      });
  return t({
    en:
      `Wild cluster bootstrap (${f.count(b.replications)} Rademacher ` +
      `replications, null hypothesis imposed, seed ${b.seed}): ${f.pValue(b.p)}${ci}.${warn}`,
    da:
      `Klynge-bootstrap (wild, ${f.count(b.replications)} Rademacher-replikationer ` +
      `under nulhypotesen, startværdi ${b.seed}): ${f.pValue(b.p)}${ci}.${warn}`,
  });
}

/**
 * The cohort effect's first sentence: the outcome's headline (report/headline) with its interval
 * and p, the verdict in words, and why that inference leads; the other inference follows, named.
 */
export function pooledSentence(
  ctx: ReportContext,
  what: string,
  e: PooledEffect,
  h: Headline,
): string {
  const { f, t } = ctx;
  if (e.estimate === null || h.estimate === null) return effectSentence(ctx, what, e);
  const lead = `${inferenceName(ctx, h.inference)}: ${headlineInterval(ctx, h, 'pp')}`;
  const cr1 = ppInterval(ctx, e);
  const few = fewClusters(h);
  const why =
    h.inference !== 'wild-bootstrap'
      ? ''
      : few
        ? t({
            en:
              ` The wild cluster bootstrap leads: ${countOrFixed(ctx, few.value)} ` +
              `participating municipalities are too few to trust the clustered ` +
              `standard error alone (with the clustered standard error: ${cr1}).`,
            da:
              ` Klynge-bootstrappen afgør resultatet: ${countOrFixed(ctx, few.value)} ` +
              `deltagerkommuner er for få til at stole på den klyngerobuste ` +
              `standardfejl alene (med den klyngerobuste standardfejl: ${cr1}).`,
          })
        : h.reasons.some((r) => r.code === 'inferences-disagree')
          ? t({
              en:
                ` The wild cluster bootstrap leads because it and the clustered ` +
                `standard error disagree on significance (with the clustered ` +
                `standard error: ${cr1}).`,
              da:
                ` Klynge-bootstrappen afgør resultatet, fordi den og den klyngerobuste ` +
                `standardfejl er uenige om signifikansen (med den klyngerobuste ` +
                `standardfejl: ${cr1}).`,
            })
          : e.effective_clusters && e.effective_clusters.participating < 30
            ? t({
                en:
                  ` The wild cluster bootstrap leads: ${e.effective_clusters.participating} ` +
                  `participating municipalities are too few to trust the clustered ` +
                  `standard error alone (by size they count as about ` +
                  `${f.fixed(e.effective_clusters.gstar, 1)} ` +
                  `of equal size; with the clustered standard error: ${cr1}).`,
                da:
                  ` Klynge-bootstrappen afgør resultatet: ${e.effective_clusters.participating} ` +
                  `deltagerkommuner er for få til at stole på den klyngerobuste ` +
                  `standardfejl alene (efter størrelse svarer de til omkring ` +
                  `${f.fixed(e.effective_clusters.gstar, 1)} ` +
                  `lige store; med den klyngerobuste standardfejl: ${cr1}).`,
              })
            : t({
                en:
                  ` The wild cluster bootstrap leads (with the clustered standard ` +
                  `error: ${cr1}).`,
                da:
                  ` Klynge-bootstrappen afgør resultatet (med den klyngerobuste ` +
                  `standardfejl: ${cr1}).`,
              });
  const est = f.pp(h.estimate);
  const hedgeWhy =
    h.reasons.length > 0
      ? h.reasons.map((r) => reasonText(ctx, r)).join('; ')
      : t({
          en: 'the event-study pre-test rejects parallel trends',
          da: 'eventstudiets test før start afviser parallelle tendenser',
        });
  const size = f.pp(Math.abs(h.estimate), 1, false);
  switch (h.verdict) {
    case 'no-effect-shown':
      return t({
        en:
          `The cohort effect on ${what} is ${est} (${lead}): the data are ` +
          `consistent with no effect.${why}`,
        da:
          `Kohorteeffekten på ${what} er ${est} (${lead}): data er forenelige ` +
          `med, at der ingen effekt er.${why}`,
      });
    case 'not-testable':
      return t({
        en:
          `The cohort effect on ${what} is ${est} (${lead}). It cannot ` +
          `be tested with these municipalities: no test keeps its error ` +
          `rate, so the report draws no conclusion from it.${why}`,
        da:
          `Kohorteeffekten på ${what} er ${est} (${lead}). Den kan ikke ` +
          `testes med disse kommuner: ingen test holder sin fejlrate, så ` +
          `rapporten drager ingen konklusion af den.${why}`,
      });
    case 'hedged':
      return t({
        en:
          `The difference in ${what} is ${est} (${lead}); it cannot be ` +
          `read as the programme's effect: ${hedgeWhy}.${why}`,
        da:
          `Forskellen i ${what} er ${est} (${lead}); den kan ikke læses ` +
          `som programmets effekt: ${hedgeWhy}.${why}`,
      });
    default:
      return h.estimate > 0
        ? t({
            en: `The programme raised ${what} by ${size} (${lead}).${why}`,
            da: `Programmet øgede ${what} med ${size} (${lead}).${why}`,
          })
        : t({
            en: `The programme lowered ${what} by ${size} (${lead}).${why}`,
            da: `Programmet sænkede ${what} med ${size} (${lead}).${why}`,
          });
  }
}

export function shareSection(
  id: string,
  o: ShareOutcomeResult,
  figs: Record<string, string>,
  spec: Spec,
  ctx: ReportContext,
  h: Headline,
  es?: EventStudyOutcomeResult,
): Block[] {
  const { f, t } = ctx;
  const title = ctx.outcomeTitle(id, o.title);
  const what = shareWhat(ctx, o.state, title);
  const stateTitle = ctx.stateTitle(o.state);
  const out: Block[] = [heading(2, title)];
  const p = o.pooled;
  // The section's first sentence is the outcome's headline (the same numbers as the summary and
  // Table 1).
  out.push(
    paragraph(
      t({
        en: `**Cohort effect, ${weekRange(ctx, p.weeks)}.** ${pooledSentence(ctx, what, p, h)}`,
        da: `**Kohorteeffekt, ${weekRange(ctx, p.weeks)}.** ${pooledSentence(ctx, what, p, h)}`,
      }),
    ),
  );
  out.push(
    paragraph(
      t({
        en: `Share of persons in the state “${stateTitle}” among ${
          o.population === 'in-programme'
            ? 'cohort members still in the programme that week'
            : 'all cohort members who have started (in the programme or not)'
        }.`,
        da: `Andel personer i tilstanden “${stateTitle}” blandt ${
          o.population === 'in-programme'
            ? 'kohortens medlemmer, der stadig er i programmet den uge'
            : 'alle kohortens medlemmer, der er startet (i programmet eller ej)'
        }.`,
      }),
    ),
  );
  const seNaive = p.se_naive === null ? '–' : f.pp(p.se_naive, 2, false);
  const se = p.se === null ? '–' : f.pp(p.se, 2, false);
  out.push(
    paragraph(
      t({
        en:
          `The cohort effect compares the change from the ${ctx.labels.before} ` +
          `to the ${ctx.labels.during} in participating municipalities ` +
          `with the same change in comparison municipalities, over the ` +
          `person-weeks of ${weekRange(ctx, p.weeks)}. Standard error clustered ` +
          `by municipality (CR1, ${f.count(p.clusters)} municipalities, ` +
          `${f.count(p.n)} person-weeks): ${se}; without clustering it ` +
          `would be ${seNaive}.`,
        da:
          `Kohorteeffekten sammenligner ændringen fra ${ctx.labels.before} ` +
          `til ${ctx.labels.during} i deltagerkommunerne med samme ændring ` +
          `i sammenligningskommunerne, over personugerne i ${weekRange(ctx, p.weeks)}. ` +
          `Standardfejlen er klyngerobust med kommunen som klynge (CR1, ` +
          `${f.count(p.clusters)} kommuner, ${f.count(p.n)} personuger): ` +
          `${se}; uden klynger ville den være ${seNaive}.`,
      }),
    ),
  );
  if (h.inference !== 'wild-bootstrap') out.push(paragraph(bootstrapSentence(ctx, p)));
  const differ = estimandsSentence(ctx, o, es);
  if (differ) out.push(paragraph(differ));
  if (o.pooled_adjusted) {
    const a = o.pooled_adjusted;
    const covs = spec.data.covariates.join(', ');
    const left = a.excluded_missing
      ? t({
          en:
            `; ${f.count(a.excluded_missing)} persons with a missing covariate ` +
            `were left out of this model`,
          da:
            `; ${f.count(a.excluded_missing)} personer med en manglende baggrundsvariabel ` +
            `indgår ikke i denne model`,
        })
      : '';
    out.push(
      paragraph(
        a.estimate === null
          ? t({
              en:
                `The effect with control for background characteristics (${covs}) ` +
                `could not be estimated: ${reason(ctx, a.problem)}.`,
              da:
                `Effekten med kontrol for baggrundsvariable (${covs}) kunne ikke ` +
                `estimeres: ${reason(ctx, a.problem)}.`,
            })
          : t({
              en:
                `With control for background characteristics (${covs}), the effect ` +
                `is ${f.pp(a.estimate)} (${ppInterval(ctx, a)})${left}.`,
              da:
                `Med kontrol for baggrundsvariable (${covs}) er effekten ${f.pp(a.estimate)} ` +
                `(${ppInterval(ctx, a)})${left}.`,
            }),
      ),
    );
  }
  const pc = o.placebo_cohort;
  if (pc) {
    const head = t({ en: '**Placebo cohort.**', da: '**Placebokohorte.**' });
    out.push(
      paragraph(
        pc.estimate === null
          ? `${head} ${t({
              en: `Not estimated: ${reason(ctx, pc.problem)}.`,
              da: `Ikke estimeret: ${reason(ctx, pc.problem)}.`,
            })}`
          : `${head} ${t({
              en:
                `An earlier cohort against the before cohort, both before the ` +
                `programme (${weekRange(ctx, pc.weeks)}), should differ by nothing: ` +
                `${f.pp(pc.estimate)} (${ppInterval(ctx, pc)}${
                  pc.bootstrap_p === null
                    ? ''
                    : `; wild cluster bootstrap ${f.pValue(pc.bootstrap_p)}`
                }).`,
              da:
                `En tidligere kohorte mod førkohorten, begge før programmet ` +
                `(${weekRange(ctx, pc.weeks)}), bør ikke adskille sig: ${f.pp(pc.estimate)} ` +
                `(${ppInterval(ctx, pc)}${
                  pc.bootstrap_p === null
                    ? ''
                    : `; vild klynge-bootstrap ${f.pValue(pc.bootstrap_p)}`
                }).`,
            })}`,
      ),
    );
  }
  const weekNote = t({
    en:
      `Calendar week 1 is the first week of each cohort's entry window, ` +
      `so the same calendar week falls earlier for the ${ctx.labels.before} ` +
      `than for the ${ctx.labels.during}.`,
    da:
      `Kalenderuge 1 er den første uge i hver kohortes indgangsvindue, ` +
      `så samme kalenderuge ligger tidligere for ${ctx.labels.before} ` +
      `end for ${ctx.labels.during}.`,
  });
  if (figs.shares) {
    out.push(
      figure(
        figs.shares,
        t({
          en: `${title}: share by calendar week in the four groups`,
          da: `${title}: andel pr. kalenderuge i de fire grupper`,
        }),
        t({
          en: `Line chart of ${what} by calendar week for the four groups`,
          da: `Kurver over ${what} pr. kalenderuge for de fire grupper`,
        }),
        `${
          o.population === 'in-programme'
            ? t({
                en: 'Among cohort members still in the programme that week.',
                da: 'Blandt kohortens medlemmer, der stadig er i programmet den uge.',
              })
            : t({
                en: 'Among all cohort members who have started.',
                da: 'Blandt alle kohortens medlemmer, der er startet.',
              })
        } ${weekNote}`,
      ),
    );
  }
  if (figs.effect) {
    out.push(
      figure(
        figs.effect,
        t({
          en: `Effect by calendar week on ${lowerFirst(title)} (difference-in-differences)`,
          da: `Effekt pr. kalenderuge på ${lowerFirst(title)} (forskel-i-forskelle)`,
        }),
        t({
          en: `Weekly effect on ${what} with its confidence band`,
          da: `Ugentlig effekt på ${what} med konfidensbånd`,
        }),
        t({
          en:
            `Band: ${ctx.ci} week by week, standard errors clustered by municipality ` +
            `(CR1). Cohort effect over ${weekRange(ctx, p.weeks)}: ${f.pp(h.estimate)} ` +
            `(${headlineInterval(ctx, h, 'pp')}).`,
          da:
            `Bånd: ${ctx.ci} uge for uge, klyngerobuste standardfejl med ` +
            `kommunen som klynge (CR1). Kohorteeffekt over ${weekRange(ctx, p.weeks)}: ` +
            `${f.pp(h.estimate)} (${headlineInterval(ctx, h, 'pp')}).`,
        }),
      ),
    );
  }
  if (figs['effect-since-entry']) {
    out.push(
      figure(
        figs['effect-since-entry'],
        t({
          en: `Effect on ${lowerFirst(title)} by weeks since programme entry`,
          da: `Effekt på ${lowerFirst(title)} efter uger siden programstart`,
        }),
        t({
          en: `Effect on ${what} by weeks since entry with its confidence band`,
          da: `Effekt på ${what} efter uger siden start med konfidensbånd`,
        }),
        t({
          en:
            `Band: ${ctx.ci}, standard errors clustered by municipality (CR1). ` +
            `Week 0 is the entry week; later weeks hold fewer persons.`,
          da:
            `Bånd: ${ctx.ci}, klyngerobuste standardfejl med kommunen som ` +
            `klynge (CR1). Uge 0 er startugen; senere uger omfatter færre ` +
            `personer.`,
        }),
      ),
    );
  }

  const weeks = [...new Set(o.cells.map((c) => c.week))];
  const sel = ctx.tableWeeks(weeks);
  const cellAt = (g: string, c: string, w: number) =>
    o.cells.find((x) => x.group === g && x.cohort === c && x.week === w);
  const rows = sel.map((w) => {
    const e = o.weekly.find((x) => x.week === w);
    return [
      String(w),
      ...CELL_ORDER.map(([g, c]) => f.percentNumber(cellAt(g, c, w)?.share)),
      e ? f.ppNumber(e.estimate, 1, true) : '–',
      e ? f.ppNumber(e.ci_low) : '–',
      e ? f.ppNumber(e.ci_high) : '–',
      e ? f.pCell(e.p) : '–',
    ];
  });
  const hidden =
    ctx.minCell > 0
      ? t({
          en:
            ` “–”: not computed, or hidden because the group had fewer than ` +
            `${f.count(ctx.minCell)} persons.`,
          da:
            ` “–”: ikke beregnet, eller skjult fordi gruppen havde færre ` +
            `end ${f.count(ctx.minCell)} personer.`,
        })
      : t({ en: ' “–”: not computed.', da: ' “–”: ikke beregnet.' });
  out.push(
    table(
      `${id}-weeks`,
      t({
        en: `${title}: shares and effect in selected calendar weeks`,
        da: `${title}: andele og effekt i udvalgte kalenderuger`,
      }),
      [
        t({ en: 'Week', da: 'Uge' }),
        ...CELL_ORDER.map(([g, c]) => ctx.cellShort(g, c)),
        t({ en: 'Effect', da: 'Effekt' }),
        t({ en: 'Lower', da: 'Nedre' }),
        t({ en: 'Upper', da: 'Øvre' }),
        'p',
      ],
      rows,
      {
        note: `${t({
          en: 'Week: calendar week. Shares in per cent, effects in percentage points (pp).',
          da: 'Uge: kalenderuge. Andele i procent, effekter i procentpoint (pct.-point).',
        })} ${ctx.shortNote} ${ctx.limitsNote}${hidden} ${weekNote}`.replace(/ +/g, ' '),
      },
    ),
  );

  // Variation between municipalities (src/report/variation/): is it real, who stands out, does a
  // moderator explain it.
  // Its captions name no outcome: prefix the title, so captions stay distinct across outcomes.
  if (o.municipalities.length > 0) {
    out.push(
      ...variationSection(variationView(id, o), ctx).map((b) =>
        b.kind === 'table' || b.kind === 'figure'
          ? { ...b, caption: `${title}: ${lowerFirst(b.caption)}` }
          : b,
      ),
    );
  }
  return out;
}
