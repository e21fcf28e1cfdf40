/**
 * The whole evaluation as one pure function: extract + spec → Results.
 * read → cohorts → outcomes → estimators. It computes and hides nothing:
 * `--min-cell` is the disclosure stage's alone (src/disclosure, called by
 * runEvaluation and `effekt survey`), between these results and every
 * writer.
 */

import path from 'node:path';
import { formatSerial } from '../calendar/isoweek.js';
import { buildCohorts, type CohortBuild } from '../cohorts/cohorts.js';
import { CELL_NAMES, CELLS, cellLabel, memberCell } from '../design/cells.js';
import type { CellSums, PersonRows } from '../estimators/did/index.js';
import * as did from '../estimators/did/index.js';
import {
  computeShares,
  poolSums,
  type ShareResult,
  type ShareSeries,
  shareCells,
} from '../outcomes/shares.js';
import { stateDistribution } from '../outcomes/states.js';
import type { Extract } from '../read/extract.js';
import type { MunicipalityData } from '../read/municipalityData.js';
import type {
  MunicipalityEffect,
  OutcomeResult,
  PlaceboCohortEffect,
  PooledEffect,
  Results,
  ResultWarning,
  ShareOutcomeResult,
  WeeklyEffect,
} from '../results/results.js';
import { auditSpec } from '../spec/audit.js';
import { type CompiledSpec, compileSpec } from '../spec/compile.js';
import { type BeforeCohortOverlap, beforeCohortOverlap } from '../spec/overlap.js';
import type { ShareOutcome, Spec } from '../spec/spec.js';
import { VERSION } from '../version.js';
import { municipalityCellPersons, pooledCellPersons } from './cellpersons.js';
import { balance, covariateRows, type MemberCovariates } from './covariates.js';
import { pendingHeadline, withHeadlines } from './headline.js';
import { type SideResults, sideAnalyses } from './side.js';
import { type SideThread, sideOnAnotherThread } from './side-thread.js';
import { type StageListener, timed } from './stages.js';
import { evaluateSurvey } from './survey.js';
import type { SurveyInputs } from './surveyRead.js';
import { outcomeVariation, pooledPersonsPerCluster } from './variation.js';

export type { StageListener };

export interface EvaluateOptions {
  /** The spec's municipality file, read (moderators of the per-municipality effects). */
  municipalityData?: MunicipalityData | null;
  onStage?: StageListener;
  onBootstrap?: (done: number, total: number) => void;
  /** The survey files read for the spec's optional survey blocks. */
  survey?: SurveyInputs;
}

/** The whole evaluation on this thread. */
export function evaluate(x: Extract, spec: Spec, opts: EvaluateOptions = {}): Results {
  const run = begin(x, spec, opts);
  const shares = shareOutcomes(run);
  return finish(run, shares, sideAnalyses(x, run.plan, run.built, opts.onStage));
}

/**
 * The same evaluation with the side analyses (survival outcomes, event study) on a second thread
 * while this one computes the share outcomes: the same pure functions on the same inputs, so the
 * same numbers, in about the time of the longer half. On one thread when the machine has one core
 * or the worker cannot run (see side-thread.ts).
 */
export async function evaluateInParallel(
  x: Extract,
  spec: Spec,
  opts: EvaluateOptions = {},
  /** A worker started earlier (startSideThread), else one is started now. */
  thread?: SideThread | null,
): Promise<Results> {
  const run = begin(x, spec, opts);
  const side =
    thread === undefined
      ? sideOnAnotherThread(x, run.plan, run.built, opts.onStage)
      : (thread?.run(x, run.plan, run.built, opts.onStage) ?? null);
  const shares = shareOutcomes(run);
  const done = side && (await side);
  return finish(run, shares, done ?? sideAnalyses(x, run.plan, run.built, opts.onStage));
}

/** What every part of one evaluation shares: the compiled spec, the cohorts, the warnings so far. */
interface Run {
  x: Extract;
  spec: Spec;
  opts: EvaluateOptions;
  plan: CompiledSpec;
  built: CohortBuild;
  warnings: ResultWarning[];
  overlap: BeforeCohortOverlap;
  covRows: MemberCovariates;
  time: <T>(name: string, fn: () => T) => T;
}

function begin(x: Extract, spec: Spec, opts: EvaluateOptions): Run {
  const time = <T>(name: string, fn: () => T): T => timed(name, fn, opts.onStage);
  const plan = compileSpec(spec, x);
  const built = time('cohorts', () => buildCohorts(x, plan));
  const warnings: ResultWarning[] = [...auditSpec(spec, x).warnings];
  const without = built.treatedWithoutMembers;
  if (without.length > 0) {
    warnings.push({
      code: 'treated-without-members',
      message:
        `treated municipalit${without.length > 1 ? 'ies' : 'y'} ${without.join(', ')} ` +
        `ha${without.length > 1 ? 've' : 's'} no cohort members in the ` +
        `extract`,
      values: { municipalities: [...without] },
    });
  }
  if (built.members.size === 0)
    warnings.push({
      code: 'no-starts',
      message: 'no person started the programme in either entry window: nothing to estimate',
      values: {},
    });
  else {
    for (const cell of CELLS) {
      if (built.cellSizes[cell] === 0) {
        const { group, cohort } = cellLabel(cell);
        warnings.push({
          code: 'empty-cell',
          message: `the cell ${CELL_NAMES[cell]} has no members: no effect can be estimated`,
          values: { group, cohort },
        });
      }
    }
  }
  const overlap = beforeCohortOverlap(spec);
  if (overlap.pooledOverlap > 0 || overlap.followedOverlap > 0)
    warnings.push(overlapWarning(spec, overlap));
  const gaps = x.weekPresent.reduce((a, v) => a + (v === 0 ? 1 : 0), 0);
  if (gaps > 0)
    warnings.push({
      code: 'week-columns-missing',
      message:
        `${gaps} week${gaps > 1 ? 's' : ''} inside the extract's range ` +
        `have no column and read as "no benefit"`,
      values: { weeks: gaps },
    });

  // Covariates per membership, once: the balance table and every adjusted model use them.
  const covRows = covariateRows(x, spec, built);
  return { x, spec, opts, plan, built, warnings, overlap, covRows, time };
}

/** Every share outcome of the spec, by id. */
function shareOutcomes(run: Run): Record<string, ShareOutcomeResult> {
  const { x, spec, plan, built, covRows, warnings, opts, time } = run;
  const outcomes: Record<string, ShareOutcomeResult> = {};
  for (const outcome of spec.outcomes) {
    if (outcome.type === 'share') {
      if (outcome.state.hoursAbove !== null && x.hoursKind === 'none') {
        warnings.push({
          code: 'no-hours-columns',
          message:
            `outcome "${outcome.id}" measures hours, but the extract has ` +
            `no hours columns: every week counts as 0 hours`,
          values: { outcome: outcome.id },
        });
      }
      const shares = time(`shares:${outcome.id}`, () => computeShares(x, plan, built, outcome));
      outcomes[outcome.id] = time(`did:${outcome.id}`, () =>
        shareOutcome(spec, built, covRows, outcome, shares, opts),
      );
    }
  }
  return outcomes;
}

/** The results: the outcomes in the spec's order, the placebo cohort, the data and the headlines. */
function finish(run: Run, shares: Record<string, ShareOutcomeResult>, side: SideResults): Results {
  const { x, spec, built, warnings, overlap, covRows, time, plan, opts } = run;
  const outcomes: Record<string, OutcomeResult> = {};
  for (const o of spec.outcomes) outcomes[o.id] = shares[o.id] ?? side.survival[o.id];
  if (spec.cohorts.placebo) time('placebo-cohort', () => placeboCohort(x, spec, overlap, outcomes));

  const eventStudy = side.eventStudy;

  const results: Results = {
    tool: { name: 'effekt', version: VERSION },
    spec: { name: spec.name, title: spec.title },
    inference: { ...spec.inference },
    data: {
      // The file's name only: no folder of the secure environment leaves it, and a rerun elsewhere
      // gives the same bytes.
      file: path.basename(x.file),
      sha256: x.sha256,
      first_week: formatSerial(x.firstWeek),
      last_week: formatSerial(x.firstWeek + x.weeks - 1),
      persons_read: built.persons.read,
      persons_in_cohorts: built.persons.inCohort,
      persons_in_both_cohorts: built.persons.inBoth,
      excluded: { ...built.persons.excluded },
      cells: CELLS.map((c) => ({ ...cellLabel(c), persons: built.cellSizes[c] })),
      municipalities: {
        treated: built.clusters.filter((c) => spec.treated.includes(c)).length,
        comparison: built.clusters.filter((c) => !spec.treated.includes(c)).length,
      },
      treated_without_members: built.treatedWithoutMembers,
    },
    suppression: {
      min_cell: 0,
      cells_hidden: 0,
      km_rows_hidden: 0,
      municipality_effects_hidden: 0,
      event_study_hidden: 0,
      hidden: [],
    },
    balance: time('balance', () => balance(covRows)),
    state_distribution: time('states', () => stateDistribution(x, plan, built)),
    outcomes,
    eventStudy,
    ...surveySide(spec, opts, warnings),
    before_cohort: {
      programme_start: formatSerial(overlap.programmeStart),
      pooled_weeks: [formatSerial(overlap.pooled[0]), formatSerial(overlap.pooled[1])],
      pooled_overlap_weeks: overlap.pooledOverlap,
      followed_overlap_weeks: overlap.followedOverlap,
      overlaps: overlap.pooledOverlap > 0 || overlap.followedOverlap > 0,
    },
    warnings,
  };
  // Computed, not yet disclosed: the caller passes these through src/disclosure before any writer
  // (which words the headlines again from the numbers it shows).
  return withHeadlines(results);
}

/**
 * `survey` in the results only when the spec has a survey block (a spec
 * without one gives the same results as before). runEvaluation reads the
 * files; a caller of evaluate that did not gets a warning naming the block,
 * never a silent gap.
 */
function surveySide(
  spec: Spec,
  opts: EvaluateOptions,
  warnings: ResultWarning[],
): Pick<Results, 'survey'> {
  if (!spec.progression && !spec.fidelity) return {};
  const given = opts.survey ?? {};
  const inputs = {
    ...(spec.progression && given.progression ? { progression: given.progression } : {}),
    ...(spec.fidelity && given.fidelity ? { fidelity: given.fidelity } : {}),
  };
  for (const block of ['progression', 'fidelity'] as const) {
    if (spec[block] && !inputs[block])
      warnings.push({
        code: 'survey-file-not-read',
        message: `the spec's "${block}" file was not read for this evaluation: no ${block} results`,
        values: { block },
      });
  }
  if (!inputs.progression && !inputs.fidelity) return {};
  return {
    survey: evaluateSurvey(inputs, {
      level: spec.inference.level,
      agree: spec.fidelity?.agree ?? [],
    }),
  };
}

function weeklyEffects(series: ShareSeries, level: number): WeeklyEffect[] {
  return series.sums.map((s, i) => {
    return { week: series.weeks[i], ...did.didFromCellSums(s, level) };
  });
}

function shareOutcome(
  spec: Spec,
  built: CohortBuild,
  cov: MemberCovariates,
  outcome: ShareOutcome,
  shares: ShareResult,
  opts: EvaluateOptions,
): ShareOutcomeResult {
  const level = spec.inference.level;
  const [from, to] = spec.pooled.weeks;
  const pooledSums: CellSums = poolSums(shares.calendar, from, to);
  const p = did.didFromCellSums(pooledSums, level);
  // Participating municipalities with pooled observations decide the bootstrap's weights (Webb when
  // few).
  const participating = pooledSums.clusters.map(
    (c, g) => spec.treated.includes(c) && pooledSums.n[4 * g + 2] + pooledSums.n[4 * g + 3] > 0,
  );
  const nParticipating = participating.filter(Boolean).length;
  const weights = did.weightKind(nParticipating);
  const bootstrap =
    spec.inference.bootstrap > 0 && p.estimate !== null
      ? did.wildClusterBootstrap(pooledSums, {
          replications: spec.inference.bootstrap,
          seed: spec.inference.seed,
          level,
          weights,
          onProgress: opts.onBootstrap,
        })
      : null;
  const eff =
    p.estimate === null
      ? null
      : did.effectiveClusters(did.cellSystem(pooledSums), did.INTERACTION, participating);
  // A second opinion where comparison municipalities are many: randomisation over who participates.
  const randomisation =
    spec.inference.bootstrap > 0 && p.estimate !== null
      ? did.randomisationP(pooledSums, participating, {
          replications: spec.inference.bootstrap,
          seed: spec.inference.seed,
        })
      : null;
  const rows: PersonRows = personRowsFor(built, cov, shares);
  const cellPersons = pooledCellPersons(rows);
  const pooled: PooledEffect = {
    ...p,
    weeks: [from, to],
    bootstrap,
    randomisation,
    effective_clusters: eff && {
      gstar: eff.gstar,
      participating: nParticipating,
      max_share: eff.max_share,
      municipality: pooledSums.clusters[eff.max_index],
    },
    cell_persons: cellPersons.all,
  };

  let adjusted: ShareOutcomeResult['pooled_adjusted'] = null;
  if (spec.data.covariates.length > 0) {
    const a = did.didWithCovariates(rows, level, {
      replications: spec.inference.bootstrap,
      seed: spec.inference.seed,
      weights,
      participating,
    });
    adjusted = a;
  }

  const treatedIdx = built.clusters.flatMap((c, g) => (spec.treated.includes(c) ? [g] : []));
  const own = timed(
    `municipalities:${outcome.id}`,
    () => did.perMunicipality(rows, treatedIdx, level),
    opts.onStage,
  );
  // Variation between municipalities: placebo, heterogeneity, moderators, from the pooled sums.
  const variation = timed(
    `variation:${outcome.id}`,
    () =>
      outcomeVariation(own, {
        pooled: pooledSums,
        treated: treatedIdx,
        personsPerCluster: pooledPersonsPerCluster(
          built.clusters.length,
          built.members,
          shares.pooledWeeks,
        ),
        moderators: opts.municipalityData?.moderators ?? [],
        level,
        seed: spec.inference.seed,
        minPersons: spec.variation.minPersons,
      }),
    opts.onStage,
  );
  const municipalities: MunicipalityEffect[] = variation.municipalities.map((m) => ({
    ...m,
    cell_persons: municipalityCellPersons(cellPersons, m.municipality),
  }));

  return {
    type: 'share',
    title: outcome.title,
    state: outcome.state.name,
    population: outcome.population,
    headline: pendingHeadline(),
    pooled,
    pooled_adjusted: adjusted,
    weekly: weeklyEffects(shares.calendar, level),
    weekly_since_entry: weeklyEffects(shares.sinceEntry, level),
    cells: shareCells(shares.calendar),
    cells_since_entry: shareCells(shares.sinceEntry),
    municipalities,
    municipality_range: range(
      municipalities.flatMap((m) => (m.estimate === null ? [] : [m.estimate])),
    ),
    placebo: variation.placebo.map((pl) => {
      const own = cellPersons.byCluster.get(pl.municipality) ?? [0, 0, 0, 0];
      const g = pooledSums.clusters.indexOf(pl.municipality);
      return {
        ...pl,
        cell_persons: [own[0], own[1]],
        // Its person-weeks before and during: the size-adjusted p's model, recomputed by
        // src/disclosure.
        cell_n: [pooledSums.n[4 * g], pooledSums.n[4 * g + 1]],
      };
    }),
    heterogeneity: variation.heterogeneity,
    ...(variation.heterogeneity_problem
      ? { heterogeneity_problem: variation.heterogeneity_problem }
      : {}),
    moderators: variation.moderators,
    variation: {
      placebo_count: variation.placebo_count,
      min_persons: variation.min_persons,
      size_model: variation.size_model,
      ignored_columns: (opts.municipalityData?.ignored ?? []).map((c) => ({
        name: c.name,
        line: c.line,
        value: c.value,
      })),
    },
  };
}

function range(v: number[]): { min: number | null; max: number | null } {
  return v.length === 0 ? { min: null, max: null } : { min: Math.min(...v), max: Math.max(...v) };
}

/**
 * The pooled person rows of one outcome: membership covariates plus that outcome's pooled weeks and
 * events.
 */
function personRowsFor(built: CohortBuild, cov: MemberCovariates, shares: ShareResult): PersonRows {
  return {
    clusters: built.clusters,
    cluster: built.members.cluster,
    cell: cov.cell,
    weight: shares.pooledWeeks,
    sumY: shares.pooledEvents,
    sumYY: shares.pooledEvents,
    person: built.members.person,
    covariates: cov.covariates,
  };
}

/**
 * The warning for a before cohort observed inside the programme period, with the clean
 * alternatives (report/report.ts words it in Danish; keep the two in step).
 */
export function overlapWarning(spec: Spec, o: BeforeCohortOverlap): ResultWarning {
  const parts = [
    o.pooledOverlap > 0
      ? `its pooled weeks ${formatSerial(o.pooled[0])}–${formatSerial(o.pooled[1])}`
      : null,
    o.followedOverlap > 0 ? `its follow-up to ${formatSerial(spec.cohorts.before.until)}` : null,
  ].filter((p) => p !== null);
  const pooledFix =
    o.cleanPooledLast > 0 ? ` and pooled.weeks to end at week ${o.cleanPooledLast} or earlier` : '';
  const message =
    `the before cohort overlaps the programme: ${parts.join(' and ')} ` +
    `fall on or after the programme's first week ${formatSerial(o.programmeStart)}; ` +
    'if the programme reached persons already in it, the effect is understated. ' +
    `Clean alternative: set cohorts.before.until to ${formatSerial(o.cleanUntil)}${pooledFix}; ` +
    ('or add an earlier cohort as cohorts.placebo, whose difference against ' +
      'the before cohort should be 0');
  const values: ResultWarning['values'] = {
    programme_start: formatSerial(o.programmeStart),
    clean_until: formatSerial(o.cleanUntil),
  };
  if (o.pooledOverlap > 0) {
    values.pooled_from = formatSerial(o.pooled[0]);
    values.pooled_to = formatSerial(o.pooled[1]);
  }
  if (o.followedOverlap > 0) values.followed_to = formatSerial(spec.cohorts.before.until);
  if (o.cleanPooledLast > 0) values.clean_pooled_last = o.cleanPooledLast;
  return { code: 'before-cohort-overlaps-programme', message, values };
}

/**
 * The placebo comparison of an earlier cohort (`cohorts.placebo`) against the before cohort, both
 * before the programme: the same pooled DiD with the placebo cohort as "before" and the before
 * cohort as "during", over calendar weeks 1 … k, k the last week the before cohort is observed
 * before the programme's first week. Both cohorts are without the programme, so it should be 0.
 * Disclosure control (src/disclosure/parts/share.ts) rests it on its four cells' persons.
 */
function placeboCohort(
  x: Extract,
  spec: Spec,
  overlap: BeforeCohortOverlap,
  outcomes: Record<string, OutcomeResult>,
): void {
  const placebo = spec.cohorts.placebo!;
  const before = spec.cohorts.before;
  const k = Math.min(placebo.weeks, before.weeks, overlap.cleanPooledLast);
  const weeks: [number, number] = [1, k];
  const shifted: Spec = {
    ...spec,
    cohorts: { before: placebo, during: { ...before, name: 'during' } },
    pooled: { weeks },
    eventStudy: null,
  };
  const level = spec.inference.level;
  const none = (problem: string): PlaceboCohortEffect => ({
    weeks,
    estimate: null,
    se: null,
    ci_low: null,
    ci_high: null,
    p: null,
    bootstrap_p: null,
    cell_persons: null,
    problem,
  });
  const plan = k >= 1 ? compileSpec(shifted, x) : null;
  const built = plan ? buildCohorts(x, plan) : null;
  for (const outcome of spec.outcomes) {
    const o = outcomes[outcome.id];
    if (outcome.type !== 'share' || o.type !== 'share') continue;
    if (!plan || !built) {
      o.placebo_cohort = none('the before cohort has no calendar week before the programme starts');
      continue;
    }
    const shares = computeShares(x, plan, built, outcome);
    const sums = poolSums(shares.calendar, 1, k);
    const persons = [0, 0, 0, 0];
    for (let i = 0; i < built.members.size; i++)
      if (shares.pooledWeeks[i] > 0) persons[memberCell(built.members, i)]++;
    const d = did.didFromCellSums(sums, level);
    const b =
      spec.inference.bootstrap > 0 && d.estimate !== null
        ? did.wildClusterBootstrap(sums, {
            replications: spec.inference.bootstrap,
            seed: spec.inference.seed,
            level,
          })
        : null;
    o.placebo_cohort = {
      weeks,
      estimate: d.estimate,
      se: d.se,
      ci_low: d.ci_low,
      ci_high: d.ci_high,
      p: d.p,
      bootstrap_p: b?.p ?? null,
      cell_persons: persons,
      ...(d.problem ? { problem: d.problem } : {}),
    };
  }
}
