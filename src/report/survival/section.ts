/**
 * The section of a survival outcome: Kaplan–Meier figure and summary
 * table, the Cox DiD hazard ratio and what it means for the mean duration,
 * log-rank tests and the proportional-hazards check.
 */

import type { Headline, SurvivalOutcomeResult } from '../../results/results.js';
import {
  figure,
  headlineInterval,
  inferenceName,
  lowerFirst,
  persons,
  reason,
  reasonText,
  table,
} from '../common.js';
import type { ReportContext } from '../context.js';
import type { Block } from '../document.js';
import { heading, paragraph } from '../document.js';
import { significant } from '../format.js';

export function survivalSection(
  id: string,
  o: SurvivalOutcomeResult,
  figs: Record<string, string>,
  ctx: ReportContext,
  h: Headline,
): Block[] {
  const { f, t } = ctx;
  const title = ctx.outcomeTitle(id, o.title);
  const ev = lowerFirst(ctx.stateTitle(o.event));
  const out: Block[] = [heading(2, title), coxParagraph(o, ctx, h, ev)];
  out.push(
    paragraph(
      t({
        en:
          `Weeks from programme entry to the first week “${ev}”; persons ` +
          `who never get there are censored at the cohort's last week or ` +
          `the week before death or ` +
          `emigration${o.censor_at_exit ? ', or when they leave the programme' : ''}.`,
        da:
          `Uger fra start i programmet til den første uge “${ev}”; personer, ` +
          `der ikke når dertil, censureres i kohortens sidste uge eller ` +
          `ugen før død eller udvandring` +
          `${o.censor_at_exit ? ', eller når de forlader programmet' : ''}.`,
      }),
    ),
  );
  if (figs.survival) {
    out.push(
      figure(
        figs.survival,
        t({
          en: `${title}: share not yet “${ev}” by weeks since entry (Kaplan–Meier)`,
          da: `${title}: andel endnu ikke “${ev}” efter uger siden start (Kaplan–Meier)`,
        }),
        t({
          en: 'Kaplan–Meier curves for the four groups',
          da: 'Kaplan–Meier-kurver for de fire grupper',
        }),
        t({
          en: `Bands: ${ctx.ci} (log-log) for the ${ctx.labels.during}.`,
          da: `Bånd: ${ctx.ci} (log-log) for ${ctx.labels.during}.`,
        }),
      ),
    );
  }
  const rows = ctx.cells.map(({ group: g, cohort: c }) => {
    const s = o.summary.find((x) => x.group === g && x.cohort === c);
    if (!s) return [ctx.cell(g, c), '–', '–', '–', '–', '–', '–', '–', '–'];
    // Hidden numbers are null already (the disclosure stage decides); a hidden median is not "not
    // reached".
    const hidden = s.n === null || s.events === null || s.rmst === null;
    const hide = (v: string) => (hidden ? '–' : v);
    return [
      ctx.cell(g, c),
      persons(ctx, s.n),
      hide(persons(ctx, s.events)),
      hide(f.percentNumber(s.started_26)),
      hide(f.percentNumber(s.started_52)),
      hide(f.percentNumber(s.started_104)),
      hide(s.median === null ? t({ en: 'not reached', da: 'ikke nået' }) : f.count(s.median)),
      hide(s.median_ci_low === null ? '–' : f.count(s.median_ci_low)),
      hide(
        s.median_ci_high === null
          ? t({ en: 'not reached', da: 'ikke nået' })
          : f.count(s.median_ci_high),
      ),
    ];
  });
  out.push(
    table(
      `${id}-summary`,
      t({
        en: `${title}: persons, events and share with the event by weeks since entry`,
        da: `${title}: personer, hændelser og andel med hændelsen efter uger siden start`,
      }),
      [
        t({ en: 'Group', da: 'Gruppe' }),
        t({ en: 'Persons', da: 'Personer' }),
        t({ en: 'Events', da: 'Hændelser' }),
        t({ en: `Within 26 weeks (${f.percentUnit})`, da: `Inden 26 uger (${f.percentUnit})` }),
        t({ en: `Within 52 weeks (${f.percentUnit})`, da: `Inden 52 uger (${f.percentUnit})` }),
        t({ en: `Within 104 weeks (${f.percentUnit})`, da: `Inden 104 uger (${f.percentUnit})` }),
        t({ en: 'Median (weeks)', da: 'Median (uger)' }),
        t({ en: 'Median, lower', da: 'Median, nedre' }),
        t({ en: 'Median, upper', da: 'Median, øvre' }),
      ],
      rows,
      {
        note: t({
          en:
            `Shares with the event are 1 − S(k) from the Kaplan–Meier curve. ` +
            `Median, lower and upper: the median's ${ctx.ci}.${
              ctx.minCell > 0
                ? ` “–”: hidden because the group had fewer than ${f.count(ctx.minCell)} persons.`
                : ''
            }`,
          da:
            `Andele med hændelsen er 1 − S(k) fra Kaplan–Meier-kurven. Median, ` +
            `nedre og øvre: medianens ${ctx.ci}.${
              ctx.minCell > 0
                ? ` “–”: skjult fordi gruppen havde færre end ${f.count(ctx.minCell)} personer.`
                : ''
            }`,
        }),
      },
    ),
  );

  for (const [i, l] of o.logrank.entries()) {
    const which =
      i === 0 && o.logrank.length > 1
        ? t({
            en: `${ctx.cell('treated', 'during')} against the other three groups`,
            da: `${ctx.cell('treated', 'during')} mod de tre andre grupper`,
          })
        : t({
            en: 'whether the four groups differ at all; not a test of the programme',
            da: 'om de fire grupper overhovedet adskiller sig; ikke en test af programmet',
          });
    out.push(
      paragraph(
        t({
          en:
            `Log-rank test (${which}): χ² = ${f.fixed(l.chisq)} with ${l.df} ` +
            `degree${l.df === 1 ? '' : 's'} of freedom, ${f.pValue(l.p)}.`,
          da:
            `Log-rank-test (${which}): χ² = ${f.fixed(l.chisq)} med ${l.df} ` +
            `frihedsgrad${l.df === 1 ? '' : 'er'}, ${f.pValue(l.p)}.`,
        }),
      ),
    );
  }
  for (const r of o.rmst_did ?? []) {
    const headR = t({
      en: `**Restricted mean to week ${r.horizon}.**`,
      da: `**Begrænset middelværdi til uge ${r.horizon}.**`,
    });
    out.push(
      paragraph(
        `${headR} ${
          r.estimate === null
            ? t({
                en: `Not estimated: ${reason(ctx, r.problem)}.`,
                da: `Ikke estimeret: ${reason(ctx, r.problem)}.`,
              })
            : t({
                en:
                  `Difference in differences of the mean weeks without “${ev}” ` +
                  `within the first ${r.horizon} weeks: ${f.signed(r.estimate, 1, true)} ` +
                  `weeks (${ctx.ci} ${f.range(r.ci_low, r.ci_high, 1)}, ${f.pValue(r.p)}; ` +
                  `municipalities resampled ${f.count(r.replications)} times within ` +
                  `participating and comparison municipalities; percentile interval). ` +
                  `It needs no proportional hazards.`,
                da:
                  `Forskel-i-forskelle i gennemsnitligt antal uger uden “${ev}” ` +
                  `inden for de første ${r.horizon} uger: ${f.signed(r.estimate, 1, true)} ` +
                  `uger (${ctx.ci} ${f.range(r.ci_low, r.ci_high, 1)}, ${f.pValue(r.p)}; ` +
                  `kommunerne gentrukket ${f.count(r.replications)} gange inden ` +
                  `for deltager- og sammenligningskommuner; percentilinterval). ` +
                  `Det kræver ikke proportionale hazards.`,
              })
        }`,
      ),
    );
  }
  if (o.ph_check) {
    const ph = o.ph_check;
    const inter = ph.terms[2];
    const headPh = t({
      en: '**Proportional-hazards check.**',
      da: '**Kontrol af proportionale hazards.**',
    });
    if (inter && significant(inter.p, ctx.level)) {
      out.push(
        paragraph(
          `${headPh} ${t({
            en:
              `The hazard ratio of the interaction changes over time since ` +
              `entry (Schoenfeld test ${f.pValue(inter.p)}, correlation with ` +
              `time ${f.signed(inter.rho)}): read it as an average over the ` +
              `follow-up, and look at the survival curves.`,
            da:
              `Samspillets hazardratio ændrer sig med tiden siden start (Schoenfeld-test ` +
              `${f.pValue(inter.p)}, korrelation med tiden ${f.signed(inter.rho)}): ` +
              `læs den som et gennemsnit over opfølgningen, og se på overlevelseskurverne.`,
          })}`,
        ),
      );
    } else if (inter) {
      out.push(
        paragraph(
          `${headPh} ${t({
            en:
              `No evidence against proportional hazards for the interaction ` +
              `(Schoenfeld test ${f.pValue(inter.p)}; global ${f.pValue(ph.p)}).`,
            da:
              `Intet tegn på, at samspillets hazards ikke er proportionale ` +
              `(Schoenfeld-test ${f.pValue(inter.p)}; samlet ${f.pValue(ph.p)}).`,
          })}`,
        ),
      );
    }
  }
  return out;
}

/**
 * The hazard ratio paragraph, the section's first: led by the outcome's headline (the same
 * interval and p as the summary and Table 1); the model-based interval follows, named.
 */
function coxParagraph(
  o: SurvivalOutcomeResult,
  ctx: ReportContext,
  h: Headline,
  ev: string,
): Block {
  const { f, t } = ctx;
  const c = o.cox;
  const head = t({
    en: '**Hazard ratio (Cox model).**',
    da: '**Hazardratio (Cox-model).**',
  });
  if (c.hr === null || h.estimate === null)
    return paragraph(
      `${head} ${t({
        en: `The hazard ratio could not be estimated: ${reason(ctx, c.problem)}.`,
        da: `Hazardratioen kunne ikke estimeres: ${reason(ctx, c.problem)}.`,
      })}`,
    );
  const lead = `${inferenceName(ctx, h.inference)}: ${headlineInterval(ctx, h, 'ratio')}`;
  // The other inference, named: model-based errors when the headline is clustered.
  const other =
    h.inference === 'cox-clustered' && c.ci_low !== null
      ? t({
          en:
            `; model-based standard errors: ${ctx.ci} ${f.range(c.ci_low, c.ci_high)}, ` +
            `${f.pValue(c.p)}`,
          da:
            `; modelbaserede standardfejl: ${ctx.ci} ${f.range(c.ci_low, c.ci_high)}, ` +
            `${f.pValue(c.p)}`,
        })
      : '';
  const detail = t({
    en:
      `interaction of participating municipality and during cohort, ` +
      `Efron ties, ${f.count(c.n)} persons, ${f.count(c.events)} events`,
    da:
      `samspillet mellem deltagerkommune og programkohorte, Efrons ` +
      `metode for sammenfaldende tider, ${f.count(c.n)} personer, ${f.count(c.events)} ` +
      `hændelser`,
  });
  const stats = `${lead}${other}; ${detail}`;
  const hr = h.estimate;
  const change =
    hr >= 1
      ? t({ en: `${f.percent(hr - 1)} higher`, da: `${f.percent(hr - 1)} højere` })
      : t({ en: `${f.percent(1 - hr)} lower`, da: `${f.percent(1 - hr)} lavere` });
  const why = h.reasons.map((r) => reasonText(ctx, r)).join('; ');
  let text: string;
  if (h.verdict === 'no-effect-shown' || h.verdict === 'not-testable')
    text = t({
      en:
        `Hazard ratio ${f.fixed(hr)} (${stats}): the data are consistent ` +
        `with no change in the rate of reaching “${ev}”.`,
      da:
        `Hazardratio ${f.fixed(hr)} (${stats}): data er forenelige med, ` +
        `at raten for at nå “${ev}” er uændret.`,
    });
  else if (h.verdict === 'hedged')
    text = t({
      en:
        `In participating municipalities during the programme the rate ` +
        `of reaching “${ev}” was ${change} than the before-and-comparison ` +
        `pattern predicts: hazard ratio ${f.fixed(hr)} (${stats}). This ` +
        `is not an estimate of the programme's effect: ${
          why || 'the event-study pre-test rejects parallel trends'
        }.`,
      da:
        `I deltagerkommunerne under programmet var raten for at nå “${ev}” ` +
        `${change}, end mønstret før og i sammenligningskommunerne forudsiger: ` +
        `hazardratio ${f.fixed(hr)} (${stats}). Dette er ikke et estimat af programmets effekt: ${
          why || 'eventstudiets test før start afviser parallelle tendenser'
        }.`,
    });
  else
    text = t({
      en:
        `The rate of reaching “${ev}” was ${change} with the programme: ` +
        `hazard ratio ${f.fixed(hr)} (${stats}).`,
      da:
        `Raten for at nå “${ev}” var ${change} med programmet: hazardratio ` +
        `${f.fixed(hr)} (${stats}).`,
    });
  return paragraph(`${head} ${text}`);
}
