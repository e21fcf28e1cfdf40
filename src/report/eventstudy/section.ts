/**
 * The event study in the report: the CSV of every estimate, the
 * event-study figure, and the report section (Block[], both languages): the
 * table of ATT(e) with pointwise intervals and the simultaneous band, the
 * overall effect, the pre-test with its power against a linear trend, and
 * the periods left out. Without an eventStudy block the report says that
 * the parallel-trends assumption was not tested and how to test it.
 */

import { alpha } from '../../estimators/normal.js';
import type { EventStudyOutcomeResult } from '../../results/results.js';
import type { ReportContext } from '../context.js';
import { toCsv } from '../csv.js';
import { type Block, heading, paragraph } from '../document.js';
import { isHidden, problemWords } from '../hidden.js';
import { eventStudyChart } from './chart.js';

const MINUS = '\u2212';

/**
 * effects/<outcome>-event-study.csv: event times, then every ATT(g, p), then the overall effect.
 */
export function eventStudyCsv(es: EventStudyOutcomeResult): string {
  const rows = [
    ...es.event_time.map((r) => ({
      kind: 'event_time',
      group: '',
      period: '',
      e: r.e,
      estimate: r.estimate,
      se: r.se,
      ci_low: r.ci_low,
      ci_high: r.ci_high,
      band_low: r.band_low,
      band_high: r.band_high,
      p: null,
      n: r.n,
      problem: r.problem ?? '',
    })),
    ...es.att_gt.map((r) => ({
      kind: 'att_gt',
      group: r.group,
      period: r.period,
      e: r.event_time,
      estimate: r.estimate,
      se: r.se,
      ci_low: r.ci_low,
      ci_high: r.ci_high,
      band_low: null,
      band_high: null,
      p: null,
      n: r.n,
      problem: r.problem ?? '',
    })),
    {
      kind: 'overall',
      group: '',
      period: '',
      e: '',
      estimate: es.overall.estimate,
      se: es.overall.se,
      ci_low: es.overall.ci_low,
      ci_high: es.overall.ci_high,
      band_low: null,
      band_high: null,
      p: es.overall.p,
      n: es.overall.n,
      problem: es.overall.problem ?? '',
    },
  ];
  return toCsv(
    [
      'kind',
      'group',
      'period',
      'e',
      'estimate',
      'se',
      'ci_low',
      'ci_high',
      'band_low',
      'band_high',
      'p',
      'n',
      'problem',
    ],
    rows,
  );
}

/** The figure file name (inside figures/) of an outcome's event study. */
export const eventStudyFigureFile = (id: string) => `${id}-event-study.svg`;

/** The event-study figure of one outcome. */
export function eventStudyFigure(
  ctx: ReportContext,
  es: EventStudyOutcomeResult,
  bare = false,
): string {
  const { t, f } = ctx;
  const L = f.levelLabel(ctx.level);
  const byRound = es.rounds.map((r) => ({
    label: `${r.first_week}`,
    points: es.att_gt
      .filter((a) => a.group === r.group)
      .map((a) => ({ e: a.event_time, estimate: a.estimate })),
  }));
  return eventStudyChart({
    bare,
    lang: ctx.lang,
    title: t({ en: `Event study: ${es.title}`, da: `Eventstudie: ${es.title}` }),
    subtitle: t({
      en:
        `Effect by entry period relative to the programme start (e = ` +
        `entry period − start period), ${es.horizon[0]}–${es.horizon[1]} ` +
        `weeks after entry.`,
      da:
        `Effekt efter indgangsperiode i forhold til programstart (e = ` +
        `indgangsperiode − startperiode), ${es.horizon[0]}–${es.horizon[1]} ` +
        `uger efter indgang.`,
    }),
    note: t({
      en:
        `Note: e = −1 is the reference (0 by construction). Lines: pointwise ` +
        `${L} confidence intervals; boxes: simultaneous ${L} band over ` +
        `all event times (sup-t, ${f.count(es.band.replications)} multiplier-bootstrap ` +
        `draws). Standard errors clustered by municipality (${f.count(es.clusters)}). Comparison: ${
          es.comparison === 'never-treated'
            ? 'never-treated municipalities'
            : 'never-treated and not-yet-treated municipalities'
        }.`,
      da:
        `Note: e = −1 er referencen (0 pr. konstruktion). Linjer: punktvise ` +
        `${L} konfidensintervaller; kasser: simultant ${L} bånd over ` +
        `alle eventtider (sup-t, ${f.count(es.band.replications)} multiplier-bootstrap-træk). ` +
        `Standardfejl klynget på kommune (${f.count(es.clusters)}). Sammenligning: ${
          es.comparison === 'never-treated'
            ? 'kommuner uden programmet'
            : 'kommuner uden programmet og kommuner, der endnu ikke er startet'
        }.`,
    }),
    xLabel: t({
      en: 'Entry periods relative to the start period (e)',
      da: 'Indgangsperioder i forhold til startperioden (e)',
    }),
    yLabel: t({ en: 'Effect (pp)', da: 'Effekt (pct.-point)' }),
    points: es.event_time.map((r) => ({
      e: r.e,
      estimate: r.estimate,
      low: r.ci_low,
      high: r.ci_high,
      bandLow: r.band_low,
      bandHigh: r.band_high,
    })),
    rounds: byRound,
    labels: {
      estimate: t({ en: 'Effect, all rounds', da: 'Effekt, alle runder' }),
      interval: t({ en: `Pointwise ${L} CI`, da: `Punktvist ${L} konfidensinterval` }),
      band: t({ en: `Simultaneous ${L} band`, da: `Simultant ${L} bånd` }),
      reference: t({ en: 'reference', da: 'reference' }),
      round: (label) => t({ en: `Round starting ${label}`, da: `Runde med start ${label}` }),
    },
  });
}

/**
 * True when the pre-test (its bootstrap p) rejects at the spec's level (the report then hedges this
 * outcome's causal sentences).
 */
export function preTestRejects(es: EventStudyOutcomeResult, level: number): boolean {
  return es.pretest.p !== null && es.pretest.p < alpha(level);
}

/** The pre-test in words, with its power against a linear trend. */
export function preTestSentence(ctx: ReportContext, es: EventStudyOutcomeResult): string {
  const { t, f } = ctx;
  const pt = es.pretest;
  if (pt.p === null || pt.f === null) {
    return t({
      en:
        `**Pre-test.** No test of the periods before the start: ` +
        `${problemWords(pt.problem, 'en', ctx.minCell) ?? 'not enough data'}.`,
      da: `**Førtest.** Perioderne før start kunne ikke testes: ${
        isHidden(pt.problem)
          ? problemWords(pt.problem, 'da', ctx.minCell)
          : 'for få data (årsagen står i results.json)'
      }.`,
    });
  }
  // p is the restricted wild cluster bootstrap of W (it decides); p_f the Hotelling F test beside
  // it.
  const fStat = `F(${pt.df}, ${pt.df_resid}) = ${f.fixed(pt.f, 2)}`;
  const stat =
    pt.p_f != null
      ? t({
          en:
            `wild cluster bootstrap of W = ${f.fixed(pt.statistic, 2)} with ` +
            `the pre-period effects set to zero, ${f.pValue(pt.p)}; Hotelling's ` +
            `${fStat}, ${f.pValue(pt.p_f)}`,
          da:
            `klynge-bootstrap af W = ${f.fixed(pt.statistic, 2)} med førperiodens ` +
            `effekter sat til nul, ${f.pValue(pt.p)}; Hotellings ${fStat}, ` +
            `${f.pValue(pt.p_f)}`,
        })
      : `${fStat}, ${f.pValue(pt.p)}`;
  const power =
    pt.slope80 !== null
      ? t({
          en:
            ` A trend of ${f.pp(pt.slope80, 2, false)} per period would be ` +
            `detected with 80 % power; such a trend would shift the event-study ` +
            `average by ${f.pp(pt.bias80, 1, false)}. One of ${f.pp(pt.slope50, 2, false)} ` +
            `per period would be detected half of the time.`,
          da:
            ` En trend på ${f.pp(pt.slope80, 2, false)} pr. periode ville ` +
            `blive opdaget med 80 pct. styrke; en sådan trend ville flytte ` +
            `eventstudiets gennemsnit med ${f.pp(pt.bias80, 1, false)}. En ` +
            `på ${f.pp(pt.slope50, 2, false)} pr. periode ville blive opdaget ` +
            `halvdelen af gangene.`,
        })
      : '';
  if (preTestRejects(es, ctx.level)) {
    return t({
      en:
        `**Pre-test: rejected.** The ${pt.df} effects before the start ` +
        `(e ≤ −2) differ jointly from zero (Wald test, ${stat}; ${f.count(es.clusters)} ` +
        `municipalities). Participating and comparison municipalities ` +
        `did not move in parallel before the programme, so this outcome's ` +
        `effects cannot be read as caused by the programme.${power}`,
      da:
        `**Førtest: afvist.** De ${pt.df} effekter før start (e ≤ −2) ` +
        `er samlet forskellige fra nul (Wald-test, ${stat}; ${f.count(es.clusters)} ` +
        `kommuner). Deltager- og sammenligningskommuner fulgtes ikke ` +
        `ad før programmet, så dette udfalds effekter kan ikke læses ` +
        `som forårsaget af programmet.${power}`,
    });
  }
  return t({
    en:
      `**Pre-test.** The ${pt.df} effects before the start (e ≤ −2) ` +
      `are jointly consistent with zero (Wald test, ${stat}; ${f.count(es.clusters)} ` +
      `municipalities; the uncorrected χ² test gives ${f.pValue(pt.p_chisq)}).${power} ` +
      `Not rejecting is not proof of parallel trends: trends smaller ` +
      `than that would go unnoticed.`,
    da:
      `**Førtest.** De ${pt.df} effekter før start (e ≤ −2) er samlet ` +
      `forenelige med nul (Wald-test, ${stat}; ${f.count(es.clusters)} ` +
      `kommuner; den ukorrigerede χ²-test giver ${f.pValue(pt.p_chisq)}).${power} ` +
      `At testen ikke afviser, beviser ikke parallelle tendenser: mindre ` +
      `trends ville gå ubemærket hen.`,
  });
}

/**
 * The relative-magnitudes sensitivity in words (docs/definitions.md, "Event study over entry
 * periods"): how large a violation of parallel trends after the start, relative to the largest
 * one before it, makes the overall effect indistinguishable from none. Null without the numbers.
 */
export function sensitivitySentence(
  ctx: ReportContext,
  es: EventStudyOutcomeResult,
): string | null {
  const s = es.sensitivity;
  if (!s || s.mbar === null || s.max_pre_step === null) return null;
  const { t, f } = ctx;
  const head = t({ en: '**Sensitivity.**', da: '**Følsomhed.**' });
  const one = s.robust.find((r) => r.mbar === 1);
  const at1 =
    one && one.ci_low !== null
      ? t({
          en:
            ` If it may be as large as the largest one before the start (M̄ ` +
            `= 1), the event-study average lies in ${f.pp(one.ci_low, 1)} ` +
            `to ${f.pp(one.ci_high, 1)}.`,
          da:
            ` Må det være lige så stort som det største før start (M̄ = 1), ` +
            `ligger eventstudiets gennemsnit i ${f.pp(one.ci_low, 1)} til ` +
            `${f.pp(one.ci_high, 1)}.`,
        })
      : '';
  if (s.mbar === 0)
    return `${head} ${t({
      en:
        'The event-study average is not distinguishable from zero even with ' +
        'exactly parallel trends (breakdown value M̄ = 0, Rambachan–Roth ' +
        'relative magnitudes).',
      da:
        'Eventstudiets gennemsnit kan ikke skelnes fra nul, selv med helt ' +
        'parallelle tendenser (nedbrudsværdi M̄ = 0, Rambachan–Roth relative ' +
        'størrelser).',
    })}${at1}`;
  return `${head} ${t({
    en:
      `A departure from parallel trends after the start of ${f.fixed(s.mbar, 2)} ` +
      `times the largest change between adjacent periods before it ` +
      `(${f.pp(s.max_pre_step, 2, false)}) would make the event-study ` +
      `average indistinguishable from zero (breakdown value M̄ = ${f.fixed(s.mbar, 2)}, ` +
      `Rambachan–Roth relative magnitudes${
        s.mbar < 1
          ? '; below 1: a violation no larger than those already seen could explain it'
          : ''
      }).`,
    da:
      `Et brud på parallelle tendenser efter start på ${f.fixed(s.mbar, 2)} ` +
      `gange den største ændring mellem nabo-perioder før start ` +
      `(${f.pp(s.max_pre_step, 2, false)}) ` +
      `ville gøre eventstudiets gennemsnit umuligt at skelne fra nul ` +
      `(nedbrudsværdi M̄ = ${f.fixed(s.mbar, 2)}, Rambachan–Roth relative størrelser${
        s.mbar < 1
          ? '; under 1: et brud, der ikke er større end dem, der allerede ses, kunne forklare den'
          : ''
      }).`,
  })}${at1}`;
}

/** The report section of one outcome's event study. */
export function eventStudySection(
  ctx: ReportContext,
  id: string,
  es: EventStudyOutcomeResult,
  figureFile: string | null,
): Block[] {
  const { t, f } = ctx;
  const L = f.levelLabel(ctx.level);
  const CI = f.ciLabel(ctx.level);
  const out: Block[] = [];
  out.push(heading(2, t({ en: `Event study: ${es.title}`, da: `Eventstudie: ${es.title}` })));
  const roundsText =
    es.rounds.length === 1
      ? t({
          en:
            `all ${es.rounds[0].municipalities.length} participating municipalities ` +
            `start in ${es.rounds[0].first_week} (period ${es.rounds[0].group})`,
          da:
            `alle ${es.rounds[0].municipalities.length} deltagerkommuner ` +
            `starter i ${es.rounds[0].first_week} (periode ${es.rounds[0].group})`,
        })
      : t({
          en: `the programme rolls out in ${es.rounds.length} rounds: ${es.rounds
            .map(
              (r) =>
                `${r.municipalities.length} municipalities in ` +
                `${r.first_week} (period ${r.group})`,
            )
            .join(', ')}`,
          da: `programmet rulles ud i ${es.rounds.length} runder: ${es.rounds
            .map(
              (r) => `${r.municipalities.length} kommuner i ${r.first_week} (periode ${r.group})`,
            )
            .join(', ')}`,
        });
  out.push(
    paragraph(
      t({
        en:
          `Outcome \`${id}\`. Persons are grouped by the entry period of ` +
          `their first programme start (${es.entry.periods} periods of ` +
          `${es.entry.length} weeks from ${es.entry.from}); each period's ` +
          `share is measured ${es.horizon[0]}–${es.horizon[1]} weeks after ` +
          `entry. ${roundsText[0].toUpperCase()}${roundsText.slice(1)}. ` +
          `For ${es.rounds.length > 1 ? 'each round' : 'the participating municipalities'}, ` +
          `the effect in entry period p is the change from the period just ` +
          `before its start (g − 1) in participating municipalities minus the same change in ${
            es.comparison === 'never-treated'
              ? 'the municipalities that never start'
              : 'the municipalities that have not started by then'
          }; e = p − g counts periods from the start. Effects before the ` +
          `start (e ≤ −2) should be zero if the two groups of municipalities ` +
          `would have moved in parallel without the programme. ${f.count(es.entrants)} ` +
          `persons have an entry; ${f.count(es.clusters)} municipalities; ` +
          `standard errors clustered by municipality.`,
        da:
          `Udfald \`${id}\`. Personer grupperes efter indgangsperioden ` +
          `for deres første programstart (${es.entry.periods} perioder ` +
          `à ${es.entry.length} uger fra ${es.entry.from}); andelen måles ` +
          `${es.horizon[0]}–${es.horizon[1]} uger efter indgang. ` +
          `${roundsText[0].toUpperCase()}${roundsText.slice(1)}. ` +
          `For ${es.rounds.length > 1 ? 'hver runde' : 'deltagerkommunerne'} ` +
          `er effekten i indgangsperiode p ændringen fra perioden lige ` +
          `før start (g − 1) i deltagerkommunerne minus samme ændring i ${
            es.comparison === 'never-treated'
              ? 'kommunerne, der aldrig starter'
              : 'kommunerne, der endnu ikke er startet'
          }; e = p − g tæller perioder fra start. Effekter før start (e ≤ ` +
          `−2) bør være nul, hvis de to grupper af kommuner ville have ` +
          `fulgtes ad uden programmet. ${f.count(es.entrants)} personer ` +
          `har en indgang; ${f.count(es.clusters)} kommuner; standardfejl ` +
          `klynget på kommune.`,
      }),
    ),
  );
  if (figureFile) {
    out.push({
      kind: 'figure',
      file: figureFile.replace(/\.svg$/, ''),
      caption: t({ en: `Event study: ${es.title}`, da: `Eventstudie: ${es.title}` }),
      alt: t({
        en:
          `Effects by event time with pointwise ${L} intervals and a simultaneous ` +
          `band; e = −1 is the reference.`,
        da:
          `Effekter efter eventtid med punktvise ${L} intervaller og et ` +
          `simultant bånd; e = −1 er referencen.`,
      }),
    });
  }
  const rejected = preTestRejects(es, ctx.level);
  const o = es.overall;
  if (o.estimate === null) {
    out.push(
      paragraph(
        t({
          en:
            `**Event-study average.** Not estimated: ` +
            `${problemWords(o.problem, 'en', ctx.minCell) ?? 'no data'}.`,
          da: `**Eventstudiets gennemsnit.** Ikke estimeret: ${
            isHidden(o.problem)
              ? problemWords(o.problem, 'da', ctx.minCell)
              : 'ingen data (årsagen står i results.json)'
          }.`,
        }),
      ),
    );
  } else {
    const covers0 = o.ci_low !== null && o.ci_high !== null && o.ci_low <= 0 && o.ci_high >= 0;
    const nums =
      `${f.pp(o.estimate)} (${CI} ${f.ppRange(o.ci_low, o.ci_high)}, ` +
      `${f.pValue(o.p)}; ${f.count(o.n)} ${t({ en: 'persons', da: 'personer' })})`;
    out.push(
      paragraph(
        covers0
          ? t({
              en:
                `**Event-study average** (all entry periods from the start on, ` +
                `weighted by persons): ${nums}; the data are consistent with ` +
                `no effect.`,
              da:
                `**Eventstudiets gennemsnit** (alle indgangsperioder fra start, ` +
                `vægtet med personer): ${nums}; data er forenelige med ingen ` +
                `effekt.`,
            })
          : rejected
            ? t({
                en:
                  `**Event-study average** (all entry periods from the start on, ` +
                  `weighted by persons): a difference of ${nums} — not an effect ` +
                  `of the programme while the pre-test rejects (below).`,
                da:
                  `**Eventstudiets gennemsnit** (alle indgangsperioder fra start, ` +
                  `vægtet med personer): en forskel på ${nums} — ikke en effekt ` +
                  `af programmet, så længe førtesten afviser (nedenfor).`,
              })
            : t({
                en:
                  `**Event-study average** (all entry periods from the start on, ` +
                  `weighted by persons): ${nums}.`,
                da:
                  `**Eventstudiets gennemsnit** (alle indgangsperioder fra start, ` +
                  `vægtet med personer): ${nums}.`,
              }),
      ),
    );
  }
  out.push(paragraph(preTestSentence(ctx, es)));
  const sens = sensitivitySentence(ctx, es);
  if (sens) out.push(paragraph(sens));
  const band =
    es.band.critical === null
      ? t({
          en:
            `no simultaneous band ` +
            `(${problemWords(es.band.problem, 'en', ctx.minCell) ?? 'not computed'})`,
          da: `intet simultant bånd (${
            isHidden(es.band.problem)
              ? problemWords(es.band.problem, 'da', ctx.minCell)
              : 'ikke beregnet (årsagen står i results.json)'
          })`,
        })
      : t({
          en: `simultaneous band: ± ${f.fixed(es.band.critical, 2)} SE`,
          da: `simultant bånd: ± ${f.fixed(es.band.critical, 2)} SE`,
        });
  out.push({
    kind: 'table',
    id: `${id}-event-study`,
    caption: t({
      en: `Event study, ${es.title}: effect by entry period relative to the start`,
      da: `Eventstudie, ${es.title}: effekt efter indgangsperiode i forhold til start`,
    }),
    head: [
      'e',
      t({ en: 'Persons', da: 'Personer' }),
      t({ en: `Effect (${f.ppUnit})`, da: `Effekt (${f.ppUnit})` }),
      t({ en: `${CI} (${f.ppUnit})`, da: `${CI} (${f.ppUnit})` }),
      t({ en: `Simultaneous ${L} band (${f.ppUnit})`, da: `Simultant ${L} bånd (${f.ppUnit})` }),
    ],
    rows: es.event_time.map((r) => [
      r.e < 0 ? `${MINUS}${-r.e}` : String(r.e),
      f.count(r.n),
      r.e === -1
        ? t({ en: '0 (reference)', da: '0 (reference)' })
        : r.estimate === null
          ? isHidden(r.problem)
            ? t({ en: 'hidden', da: 'skjult' })
            : '–'
          : f.ppNumber(r.estimate, 1, true),
      f.ppRange(r.ci_low, r.ci_high),
      f.ppRange(r.band_low, r.band_high),
    ]),
    align: ['r', 'r', 'r', 'r', 'r'],
    note: t({
      en:
        `Persons: entrants of the participating cells averaged at that ` +
        `event time. Pointwise intervals ± z·SE; ${band} (${f.count(es.band.replications)} ` +
        `Rademacher draws, seed ${es.band.seed}).${
          es.hidden > 0
            ? ` ${f.count(es.hidden)} ` +
              `estimates resting on fewer persons than --min-cell are hidden.`
            : ''
        }`,
      da:
        `Personer: indgange i de deltagende celler, der indgår ved den ` +
        `eventtid. Punktvise intervaller ± z·SE; ${band} (${f.count(es.band.replications)} ` +
        `Rademacher-træk, startværdi ${es.band.seed}).${
          es.hidden > 0
            ? ` ${f.count(es.hidden)} ` +
              `estimater, der hviler på færre personer end --min-cell, er skjult.`
            : ''
        }`,
    }),
  });
  const left = es.periods.filter((p) => !p.used);
  if (left.length > 0) {
    const list = left
      .map(
        (p) =>
          `${p.period} (${p.first_week}${
            p.persons === null
              ? ''
              : `, ${f.count(p.persons)} ${t({ en: 'persons', da: 'personer' })}`
          })`,
      )
      .join(', ');
    out.push(
      paragraph(
        t({
          en:
            `**Periods left out.** ${left.length === 1 ? 'Period' : 'Periods'} ` +
            `${list}: their entrants cannot all be followed ${es.horizon[1]} ` +
            `weeks after entry inside the extract.`,
          da:
            `**Udeladte perioder.** ${left.length === 1 ? 'Periode' : 'Perioderne'} ` +
            `${list}: deres indgange kan ikke alle følges ${es.horizon[1]} ` +
            `uger efter indgang inden for udtrækket.`,
        }),
      ),
    );
  }
  return out;
}

/** Without an eventStudy block: the assumption was not tested, and how to test it. */
export function notTestedSection(ctx: ReportContext): Block[] {
  return [
    heading(2, ctx.t({ en: 'Parallel trends', da: 'Parallelle tendenser' })),
    paragraph(
      ctx.t({
        en:
          'The identifying assumption — that without the programme the gap ' +
          'between participating and comparison municipalities would have been ' +
          'the same for the during cohort as for the before cohort — was **not ' +
          'tested**: the spec has no `eventStudy` block. To test it, add one with ' +
          'entry periods reaching back before the programme, e.g. `"eventStudy": ' +
          '{"entry": {"from": "2014-W01", "periods": 20, "length": 13}, "start": ' +
          '"2017-W01", "horizon": [0, 51], "outcomes": ["internship"]}`; the ' +
          'report then shows the effects of the periods before the start and a ' +
          'pre-test of them.',
        da:
          'Den identificerende antagelse — at forskellen mellem deltager- og ' +
          'sammenligningskommuner uden programmet ville have været den samme for ' +
          'programkohorten som for førkohorten — er **ikke testet**: ' +
          'specifikationen har ingen `eventStudy`-blok. Tilføj en med ' +
          'indgangsperioder fra før programmet, fx `"eventStudy": {"entry": ' +
          '{"from": "2014-W01", "periods": 20, "length": 13}, "start": ' +
          '"2017-W01", "horizon": [0, 51], "outcomes": ["internship"]}`; ' +
          'rapporten viser så effekterne i perioderne før start og en test af ' +
          'dem.',
      }),
    ),
  ];
}
