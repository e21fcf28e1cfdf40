/**
 * The words, table, CSV and figure of `effekt audit` (src/audit), in the
 * report's language. Numbers go through the report's number format; the
 * figure through the chart library (greyscale-safe: dots, lines and one
 * reference line, no meaning in colour alone).
 */
import { alpha } from '../estimators/normal.js';
import type { AuditResult, AuditRow } from '../results/audit.js';
import { toCsv } from './csv.js';
import { type Lang, say } from './document.js';
import { numberFormat } from './format.js';
import { forestPlot } from './svg/index.js';

/**
 * The size a verdict may keep in an audit without an effect: at most this share of claims at the 5
 * % level.
 */
export const SIZE_TARGET = 0.075;

/** Normal quantile for the figure's ±1.96 Monte Carlo error bars (95 %). */
const Z95 = 1.959963984540054;

/** What a row counts, in words. */
export function checkLabel(lang: Lang, kind: AuditRow['kind']): string {
  const w = {
    pooled: {
      en: 'pooled effect: headline claims an effect',
      da: 'samlet effekt: overskriften påstår en effekt',
    },
    adjusted: {
      en: 'covariate-adjusted effect: claims an effect',
      da: 'kovariatjusteret effekt: påstår en effekt',
    },
    pretest: {
      en: 'event-study pre-test: rejects parallel trends',
      da: 'event-studiets fortest: afviser parallelle tendenser',
    },
    'event-study': {
      en: 'event-study overall effect: claims an effect',
      da: 'event-studiets samlede effekt: påstår en effekt',
    },
    survival: {
      en: 'survival (Cox) headline: claims an effect',
      da: 'overlevelse (Cox), overskrift: påstår en effekt',
    },
    'municipality-flags': {
      en: 'municipality flags: a municipality stands out',
      da: 'kommuneflag: en kommune skiller sig ud',
    },
    'any-headline': {
      en: 'any headline claims an effect',
      da: 'mindst én overskrift påstår en effekt',
    },
  }[kind];
  return say(lang, w);
}

/** Short names of the checks, for the figure's row labels. */
export function checkShort(lang: Lang, kind: AuditRow['kind']): string {
  const w = {
    pooled: { en: 'pooled headline', da: 'samlet, overskrift' },
    adjusted: { en: 'covariate-adjusted', da: 'kovariatjusteret' },
    pretest: { en: 'pre-test rejects', da: 'fortest afviser' },
    'event-study': { en: 'event study, overall', da: 'event-study, samlet' },
    survival: { en: 'Cox headline', da: 'Cox, overskrift' },
    'municipality-flags': { en: 'a municipality stands out', da: 'en kommune skiller sig ud' },
    'any-headline': { en: 'any headline', da: 'mindst én overskrift' },
  }[kind];
  return say(lang, w);
}

/** "internship: pooled effect: …", or the any-headline row alone. */
export function rowLabel(lang: Lang, r: AuditRow): string {
  const what = checkLabel(lang, r.kind);
  return r.kind === 'any-headline'
    ? what.charAt(0).toUpperCase() + what.slice(1)
    : `${r.outcome}: ${what}`;
}

/** Size (no effect) or power (a stated effect). */
const isPower = (a: AuditResult) => a.settings.effect > 0;

/** The audit's title line. */
export function auditTitle(lang: Lang, a: AuditResult): string {
  const f = numberFormat(lang);
  const R = f.count(a.settings.replications);
  return isPower(a)
    ? say(lang, {
        en:
          `Power audit of ${a.spec.name}: ${R} simulated extracts with ` +
          `the effect at strength ${f.fixed(a.settings.effect, 2)}`,
        da:
          `Styrkeanalyse af ${a.spec.name}: ${R} simulerede udtræk med ` +
          `effekten i styrke ${f.fixed(a.settings.effect, 2)}`,
      })
    : say(lang, {
        en: `Size audit of ${a.spec.name}: ${R} simulated extracts with no effect`,
        da: `Testniveau-analyse af ${a.spec.name}: ${R} simulerede udtræk uden effekt`,
      });
}

/** One paragraph: the design simulated and how to read the rates. */
export function auditIntro(lang: Lang, a: AuditResult): string {
  const f = numberFormat(lang);
  const d = a.design;
  const level = f.levelLabel(a.settings.level);
  const nominal = f.percent(alpha(a.settings.level), 0);
  const design = say(lang, {
    en:
      `Design copied from the spec and its extract: ${f.count(d.municipalities)} ` +
      `municipalities, ${f.count(d.treated.length)} participating ` +
      `(${f.percent(d.persons_treated / d.persons)} ` +
      `of ${f.count(d.persons)} persons; the largest, ${d.largest_treated}, ` +
      `holds ${f.percent(d.largest_treated_share)} of the participants), ` +
      `weeks ${d.first_week}–${d.last_week}, entries ${d.inflow[0]}–${d.inflow[1]}.`,
    da:
      `Design kopieret fra specifikationen og dens udtræk: ${f.count(d.municipalities)} ` +
      `kommuner, ${f.count(d.treated.length)} deltagende ` +
      `(${f.percent(d.persons_treated / d.persons)} ` +
      `af ${f.count(d.persons)} personer; den største, ${d.largest_treated}, ` +
      `har ${f.percent(d.largest_treated_share)} af deltagerne), uger ` +
      `${d.first_week}–${d.last_week}, indgange ${d.inflow[0]}–${d.inflow[1]}.`,
  });
  const sim = say(lang, {
    en:
      `Each extract holds ${f.count(a.settings.persons)} persons; every ` +
      `evaluation uses ${f.count(a.settings.bootstrap)} bootstrap replications ` +
      `at the ${level} level.`,
    da:
      `Hvert udtræk har ${f.count(a.settings.persons)} personer; hver ` +
      `evaluering bruger ${f.count(a.settings.bootstrap)} bootstrap-replikationer ` +
      `på ${level}-niveau.`,
  });
  const read = isPower(a)
    ? say(lang, {
        en:
          `Rate: the share of extracts in which the check claims an effect — its ` +
          `power (the pre-test row: how often parallel trends are rejected, which ` +
          `there is no reason to do).`,
        da:
          `Andel: andelen af udtræk, hvor tjekket påstår en effekt — dets styrke ` +
          `(fortestens række: hvor ofte parallelle tendenser afvises, hvad der ` +
          `ikke er grund til).`,
      })
    : say(lang, {
        en:
          `Rate: the share of extracts in which the check claims an effect ` +
          `although there is none — its size, which should be the nominal ` +
          `${nominal} (accepted: at most ${f.percent(SIZE_TARGET)} of the ` +
          `extracts).`,
        da:
          `Andel: andelen af udtræk, hvor tjekket påstår en effekt, selv ` +
          `om der ingen er — dets testniveau, som burde være det nominelle ` +
          `${nominal} (accepteret: højst ${f.percent(SIZE_TARGET)} af udtrækkene).`,
      });
  return `${design} ${sim} ${read}`;
}

/** The table's header and rows as text (terminal and report). */
export function auditTable(lang: Lang, a: AuditResult): { head: string[]; rows: string[][] } {
  const f = numberFormat(lang);
  const head = say(lang, {
    en: 'Check|Answered|Claims|Rate|MC SE|Not testable|Hedged',
    da: 'Tjek|Svar|Påstande|Andel|MC-SE|Kan ikke testes|Forbehold',
  }).split('|');
  const headline = (r: AuditRow) => r.kind === 'pooled' || r.kind === 'survival';
  const rows = a.rows.map((r) => [
    rowLabel(lang, r),
    f.count(r.answered),
    f.count(r.claims),
    f.percent(r.rate),
    f.percent(r.mc_se),
    headline(r) ? f.count(r.verdicts['not-testable'] ?? 0) : '',
    headline(r) ? f.count(r.verdicts.hedged ?? 0) : '',
  ]);
  if (!isPower(a)) {
    // Size audits: does the rate keep within the accepted size?
    head.push(`≤ ${f.percent(SIZE_TARGET)}`);
    a.rows.forEach((r, i) => {
      rows[i].push(
        r.rate === null
          ? ''
          : say(lang, r.rate <= SIZE_TARGET ? { en: 'yes', da: 'ja' } : { en: 'no', da: 'nej' }),
      );
    });
  }
  return { head, rows };
}

/** Lines for the terminal: title, the table with aligned columns, notes. */
export function auditText(lang: Lang, a: AuditResult): string[] {
  const { head, rows } = auditTable(lang, a);
  const all = [head, ...rows];
  const width = head.map((_, c) => Math.max(...all.map((r) => [...r[c]].length)));
  const line = (r: string[]) =>
    r
      .map((v, c) => (c === 0 ? v.padEnd(width[c]) : v.padStart(width[c])))
      .join('  ')
      .trimEnd();
  const out = [auditTitle(lang, a), '', line(head), ...rows.map(line), ''];
  out.push(auditIntro(lang, a));
  out.push(...auditNotes(lang, a));
  return out;
}

/** Notes: outcomes left out, failed replications, participating municipalities without persons. */
export function auditNotes(lang: Lang, a: AuditResult): string[] {
  const f = numberFormat(lang);
  const out: string[] = [];
  if (a.outcomes_left_out.length > 0)
    out.push(
      say(lang, {
        en:
          `Left out (the simulator produces only internships and hours): ` +
          `${a.outcomes_left_out.join(', ')}.`,
        da:
          `Udeladt (simulatoren danner kun praktikker og timer): ` +
          `${a.outcomes_left_out.join(', ')}.`,
      }),
    );
  if (a.design.treated_without_persons.length > 0)
    out.push(
      say(lang, {
        en:
          `Participating municipalities without persons in the extract, ` +
          `left out: ${a.design.treated_without_persons.join(', ')}.`,
        da:
          `Deltagerkommuner uden personer i udtrækket, udeladt: ` +
          `${a.design.treated_without_persons.join(', ')}.`,
      }),
    );
  const failed = Object.entries(a.failures);
  if (failed.length > 0) {
    const n = failed.reduce((s, [, k]) => s + k, 0);
    out.push(
      say(lang, {
        en:
          `${f.count(n)} replications could not be evaluated and enter ` +
          `no rate; the first reason: ${failed[0][0]}`,
        da:
          `${f.count(n)} replikationer kunne ikke evalueres og indgår ikke; ` +
          `den første årsag: ${failed[0][0]}`,
      }),
    );
  }
  return out;
}

/** The machine CSV (audit.csv): one row per check, numbers at 12 significant digits. */
export function auditCsv(a: AuditResult): string {
  const rows = a.rows.map((r) => ({
    outcome: r.outcome,
    check: r.kind,
    effect: a.settings.effect,
    replications: a.settings.replications,
    answered: r.answered,
    claims: r.claims,
    rate: r.rate,
    mc_se: r.mc_se,
    verdict_effect: r.verdicts.effect ?? null,
    verdict_no_effect_shown: r.verdicts['no-effect-shown'] ?? null,
    verdict_hedged: r.verdicts.hedged ?? null,
    verdict_not_testable: r.verdicts['not-testable'] ?? null,
    source: Object.keys(r.sources).sort().join('; '),
  }));
  return toCsv(
    [
      'outcome',
      'check',
      'effect',
      'replications',
      'answered',
      'claims',
      'rate',
      'mc_se',
      'verdict_effect',
      'verdict_no_effect_shown',
      'verdict_hedged',
      'verdict_not_testable',
      'source',
    ],
    rows,
  );
}

/**
 * The figure (audit.svg): each check's rate with ±1.96 Monte Carlo errors, a line at the nominal
 * level.
 */
export function auditFigure(lang: Lang, a: AuditResult): string {
  const f = numberFormat(lang);
  const nominal = alpha(a.settings.level);
  const rows = a.rows.map((r) => ({
    label:
      r.kind === 'any-headline'
        ? checkShort(lang, r.kind)
        : `${r.outcome}: ${checkShort(lang, r.kind)}`,
    estimate: r.rate,
    low: r.rate === null || r.mc_se === null ? null : Math.max(0, r.rate - Z95 * r.mc_se),
    high: r.rate === null || r.mc_se === null ? null : Math.min(1, r.rate + Z95 * r.mc_se),
    n: r.answered,
  }));
  const power = isPower(a);
  return forestPlot({
    title: auditTitle(lang, a),
    subtitle: power
      ? say(lang, {
          en: 'How often each check claims an effect (power)',
          da: 'Hvor ofte hvert tjek påstår en effekt (styrke)',
        })
      : say(lang, {
          en: 'How often each check claims an effect that is not there (size)',
          da: 'Hvor ofte hvert tjek påstår en effekt, der ikke er der (testniveau)',
        }),
    note: say(lang, {
      en:
        `Dots: share of the simulated extracts (n = those with an answer); ` +
        `lines: ± 1.96 Monte Carlo standard errors.\nVertical line: the ` +
        `nominal level (${f.percent(nominal, 0)}).${
          power
            ? ''
            : ` A check keeps its size when ` +
              `it claims an effect in at most ${f.percent(SIZE_TARGET)} of the extracts.`
        }`,
      da:
        `Punkter: andel af de simulerede udtræk (n = dem med et svar); ` +
        `linjer: ± 1,96 Monte Carlo-standardfejl.\nLodret linje: det ` +
        `nominelle niveau (${f.percent(nominal, 0)}).${
          power
            ? ''
            : ` Et tjek holder sit niveau, ` +
              `når det påstår en effekt i højst ${f.percent(SIZE_TARGET)} af udtrækkene.`
        }`,
    }),
    xLabel: say(lang, {
      en: 'Share of extracts claiming an effect',
      da: 'Andel af udtræk med en påstået effekt',
    }),
    xFormat: 'percent',
    rows,
    reference: nominal,
    estimateLabel: say(lang, { en: 'Share', da: 'Andel' }),
    intervalLabel: say(lang, {
      en: '± 1.96 Monte Carlo standard errors',
      da: '± 1,96 Monte Carlo-standardfejl',
    }),
    missingLabel: say(lang, { en: 'no answer', da: 'intet svar' }),
    lang,
    desc:
      `${auditTitle('en', a)}: ${rows.length} checks, rate with Monte ` +
      `Carlo error bars; reference line at ${nominal}.`,
  });
}
