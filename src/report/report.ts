/**
 * The whole report as blocks: the key results first, then design and data,
 * balance, one section per outcome, the state distribution, method notes
 * and warnings. Captions are numbered last (`numberCaptions`), so every
 * renderer prints the same "Figure 3." / "Figur 3.".
 */

import { formatSerial } from '../calendar/isoweek.js';
import type { Results } from '../results/results.js';
import type { Spec } from '../spec/spec.js';
import { figure, inferenceName, lowerFirst, persons, reason, table } from './common.js';
import { REPORT_CELLS, type ReportContext } from './context.js';
import type { Block, FigureBlock, TableBlock, TocBlock } from './document.js';
import { heading, list, paragraph } from './document.js';
import { eventStudySection, notTestedSection } from './eventstudy/section.js';
import { outcomeHeadline, rejectedPreTests } from './headline.js';
import { reasonClause, recomputedWords } from './hidden.js';
import { shareSection, weekRange } from './share/section.js';
import { summarySection } from './summary/section.js';
import { surveySection } from './survey/section.js';
import { survivalSection } from './survival/section.js';
import { warningText } from './warnings.js';

export { warningText };

/** outcome id → figure kind → file name inside figures/. */
export interface FigureRefs {
  [outcome: string]: Record<string, string>;
}

/** The four cells in the report's order (design/cells via the context), as [group, cohort]. */
const CELLS = REPORT_CELLS.map((c) => [c.group, c.cohort] as const);

/**
 * Table 1, one row per outcome: its headline (report/headline) with the interval and p the
 * summary and the section's first sentence give, and the inference they come from.
 */
export function keyResults(r: Results, ctx: ReportContext): TableBlock {
  const { f, t } = ctx;
  const rows = Object.entries(r.outcomes).map(([id, o]) => {
    const title = ctx.outcomeTitle(id, o.title);
    const h = outcomeHeadline(r, id);
    const measure =
      o.type === 'share'
        ? t({
            en: `Cohort effect, pp (weeks ${o.pooled.weeks[0]}–${o.pooled.weeks[1]})`,
            da: `Kohorteeffekt, pct.-point (uge ${o.pooled.weeks[0]}–${o.pooled.weeks[1]})`,
          })
        : t({ en: 'Hazard ratio', da: 'Hazardratio' });
    const num = (v: number | null, signed = false) =>
      o.type === 'share' ? f.ppNumber(v, 1, signed) : f.fixed(v);
    return [
      title,
      measure,
      num(h.estimate, true),
      num(h.ci_low),
      num(h.ci_high),
      f.pCell(h.p),
      inferenceName(ctx, h.inference),
    ];
  });
  return table(
    'key-results',
    t({ en: 'Key results', da: 'Hovedresultater' }),
    [
      t({ en: 'Outcome', da: 'Udfald' }),
      t({ en: 'Measure', da: 'Mål' }),
      t({ en: 'Estimate', da: 'Estimat' }),
      t({ en: 'Lower', da: 'Nedre' }),
      t({ en: 'Upper', da: 'Øvre' }),
      'p',
      t({ en: 'Interval and p from', da: 'Interval og p fra' }),
    ],
    rows,
    {
      align: ['l', 'l', 'r', 'r', 'r', 'r', 'l'],
      note: t({
        en:
          `Cohort effects are differences-in-differences in percentage ` +
          `points (pp): (${ctx.labels.treated}, ${ctx.labels.during} − ` +
          `${ctx.labels.before}) − (${ctx.labels.comparison}, ${ctx.labels.during} ` +
          `− ${ctx.labels.before}). A hazard ratio above 1 means the event ` +
          `comes sooner with the programme. Each row's interval and p come ` +
          `from the inference in its last column, the one the report leads ` +
          `with for that outcome; the outcome's section gives the others. ` +
          `${ctx.limitsNote}`,
        da:
          `Kohorteeffekter er forskel-i-forskelle i procentpoint (pct.-point): ` +
          `(${ctx.labels.treated}, ${ctx.labels.during} − ${ctx.labels.before}) ` +
          `− (${ctx.labels.comparison}, ${ctx.labels.during} − ${ctx.labels.before}). ` +
          `En hazardratio over 1 betyder, at hændelsen kommer tidligere ` +
          `med programmet. Hver rækkes interval og p kommer fra metoden ` +
          `i sidste kolonne, den rapporten lægger vægt på for udfaldet; ` +
          `udfaldets afsnit giver de øvrige. ${ctx.limitsNote}`,
      }),
    },
  );
}

function designTable(r: Results, spec: Spec, ctx: ReportContext): TableBlock {
  const { f, t } = ctx;
  const c = (x: 'before' | 'during') => {
    const k = spec.cohorts[x];
    return t({
      en:
        `entry ${formatSerial(k.entryFrom)} to ${formatSerial(k.entryTo)}, ` +
        `followed to ${formatSerial(k.until)}`,
      da:
        `start ${formatSerial(k.entryFrom)} til ${formatSerial(k.entryTo)}, ` +
        `fulgt til ${formatSerial(k.until)}`,
    });
  };
  const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return table(
    'design',
    t({ en: 'Design of the evaluation', da: 'Evalueringens design' }),
    [t({ en: 'Element', da: 'Element' }), t({ en: 'Setting', da: 'Indstilling' })],
    [
      [t({ en: 'Programme codes', da: 'Programkoder' }), spec.codes.programme.join(', ')],
      [t({ en: 'Internship codes', da: 'Praktikkoder' }), spec.codes.internship.join(', ') || '–'],
      [t({ en: 'Censoring codes', da: 'Censureringskoder' }), spec.codes.censor.join(', ') || '–'],
      [upper(ctx.labels.before), c('before')],
      [upper(ctx.labels.during), c('during')],
      [t({ en: 'Cohort effect', da: 'Kohorteeffekt' }), weekRange(ctx, spec.pooled.weeks)],
      [
        t({ en: 'Inference', da: 'Inferens' }),
        t({
          en:
            `${f.levelLabel(r.inference.level)} intervals; standard errors ` +
            `clustered by municipality (CR1); wild cluster bootstrap with ` +
            `${f.count(r.inference.bootstrap)} replications, seed ${r.inference.seed}`,
          da:
            `${f.levelLabel(r.inference.level)} intervaller; klyngerobuste ` +
            `standardfejl med kommunen som klynge (CR1); klynge-bootstrap ` +
            `(wild) med ${f.count(r.inference.bootstrap)} replikationer, ` +
            `startværdi ${r.inference.seed}`,
        }),
      ],
    ],
    { align: ['l', 'l'] },
  );
}

const EXCLUDED: Record<string, { en: string; da: string }> = {
  'no start in an entry window': {
    en: 'no start in an entry window',
    da: 'ingen start i et indgangsvindue',
  },
  'censored before entry': { en: 'censored before entry', da: 'censureret før start' },
  'missing municipality': { en: 'missing municipality', da: 'manglende kommune' },
};

function excludedLabel(ctx: ReportContext, k: string): string {
  const known = EXCLUDED[k];
  if (known) return ctx.t(known);
  return ctx.t({ en: k, da: 'anden årsag (se results.json)' });
}

function dataSection(r: Results, ctx: ReportContext): Block[] {
  const { f, t } = ctx;
  const d = r.data;
  const out: Block[] = [heading(2, t({ en: 'Data', da: 'Data' }))];
  out.push(
    paragraph(
      t({
        en:
          `Extract \`${d.file.split('/').pop()}\` (SHA-256 \`${d.sha256.slice(0, 16)}…\`), ` +
          `weeks ${d.first_week} to ${d.last_week}. ${f.count(d.persons_read)} ` +
          `persons read; ${f.count(d.persons_in_cohorts)} started the programme ` +
          `in an entry window (${f.count(d.persons_in_both_cohorts)} in ` +
          `both cohorts). Municipalities with cohort members: ${d.municipalities.treated} ` +
          `participating, ${d.municipalities.comparison} comparison.`,
        da:
          `Udtræk \`${d.file.split('/').pop()}\` (SHA-256 \`${d.sha256.slice(0, 16)}…\`), ` +
          `uge ${d.first_week} til ${d.last_week}. ${f.count(d.persons_read)} ` +
          `personer indlæst; ${f.count(d.persons_in_cohorts)} startede ` +
          `i programmet i et indgangsvindue (${f.count(d.persons_in_both_cohorts)} ` +
          `i begge kohorter). Kommuner med kohortemedlemmer: ${d.municipalities.treated} ` +
          `deltagerkommuner, ${d.municipalities.comparison} sammenligningskommuner.`,
      }),
    ),
  );
  out.push(
    table(
      'persons',
      t({
        en: 'Persons read, in the cohorts and excluded',
        da: 'Personer indlæst, i kohorterne og udeladt',
      }),
      [t({ en: 'Persons', da: 'Personer' }), t({ en: 'Number', da: 'Antal' })],
      [
        [t({ en: 'Read', da: 'Indlæst' }), f.count(d.persons_read)],
        [
          t({ en: 'In at least one cohort', da: 'I mindst én kohorte' }),
          f.count(d.persons_in_cohorts),
        ],
        ...Object.entries(d.excluded).map(([k, n]) => [
          t({ en: `Excluded: ${excludedLabel(ctx, k)}`, da: `Udeladt: ${excludedLabel(ctx, k)}` }),
          persons(ctx, n),
        ]),
      ],
    ),
  );
  out.push(
    table(
      'groups',
      t({ en: 'Persons in the four groups', da: 'Personer i de fire grupper' }),
      [t({ en: 'Group', da: 'Gruppe' }), t({ en: 'Persons', da: 'Personer' })],
      CELLS.map(([g, c]) => [
        ctx.cell(g, c),
        persons(ctx, d.cells.find((x) => x.group === g && x.cohort === c)?.persons),
      ]),
    ),
  );
  return out;
}

function balanceSection(r: Results, ctx: ReportContext): Block[] {
  if (r.balance.length === 0) return [];
  const { f, t } = ctx;
  // means are in Cell order: comparison·before, comparison·during, treated·before, treated·during.
  const idx = {
    'treated.before': 2,
    'treated.during': 3,
    'comparison.before': 0,
    'comparison.during': 1,
  } as Record<string, number>;
  return [
    heading(2, t({ en: 'Balance', da: 'Balance' })),
    paragraph(
      t({
        en:
          'Covariate means (shares in per cent for categories) per group, and ' +
          'standardised mean differences (SMD) between participating and ' +
          'comparison municipalities within each cohort. An |SMD| above 0.1 is a ' +
          'notable imbalance.',
        da:
          'Gennemsnit af baggrundsvariable (andele i procent for kategorier) pr. ' +
          'gruppe og standardiserede middelværdiforskelle (SMD) mellem deltager- ' +
          'og sammenligningskommuner inden for hver kohorte. En |SMD| over 0,1 er ' +
          'en mærkbar skævhed.',
      }),
    ),
    table(
      'balance',
      t({ en: 'Balance of background characteristics', da: 'Balance i baggrundsvariable' }),
      [
        t({ en: 'Covariate', da: 'Baggrundsvariabel' }),
        ...CELLS.map(([g, c]) => ctx.cellShort(g, c)),
        `SMD ${ctx.cohortShort('before')}`,
        `SMD ${ctx.cohortShort('during')}`,
      ],
      r.balance.map((b) => {
        const isShare = b.level !== null;
        const val = (i: number) => {
          return isShare ? f.percentNumber(b.means[i]) : f.fixed(b.means[i], 1);
        };
        return [
          b.level === null ? b.covariate : `${b.covariate}: ${b.level}`,
          ...CELLS.map(([g, c]) => val(idx[`${g}.${c}`])),
          f.signed(b.smd_before),
          f.signed(b.smd_during),
        ];
      }),
      {
        note: `${t({
          en: 'Categories: share of the group in per cent; numeric covariates: mean.',
          da: 'Kategorier: gruppens andel i procent; numeriske variable: gennemsnit.',
        })} ${ctx.shortNote}`.trim(),
      },
    ),
  ];
}

function methodNotes(r: Results, ctx: ReportContext): Block[] {
  const { t } = ctx;
  const s = r.suppression;
  return [
    heading(2, t({ en: 'Method notes', da: 'Metode' })),
    list([
      t({
        en:
          "**In programme** in a week: the week's benefit code is a programme " +
          'code. **Start**: a week in programme after a week not in programme (or ' +
          "the extract's first week). **Entry week**: the first start inside the " +
          "cohort's entry window; a person may belong to both cohorts.",
        da:
          '**I programmet** i en uge: ugens ydelseskode er en programkode. ' +
          '**Start**: en uge i programmet efter en uge uden for programmet (eller ' +
          'udtrækkets første uge). **Startuge**: den første start inden for ' +
          'kohortens indgangsvindue; en person kan tilhøre begge kohorter.',
      }),
      t({
        en:
          '**Calendar week** t = 1, 2, … counts ISO weeks from the first week of ' +
          "the cohort's entry window; the cohort effect uses the calendar weeks " +
          'named above.',
        da:
          '**Kalenderuge** t = 1, 2, … tæller ISO-uger fra første uge i kohortens ' +
          'indgangsvindue; kohorteeffekten bruger de kalenderuger, der er nævnt ' +
          'ovenfor.',
      }),
      t({
        en:
          '**Censoring**: from the first week with a death or emigration code a ' +
          'person leaves every denominator and risk set.',
        da:
          '**Censurering**: fra den første uge med en kode for død eller ' +
          'udvandring indgår personen ikke længere i nævnere og risikomængder.',
      }),
      t({
        en:
          '**Share** in a week: members who have entered and are not censored ' +
          '(and, for “in-programme” outcomes, are in the programme that week) ' +
          'form the denominator; the numerator is those in the outcome state.',
        da:
          '**Andel** i en uge: medlemmer, der er startet og ikke censureret (og ' +
          'for udfald “i programmet”: er i programmet den uge), udgør nævneren; ' +
          'tælleren er dem i udfaldets tilstand.',
      }),
      t({
        en:
          '**Effect**: the interaction coefficient of the linear probability ' +
          'model y = a + b·treated + c·during + d·treated·during, week by week ' +
          'and pooled over person-weeks; standard errors clustered by ' +
          'municipality with the CR1 small-sample factor G/(G−1)·(N−1)/(N−K); ' +
          'intervals ± z·SE. The wild cluster bootstrap (Rademacher weights, null ' +
          'hypothesis imposed) gives a second p-value, more reliable with few ' +
          'participating municipalities.',
        da:
          '**Effekt**: samspilskoefficienten d i den lineære sandsynlighedsmodel ' +
          'y = a + b·deltager + c·programperiode + d·deltager·programperiode, uge ' +
          'for uge og samlet over personuger; klyngerobuste standardfejl med ' +
          'kommunen som klynge og småstikprøvefaktoren G/(G−1)·(N−1)/(N−K) (CR1); ' +
          'intervaller ± z·SE. Den vilde klynge-bootstrap (Rademacher-vægte under ' +
          'nulhypotesen) giver en ekstra p-værdi, der er mere pålidelig med få ' +
          'deltagerkommuner.',
      }),
      t({
        en:
          '**Survival**: Kaplan–Meier per group with Greenwood variance and ' +
          'log-log intervals; Cox proportional hazards with treated, during and ' +
          'treated·during, Efron ties; the effect is the hazard ratio of the ' +
          'interaction, and under a constant hazard 1 − 1/HR is the implied ' +
          'change in mean duration (no weeks are derived from it, and it is not ' +
          'stated when the proportional-hazards check rejects). The ' +
          'restricted-mean difference in differences at 52 and 104 weeks (area ' +
          'under the curves; municipalities resampled within participating and ' +
          'comparison municipalities) needs no proportional hazards.',
        da:
          '**Forløbsanalyse**: Kaplan–Meier pr. gruppe med Greenwood-varians og ' +
          'log-log-intervaller; Cox-model med deltager, programperiode og ' +
          'deltager·programperiode, Efrons metode for sammenfaldende tider; ' +
          'effekten er samspillets hazardratio, og under en konstant hazard er 1 ' +
          '− 1/HR den afledte ændring i den gennemsnitlige varighed (der udledes ' +
          'ingen uger af den, og den nævnes ikke, når testen af proportionale ' +
          'hazards afviser). Forskel-i-forskelle i den begrænsede middelværdi ved ' +
          '52 og 104 uger (arealet under kurverne; kommuner gentrukket inden for ' +
          'deltager- og sammenligningskommuner) kræver ikke proportionale ' +
          'hazards.',
      }),
      s.min_cell > 0
        ? smallCellsNote(r, ctx)
        : t({
            en: '**Small cells**: no suppression was requested (`--min-cell`).',
            da: '**Små celler**: der blev ikke bedt om diskretionering (`--min-cell`).',
          }),
      t({ en: `Software: effekt ${r.tool.version}.`, da: `Program: effekt ${r.tool.version}.` }),
    ]),
  ];
}

/** What --min-cell hid and why (the disclosure stage's parts and reasons), in the method notes. */
function smallCellsNote(r: Results, ctx: ReportContext): string {
  const { f, t } = ctx;
  const N = f.count(r.suppression.min_cell);
  const parts = (r.suppression.hidden ?? []).map(
    (h) =>
      `${h.label}: ` +
      `${h.reasons.map((x) => reasonClause(x, ctx.lang, r.suppression.min_cell)).join('; ')}`,
  );
  const again = (r.suppression.recomputed ?? []).map((x) => recomputedWords(x, ctx.lang));
  const recomputed =
    again.length === 0
      ? ''
      : ` ${t({
          en: 'Recomputed without the hidden numbers',
          da: 'Genberegnet uden de skjulte tal',
        })}: ${again.join('; ')}.`;
  const head = t({
    en:
      `**Small cells** (\`--min-cell ${N}\`): no number in this report, ` +
      `its tables, figures and files states a count of fewer than ${N} ` +
      `persons, a statistic computed from such a group, or a number ` +
      `from which one follows by subtraction. Hidden numbers show as ` +
      `“–” and as gaps in the figures.`,
    da:
      `**Små celler** (\`--min-cell ${N}\`): intet tal i rapporten, ` +
      `dens tabeller, figurer og filer angiver et antal under ${N} ` +
      `personer, en størrelse beregnet på en sådan gruppe eller et ` +
      `tal, hvoraf et sådant følger ved subtraktion. Skjulte tal vises ` +
      `som “–” og som huller i figurerne.`,
  });
  if (parts.length === 0)
    return (
      `${head} ` +
      `${t({ en: 'Nothing had to be hidden.', da: 'Intet skulle skjules.' })}${recomputed}`
    );
  return (
    `${head} ${t({ en: 'Hidden, by part', da: 'Skjult, efter del' })}: ` +
    `${parts.join('. ')}.${recomputed}`
  );
}

export function buildReport(r: Results, spec: Spec, figs: FigureRefs, ctx: ReportContext): Block[] {
  const { t } = ctx;
  // The summary first, then the contents, then the body (Table 1 onwards).
  const out: Block[] = [heading(1, ctx.title), ...summarySection(r, ctx)];
  const toc: TocBlock = {
    kind: 'toc',
    title: t({ en: 'Contents', da: 'Indhold' }),
    entries: [],
  };
  out.push(toc);
  out.push(heading(2, t({ en: 'Key results and design', da: 'Hovedresultater og design' })));
  out.push(
    paragraph(
      t({
        en:
          `Difference-in-differences evaluation produced by the analysis ` +
          `tool effekt (version ${r.tool.version}) from the spec \`${spec.name}\`. ` +
          `${ctx.labels.treated}: ${spec.treated.length} municipalities; ` +
          `${lowerFirst(ctx.labels.comparison)}: all other municipalities ` +
          `in the extract.`,
        da:
          `Forskel-i-forskelle-evaluering lavet med analyseværktøjet effekt ` +
          `(version ${r.tool.version}) ud fra specifikationen \`${spec.name}\`. ` +
          `${ctx.labels.treated}: ${spec.treated.length} kommuner; ` +
          `${lowerFirst(ctx.labels.comparison)}: alle andre kommuner i udtrækket.`,
      }),
    ),
  );
  out.push(keyResults(r, ctx));
  out.push(designTable(r, spec, ctx));
  out.push(...dataSection(r, ctx));
  out.push(...balanceSection(r, ctx));
  // Each outcome is judged on its own pre-test (its headline's reasons).
  const rejected = rejectedPreTests(r);
  if (rejected.length > 0) {
    const ids = rejected.map((id) => ctx.outcomeTitle(id, id)).join(', ');
    out.push(
      paragraph(
        t({
          en:
            `**Parallel trends rejected.** The event-study pre-test rejects ` +
            `for ${ids}: participating and comparison municipalities did ` +
            `not move in parallel before the programme, so no difference ` +
            `in ${rejected.length > 1 ? 'these outcomes' : 'this outcome'} ` +
            `can be read as the programme's effect.`,
          da:
            `**Parallelle trends afvist.** Eventstudiets førtest afviser ` +
            `for ${ids}: deltager- og sammenligningskommuner bevægede sig ` +
            `ikke parallelt før programmet, så ingen forskel i ` +
            `${rejected.length > 1 ? 'disse udfald' : 'dette udfald'} ` +
            `kan læses som programmets effekt.`,
        }),
      ),
    );
  }
  for (const [id, o] of Object.entries(r.outcomes)) {
    out.push(
      ...(o.type === 'share'
        ? shareSection(id, o, figs[id] ?? {}, spec, ctx, outcomeHeadline(r, id), r.eventStudy?.[id])
        : survivalSection(id, o, figs[id] ?? {}, ctx, outcomeHeadline(r, id))),
    );
  }
  // The event study (src/report/eventstudy/), or a note that parallel trends were not tested.
  if (r.eventStudy) {
    for (const [id, es] of Object.entries(r.eventStudy)) {
      // The section names the outcome by results.json's (English) title: say it in the report's
      // language.
      const title = ctx.outcomeTitle(id, es.title);
      const swap = (text: string) =>
        text.split(es.title).join(title).split(`\`${id}\``).join(`“${title}”`);
      out.push(
        ...eventStudySection(ctx, id, es, figs[id]?.['event-study'] ?? null).map((b): Block => {
          if (b.kind === 'heading' || b.kind === 'paragraph') return { ...b, text: swap(b.text) };
          if (b.kind === 'table' || b.kind === 'figure') return { ...b, caption: swap(b.caption) };
          return b;
        }),
      );
    }
  } else {
    out.push(...notTestedSection(ctx));
  }
  // The survey side (src/report/survey/), when the spec has survey blocks.
  if (r.survey) out.push(...surveySection(r.survey, ctx));
  if (figs._states?.states) {
    out.push(heading(2, t({ en: 'Where cohort members are', da: 'Hvor kohortens medlemmer er' })));
    out.push(
      figure(
        figs._states.states,
        t({
          en: 'Share of each group in each state by weeks since entry',
          da: 'Andel af hver gruppe i hver tilstand efter uger siden start',
        }),
        t({
          en: 'Stacked areas of the states per group',
          da: 'Stablede arealer af tilstandene pr. gruppe',
        }),
        t({
          en:
            'A person-week counts once, in the first state that applies. Later ' +
            'weeks hold fewer persons (later entrants are followed for a shorter ' +
            'time).',
          da:
            'En personuge tæller én gang, i den første tilstand der gælder. Senere ' +
            'uger omfatter færre personer (senere startende følges kortere tid).',
        }),
      ),
    );
  }
  out.push(...methodNotes(r, ctx));
  if (r.warnings.length > 0)
    out.push(
      heading(2, t({ en: 'Warnings', da: 'Advarsler' })),
      list(r.warnings.map((w) => warningText(ctx, w))),
    );
  toc.entries = out
    .slice(out.indexOf(toc) + 1)
    .flatMap((b) => (b.kind === 'heading' && b.level === 2 ? [b.text] : []));
  return numberCaptions(out, ctx.lang);
}

/** Prefix every table and figure caption with its number: "Table 2. …", "Figur 3. …". */
export function numberCaptions(blocks: Block[], lang: 'da' | 'en'): Block[] {
  let tables = 0;
  let figures = 0;
  const T = lang === 'da' ? 'Tabel' : 'Table';
  const F = lang === 'da' ? 'Figur' : 'Figure';
  return blocks.map((b) => {
    if (b.kind === 'table')
      return { ...b, caption: `${T} ${++tables}. ${b.caption}` } as TableBlock;
    if (b.kind === 'figure')
      return { ...b, caption: `${F} ${++figures}. ${b.caption}` } as FigureBlock;
    return b;
  });
}

export { reason };
