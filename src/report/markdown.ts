/**
 * report.md: the report a person reads. Built only from Results (and the
 * spec for its summary), with figures referenced from figures/.
 */
import type { Results, ShareOutcomeResult, SurvivalOutcomeResult, PooledEffect } from '../pipeline/results.js';
import type { Spec } from '../spec/spec.js';
import { formatSerial } from '../calendar/isoweek.js';
import { count, fixed, levelLabel, percent, pp, ppNumber, pValue, signed } from './format.js';
import { durationSentence, phMessage } from './survival-words.js';
import { eventStudySection, notTestedSection, speakContext } from './eventstudy.js';
import { hedgeCausal, pooledVerdict, rejectedPreTests, type Verdict } from './headline.js';
import { cellTitle } from './cells.js';
import { surveySection } from './survey.js';
import type { Block } from './document.js';
import { variationSection, variationView } from './variation.js';

export interface FigureRefs {
  /** outcome id → figure kind → file name inside figures/. */
  [outcome: string]: Record<string, string>;
}


/**
 * Blocks as markdown (interim: the report helper's renderers take over);
 * figures are files in figures/ with the .svg extension.
 */
function blocksToMarkdown(blocks: Block[]): string {
  return blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
        return `${'#'.repeat(b.level)} ${b.text}\n`;
      case 'paragraph':
        return `${b.text}\n`;
      case 'list':
        return `${b.items.map((i) => `- ${i}`).join('\n')}\n`;
      case 'figure':
        return `![${b.caption}](figures/${b.file}.svg)\n${b.note ? `\n*${b.note}*\n` : ''}`;
      case 'table':
        return `**${b.caption}**\n\n${table(b.head, b.rows, b.align?.map((x) => (x === 'r' ? 'r' : 'l')))}\n${b.note ? `\n*${b.note}*\n` : ''}`;
    }
  }).join('\n');
}

function table(head: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const a = align ?? head.map((_, i) => (i === 0 ? 'l' : 'r'));
  return [
    `| ${head.join(' | ')} |`,
    `|${a.map((x) => (x === 'r' ? '---:' : ':---')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function bootstrapSentence(p: PooledEffect, L: string): string {
  const b = p.bootstrap;
  if (!b) return 'No wild cluster bootstrap was run (inference.bootstrap = 0).';
  if (b.p === null) return `The wild cluster bootstrap could not be computed: ${b.problem ?? 'not enough clusters'}.`;
  const ci = b.ci_low !== null && b.ci_high !== null ? `, ${L} interval ${ppNumber(b.ci_low)} to ${ppNumber(b.ci_high)} pp` : '';
  return `Wild cluster bootstrap (${b.replications} Rademacher replications, null imposed, seed ${b.seed}): ${pValue(b.p)}${ci}.`;
}

/**
 * The pooled effect's headline, led by the inference the diagnostics trust
 * (report/headline): the bootstrap with few participating municipalities or
 * when it and CR1 disagree; hedged when the event-study pre-test rejects.
 */
export function pooledSentence(what: string, e: PooledEffect, v: Verdict, hedge: boolean, L: string, treated: number): string {
  if (e.estimate === null) return `The effect on ${what} could not be estimated: ${e.problem ?? 'not enough data'}.`;
  const b = e.bootstrap;
  const cr1 = `${L} CI ${ppNumber(e.ci_low)} to ${ppNumber(e.ci_high)}, ${pValue(e.p)}`;
  const lead = v.leader === 'bootstrap' && b
    ? `wild cluster bootstrap ${pValue(b.p)}${b.ci_low !== null ? `, ${L} interval ${ppNumber(b.ci_low)} to ${ppNumber(b.ci_high)}` : ''}`
    : cr1;
  const why = v.reason === 'few-treated'
    ? ` The wild cluster bootstrap leads: ${treated} participating municipalities are too few to trust the clustered standard error alone (with the clustered standard error: ${cr1}).`
    : v.reason === 'disagree'
      ? ` The wild cluster bootstrap leads because it and the clustered standard error disagree on significance (with the clustered standard error: ${cr1}).`
      : '';
  const size = `${ppNumber(Math.abs(e.estimate))} percentage points`;
  if (v.significant !== true) {
    return `The estimated effect on ${what} is ${pp(e.estimate)} (${lead}): the data are consistent with no effect.${why}`;
  }
  if (hedge) {
    return `The difference in ${what} is ${pp(e.estimate)} (${lead}); because the event-study pre-test rejects parallel trends, it cannot be read as the programme's effect.${why}`;
  }
  return `The programme ${e.estimate > 0 ? 'raised' : 'lowered'} ${what} by ${size} (${lead}).${why}`;
}

/** A p-value for a table cell: "0.43", "< 0.001". */
function pCell(p: number | null): string {
  return pValue(p).replace(/^p = /, '').replace(/^p /, '');
}

function selectedWeeks(weeks: number[]): number[] {
  const out = weeks.filter((w) => w % 13 === 0);
  return out.length > 0 ? out : weeks.filter((_, i) => i % Math.max(1, Math.floor(weeks.length / 8)) === 0);
}

function shareSection(id: string, o: ShareOutcomeResult, figs: Record<string, string>, spec: Spec, L: string, treated: number, hedge: boolean): string {
  const out: string[] = [];
  out.push(`## ${o.title}`);
  out.push('');
  out.push(`Outcome \`${id}\`: share in state *${o.state}* among ${o.population === 'in-programme' ? 'cohort members still in the programme that week' : 'all cohort members who have started (in the programme or not)'}.`);
  out.push('');
  const what = `the share ${o.state === 'internship' ? 'in company internship' : o.state === 'hours' ? 'with ordinary paid hours' : `in state ${o.state}`}`;
  const verdict = pooledVerdict(o.pooled, treated, spec.inference.level);
  out.push(`**Pooled effect, calendar weeks ${o.pooled.weeks[0]}–${o.pooled.weeks[1]}.** ${pooledSentence(what, o.pooled, verdict, hedge, L, treated)} Standard error clustered by municipality (CR1, ${o.pooled.clusters} municipalities, ${count(o.pooled.n)} person-weeks); without clustering it would be ${o.pooled.se_naive === null ? '–' : `${ppNumber(o.pooled.se_naive, 2)} pp`} instead of ${o.pooled.se === null ? '–' : `${ppNumber(o.pooled.se, 2)} pp`}.`);
  out.push('');
  if (verdict.leader === 'cr1') {
    out.push(bootstrapSentence(o.pooled, L));
    out.push('');
  }
  if (o.pooled_adjusted) {
    const a = o.pooled_adjusted;
    out.push(`With control for ${a.covariates.length ? 'background characteristics' : 'covariates'} (${spec.data.covariates.join(', ')}), the estimate is ${pp(a.estimate)} (${L} CI ${ppNumber(a.ci_low)} to ${ppNumber(a.ci_high)}, ${pValue(a.p)})${a.excluded_missing ? `; ${count(a.excluded_missing)} persons with a missing covariate were left out of this model` : ''}.`);
    out.push('');
  }
  if (figs.shares) out.push(`![${o.title}: share by calendar week in the four cells](figures/${figs.shares})`, '');
  if (figs.effect) out.push(`![Weekly difference-in-differences effect with ${L} confidence interval](figures/${figs.effect})`, '');

  const weeks = [...new Set(o.cells.map((c) => c.week))];
  const sel = selectedWeeks(weeks);
  const cell = (g: string, c: string, w: number) => o.cells.find((x) => x.group === g && x.cohort === c && x.week === w);
  const rows = sel.map((w) => {
    const e = o.weekly.find((x) => x.week === w);
    return [
      String(w),
      percent(cell('treated', 'before', w)?.share),
      percent(cell('treated', 'during', w)?.share),
      percent(cell('comparison', 'before', w)?.share),
      percent(cell('comparison', 'during', w)?.share),
      e && e.estimate !== null ? pp(e.estimate) : '–',
      e && e.ci_low !== null ? `${ppNumber(e.ci_low)} to ${ppNumber(e.ci_high)}` : '–',
      e ? pCell(e.p) : '–',
    ];
  });
  out.push(`Selected calendar weeks (every 13th):`);
  out.push('');
  out.push(table(['Week', 'Participants before', 'Participants during', 'Comparison before', 'Comparison during', 'Effect', `${L} CI (pp)`, 'p'], rows));
  out.push('');
  if (o.municipalities.length > 0) out.push(blocksToMarkdown(variationSection(variationView(id, o), 'en', spec.inference.level)), '');
  return out.join('\n');
}

function survivalSection(id: string, o: SurvivalOutcomeResult, figs: Record<string, string>, spec: Spec, L: string, hedge: boolean): string {
  const out: string[] = [];
  out.push(`## ${o.title}`);
  out.push('');
  out.push(`Outcome \`${id}\`: weeks from programme entry to the first week in state *${o.event}*; persons without it are censored at the cohort's last week or the week before death/emigration${o.censor_at_exit ? ', or when they leave the programme' : ''}.`);
  out.push('');
  if (figs.survival) out.push(`![Share not yet in ${o.event}, by weeks since entry (Kaplan–Meier)](figures/${figs.survival})`, '');
  out.push(table(
    ['Cell', 'Persons', 'Events', 'Within 26 weeks', 'Within 52 weeks', 'Within 104 weeks', 'Median (weeks)'],
    o.summary.map((s) => [cellTitle(s.group, s.cohort), count(s.n), count(s.events), percent(s.started_26, 0), percent(s.started_52, 0), percent(s.started_104, 0), s.median === null ? 'not reached' : `${s.median} (${s.median_ci_low ?? '–'}–${s.median_ci_high ?? 'NR'})`]),
  ));
  out.push('');
  const c = o.cox;
  if (c.hr === null) {
    out.push(`**Proportional hazards.** The hazard ratio could not be estimated: ${c.problem ?? 'not enough data'}.`);
  } else {
    out.push(`**Proportional hazards (Cox, Efron ties).** ${coxSentence(o, L, hedge)}`);
    out.push('');
    out.push(durationSentence(o, spec.states[o.event].title));
  }
  out.push('');
  for (const l of o.logrank) out.push(`Log-rank test, ${l.comparison}: χ² = ${fixed(l.chisq, 2)} on ${l.df} df, ${pValue(l.p)}.`, '');
  if (o.ph_check) out.push(`**Proportional-hazards check.** ${phMessage(o.ph_check, spec.inference.level)}`, '');
  return out.join('\n');
}

/** What --min-cell hid, and why, in the method notes. */
function suppressionNote(r: Results): string {
  const N = r.suppression.min_cell;
  const words: Record<string, string> = {
    'small cell': `resting on a group of fewer than ${N} persons`,
    'derived from a hidden number': 'derived from a hidden number',
    'would reveal a hidden number': 'would let a reader recover a hidden number by subtraction',
  };
  const parts = (r.suppression.hidden ?? []).map((h) => `  - ${h.label}: ${h.reasons.map((x) => words[x] ?? x).join('; ')}`);
  return [
    `- **Small cells** (\`--min-cell ${N}\`): no number in this report, its tables, figures and files states a count of fewer than ${N} persons, a statistic computed from such a group, or a number from which one follows by subtraction. Hidden numbers show as "–" and as gaps in the figures (${r.suppression.cells_hidden} weekly share cells, ${r.suppression.km_rows_hidden} survival rows, ${r.suppression.municipality_effects_hidden} per-municipality effects).${parts.length ? ' Hidden, by part:' : ' Nothing had to be hidden.'}`,
    ...parts,
  ].join('\n');
}

/** The Cox headline, led by the municipality-clustered interval; model-based errors second. */
export function coxSentence(o: SurvivalOutcomeResult, L: string, hedge: boolean): string {
  const c = o.cox;
  if (c.hr === null) return `The hazard ratio could not be estimated: ${c.problem ?? 'not enough data'}.`;
  const clustered = c.robust_ci_low !== null && c.robust_ci_high !== null;
  const lo = clustered ? c.robust_ci_low! : c.ci_low;
  const hi = clustered ? c.robust_ci_high! : c.ci_high;
  const p = clustered ? c.robust_p : c.p;
  const stats = clustered
    ? `${L} CI ${fixed(lo, 2)} to ${fixed(hi, 2)}, ${pValue(p)}, standard errors clustered by municipality; model-based: ${fixed(c.ci_low, 2)} to ${fixed(c.ci_high, 2)}, ${pValue(c.p)}`
    : `${L} CI ${fixed(c.ci_low, 2)} to ${fixed(c.ci_high, 2)}, ${pValue(c.p)}, model-based standard errors (no clustered errors: ${c.problem ?? 'not available'})`;
  const detail = `treated × during interaction, ${count(c.n)} persons, ${count(c.events)} events`;
  const covers1 = lo !== null && hi !== null && lo <= 1 && hi >= 1;
  if (covers1) return `Hazard ratio ${fixed(c.hr, 2)} (${stats}; ${detail}): the data are consistent with no change in the start rate.`;
  const change = c.hr >= 1 ? `${percent(c.hr - 1, 0)} higher` : `${percent(1 - c.hr, 0)} lower`;
  if (hedge) return `In participating municipalities during the programme the start rate was ${change} than the before-and-comparison pattern predicts: hazard ratio ${fixed(c.hr, 2)} (${stats}; ${detail}). Because the event-study pre-test rejects parallel trends, this is not an estimate of the programme's effect.`;
  return `The start rate was ${change} with the programme: hazard ratio ${fixed(c.hr, 2)} (${stats}; ${detail}).`;
}

export function renderMarkdown(r: Results, spec: Spec, figs: FigureRefs): string {
  const out: string[] = [];
  const d = r.data;
  const L = levelLabel(r.inference.level);
  out.push(`# ${r.spec.title}`);
  out.push('');
  out.push(`Difference-in-differences evaluation produced by effekt ${r.tool.version} from \`${spec.name}\`. Participants: ${spec.treated.length} municipalities (${spec.treated.join(', ')}); comparison: all other municipalities in the extract.`);
  out.push('');
  out.push(table(['Design', ''], [
    ['Programme codes', spec.codes.programme.join(', ')],
    ['Internship codes', spec.codes.internship.join(', ') || '–'],
    ['Censoring codes', spec.codes.censor.join(', ') || '–'],
    ['Before cohort', `entry ${formatSerial(spec.cohorts.before.entryFrom)} to ${formatSerial(spec.cohorts.before.entryTo)}, followed to ${formatSerial(spec.cohorts.before.until)}`],
    ['During cohort', `entry ${formatSerial(spec.cohorts.during.entryFrom)} to ${formatSerial(spec.cohorts.during.entryTo)}, followed to ${formatSerial(spec.cohorts.during.until)}`],
    ['Pooled effect', `calendar weeks ${spec.pooled.weeks[0]}–${spec.pooled.weeks[1]}`],
    ['Inference', `${Math.round(spec.inference.level * 100)} % intervals; SE clustered by municipality (CR1); wild cluster bootstrap ${spec.inference.bootstrap} replications, seed ${spec.inference.seed}`],
  ], ['l', 'l']));
  out.push('');
  out.push('## Data');
  out.push('');
  out.push(`Extract \`${d.file.split('/').pop()}\` (SHA-256 \`${d.sha256.slice(0, 16)}…\`), weeks ${d.first_week} to ${d.last_week}. ${count(d.persons_read)} persons read; ${count(d.persons_in_cohorts)} started the programme in an entry window (${count(d.persons_in_both_cohorts)} in both cohorts).`);
  out.push('');
  out.push(table(['Persons', 'Number'], [
    ['Read', count(d.persons_read)],
    ['In at least one cohort', count(d.persons_in_cohorts)],
    ...Object.entries(d.excluded).map(([k, n]) => [`Excluded: ${k}`, count(n)]),
  ]));
  out.push('');
  out.push(table(['Cell', 'Persons'], d.cells.map((c) => [cellTitle(c.group, c.cohort), count(c.persons)])));
  out.push('');
  out.push(`Municipalities with cohort members: ${d.municipalities.treated} participating, ${d.municipalities.comparison} comparison.`);
  out.push('');
  if (r.balance.length > 0) {
    out.push('## Balance');
    out.push('');
    out.push('Covariate means (shares for categories) per cell, and standardised mean differences (SMD) between participants and comparison within each cohort. |SMD| above 0.1 is a notable imbalance.');
    out.push('');
    out.push(table(
      ['Covariate', 'Participants before', 'Participants during', 'Comparison before', 'Comparison during', 'SMD before', 'SMD during'],
      r.balance.map((b) => {
        const isShare = b.level !== null;
        const f = (v: number | null) => (isShare ? percent(v) : fixed(v, 1));
        return [b.level === null ? b.covariate : `${b.covariate}: ${b.level}`, f(b.means[2]), f(b.means[3]), f(b.means[0]), f(b.means[1]), signed(b.smd_before, 2), signed(b.smd_during, 2)];
      }),
    ));
    out.push('');
  }
  const hedge = hedgeCausal(r);
  if (hedge) {
    out.push(`> **Parallel trends rejected.** The event-study pre-test rejects for ${rejectedPreTests(r).map((id) => `\`${id}\``).join(', ')}: participating and comparison municipalities did not move in parallel before the programme, so no difference in this report can be read as the programme's effect.`, '');
  }
  for (const [id, o] of Object.entries(r.outcomes)) {
    out.push(o.type === 'share' ? shareSection(id, o, figs[id] ?? {}, spec, L, d.municipalities.treated, hedge) : survivalSection(id, o, figs[id] ?? {}, spec, L, hedge));
  }
  const ctx = speakContext('en', r.inference.level);
  if (r.eventStudy) {
    for (const [id, es] of Object.entries(r.eventStudy)) out.push(blocksToMarkdown(eventStudySection(ctx, id, es, figs[id]?.['event-study'] ?? null)));
  } else {
    out.push(blocksToMarkdown(notTestedSection(ctx)));
  }
  if (r.survey) out.push(blocksToMarkdown(surveySection(r.survey, { lang: 'en', level: r.inference.level, minCell: r.survey.suppression.min_cell })));
  if (figs._states?.states) {
    out.push('## State distribution', '', `![Share of each cell in each state by weeks since entry](figures/${figs._states.states})`, '');
  }
  out.push('## Method notes');
  out.push('');
  out.push([
    '- **In programme** in a week: the week\'s benefit code is a programme code. **Start**: a week in programme after a week not in programme (or the extract\'s first week). **Entry week**: the first start inside the cohort\'s entry window; a person may belong to both cohorts.',
    '- **Calendar week** t = 1, 2, … counts ISO weeks from the first week of the cohort\'s entry window; the pooled effect uses the calendar weeks named above.',
    '- **Censoring**: from the first week with a death or emigration code a person leaves every denominator and risk set.',
    '- **Share** in a week: members who have entered and are not censored (and, for "in-programme" outcomes, are in the programme that week) form the denominator; the numerator is those in the outcome state.',
    '- **Effect**: the interaction coefficient of the linear probability model y = a + b·treated + c·during + d·treated·during, week by week and pooled over person-weeks; standard errors clustered by municipality with the CR1 small-sample factor G/(G−1)·(N−1)/(N−K); intervals ± z·SE. The wild cluster bootstrap (Rademacher weights, null imposed) gives a second p-value, more reliable with few participating municipalities.',
    '- **Survival**: Kaplan–Meier per cell with Greenwood variance and log-log intervals; Cox proportional hazards with treated, during and treated·during, Efron ties; the effect is the hazard ratio of the interaction, and under a constant hazard, 1 − 1/HR is the implied change in mean duration (no weeks are derived from it).',
    r.suppression.min_cell > 1
      ? suppressionNote(r)
      : '- **Small cells**: no suppression was requested (`--min-cell`).',
    `- Software: effekt ${r.tool.version}.`,
  ].join('\n'));
  out.push('');
  if (r.warnings.length > 0) {
    out.push('## Warnings', '', ...r.warnings.map((w) => `- ${w}`), '');
  }
  return `${out.join('\n')}\n`;
}
