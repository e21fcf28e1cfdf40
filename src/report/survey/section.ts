/**
 * The survey side of the report, as blocks (report/document.ts): what was
 * read, the progression table and figure, and the fidelity traffic lights —
 * the seed's table 1 (elements × start/end, the end coloured by the change),
 * a figure that reads in greyscale, and the municipalities' lights.
 *
 * Every coloured cell also carries a symbol and a word (▲ green, ■ yellow,
 * ▼ red), so the table reads printed in black and white.
 */

import { municipalityLabel } from '../../domain/municipalities.js';
import { alpha } from '../../estimators/normal.js';
import type { SurveyExclusion } from '../../read/survey.js';
import type {
  FidelityRow,
  ProgressionRow,
  SurveyFileSummary,
  SurveyResults,
} from '../../results/results.js';
import type { ReportContext } from '../context.js';
import type { Block, FigureBlock, TableBlock, Words } from '../document.js';
import { heading, paragraph, say } from '../document.js';
import { hiddenWords, isHidden } from '../hidden.js';
import {
  fidelityChart,
  progressionChart,
  TRAFFIC_FILLS,
  TRAFFIC_SYMBOLS,
  type TrafficLight,
} from './charts.js';

const itemOf = (ctx: ReportContext, item: string) => ctx.itemName(item);
const elementOf = (ctx: ReportContext, el: string) => ctx.elementName(el);

const COLOUR_WORDS: Record<TrafficLight, Words> = {
  green: { en: 'green', da: 'grøn' },
  yellow: { en: 'yellow', da: 'gul' },
  red: { en: 'red', da: 'rød' },
};

const EXCLUSION_WORDS: Record<SurveyExclusion, Words> = {
  'empty value': { en: 'empty value (no answer)', da: 'tom værdi (intet svar)' },
  'unknown municipality': {
    en: 'municipality not in the register or the spec',
    da: 'kommune findes ikke i registeret eller spec',
  },
  'missing municipality': { en: 'no municipality', da: 'ingen kommune' },
  'value out of range': { en: 'value outside the answer scale', da: 'værdi uden for svarskalaen' },
};

/** Why a figure is missing, in the report's language. */
function why(problem: string | null, ctx: ReportContext): string {
  if (!problem) return '';
  if (isHidden(problem)) return hiddenWords(problem, ctx.lang, ctx.minCell);
  if (ctx.lang === 'en') return problem;
  return 'kan ikke beregnes (årsagen står i results.json)';
}

/** "start" / "follow-up" or "end" in the report's language. */
const WAVE: Record<'start' | 'follow' | 'end', Words> = {
  start: { en: 'Start', da: 'Start' },
  follow: { en: 'Follow-up', da: 'Opfølgning' },
  end: { en: 'End', da: 'Slut' },
};

/** The file paragraph: rows read, answers used, left out by reason, one-wave respondents. */
function fileParagraph(
  f: SurveyFileSummary,
  kind: 'progression' | 'fidelity',
  ctx: ReportContext,
): Block[] {
  const t = (w: Words) => say(ctx.lang, w);
  // Counts through the report's one formatter: "5.778" in Danish.
  const c = (n: number | null) => ctx.f.count(n);
  const name = f.file.split(/[\\/]/).pop() ?? f.file;
  // A count hidden by --min-cell (null) is named without its number.
  const left = (Object.entries(f.excluded) as [SurveyExclusion, number | null][]).filter(
    ([, n]) => n === null || n > 0,
  );
  const leftText =
    left.length === 0
      ? t({ en: 'No answer was left out.', da: 'Ingen svar er udeladt.' })
      : t({ en: 'Left out: ', da: 'Udeladt: ' }) +
        left
          .map(
            ([k, n]) =>
              `${n === null ? t({ en: 'hidden', da: 'skjult' }) : c(n)} ${t(EXCLUSION_WORDS[k])}`,
          )
          .join('; ') +
        (f.unknown_municipalities.length ? ` (${f.unknown_municipalities.join(', ')})` : '') +
        '.';
  const scale = f.scale
    ? t({
        en: ` Answer scale ${f.scale[0]}–${f.scale[1]}.`,
        da: ` Svarskala ${f.scale[0]}–${f.scale[1]}.`,
      })
    : '';
  const few = (n: number | null) =>
    n === null
      ? t({
          en: `fewer than ${ctx.f.count(ctx.minCell)}`,
          da: `færre end ${ctx.f.count(ctx.minCell)}`,
        })
      : ctx.f.count(n);
  const oneWave =
    kind === 'progression'
      ? t({
          en:
            ` ${c(f.respondents)} respondents; ${few(f.respondents_start_only)} ` +
            `answered at the start only and ${few(f.respondents_second_only)} ` +
            `at the follow-up only (they are not in the paired tests).`,
          da:
            ` ${c(f.respondents)} respondenter; ${few(f.respondents_start_only)} ` +
            `svarede kun ved start og ${few(f.respondents_second_only)} kun ` +
            `ved opfølgningen (de indgår ikke i de parrede test).`,
        })
      : t({
          en:
            ` ${c(f.respondents)} respondents (the two waves need not be ` +
            `the same people: shares are unpaired).`,
          da:
            ` ${c(f.respondents)} respondenter (de to målinger behøver ikke ` +
            `være de samme personer: andelene er uparrede).`,
        });
  return [
    paragraph(
      t({
        en: `\`${name}\`: ${c(f.rows)} answers read, ${c(f.answers_used)} used.`,
        da: `\`${name}\`: ${c(f.rows)} svar læst, ${c(f.answers_used)} brugt.`,
      }) +
        oneWave +
        scale +
        ' ' +
        leftText,
    ),
  ];
}

function progressionTable(rows: ProgressionRow[], ctx: ReportContext): TableBlock {
  const t = (w: Words) => say(ctx.lang, w);
  const L = ctx.f.levelLabel(ctx.level);
  const n = (v: number) => ctx.f.signed(v, 2);
  // Holm's family: the items shown (the disclosure stage recomputes it without hidden items).
  const hiddenItems = rows.filter((r) => isHidden(r.problem)).length;
  const family = rows.length - hiddenItems;
  return {
    kind: 'table',
    id: 'survey-progression',
    caption: t({
      en: 'Progression per question: start and follow-up',
      da: 'Progression pr. spørgsmål: start og opfølgning',
    }),
    head: [
      t({ en: 'Question', da: 'Spørgsmål' }),
      'n',
      t({ en: 'Mean, start', da: 'Gns., start' }),
      t({ en: 'Mean, follow-up', da: 'Gns., opfølgning' }),
      t({ en: 'Change', da: 'Ændring' }),
      t({ en: `${L} CI`, da: `${L} konfidensinterval` }),
      t({ en: 'p (t-test)', da: 'p (t-test)' }),
      t({ en: 'p (Wilcoxon)', da: 'p (Wilcoxon)' }),
      t({ en: 'p (Holm)', da: 'p (Holm)' }),
    ],
    rows: rows.map((r) => {
      const label = r.significant ? `**${itemOf(ctx, r.item)}** ★` : itemOf(ctx, r.item);
      if (r.n === null || r.change === null)
        return [label, ctx.f.count(r.n), '–', '–', '–', why(r.problem, ctx) || '–', '–', '–', '–'];
      const ci =
        r.ci_low === null
          ? '–'
          : `${n(r.ci_low)} ${t({ en: 'to', da: 'til' })} ${n(r.ci_high as number)}`;
      return [
        label,
        ctx.f.count(r.n),
        n(r.mean_start as number),
        n(r.mean_follow as number),
        ctx.f.signed(r.change, 2, true),
        ci,
        ctx.f.pCell(r.p_t),
        ctx.f.pCell(r.p_wilcoxon),
        ctx.f.pCell(r.p_holm),
      ];
    }),
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    note: t({
      en:
        `n: respondents who answered the question at both waves. Change: ` +
        `mean of follow-up − start on the answer scale, with its ${L} ` +
        `confidence interval (paired t). Wilcoxon: signed-rank test, ` +
        `normal approximation with continuity and tie correction, zero ` +
        `changes left out. Holm: the Wilcoxon p-values adjusted for testing ${family} questions${
          hiddenItems
            ? ` (the ${family} shown: an item hidden by --min-cell leaves the family)`
            : ''
        }; ★ and bold: significant after adjustment (p < ${ctx.f.signed(alpha(ctx.level), 2)}).`,
      da:
        `n: respondenter, der har besvaret spørgsmålet ved begge målinger. ` +
        `Ændring: gennemsnit af opfølgning − start på svarskalaen med ` +
        `${L} konfidensinterval (parret t-test). Wilcoxon: fortegnsrangtest, ` +
        `normalapproksimation med kontinuitets- og ties-korrektion, uændrede ` +
        `svar udeladt. Holm: Wilcoxon-p-værdierne korrigeret for, at ` +
        `der testes ${family} spørgsmål${
          hiddenItems ? ` (de ${family} viste: et spørgsmål skjult af --min-cell indgår ikke)` : ''
        }; ★ og fed: signifikant efter korrektion (p < ${ctx.f.signed(alpha(ctx.level), 2)}).`,
    }),
  };
}

/** "▲ 68.0" with the fill of the light, or the plain share. */
function lightCell(
  text: string,
  colour: TrafficLight | null,
  ctx: ReportContext,
  word = false,
): { text: string; fill: string | null } {
  if (!colour) return { text, fill: null };
  return {
    text: `${TRAFFIC_SYMBOLS[colour]} ${text}${
      word ? ` (${say(ctx.lang, COLOUR_WORDS[colour])})` : ''
    }`,
    fill: TRAFFIC_FILLS[colour],
  };
}

/**
 * The seed's table 1: fidelity per core element at start and end, the end coloured by the change.
 */
function fidelityTable(rows: FidelityRow[], ctx: ReportContext): TableBlock {
  const t = (w: Words) => say(ctx.lang, w);
  const body: string[][] = [];
  const fills: (string | null)[][] = [];
  for (const r of rows) {
    const end = lightCell(ctx.f.percentNumber(r.share_end, 0), r.colour, ctx);
    const change = lightCell(ctx.f.signed(r.change_pp, 1, true), r.colour, ctx, true);
    const spread =
      r.spread_min === null
        ? '–'
        : `${ctx.f.signed(r.spread_min, 0, true)} ${t({ en: 'to', da: 'til' })} ` +
          `${ctx.f.signed(r.spread_max, 0, true)}`;
    body.push([
      elementOf(ctx, r.element),
      ctx.f.percentNumber(r.share_start, 0),
      end.text,
      r.change_pp === null ? why(r.problem, ctx) || '–' : change.text,
      spread,
      `${r.n_start ?? '–'} / ${r.n_end ?? '–'}`,
    ]);
    fills.push([null, null, end.fill, r.change_pp === null ? null : change.fill, null, null]);
  }
  return {
    kind: 'table',
    id: 'survey-fidelity',
    caption: t({
      en: 'Fidelity per core element at start and end (share agreeing, %)',
      da: 'Fidelitet fordelt på kerneelementer ved start og slut (andel enige, pct.)',
    }),
    head: [
      t({ en: 'Core element', da: 'Kerneelement' }),
      t(WAVE.start),
      t(WAVE.end),
      t({ en: 'Change, pp', da: 'Ændring, pct.-point' }),
      t({
        en: 'Municipalities: lowest to highest change, pp',
        da: 'Kommuner: laveste til højeste ændring, pct.-point',
      }),
      t({ en: 'Answers, start / end', da: 'Svar, start / slut' }),
    ],
    rows: body,
    fills,
    align: ['l', 'r', 'r', 'r', 'r', 'r'],
    note: t({
      en:
        '▲ green: an increase of more than 5 percentage points since the start; ' +
        '■ yellow: a change from −5 to +5 points; ▼ red: a fall of more than 5 ' +
        'points (decided on the exact counts). Shares are of all answers at ' +
        'each wave.',
      da:
        '▲ grøn: en stigning på mere end 5 procentpoint siden startmålingen; ■ ' +
        'gul: en ændring på mellem −5 og +5 procentpoint; ▼ rød: et fald på ' +
        'mere end 5 procentpoint (afgjort på de præcise antal). Andelene er af ' +
        'alle svar ved hver måling.',
    }),
  };
}

/** Municipalities × elements: each cell the change in pp with its light. */
function municipalityTable(s: SurveyResults, ctx: ReportContext): TableBlock {
  const t = (w: Words) => say(ctx.lang, w);
  const elements = (s.fidelity ?? []).map((f) => f.element);
  const rows = s.fidelityByMunicipality ?? [];
  const municipalities = [...new Set(rows.map((r) => r.municipality))];
  const body: string[][] = [];
  const fills: (string | null)[][] = [];
  for (const m of municipalities) {
    const cells = elements.map((e) => {
      const r = rows.find((x) => x.municipality === m && x.element === e);
      if (!r || r.change_pp === null)
        return {
          text: isHidden(r?.problem) ? t({ en: 'hidden', da: 'skjult' }) : '–',
          fill: null,
        };
      return lightCell(ctx.f.signed(r.change_pp, 1, true), r.colour, ctx);
    });
    body.push([municipalityLabel(m), ...cells.map((c) => c.text)]);
    fills.push([null, ...cells.map((c) => c.fill)]);
  }
  return {
    kind: 'table',
    id: 'survey-fidelity-municipalities',
    caption: t({
      en: 'Change in fidelity per municipality and core element, percentage points',
      da: 'Ændring i fidelitet pr. kommune og kerneelement, pct.-point',
    }),
    head: [t({ en: 'Municipality', da: 'Kommune' }), ...elements.map((e) => elementOf(ctx, e))],
    rows: body,
    fills,
    align: ['l', ...elements.map(() => 'r' as const)],
    note: t({
      en: `▲ green above +5, ■ yellow −5 to +5, ▼ red below −5 percentage points.${
        ctx.minCell > 0 ? ` Hidden: fewer than ${ctx.f.count(ctx.minCell)} answers at a wave.` : ''
      }`,
      da: `▲ grøn over +5, ■ gul −5 til +5, ▼ rød under −5 procentpoint.${
        ctx.minCell > 0 ? ` Skjult: færre end ${ctx.f.count(ctx.minCell)} svar ved en måling.` : ''
      }`,
    }),
  };
}

/** File names of the survey figures inside figures/. */
export const SURVEY_FIGURES = {
  progression: 'survey-progression',
  fidelity: 'survey-fidelity',
} as const;

/** The survey figures: file name (without .svg) → SVG text. */
export function surveyFigures(
  s: SurveyResults,
  ctx: ReportContext,
  bare = false,
): { file: string; svg: string }[] {
  const t = (w: Words) => say(ctx.lang, w);
  const L = ctx.f.levelLabel(ctx.level);
  const out: { file: string; svg: string }[] = [];
  if (s.progression && s.progression.length > 0) {
    out.push({
      file: SURVEY_FIGURES.progression,
      svg: progressionChart({
        bare,
        lang: ctx.lang,
        title: t({
          en: 'Change from start to follow-up per question',
          da: 'Ændring fra start til opfølgning pr. spørgsmål',
        }),
        xLabel: t({
          en: 'Mean change on the answer scale (follow-up − start)',
          da: 'Gennemsnitlig ændring på svarskalaen (opfølgning − start)',
        }),
        note: t({
          en:
            `Lines: ${L} confidence interval (paired t). ● filled and ★: ` +
            `significant after Holm adjustment (Wilcoxon, p < ` +
            `${ctx.f.signed(alpha(ctx.level), 2)}); ○ open: not significant.`,
          da:
            `Linjer: ${L} konfidensinterval (parret t-test). ● udfyldt og ` +
            `★: signifikant efter Holm-korrektion (Wilcoxon, p < ` +
            `${ctx.f.signed(alpha(ctx.level), 2)}); ○ åben: ikke signifikant.`,
        }),
        missingLabel: t({ en: 'no estimate', da: 'intet estimat' }),
        rows: s.progression.map((r) => ({
          label: itemOf(ctx, r.item),
          change: r.change,
          low: r.ci_low,
          high: r.ci_high,
          significant: r.significant,
          n: r.n,
        })),
      }),
    });
  }
  if (s.fidelity && s.fidelity.length > 0) {
    out.push({
      file: SURVEY_FIGURES.fidelity,
      svg: fidelityChart({
        bare,
        lang: ctx.lang,
        title: t({
          en: 'Fidelity per core element at start and end',
          da: 'Fidelitet pr. kerneelement ved start og slut',
        }),
        xLabel: t({ en: 'Share agreeing', da: 'Andel enige' }),
        note: t({
          en:
            '○ start; at the end: ▲ green (up more than 5 percentage points), ■ ' +
            'yellow (−5 to +5), ▼ red (down more than 5). The number at the right ' +
            'is the change in percentage points.',
          da:
            '○ start; ved slut: ▲ grøn (stigning på mere end 5 procentpoint), ■ gul ' +
            '(−5 til +5), ▼ rød (fald på mere end 5). Tallet til højre er ændringen ' +
            'i procentpoint.',
        }),
        rows: s.fidelity.map((r) => ({
          label: elementOf(ctx, r.element),
          start: r.share_start,
          end: r.share_end,
          colour: r.colour,
          changeText: ctx.f.signed(r.change_pp, 1, true),
        })),
      }),
    });
  }
  return out;
}

function figure(file: string, caption: string, alt: string): FigureBlock {
  return { kind: 'figure', file, caption, alt };
}

/** The survey section: headings, file counts, tables and figures. */
export function surveySection(s: SurveyResults, ctx: ReportContext): Block[] {
  const t = (w: Words) => say(ctx.lang, w);
  const out: Block[] = [];
  if (s.progression && s.files.progression) {
    const sig = s.progression.filter((r) => r.significant === true).length;
    out.push(
      heading(
        2,
        t({ en: 'Progression: start and follow-up', da: 'Progression: start og opfølgning' }),
      ),
    );
    out.push(...fileParagraph(s.files.progression, 'progression', ctx));
    out.push(
      paragraph(
        t({
          en:
            `${sig} of ${s.progression.length} questions changed significantly ` +
            `from start to follow-up after adjusting for testing ${s.progression.length} ` +
            `questions (Holm).`,
          da:
            `${sig} af ${s.progression.length} spørgsmål ændrede sig signifikant ` +
            `fra start til opfølgning, når der er korrigeret for, at der ` +
            `testes ${s.progression.length} spørgsmål (Holm).`,
        }),
      ),
    );
    out.push(progressionTable(s.progression, ctx));
    out.push(
      figure(
        SURVEY_FIGURES.progression,
        t({
          en: 'Change per question with its confidence interval',
          da: 'Ændring pr. spørgsmål med konfidensinterval',
        }),
        t({
          en: 'Mean change per question; significant questions filled and starred',
          da: 'Gennemsnitlig ændring pr. spørgsmål; signifikante spørgsmål udfyldt og med stjerne',
        }),
      ),
    );
  }
  if (s.fidelity && s.files.fidelity) {
    const count = (c: TrafficLight) => s.fidelity!.filter((r) => r.colour === c).length;
    out.push(
      heading(
        2,
        t({ en: 'Fidelity to the programme model', da: 'Fidelitet i forhold til programmodellen' }),
      ),
    );
    out.push(...fileParagraph(s.files.fidelity, 'fidelity', ctx));
    out.push(
      paragraph(
        t({
          en:
            `Agreeing answers (${(s.agree ?? []).join(', ')}) per core element ` +
            `at the start and the end: ${count('green')} elements green, ` +
            `${count('yellow')} yellow, ${count('red')} red.`,
          // Traffic lights counted without adjective agreement ("1 gule" read wrong).
          da:
            `Enige svar (${(s.agree ?? []).join(', ')}) pr. kerneelement ` +
            `ved start og slut. Trafiklys for de ${s.fidelity.length} kerneelementer: ` +
            `grøn ${count('green')}, gul ${count('yellow')}, rød ${count('red')}.`,
        }),
      ),
    );
    out.push(fidelityTable(s.fidelity, ctx));
    out.push(
      figure(
        SURVEY_FIGURES.fidelity,
        t({
          en: 'Fidelity per core element at start and end',
          da: 'Fidelitet pr. kerneelement ved start og slut',
        }),
        t({
          en:
            'Share agreeing at start and end per element, with the traffic light as ' +
            'colour and symbol',
          da: 'Andel enige ved start og slut pr. element med trafiklyset som farve og symbol',
        }),
      ),
    );
    if ((s.fidelityByMunicipality ?? []).length > 0) out.push(municipalityTable(s, ctx));
  }
  return out;
}
