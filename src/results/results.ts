/**
 * The shape of results.json (docs/definitions.md). Every stage's result is
 * plain data; the report and the CSV/SVG writers only read this.
 */

import type { CohortName, Group } from '../design/cells.js';
import type { EffektWarning } from '../errors.js';
import type {
  AdjustedEstimate,
  BalanceRow,
  BootstrapResult,
  CellDidEstimate,
  DidEstimate,
  EffectiveClustersOf,
  MunicipalityEstimate,
  RandomisationResult,
} from '../estimators/did/index.js';
import type {
  AttGt,
  EventTimeEffect,
  OverallEffect,
  PreTest,
  Sensitivity,
  SupTBand,
} from '../estimators/eventstudy/index.js';
import type { Colour } from '../estimators/survey/index.js';
import type { CoxDiD, RmstDid } from '../estimators/survival/index.js';
import type {
  ModeratorResult,
  MunicipalityFlag,
  SizeModel,
  VariationResult,
} from '../estimators/variation/index.js';
import type { ShareCell } from '../outcomes/shares.js';
import type { SurveyExclusion } from '../read/survey.js';
import type { EventStudyDef } from '../spec/spec.js';

export type { BalanceRow, BootstrapResult } from '../estimators/did/index.js';

/** The estimators' result shape, as results.json keeps it. */
export type Estimate = DidEstimate;

export interface WeeklyEffect extends CellDidEstimate {
  week: number;
}

export interface PooledEffect extends CellDidEstimate {
  weeks: [number, number];
  bootstrap: BootstrapResult | null;
  /**
   * Randomisation inference over which municipalities participate
   * (src/estimators/did/randomisation.ts); a second opinion.
   */
  randomisation?: RandomisationResult | null;
  /**
   * Carter–Schnepel–Steigerwald effective number of participating municipalities
   * (src/estimators/did/wild.ts).
   */
  effective_clusters: EffectiveClustersOf | null;
  /**
   * Persons with person-weeks in the pooled weeks, per cell (index = cell); disclosure control
   * rests the pooled cells on them.
   */
  cell_persons?: number[];
}

export type AdjustedEffect = AdjustedEstimate;
/**
 * A treated municipality's own effect (persons as units on its side) with what the placebo
 * distribution and shrinkage say about it.
 */
export type MunicipalityEffect = MunicipalityEstimate &
  MunicipalityVariationFields & {
    /**
     * Persons per cell (index = cell): all comparison persons in cells 0, 1; this municipality's in
     * 2, 3 (disclosure control rests its cells on them).
     */
    cell_persons?: number[];
  };

/** The earlier placebo cohort against the before cohort, both before the programme: should be 0. */
export interface PlaceboCohortEffect {
  /** Calendar weeks pooled (1 … the before cohort's last week before the programme's first). */
  weeks: [number, number];
  estimate: number | null;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p: number | null;
  /** Wild cluster bootstrap p (as pooled.bootstrap). */
  bootstrap_p: number | null;
  /**
   * Persons with pooled person-weeks per cell (0, 1: comparison placebo, before; 2, 3:
   * participating).
   */
  cell_persons: number[] | null;
  problem?: string;
}

export interface ShareOutcomeResult {
  type: 'share';
  title: string;
  state: string;
  population: 'in-programme' | 'started';
  /**
   * The one answer for this outcome (src/pipeline/headline.ts): every place that states it reads
   * this.
   */
  headline: Headline;
  pooled: PooledEffect;
  pooled_adjusted: AdjustedEffect | null;
  /** With cohorts.placebo: the earlier cohort against the before cohort (docs/definitions.md). */
  placebo_cohort?: PlaceboCohortEffect;
  weekly: WeeklyEffect[];
  weekly_since_entry: WeeklyEffect[];
  cells: ShareCell[];
  cells_since_entry: ShareCell[];
  municipalities: MunicipalityEffect[];
  /** Smallest and largest per-municipality effect (the seed reports this spread). */
  municipality_range: { min: number | null; max: number | null };
  /**
   * Every comparison municipality's effect as if it had been treated, against the other comparison
   * municipalities.
   */
  placebo: PlaceboRow[];
  /**
   * Cochran's Q, I², DerSimonian–Laird τ², the τ²-weighted mean and the shrunken range, over the
   * informative municipalities.
   */
  heterogeneity: VariationResult['heterogeneity'];
  heterogeneity_problem?: string;
  /** WLS slope of the effects on each column of the municipality file. */
  moderators: ModeratorResult[];
  /**
   * Placebo estimates in the distribution (C), the minimum persons for an informative estimate, and
   * the
   * municipality file's columns that are not moderators because a value is not a number (the first
   * such value).
   */
  variation: {
    placebo_count: number;
    min_persons: number;
    /**
     * Var(d) = a + b·(1/N_before + 1/N_during), fitted on the placebo estimates (Ferman–Pinto);
     * null when too few.
     */
    size_model?: SizeModel | null;
    ignored_columns: { name: string; line: number; value: string }[];
  };
}

export interface KmRow {
  group: Group;
  cohort: CohortName;
  week: number;
  at_risk: number | null;
  events: number | null;
  censored: number | null;
  survival: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

export interface KmSummary {
  group: Group;
  cohort: CohortName;
  n: number;
  events: number;
  median: number | null;
  median_ci_low: number | null;
  median_ci_high: number | null;
  /** Share who had the event within 26, 52 and 104 weeks: 1 − S(k). */
  started_26: number | null;
  started_52: number | null;
  started_104: number | null;
  rmst: number | null;
  rmst_se: number | null;
  rmst_horizon: number;
}

/**
 * The Cox DiD as results.json keeps it: the estimator's fields without the full fit, plus a term
 * table.
 */
export type CoxResult = Omit<CoxDiD, 'fit' | 'duration_change'> & {
  terms: {
    term: string;
    coef: number | null;
    hr: number | null;
    se: number | null;
    robust_se: number | null;
    p: number | null;
  }[];
  n: number;
  events: number;
  converged: boolean;
  iterations: number;
};

export interface SurvivalOutcomeResult {
  type: 'survival';
  title: string;
  event: string;
  censor_at_exit: boolean;
  /**
   * The one answer for this outcome (src/pipeline/headline.ts): every place that states it reads
   * this.
   */
  headline: Headline;
  km: KmRow[];
  summary: KmSummary[];
  cox: CoxResult;
  duration_change: number | null;
  /** Log-rank test that the four cells' curves are equal (not an effect test). */
  logrank: { chisq: number; df: number; p: number; comparison: string }[];
  /**
   * Restricted-mean survival DiD at 52 and 104 weeks with a municipality bootstrap
   * (src/estimators/survival/rmstdid.ts).
   */
  rmst_did?: RmstDid[];
  /**
   * Schoenfeld test of proportional hazards: global and per term (treated, during, treated·during);
   * the report words the verdict.
   */
  ph_check: {
    chisq: number | null;
    df: number;
    p: number | null;
    method: string;
    terms: PhTerm[];
  } | null;
}

export type OutcomeResult = ShareOutcomeResult | SurvivalOutcomeResult;

/** One term of the proportional-hazards test. */
export interface PhTerm {
  term: string;
  rho: number;
  chisq: number;
  df: number;
  p: number;
}

/**
 * Why a number is hidden by `--min-cell` (src/disclosure): a hidden number
 * is null, a hidden sentence or `problem` holds the code itself; the report
 * words it in its language.
 *   small-cell: rests on a group of 1 … N − 1 persons;
 *   derived: computed from a hidden number;
 *   reveals-hidden: a hidden number would follow from it by subtraction.
 */
export type HiddenReason = 'small-cell' | 'derived' | 'reveals-hidden';

/**
 * An aggregate the disclosure stage recomputed over the shown members only (the report says so).
 */
export type RecomputedWhat =
  // placebo distribution, Q/I²/τ², shrinkage, moderators over the shown municipalities
  | 'variation-without-hidden'
  | 'holm-over-shown-items' // Holm's family: the progression items shown
  // the overall fidelity rows: the municipalities shown
  | 'fidelity-overall-over-shown-municipalities';

export interface Recomputed {
  /** Where: the outcome id, or "survey". */
  part: string;
  what: RecomputedWhat;
}

export interface Results {
  tool: { name: 'effekt'; version: string };
  spec: { name: string; title: string };
  inference: { level: number; cluster: string; bootstrap: number; seed: number };
  data: {
    file: string;
    sha256: string;
    first_week: string;
    last_week: string;
    persons_read: number;
    persons_in_cohorts: number;
    persons_in_both_cohorts: number;
    excluded: Record<string, number>;
    cells: { group: Group; cohort: CohortName; persons: number }[];
    municipalities: { treated: number; comparison: number };
    treated_without_members: string[];
  };
  /** What disclosure control (src/disclosure, the only stage that hides) hid, and why. */
  suppression: {
    min_cell: number;
    cells_hidden: number;
    km_rows_hidden: number;
    municipality_effects_hidden: number;
    /** Event-study estimates hidden (ATT(g, p), ATT(e), overall). */
    event_study_hidden: number;
    /** Parts with hidden numbers and why. */
    hidden?: { part: string; label: string; reasons: HiddenReason[] }[];
    /** Aggregates recomputed without the hidden numbers they rested on (the report says so). */
    recomputed?: Recomputed[];
  };
  balance: BalanceRow[];
  /** Persons per state by week since entry, per cell (counts; shares = count / row total). */
  state_distribution: {
    states: readonly string[];
    cells: { group: Group; cohort: CohortName; weeks: number[]; counts: (number | null)[][] }[];
  };
  outcomes: Record<string, OutcomeResult>;
  /** The event study per outcome (docs/definitions.md, "Event study …"); null without the block. */
  eventStudy: Record<string, EventStudyOutcomeResult> | null;
  /** The survey side (docs/definitions.md, "Survey side"), with a progression or fidelity block. */
  survey?: SurveyResults;
  /**
   * The before cohort against the programme's first week (during entry or earliest start):
   * its pooled and followed weeks on or after it; overlaps → warning
   * 'before-cohort-overlaps-programme'.
   */
  before_cohort?: {
    programme_start: string;
    pooled_weeks: [string, string];
    pooled_overlap_weeks: number;
    followed_overlap_weeks: number;
    overlaps: boolean;
  };
  warnings: ResultWarning[];
}

/**
 * The input file as the manifest describes it (plain data; the report does not see the reader's
 * Extract).
 */
export interface InputInfo {
  file: string;
  format: 'wide' | 'long';
  bytes: number;
  sha256: string;
}

// Event study

export interface EventStudyPeriodRow {
  period: number;
  first_week: string;
  /**
   * Persons whose event-study entry falls in the period (used or not); null when hidden
   * (--min-cell).
   */
  persons: number | null;
  used: boolean;
  /** Why a period takes no part (null when it does). */
  why: string | null;
}

export interface EventStudyRound {
  /** Start period g (1-based, as in results.json). */
  group: number;
  first_week: string;
  municipalities: string[];
}

export interface EventStudyOutcomeResult {
  title: string;
  comparison: EventStudyDef['comparison'];
  horizon: [number, number];
  entry: { from: string; periods: number; length: number };
  /** G: municipalities with a person-week in a period that takes part. */
  clusters: number;
  /** Treated municipalities per start period. */
  rounds: EventStudyRound[];
  /**
   * Persons with an event-study entry, and those without by reason (persons read = entrants +
   * excluded).
   */
  entrants: number;
  excluded: Record<string, number>;
  /** n and min_persons (the fewest persons behind any of its cell means) are null when hidden. */
  att_gt: (Omit<AttGt, 'n'> & { n: number | null; min_persons: number | null })[];
  event_time: (Omit<EventTimeEffect, 'n'> & { n: number | null })[];
  overall: Omit<OverallEffect, 'n'> & { n: number | null };
  pretest: PreTest;
  /**
   * Rambachan–Roth relative-magnitudes sensitivity of the overall effect: breakdown value mbar,
   * bias80 beside it.
   */
  sensitivity: Sensitivity;
  band: SupTBand;
  periods: EventStudyPeriodRow[];
  /** Estimates hidden by --min-cell. */
  hidden: number;
}

// Variation between municipalities

export interface MunicipalityVariationFields {
  /** Permutation p-value against the placebo distribution. */
  p_perm: number | null;
  /** Conley–Taber-style interval from the placebo quantiles. */
  ct_low: number | null;
  ct_high: number | null;
  /** Empirical-Bayes (shrunken) estimate; null when not informative. */
  shrunk: number | null;
  /**
   * Size-adjusted (Ferman–Pinto) placebo p: estimates standardised by the size variance model
   * before ranking.
   */
  p_size?: number | null;
  /**
   * p_size after Holm's adjustment over the participating municipalities; a municipality stands out
   * only when it is below 1 − level.
   */
  p_size_holm?: number | null;
  /** Why the estimate is not informative (not drawn as such, in no pooled figure), or null. */
  flag: MunicipalityFlag | null;
}

export interface PlaceboRow {
  municipality: string;
  estimate: number | null;
  /**
   * Persons of the comparison municipality with person-weeks in the pooled window; null when hidden
   * (--min-cell).
   */
  persons: number | null;
  problem?: string;
  /**
   * Its persons with person-weeks in the pooled window, before and during (disclosure control rests
   * the placebo on them).
   */
  cell_persons?: number[];
  /** Its person-weeks before and during (the size-adjusted p's model of SE by size). */
  cell_n?: number[];
}

// Survey side

export interface ProgressionRow {
  item: string;
  /** Respondents with an answer at both waves. */
  n: number | null;
  mean_start: number | null;
  mean_follow: number | null;
  /** Mean of follow-up − start. */
  change: number | null;
  /** Standard error of the mean change, and its interval at the spec's level (t with n − 1 df). */
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  t: number | null;
  df: number | null;
  p_t: number | null;
  /** Wilcoxon signed-rank V (sum of the ranks of the positive changes). */
  v: number | null;
  /** Zero changes, left out of the signed-rank test. */
  zeros: number | null;
  p_wilcoxon: number | null;
  /** Holm-adjusted Wilcoxon p over the items. */
  p_holm: number | null;
  /** p_holm < 1 − level (alpha: 0.05 at 95 %, without float noise). */
  significant: boolean | null;
  /** Answers without a partner at the other wave. */
  unpaired_start: number | null;
  unpaired_follow: number | null;
  problem: string | null;
}

export interface FidelityRow {
  element: string;
  n_start: number | null;
  n_end: number | null;
  share_start: number | null;
  share_end: number | null;
  change_pp: number | null;
  colour: Colour | null;
  /** Smallest and largest of the municipalities' change_pp (those shown). */
  spread_min: number | null;
  spread_max: number | null;
  /** Municipalities with a change. */
  municipalities: number;
  problem: string | null;
}

export interface FidelityMunicipalityRow {
  municipality: string;
  element: string;
  n_start: number | null;
  n_end: number | null;
  share_start: number | null;
  share_end: number | null;
  change_pp: number | null;
  colour: Colour | null;
  problem: string | null;
}

/** What was read from one survey file, and what was left out by reason. */
export interface SurveyFileSummary {
  file: string;
  sha256: string;
  rows: number;
  /** The valid answer range (values outside it are counted as "value out of range"). */
  scale: [number, number] | null;
  answers_used: number;
  excluded: Record<SurveyExclusion, number>;
  unknown_municipalities: string[];
  respondents: number;
  /** Respondents whose answers are all from the start, or all from the follow-up/end. */
  respondents_start_only: number | null;
  respondents_second_only: number | null;
}

export interface SurveyResults {
  level: number;
  agree: number[] | null;
  files: { progression?: SurveyFileSummary; fidelity?: SurveyFileSummary };
  progression?: ProgressionRow[];
  fidelity?: FidelityRow[];
  fidelityByMunicipality?: FidelityMunicipalityRow[];
  suppression: {
    min_cell: number;
    progression_items_hidden: number;
    fidelity_rows_hidden: number;
    /** Numbers hidden, per part and reason (the same rule as the register side). */
    hidden?: { part: string; label: string; reasons: HiddenReason[] }[];
    recomputed?: Recomputed[];
  };
}

// Headline, verdicts and warnings: one answer per outcome, shown identically everywhere.

/** What a headline's interval and p come from. */
export type HeadlineInference =
  | 'cr1-t' // clustered (CR1), t with G − 1 degrees of freedom
  | 'wild-bootstrap' // wild cluster bootstrap: restricted p, interval by test inversion
  | 'cox-clustered' // Cox model, clustered (robust) SE
  | 'rmst-bootstrap' // restricted-mean difference-in-differences, cluster bootstrap
  | 'none'; // no inference keeps its size here: the estimate alone

/**
 * effect: the report says the programme changed the outcome; no-effect-shown: consistent with
 * none; hedged: a difference is shown, but a diagnostic of this outcome forbids reading it as the
 * programme's effect; not-testable: no available inference keeps its size with these
 * municipalities (the estimate is shown without a verdict).
 */
export type HeadlineVerdict = 'effect' | 'no-effect-shown' | 'hedged' | 'not-testable';

/** Why a verdict is what it is: a typed code with its numbers; the report words it. */
export type HeadlineReason =
  | { code: 'few-effective-clusters'; value: number; floor: number }
  // participating municipalities (value) below the floor an inference needs (the clustered Cox: 13)
  | { code: 'few-participating'; value: number; floor: number }
  | { code: 'dominant-municipality'; municipality: string; share: number }
  | { code: 'pretest-rejects'; p: number }
  | { code: 'pretest-power'; bias80: number }
  | { code: 'breakdown'; mbar: number | null }
  | { code: 'ph-rejected'; p: number }
  | { code: 'inferences-disagree'; p_cr1: number; p_bootstrap: number }
  | { code: 'before-cohort-overlaps-programme' }
  | { code: 'hidden'; reason: HiddenReason };

export interface Headline {
  estimate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p: number | null;
  inference: HeadlineInference;
  verdict: HeadlineVerdict;
  reasons: HeadlineReason[];
}

/** Stable English kebab-case code; the message is in the report's language. */
export type WarningCode = 'before-cohort-overlaps-programme' | (string & {});

export interface ResultWarning extends EffektWarning {
  code: WarningCode;
}
