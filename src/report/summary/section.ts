/**
 * The summary: the report's first section, one page for a municipal manager. Per outcome how big
 * the effect is (percentage points and relative to the comparison municipalities' level), how
 * sure (the headline's interval: the same numbers as Table 1 and the section's first sentence),
 * whether it holds across municipalities (the range of shrunken effects), and each caveat that
 * applies in one line with a pointer to its section. No estimator names here. The terminal
 * summary prints these same blocks (./terminal.ts).
 */

import type {
  Headline,
  Results,
  ShareOutcomeResult,
  SurvivalOutcomeResult,
} from '../../results/results.js';
import { reasonText } from '../common.js';
import type { ReportContext } from '../context.js';
import { type Block, heading, list, paragraph } from '../document.js';
import { outcomeHeadline } from '../headline.js';
import { warningText } from '../warnings.js';

/** Below this many participating municipalities the summary names their number as a caveat. */
const FEW_MUNICIPALITIES = 30;

/** The heading of the summary section (also the pointer target of nothing: it comes first). */
export function summaryTitle(ctx: ReportContext): string {
  return ctx.t({ en: 'Summary', da: 'Sammenfatning' });
}

/** "(see “Event study: …”)": a pointer to a section by its heading. */
function see(ctx: ReportContext, section: string): string {
  return ctx.t({ en: `(see “${section}”)`, da: `(se afsnittet “${section}”)` });
}

/**
 * The comparison municipalities' level over the cohort effect's weeks: the during cohort's share
 * over those person-weeks (Σ events / Σ persons of the calendar-week cells); null when hidden.
 */
export function comparisonLevel(o: ShareOutcomeResult): number | null {
  const [a, b] = o.pooled.weeks;
  let n = 0;
  let ev = 0;
  for (const c of o.cells) {
    if (c.group !== 'comparison' || c.cohort !== 'during' || c.week < a || c.week > b) continue;
    if (c.n === null || c.events === null) return null;
    n += c.n;
    ev += c.events;
  }
  return n > 0 ? ev / n : null;
}

/** How big and how sure, for a share outcome, in plain words. */
function shareLines(
  ctx: ReportContext,
  title: string,
  o: ShareOutcomeResult,
  h: Headline,
): string[] {
  const { f, t } = ctx;
  if (h.estimate === null)
    return [
      t({
        en: `**${title}.** No effect could be estimated.`,
        da: `**${title}.** Der kunne ikke beregnes en effekt.`,
      }),
    ];
  const level = comparisonLevel(o);
  const rel =
    level !== null && level > 0
      ? t({
          en:
            ` (${f.signed((h.estimate / level) * 100, 0, true)} % relative ` +
            `to the comparison municipalities' level of ${f.percent(level)})`,
          da:
            ` (${f.signed((h.estimate / level) * 100, 0, true)} pct. i forhold ` +
            `til sammenligningskommunernes niveau på ${f.percent(level)})`,
        })
      : '';
  const size = f.pp(h.estimate);
  const abs = f.ppNumber(Math.abs(h.estimate));
  const sure =
    h.ci_low !== null && h.ci_high !== null
      ? t({
          en:
            ` With ${f.levelLabel(ctx.level)} confidence it lies between ` +
            `${f.ppNumber(h.ci_low, 1, true)} and ${f.ppNumber(h.ci_high, 1, true)} ` +
            `${f.ppUnit}.`,
          da:
            ` Med ${f.levelLabel(ctx.level)} sikkerhed ligger den mellem ` +
            `${f.ppNumber(h.ci_low, 1, true)} og ${f.ppNumber(h.ci_high, 1, true)} ` +
            `${f.ppUnit}.`,
        })
      : '';
  const up = h.estimate > 0;
  const what = t({ en: 'the share', da: 'andelen' });
  const said = {
    effect: up
      ? t({
          en:
            `The programme raised ${what} by ${abs} ${f.ppUnit} more than ` +
            `in the comparison municipalities${rel}.`,
          da:
            `Programmet øgede ${what} med ${abs} ${f.ppUnit} mere end i ` +
            `sammenligningskommunerne${rel}.`,
        })
      : t({
          en:
            `The programme lowered ${what} by ${abs} ${f.ppUnit} more than ` +
            `in the comparison municipalities${rel}.`,
          da:
            `Programmet sænkede ${what} med ${abs} ${f.ppUnit} mere end i ` +
            `sammenligningskommunerne${rel}.`,
        }),
    'no-effect-shown': t({
      en: `The data are consistent with no effect: the measured difference is ${size}${rel}.`,
      da: `Data er forenelige med, at der ingen effekt er: den målte forskel er ${size}${rel}.`,
    }),
    hedged: t({
      en:
        `A difference of ${size} is measured${rel}, but it cannot be ` +
        `read as the programme's effect.`,
      da: `Der måles en forskel på ${size}${rel}, men den kan ikke læses som programmets effekt.`,
    }),
    'not-testable': t({
      en:
        `The measured difference is ${size}${rel}; with so few municipalities ` +
        `no conclusion can be drawn from it.`,
      da:
        `Den målte forskel er ${size}${rel}; med så få kommuner kan der ` +
        `ikke drages en konklusion af den.`,
    }),
  }[h.verdict];
  const out = [`**${title}: ${size}.** ${said}${sure}`];
  const het = o.heterogeneity;
  if (het && f.ppNumber(het.shrunk_min, 1, true) === f.ppNumber(het.shrunk_max, 1, true))
    out.push(
      t({
        en:
          `With chance variation taken out, the effect is about the same ` +
          `in every participating municipality (${f.pp(het.shrunk_min)}).`,
        da:
          `Når tilfældig variation er trukket fra, er effekten omtrent ` +
          `den samme i alle deltagerkommuner (${f.pp(het.shrunk_min)}).`,
      }),
    );
  else if (het)
    out.push(
      t({
        en:
          `Across the participating municipalities the effect, with chance ` +
          `variation taken out, ranges from ${f.ppNumber(het.shrunk_min, 1, true)} ` +
          `to ${f.ppNumber(het.shrunk_max, 1, true)} ${f.ppUnit}.`,
        da:
          `På tværs af deltagerkommunerne spænder effekten, når tilfældig ` +
          `variation er trukket fra, fra ${f.ppNumber(het.shrunk_min, 1, true)} ` +
          `til ${f.ppNumber(het.shrunk_max, 1, true)} ${f.ppUnit}.`,
      }),
    );
  return out;
}

/** How big and how sure, for a survival outcome: the rate of reaching the event. */
function survivalLines(
  ctx: ReportContext,
  title: string,
  o: SurvivalOutcomeResult,
  h: Headline,
): string[] {
  const { f, t } = ctx;
  const ev = ctx.stateTitle(o.event).toLowerCase();
  if (h.estimate === null)
    return [
      t({
        en: `**${title}.** No effect could be estimated.`,
        da: `**${title}.** Der kunne ikke beregnes en effekt.`,
      }),
    ];
  const pct = (hr: number) =>
    hr >= 1
      ? t({ en: `${f.percent(hr - 1, 0)} higher`, da: `${f.percent(hr - 1, 0)} højere` })
      : t({ en: `${f.percent(1 - hr, 0)} lower`, da: `${f.percent(1 - hr, 0)} lavere` });
  // "between 28 and 99 % higher" when both limits lie on one side of 1.
  const side = (lo: number, hi: number) =>
    lo >= 1
      ? t({
          en: `between ${f.fixed((lo - 1) * 100, 0)} and ${f.percent(hi - 1, 0)} higher`,
          da: `mellem ${f.fixed((lo - 1) * 100, 0)} og ${f.percent(hi - 1, 0)} højere`,
        })
      : hi <= 1
        ? t({
            en: `between ${f.fixed((1 - hi) * 100, 0)} and ${f.percent(1 - lo, 0)} lower`,
            da: `mellem ${f.fixed((1 - hi) * 100, 0)} og ${f.percent(1 - lo, 0)} lavere`,
          })
        : t({
            en: `between ${pct(lo)} and ${pct(hi)}`,
            da: `mellem ${pct(lo)} og ${pct(hi)}`,
          });
  const sure =
    h.ci_low !== null && h.ci_high !== null
      ? t({
          en: ` With ${f.levelLabel(ctx.level)} confidence ${side(h.ci_low, h.ci_high)}.`,
          da: ` Med ${f.levelLabel(ctx.level)} sikkerhed ${side(h.ci_low, h.ci_high)}.`,
        })
      : '';
  const verdict =
    h.verdict === 'effect'
      ? ''
      : h.verdict === 'hedged'
        ? t({
            en: " This cannot be read as the programme's effect.",
            da: ' Det kan ikke læses som programmets effekt.',
          })
        : t({
            en: ' The data are consistent with no change.',
            da: ' Data er forenelige med, at der ingen ændring er.',
          });
  return [
    t({
      en:
        `**${title}.** Participants reached “${ev}” at a ${pct(h.estimate)} ` +
        `rate per week than the comparison predicts.${sure}${verdict}`,
      da:
        `**${title}.** Deltagerne nåede “${ev}” med en ${pct(h.estimate)} ` +
        `rate pr. uge, end sammenligningen forudsiger.${sure}${verdict}`,
    }),
  ];
}

/** A caveat of one outcome; the same text for several outcomes is said once, naming them all. */
interface Caveat {
  who: string;
  text: string;
}

/** The caveats of one outcome, each with its pointer. */
function outcomeCaveats(
  r: Results,
  ctx: ReportContext,
  id: string,
  title: string,
  h: Headline,
): Caveat[] {
  const { t } = ctx;
  const out: Caveat[] = [];
  const es = r.eventStudy?.[id];
  const esHeading = t({ en: `Event study: ${title}`, da: `Eventstudie: ${title}` });
  const codes = new Set(h.reasons.map((x) => x.code));
  // The before-cohort overlap is said once, from the run's warnings.
  const warned = r.warnings.some((w) => w.code === 'before-cohort-overlaps-programme');
  for (const reason of h.reasons) {
    if (reason.code === 'before-cohort-overlaps-programme' && warned) continue;
    const where =
      reason.code === 'pretest-rejects' ||
      reason.code === 'pretest-power' ||
      reason.code === 'breakdown'
        ? esHeading
        : reason.code === 'few-effective-clusters' || reason.code === 'inferences-disagree'
          ? t({ en: 'Method notes', da: 'Metode' })
          : title;
    out.push({ who: title, text: `${reasonText(ctx, reason)} ${see(ctx, where)}` });
  }
  // What the report derives itself, until results.json's headline carries it as a reason.
  if (es && !codes.has('pretest-rejects') && !codes.has('pretest-power')) {
    const pt = es.pretest;
    if (pt.bias80 !== null && pt.p !== null)
      out.push({
        who: title,
        text:
          `${reasonText(ctx, { code: 'pretest-power', bias80: pt.bias80 })} ` +
          `${see(ctx, esHeading)}`,
      });
  }
  // Proportional hazards rejected: the hazard ratio is an average over the follow-up.
  const o = r.outcomes[id];
  const inter = o.type === 'survival' ? o.ph_check?.terms?.[2] : undefined;
  if (inter && inter.p !== null && inter.p < 1 - ctx.level && !codes.has('ph-rejected'))
    out.push({
      who: title,
      text: `${reasonText(ctx, { code: 'ph-rejected', p: inter.p })} ${see(ctx, title)}`,
    });
  if (!es && r.eventStudy === null && !codes.has('pretest-rejects'))
    out.push({
      who: title,
      text: t({
        en:
          `whether the two groups of municipalities moved in parallel before ` +
          `the programme was not tested ${see(ctx, 'Parallel trends')}`,
        da:
          `om de to grupper af kommuner fulgtes ad før programmet, er ikke ` +
          `testet ${see(ctx, 'Parallelle tendenser')}`,
      }),
    });
  return out;
}

/** The summary section's blocks. */
export function summarySection(r: Results, ctx: ReportContext): Block[] {
  const { f, t } = ctx;
  const out: Block[] = [heading(2, summaryTitle(ctx))];
  const d = r.data;
  out.push(
    paragraph(
      t({
        en:
          `Based on ${f.count(d.persons_read)} persons read, ${f.count(d.persons_in_cohorts)} ` +
          `of them in a cohort, in ${f.count(d.municipalities.treated)} ` +
          `participating and ${f.count(d.municipalities.comparison)} comparison ` +
          `municipalities.`,
        da:
          `Bygger på ${f.count(d.persons_read)} indlæste personer, heraf ` +
          `${f.count(d.persons_in_cohorts)} i en kohorte, i ${f.count(d.municipalities.treated)} ` +
          `deltager- og ${f.count(d.municipalities.comparison)} sammenligningskommuner.`,
      }),
    ),
  );
  const caveats: Caveat[] = [];
  for (const [id, o] of Object.entries(r.outcomes)) {
    const title = ctx.outcomeTitle(id, o.title);
    const h = outcomeHeadline(r, id);
    const lines =
      o.type === 'share' ? shareLines(ctx, title, o, h) : survivalLines(ctx, title, o, h);
    out.push(paragraph(lines.join(' ')));
    caveats.push(...outcomeCaveats(r, ctx, id, title, h));
  }
  if (r.survey) {
    const sv = r.survey;
    const parts: string[] = [];
    if (sv.progression) {
      const sig = sv.progression.filter((x) => x.significant === true).length;
      parts.push(
        t({
          en:
            `${f.count(sig)} of ${f.count(sv.progression.length)} questions ` +
            `changed between the waves beyond chance (allowing for testing ` +
            `them all)`,
          da:
            `${f.count(sig)} af ${f.count(sv.progression.length)} spørgsmål ` +
            `ændrede sig mellem målingerne ud over det tilfældige (med hensyn ` +
            `til, at alle testes)`,
        }),
      );
    }
    if (sv.fidelity) {
      const k = (c: string) => sv.fidelity!.filter((x) => x.colour === c).length;
      // Danish colour words agree in number: "1 gul", "2 gule".
      const da = (c: string, one: string, more: string) =>
        `${f.count(k(c))} ${k(c) === 1 ? one : more}`;
      parts.push(
        t({
          en:
            `fidelity to the programme model: ${f.count(k('green'))} green, ` +
            `${f.count(k('yellow'))} yellow and ${f.count(k('red'))} red ` +
            `of ${f.count(sv.fidelity.length)} elements`,
          da:
            `fidelitet (troskab mod programmodellen): ${da('green', 'grøn', 'grønne')}, ` +
            `${da('yellow', 'gul', 'gule')} og ${da('red', 'rød', 'røde')} ` +
            `af ${f.count(sv.fidelity.length)} elementer`,
        }),
      );
    }
    if (parts.length > 0)
      out.push(
        paragraph(
          `${t({ en: '**Survey.**', da: '**Spørgeskemaer.**' })} ` +
            `${parts.join('; ').replace(/^./, (c) => c.toUpperCase())}.`,
        ),
      );
  }
  const general: string[] = [];
  // Few participating municipalities: said once, unless a headline's reason already says it.
  const treated = r.data.municipalities.treated;
  const fewSaid = caveats.some((c) => /few|få/.test(c.text) && /municipalit|kommune/.test(c.text));
  if (treated < FEW_MUNICIPALITIES && !fewSaid)
    general.push(
      t({
        en:
          `Only ${f.count(treated)} participating municipalities: the intervals ` +
          `are computed to hold with few municipalities and are wide for ` +
          `that reason ${see(ctx, t({ en: 'Method notes', da: 'Metode' }))}.`,
        da:
          `Kun ${f.count(treated)} deltagerkommuner: intervallerne er beregnet, ` +
          `så de holder med få kommuner, og er derfor brede ` +
          `${see(ctx, t({ en: 'Method notes', da: 'Metode' }))}.`,
      }),
    );
  const s = r.suppression;
  const hidden =
    s.cells_hidden + s.km_rows_hidden + s.municipality_effects_hidden + s.event_study_hidden;
  if (s.min_cell > 0 && (hidden > 0 || (s.hidden ?? []).length > 0))
    general.push(
      t({
        en:
          `Numbers resting on fewer than ${f.count(s.min_cell)} persons ` +
          `are hidden (“–” and gaps in figures) ` +
          `${see(ctx, t({ en: 'Method notes', da: 'Metode' }))}.`,
        da:
          `Tal, der bygger på færre end ${f.count(s.min_cell)} personer, ` +
          `er skjult (“–” og huller i figurerne) ` +
          `${see(ctx, t({ en: 'Method notes', da: 'Metode' }))}.`,
      }),
    );
  for (const w of r.warnings) {
    // The before-cohort overlap warning is long and technical: the summary says it in one clause.
    const text =
      w.code === 'before-cohort-overlaps-programme'
        ? reasonText(ctx, { code: 'before-cohort-overlaps-programme' })
        : warningText(ctx, w);
    general.push(`${upperFirst(text)} ${see(ctx, t({ en: 'Warnings', da: 'Advarsler' }))}.`);
  }
  // Identical caveats of several outcomes (e.g. few municipalities) are said once.
  const grouped = new Map<string, string[]>();
  for (const c of caveats) grouped.set(c.text, [...(grouped.get(c.text) ?? []), c.who]);
  const all = [...general, ...[...grouped].map(([text, who]) => `${who.join('; ')}: ${text}.`)];
  if (all.length > 0) {
    out.push(paragraph(t({ en: '**Caveats.**', da: '**Forbehold.**' })));
    out.push(list(all));
  }
  return out;
}

const upperFirst = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);
