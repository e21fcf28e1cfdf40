/**
 * Report section "Variation between municipalities" for one share outcome,
 * as Block[] in the report's language (docs/definitions.md, section of that name;
 * issue 15). It answers three questions in plain words: is the variation
 * real (Q, I², τ²), which municipalities stand out once chance is accounted
 * for (placebo p-value, Conley–Taber interval), does a moderator explain it;
 * the table says how each interval was made; the raw range is quoted with
 * the shrunken range beside it. The figures it refers to are drawn by
 * `variationFigures`.
 */
import { municipalityLabel } from '../../domain/municipalities.js';
import type { MunicipalityEstimate } from '../../estimators/did/index.js';
import { alpha as alphaOf } from '../../estimators/normal.js';
import { quantileType7, sortedValues } from '../../estimators/variation/index.js';
import type { OutcomeVariation } from '../../pipeline/variation.js';
import type { ShareOutcomeResult } from '../../results/results.js';
import type { ReportContext } from '../context.js';
import {
  type Block,
  type FigureBlock,
  heading,
  type Lang,
  paragraph,
  say,
  type TableBlock,
} from '../document.js';
import { significant } from '../format.js';
import { isHidden, problemWords } from '../hidden.js';
import { moderatorScatter, placeboChart, shrinkageForest } from './charts.js';

export type VariationOutcome = OutcomeVariation<MunicipalityEstimate> & {
  id: string;
  title: string;
  pooledWeeks: [number, number];
  /** Columns of the municipality file that are not moderators (a value is not a number). */
  ignoredColumns?: { name: string; line: number; value: string }[];
  /** A moderator column's name in the report's language (the spec's `moderators`), by column. */
  moderatorNames?: Record<string, string>;
};

const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

/**
 * The outcome's title and the moderators' names in the report's language (results.json holds the
 * English title, the file the column names).
 */
function named(o: VariationOutcome, ctx: ReportContext): VariationOutcome {
  return {
    ...o,
    title: ctx.outcomeTitle(o.id, o.title),
    moderatorNames: Object.fromEntries(
      o.moderators.map((m) => [m.name, ctx.moderatorName(m.name)]),
    ),
  };
}

/** A moderator's name in the report: the spec's, else the column as the file names it. */
function moderatorName(o: VariationOutcome, column: string): string {
  return o.moderatorNames?.[column] ?? column;
}

/** What the section reads from a share outcome of results.json. */
export function variationView(id: string, o: ShareOutcomeResult): VariationOutcome {
  return {
    id,
    title: o.title,
    pooledWeeks: o.pooled.weeks,
    municipalities: o.municipalities,
    placebo: o.placebo,
    heterogeneity: o.heterogeneity,
    ...(o.heterogeneity_problem ? { heterogeneity_problem: o.heterogeneity_problem } : {}),
    moderators: o.moderators,
    placebo_count: o.variation.placebo_count,
    min_persons: o.variation.min_persons,
    ignoredColumns: o.variation.ignored_columns,
  };
}

function flagWords(lang: Lang, flag: string | null, minPersons: number, persons: number): string {
  switch (flag) {
    case 'few-persons':
      return say(lang, {
        en: `${persons} persons, fewer than the minimum of ${minPersons}`,
        da: `${persons} personer, færre end mindstekravet på ${minPersons}`,
      });
    case 'no-events':
      return say(lang, {
        en: 'nobody had the outcome in its cells',
        da: 'ingen havde udfaldet i kommunens celler',
      });
    case 'all-events':
      return say(lang, {
        en: 'everybody had the outcome in its cells',
        da: 'alle havde udfaldet i kommunens celler',
      });
    default:
      return '';
  }
}

const range = (v: number[]) => (v.length ? [Math.min(...v), Math.max(...v)] : null);

/**
 * The figure files of the section (without extension), shared by the blocks and the figure writer.
 */
export function variationFiles(
  id: string,
  moderators: readonly { name: string }[],
): { forest: string; placebo: string; moderators: string[] } {
  return {
    forest: `${id}-municipalities`,
    placebo: `${id}-placebo`,
    moderators: moderators.map((m) => `${id}-moderator-${m.name.replace(/[^A-Za-z0-9_-]+/g, '_')}`),
  };
}

/** The section's blocks. */
export function variationSection(view: VariationOutcome, ctx: ReportContext): Block[] {
  const o = named(view, ctx);
  const { lang, level, f } = ctx;
  const t = (da: string, en: string) => say(lang, { da, en });
  const alpha = alphaOf(level);
  const L = f.levelLabel(level);
  const files = variationFiles(o.id, o.moderators);
  const out: Block[] = [
    heading(3, t('Variation mellem kommunerne', 'Variation between municipalities')),
  ];
  const withEstimate = o.municipalities.filter((m) => m.estimate !== null);
  const informative = withEstimate.filter((m) => m.flag === null);
  const h = o.heterogeneity;
  const raw = range(informative.map((m) => m.estimate!));

  // 1. Is the variation real?
  if (raw && h) {
    const real = significant(h.p, level);
    const rng = `${f.pp(raw[0])} ${t('til', 'to')} ${f.pp(raw[1])}`;
    const shr = `${f.pp(h.shrunk_min)} ${t('til', 'to')} ${f.pp(h.shrunk_max)}`;
    out.push(
      paragraph(
        [
          informative.length === withEstimate.length
            ? t(
                `**Er variationen reel?** Effekterne i de ${informative.length} ` +
                  `deltagerkommuner spænder fra ${rng}.`,
                `**Is the variation real?** The effects of the ${informative.length} ` +
                  `participating municipalities range from ${rng}.`,
              )
            : t(
                `**Er variationen reel?** Effekterne i de ${informative.length} ` +
                  `deltagerkommuner med et informativt estimat (af ${withEstimate.length}) ` +
                  `spænder fra ${rng}.`,
                `**Is the variation real?** The effects of the ${informative.length} ` +
                  `participating municipalities with an informative estimate (of ` +
                  `${withEstimate.length}) range from ${rng}.`,
              ),
          real
            ? t(
                `Spredningen er større, end tilfældig variation inden for kommunerne ` +
                  `kan forklare (Cochrans Q = ${f.fixed(h.q, 1)} med ${h.df} frihedsgrader, ` +
                  `${f.pValue(h.p)}).`,
                `The spread is larger than sampling within the municipalities ` +
                  `can explain (Cochran's Q = ${f.fixed(h.q, 1)} on ${h.df} degrees ` +
                  `of freedom, ${f.pValue(h.p)}).`,
              )
            : t(
                `Spredningen er ikke større, end tilfældig variation inden for ` +
                  `kommunerne kan forklare (Cochrans Q = ${f.fixed(h.q, 1)} med ` +
                  `${h.df} frihedsgrader, ${f.pValue(h.p)}).`,
                `The spread is no larger than sampling within the municipalities ` +
                  `can explain (Cochran's Q = ${f.fixed(h.q, 1)} on ${h.df} degrees ` +
                  `of freedom, ${f.pValue(h.p)}).`,
              ),
          h.tau2 > 0
            ? t(
                `Omkring ${f.fixed(h.i2 * 100, 0)} pct. af spredningen skyldes ` +
                  `forskelle mellem kommunernes sande effekter (I²); deres standardafvigelse ` +
                  `anslås til ${f.fixed(Math.sqrt(h.tau2) * 100, 1)} pct.-point ` +
                  `(DerSimonian–Laird, τ² = ${f.fixed(h.tau2 * 1e4, 1)} pct.-point²).`,
                `About ${f.fixed(h.i2 * 100, 0)} % of the spread reflects differences ` +
                  `between the municipalities' true effects (I²); their standard ` +
                  `deviation is estimated at ${f.fixed(Math.sqrt(h.tau2) * 100, 1)} ` +
                  `pp (DerSimonian–Laird, τ² = ${f.fixed(h.tau2 * 1e4, 1)} pp²).`,
              )
            : t(
                'Intet tyder på forskelle mellem kommunernes sande effekter (I² = 0, τ² = 0).',
                "Nothing points to differences between the municipalities' true effects " +
                  '(I² = 0, τ² = 0).',
              ),
          t(
            `Trukket mod den gennemsnitlige kommuneeffekt på ${f.pp(h.mean)} ` +
              `(empirisk Bayes) spænder de fra ${shr}.`,
            `Shrunk toward the average municipality effect of ${f.pp(h.mean)} ` +
              `(empirical Bayes), they range from ${shr}.`,
          ),
        ].join(' '),
      ),
    );
  } else {
    out.push(
      paragraph(
        t(
          '**Er variationen reel?** Det kan ikke vurderes: færre end to kommuner ' +
            'har et informativt estimat med standardfejl.',
          '**Is the variation real?** This cannot be judged: fewer than two ' +
            'municipalities have an informative estimate with a standard error.',
        ),
      ),
    );
  }

  // 2. Which municipalities stand out once chance is accounted for?
  const C = o.placebo_count;
  if (C > 0) {
    // Only the size-adjusted p after Holm's adjustment may single a municipality out.
    const tested = withEstimate.filter((m) => m.p_size !== null && m.p_size !== undefined).length;
    const minP = Math.min(1, Math.max(1, tested) / (C + 1));
    const standOut = withEstimate.filter((m) => significant(m.p_size_holm ?? null, level));
    const names = standOut
      .map(
        (m) =>
          `${municipalityLabel(m.municipality)}: ${f.pp(m.estimate)}, ` +
          `${f.pValue(m.p_size_holm ?? null)}`,
      )
      .join('; ');
    const base = t(
      `**Hvilke kommuner skiller sig ud, når der tages højde for tilfældigheder?** ` +
        `Placebofordelingen giver svaret: hver af de ${C} sammenligningskommuner ` +
        `behandlet, som om den havde haft programmet, mod de øvrige.` +
        (' Hver effekt divideres med den usikkerhed, kommunens størrelse giver ' +
          '(Ferman–Pinto), før den sammenlignes;') +
        ` p-værdierne justeres med Holms metode for, at ${tested} kommuner testes.`,
      `**Which municipalities stand out once chance is accounted for?** ` +
        `The placebo distribution answers this: each of the ${C} comparison ` +
        `municipalities treated as if it had run the programme, against ` +
        `the others.` +
        (" Each effect is divided by the noise the municipality's size gives it " +
          '(Ferman–Pinto) before it is compared;') +
        ` the p-values are adjusted by Holm's method for testing ${tested} municipalities.`,
    );
    let verdict: string;
    if (!significant(minP, level))
      verdict = t(
        `Med ${C} placebokommuner og ${tested} testede kommuner er den ` +
          `mindst mulige justerede p-værdi ${f.fixed(minP, 3)}, så ingen ` +
          `kommune kan udpeges på ${L}-niveau.`,
        `With ${C} placebo municipalities and ${tested} tested the smallest ` +
          `possible adjusted p-value is ${f.fixed(minP, 3)}, so no municipality ` +
          `can be singled out at the ${L} level.`,
      );
    else if (standOut.length === 0)
      verdict = t(
        `Ingen kommune skiller sig ud på ${L}-niveau: alle effekter ligger ` +
          `inden for, hvad sammenligningskommunerne viser uden programmet.`,
        `No municipality stands out at the ${L} level: every effect lies ` +
          `within what comparison municipalities show without the programme.`,
      );
    else
      verdict = t(
        `På ${L}-niveau skiller ` +
          `${standOut.length === 1 ? 'én kommune' : `${standOut.length} kommuner`} ` +
          `sig ud: ${names}. Tabellen giver hver kommunes placebointerval.`,
        `At the ${L} level, ${
          standOut.length === 1
            ? 'one municipality stands'
            : `${standOut.length} municipalities stand`
        } out: ${names}. The table gives each municipality's placebo interval.`,
      );
    out.push(paragraph(`${base} ${verdict}`));
  } else {
    out.push(
      paragraph(
        t(
          '**Hvilke kommuner skiller sig ud?** Der er ingen placeboestimater ' +
            '(ingen sammenligningskommune med observationer i begge kohorter).',
          '**Which municipalities stand out?** There are no placebo estimates (no ' +
            'comparison municipality with observations in both cohorts).',
        ),
      ),
    );
  }

  // 3. Does a moderator explain it?
  if (o.moderators.length > 0) {
    const parts = o.moderators.map((mod) => {
      const m = { ...mod, name: moderatorName(o, mod.name) };
      if (m.slope === null)
        return t(
          `${m.name}: ingen hældning (årsagen står i results.json).`,
          `${m.name}: no slope (${m.problem ?? 'unknown reason'}).`,
        );
      const unit = t('pr. enhed', 'per unit');
      const per = `${f.pp(m.slope, 2)} ${unit} (SE ${f.fixed(m.se! * 100, 2)})`;
      const how = m.exact
        ? t(
            `eksakt permutationstest over alle ${f.count(m.permutations ?? 0)} ombytninger`,
            `exact permutation test over all ${f.count(m.permutations ?? 0)} orderings`,
          )
        : t(
            `permutationstest over ${f.count(m.permutations ?? 0)} tilfældige ombytninger`,
            `permutation test over ${f.count(m.permutations ?? 0)} random orderings`,
          );
      const explains = significant(m.p_perm, level);
      const verdict = explains
        ? t(
            `kommuner med højere ${lowerFirst(m.name)} havde ` +
              `${m.slope > 0 ? 'større' : 'mindre'} effekter`,
            `municipalities with higher ${lowerFirst(m.name)} had ` +
              `${m.slope > 0 ? 'larger' : 'smaller'} effects`,
          )
        : t(
            `intet tegn på, at ${lowerFirst(m.name)} forklarer variationen`,
            `no sign that ${lowerFirst(m.name)} explains the variation`,
          );
      return `${m.name}: ${per}, ${f.pValue(m.p_perm)} (${how}): ${verdict}.`;
    });
    const noTau =
      h !== null && h.tau2 === 0
        ? t(
            ' Bemærk: der er ingen variation ud over tilfældighed at forklare (τ² = 0).',
            ' Note: there is no variation beyond chance to explain (τ² = 0).',
          )
        : '';
    out.push(
      paragraph(
        `${t(
          '**Forklarer en kommunekarakteristik variationen?** Vægtet regression af effekten på',
          '**Does a municipality characteristic explain it?** Weighted regression of the effect on',
        )} ${t(
          'hver variabel i kommunefilen (vægte 1/(SE² + τ²)).',
          'each column of the municipality file (weights 1/(SE² + τ²)).',
        )} ${parts.join(' ')}${noTau}`,
      ),
    );
  }
  const ignored = o.ignoredColumns ?? [];
  if (ignored.length > 0) {
    const list = ignored
      .map((c) =>
        t(`${c.name} (linje ${c.line}: "${c.value}")`, `${c.name} (line ${c.line}: "${c.value}")`),
      )
      .join(', ');
    out.push(
      paragraph(
        t(
          `Kolonner i kommunefilen, der ikke kun indeholder tal, indgår ` +
            `ikke som forklarende variable: ${list}.`,
          `Columns of the municipality file that do not hold only numbers ` +
            `are not used as moderators: ${list}.`,
        ),
      ),
    );
  }

  const flagged = withEstimate.filter((m) => m.flag !== null);
  if (flagged.length > 0) {
    out.push(
      paragraph(
        t(
          'Ikke informative (vist, men gråt og uden for Q, τ², krympning og moderatorer): ',
          'Not informative (listed, drawn grey, and left out of Q, τ², shrinkage and moderators): ',
        ) +
          flagged
            .map(
              (m) =>
                `${municipalityLabel(m.municipality)}: ` +
                `${flagWords(lang, m.flag, o.min_persons, m.persons)}`,
            )
            .join('; ') +
          '.',
      ),
    );
  }

  out.push(
    figure(
      files.forest,
      t(
        'Effekt pr. deltagerkommune, sorteret efter effekt: rå og krympede estimater',
        'Effect per participating municipality, sorted by effect: raw and shrunken estimates',
      ),
      t(
        `Punkter og linjer: kommunens effekt med ${L} konfidensinterval ` +
          `fra stikprøvevariation inden for kommunen. Ruder: krympede estimater ` +
          `(empirisk Bayes). Stiplet linje: den gennemsnitlige kommuneeffekt ` +
          `(kommunerne vægtet efter præcision).`,
        `Dots and lines: the municipality's effect with its ${L} confidence ` +
          `interval from sampling within it. Diamonds: shrunken estimates ` +
          `(empirical Bayes). Dashed line: the average municipality effect ` +
          `(municipalities weighted by precision).`,
      ),
    ),
  );
  if (C > 0) {
    out.push(
      figure(
        files.placebo,
        t(
          'Placebofordelingen: sammenligningskommunerne som om de havde haft ' +
            'programmet, og deltagerkommunerne',
          'The placebo distribution: comparison municipalities as if they had run ' +
            'the programme, and the participating municipalities',
        ),
        t(
          `Stiplede linjer: placebofordelingens ${f.fixed((alpha / 2) * 100, 1)}- ` +
            `og ${f.fixed((1 - alpha / 2) * 100, 1)}-procent-fraktiler.`,
          `Dashed lines: the placebo distribution's ${f.fixed((alpha / 2) * 100, 1)} ` +
            `and ${f.fixed((1 - alpha / 2) * 100, 1)} percent quantiles.`,
        ),
      ),
    );
  }
  o.moderators.forEach((m, i) => {
    if (m.slope === null) return;
    out.push(
      figure(
        files.moderators[i],
        t(
          `Effekt mod ${moderatorName(o, m.name)}, med den vægtede regressionslinje`,
          `Effect against ${moderatorName(o, m.name)}, with the weighted regression line`,
        ),
      ),
    );
  });

  out.push(municipalityTable(o, ctx));
  if (o.moderators.length > 0) out.push(moderatorTable(o, ctx));
  return out;
}

function figure(file: string, caption: string, note?: string): FigureBlock {
  return { kind: 'figure', file, caption, alt: caption, ...(note ? { note } : {}) };
}

function municipalityTable(o: VariationOutcome, ctx: ReportContext): TableBlock {
  const { lang, level, f } = ctx;
  const t = (da: string, en: string) => say(lang, { da, en });
  const L = f.levelLabel(level);
  const interval = (a: number | null, b: number | null) =>
    a === null || b === null
      ? '–'
      : `${f.fixed(a * 100, 1)} ${t('til', 'to')} ${f.fixed(b * 100, 1)}`;
  const rows = [...o.municipalities].sort(
    (a, b) => (a.estimate ?? Infinity) - (b.estimate ?? Infinity),
  );
  const alpha = alphaOf(level);
  return {
    kind: 'table',
    id: `${o.id}-variation`,
    caption: t(
      'Effekt pr. deltagerkommune, med placebo-p-værdi og krympet estimat',
      'Effect per participating municipality, with placebo p-value and shrunken estimate',
    ),
    head: [
      t('Kommune', 'Municipality'),
      t('Personer', 'Persons'),
      t('Effekt', 'Effect'),
      t(`${L} KI, stikprøve (pct.-point)`, `${L} CI, sampling (pp)`),
      t('Placebo-p', 'Placebo p'),
      t('Størrelsesjusteret p (Holm)', 'Size-adjusted p (Holm)'),
      t(`${L} placebointerval (pct.-point)`, `${L} placebo interval (pp)`),
      t('Krympet', 'Shrunken'),
      t('Bemærkning', 'Note'),
    ],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    rows: rows.map((m) => [
      municipalityLabel(m.municipality),
      // A hidden municipality (--min-cell) does not show its number of persons either.
      m.estimate === null && isHidden(m.problem) ? '–' : f.count(m.persons),
      f.pp(m.estimate),
      interval(m.ci_low, m.ci_high),
      m.p_perm === null ? '–' : f.pCell(m.p_perm),
      m.p_size_holm === null || m.p_size_holm === undefined ? '–' : f.pCell(m.p_size_holm),
      interval(m.ct_low, m.ct_high),
      f.pp(m.shrunk),
      // The estimator's reason is English (results.json keeps it); the Danish report says it in
      // Danish.
      m.estimate === null
        ? lang === 'da'
          ? isHidden(m.problem)
            ? 'skjult (for få personer)'
            : 'kunne ikke estimeres'
          : (problemWords(m.problem, 'en', 0) ?? '')
        : flagWords(lang, m.flag, o.min_persons, m.persons),
    ]),
    note: t(
      `Effekt: kommunens personer mod alle sammenligningskommuner, ` +
        `kalenderuge ${o.pooledWeeks[0]}–${o.pooledWeeks[1]}. KI, stikprøve: ` +
        `± z·SE med kommunens personer som uafhængige enheder og sammenligningssiden ` +
        `klynget på kommune; det taler kun om stikprøvevariation inden ` +
        `for kommunen. Placebo-p: (1 + antal placeboeffekter med |d_c| ` +
        `≥ |d|)/(1 + ${o.placebo_count}). Størrelsesjusteret p: det samme ` +
        `for d/√(a + b·h), h = 1/N_før + 1/N_under (personuger), a og ` +
        `b fra placeboeffekternes d² (Ferman–Pinto), Holm-justeret over ` +
        `de testede kommuner; kun den kan udpege en kommune. Placebointerval ` +
        `(Conley–Taber): [d − q(${f.fixed(1 - alpha / 2, 3)}), d − q(${f.fixed(alpha / 2, 3)})], ` +
        `q fraktiler af de ${o.placebo_count} placeboeffekter (lineær ` +
        `interpolation mellem ordnede værdier). Krympet: d̄* + τ²/(τ² ` +
        `+ SE²)·(d − d̄*), DerSimonian–Laird τ².`,
      `Effect: the municipality's persons against all comparison municipalities, ` +
        `calendar weeks ${o.pooledWeeks[0]}–${o.pooledWeeks[1]}. CI, ` +
        `sampling: ± z·SE with the municipality's persons as independent ` +
        `units and the comparison side clustered by municipality; it ` +
        `speaks only of sampling within the municipality. Placebo p: ` +
        `(1 + number of placebo effects with |d_c| ≥ |d|)/(1 + ${o.placebo_count}). ` +
        `Size-adjusted p: the same for d/√(a + b·h), h = 1/N_before + ` +
        `1/N_during (person-weeks), a and b fitted on the placebo effects' ` +
        `d² (Ferman–Pinto), Holm-adjusted over the municipalities tested; ` +
        `only it can single a municipality out. Placebo interval (Conley–Taber): ` +
        `[d − q(${f.fixed(1 - alpha / 2, 3)}), d − q(${f.fixed(alpha / 2, 3)})], ` +
        `q quantiles of the ${o.placebo_count} placebo effects (linear ` +
        `interpolation between order statistics). Shrunken: d̄* + τ²/(τ² ` +
        `+ SE²)·(d − d̄*), DerSimonian–Laird τ².`,
    ),
  };
}

function moderatorTable(o: VariationOutcome, ctx: ReportContext): TableBlock {
  const { lang, f } = ctx;
  const t = (da: string, en: string) => say(lang, { da, en });
  return {
    kind: 'table',
    id: `${o.id}-moderators`,
    caption: t(
      'Kommunekarakteristikker og effekten',
      'Municipality characteristics and the effect',
    ),
    head: [
      t('Variabel', 'Column'),
      t('Hældning (pct.-point pr. enhed)', 'Slope (pp per unit)'),
      'SE',
      t('Permutations-p', 'Permutation p'),
      t('Ombytninger', 'Orderings'),
    ],
    align: ['l', 'r', 'r', 'r', 'r'],
    rows: o.moderators.map((m) => [
      moderatorName(o, m.name),
      m.slope === null ? '–' : f.fixed(m.slope * 100, 3),
      m.se === null ? '–' : f.fixed(m.se * 100, 3),
      m.p_perm === null ? '–' : f.pCell(m.p_perm),
      m.permutations === null ? '–' : f.count(m.permutations),
    ]),
    note: t(
      'Vægtet mindste kvadraters regression af kommunernes effekter på ' +
        'variablen med kendte varianser SE² + τ² (en metaregression). ' +
        'Permutations-p: andelen af ombytninger af variablen mellem ' +
        'deltagerkommunerne med en mindst lige så stejl hældning (alle M! når ' +
        'M! ≤ 1.000.000, ellers 100.000 tilfældige).',
      "Weighted least squares of the municipalities' effects on the column " +
        'with known variances SE² + τ² (a meta-regression). Permutation p: the ' +
        'share of orderings of the column among the participating ' +
        'municipalities with a slope at least as steep (all M! when M! ≤ ' +
        '1,000,000, else 100,000 random ones).',
    ),
  };
}

/** The section's SVG figures: file name (without extension) and SVG text. */
export function variationFigures(
  view: VariationOutcome,
  ctx: ReportContext,
  bare = false,
): { file: string; svg: string }[] {
  const o = named(view, ctx);
  const { lang, level, f } = ctx;
  const t = (da: string, en: string) => say(lang, { da, en });
  const L = f.levelLabel(level);
  const files = variationFiles(o.id, o.moderators);
  const alpha = alphaOf(level);
  const out: { file: string; svg: string }[] = [];
  const effectLabel = t('Effekt (pct.-point)', 'Effect (pp)');
  const notInformative = t('Ikke informativ', 'Not informative');
  out.push({
    file: files.forest,
    svg: shrinkageForest({
      bare,
      lang,
      title: t(
        `Effekt pr. deltagerkommune: ${o.title}`,
        `Effect per participating municipality: ${o.title}`,
      ),
      subtitle: t(
        `Hver kommune mod alle sammenligningskommuner, kalenderuge ` +
          `${o.pooledWeeks[0]}–${o.pooledWeeks[1]}; sorteret efter effekt.`,
        `Each municipality against all comparison municipalities, calendar ` +
          `weeks ${o.pooledWeeks[0]}–${o.pooledWeeks[1]}; sorted by effect.`,
      ),
      note: t(
        `Linjer: ${L} konfidensinterval fra stikprøvevariation inden ` +
          `for kommunen (dens personer som enheder).`,
        `Lines: ${L} confidence interval from sampling within the municipality ` +
          `(its persons as units).`,
      ),
      xLabel: effectLabel,
      pooled: o.heterogeneity?.mean ?? null,
      rows: o.municipalities.map((m) => ({
        label: municipalityLabel(m.municipality),
        estimate: m.estimate,
        low: m.ci_low,
        high: m.ci_high,
        shrunk: m.shrunk,
        n: m.estimate === null ? null : m.persons,
        informative: m.flag === null,
      })),
      labels: {
        estimate: t('Estimat', 'Estimate'),
        interval: t(`${L} konfidensinterval`, `${L} confidence interval`),
        shrunk: t('Krympet estimat', 'Shrunken estimate'),
        pooled: t('Gennemsnitlig kommuneeffekt', 'Average municipality effect'),
        notInformative,
        noEstimate: t('intet estimat', 'no estimate'),
      },
    }),
  });
  const placebo = o.placebo.flatMap((p) => (p.estimate === null ? [] : [p.estimate]));
  if (placebo.length > 0) {
    const sorted = sortedValues(placebo);
    const q = (p: number) => quantileType7(sorted, p);
    out.push({
      file: files.placebo,
      svg: placeboChart({
        bare,
        lang,
        title: t(`Placebofordelingen: ${o.title}`, `The placebo distribution: ${o.title}`),
        subtitle: t(
          `${placebo.length} sammenligningskommuner, hver som om den havde ` +
            `haft programmet, mod de øvrige.`,
          `${placebo.length} comparison municipalities, each as if it had ` +
            `run the programme, against the others.`,
        ),
        xLabel: effectLabel,
        placebo,
        quantiles: [q(alpha / 2), q(1 - alpha / 2)],
        treated: o.municipalities.map((m) => ({
          label: municipalityLabel(m.municipality),
          estimate: m.estimate,
          informative: m.flag === null,
        })),
        labels: {
          placeboRow: t('Sammenligningskommuner', 'Comparison municipalities'),
          placebo: t('Placeboeffekt', 'Placebo effect'),
          treated: t('Deltagerkommune', 'Participating municipality'),
          quantiles: t('Placebofraktiler', 'Placebo quantiles'),
          notInformative,
        },
      }),
    });
  }
  o.moderators.forEach((m, i) => {
    if (m.slope === null || m.intercept === null) return;
    out.push({
      file: files.moderators[i],
      svg: moderatorScatter({
        bare,
        lang,
        title: t(
          `Effekt mod ${moderatorName(o, m.name)}: ${o.title}`,
          `Effect against ${moderatorName(o, m.name)}: ${o.title}`,
        ),
        xLabel: moderatorName(o, m.name),
        yLabel: effectLabel,
        points: m.points.map((p) => ({
          label: municipalityLabel(p.municipality),
          x: p.x,
          y: p.estimate,
        })),
        line: { intercept: m.intercept, slope: m.slope },
        labels: {
          points: t('Deltagerkommune', 'Participating municipality'),
          line: t('Vægtet regressionslinje', 'Weighted regression line'),
        },
      }),
    });
  });
  return out;
}
