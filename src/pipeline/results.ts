/**
 * The shape of results.json (contract, "Output"). Every stage's result is
 * plain data; the report and the CSV/SVG writers only read this.
 */
import type { CohortName, Group } from '../design/cells.js';
import type {
  AdjustedEstimate,
  BalanceRow,
  BootstrapResult,
  CellDidEstimate,
  DidEstimate,
  MunicipalityEstimate,
} from '../estimators/did/index.js';
import type { CoxDiD } from '../estimators/survival/index.js';
import type { ModeratorResult, VariationResult } from '../estimators/variation/index.js';
import type { ShareCell } from '../outcomes/shares.js';
import type { EventStudyOutcomeResult } from './eventstudy.js';
import type { SurveyResults } from './survey.js';
import type { MunicipalityVariationFields, PlaceboRow } from './variation.js';

export type { BalanceRow, BootstrapResult } from '../estimators/did/index.js';
export type { EventStudyOutcomeResult } from './eventstudy.js';

/** The estimators' result shape, as results.json keeps it. */
export type Estimate = DidEstimate;

export interface WeeklyEffect extends CellDidEstimate {
  week: number;
}

export interface PooledEffect extends CellDidEstimate {
  weeks: [number, number];
  bootstrap: BootstrapResult | null;
  /** Persons with person-weeks in the pooled weeks, per cell (index = cell); disclosure control rests the pooled cells on them. */
  cell_persons?: number[];
}

export type AdjustedEffect = AdjustedEstimate;
/** A treated municipality's own effect (persons as units on its side) with what the placebo distribution and shrinkage say about it. */
export type MunicipalityEffect = MunicipalityEstimate &
  MunicipalityVariationFields & {
    /** Persons per cell (index = cell): all comparison persons in cells 0, 1; this municipality's in 2, 3 (disclosure control rests its cells on them). */
    cell_persons?: number[];
  };

export interface ShareOutcomeResult {
  type: 'share';
  title: string;
  state: string;
  population: 'in-programme' | 'started';
  pooled: PooledEffect;
  pooled_adjusted: AdjustedEffect | null;
  weekly: WeeklyEffect[];
  weekly_since_entry: WeeklyEffect[];
  cells: ShareCell[];
  cells_since_entry: ShareCell[];
  municipalities: MunicipalityEffect[];
  /** Smallest and largest per-municipality effect (the seed reports this spread). */
  municipality_range: { min: number | null; max: number | null };
  /** Every comparison municipality's effect as if it had been treated, against the other comparison municipalities. */
  placebo: PlaceboRow[];
  /** Cochran's Q, I², DerSimonian–Laird τ², the τ²-weighted mean and the shrunken range, over the informative municipalities. */
  heterogeneity: VariationResult['heterogeneity'];
  heterogeneity_problem?: string;
  /** WLS slope of the effects on each column of the municipality file. */
  moderators: ModeratorResult[];
  /**
   * Placebo estimates in the distribution (C), the minimum persons for an informative estimate, and the
   * municipality file's columns that are not moderators because a value is not a number (the first such value).
   */
  variation: {
    placebo_count: number;
    min_persons: number;
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

/** The Cox DiD as results.json keeps it: the estimator's fields without the full fit, plus a term table. */
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
  km: KmRow[];
  summary: KmSummary[];
  cox: CoxResult;
  duration_change: number | null;
  logrank: { chisq: number; df: number; p: number; comparison: string }[];
  /** Schoenfeld test of proportional hazards: global and per term (treated, during, treated·during); the report words the verdict. */
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
  /** What disclosure control (src/disclosure) hid, and why; the event study hides its own small cells (event_study_hidden). */
  suppression: {
    min_cell: number;
    cells_hidden: number;
    km_rows_hidden: number;
    municipality_effects_hidden: number;
    event_study_hidden: number;
    /** Parts with hidden numbers and why: 'small cell', 'derived from a hidden number', 'would reveal a hidden number'. */
    hidden?: { part: string; label: string; reasons: string[] }[];
  };
  balance: BalanceRow[];
  /** Persons per state by week since entry, per cell (counts; shares = count / row total). */
  state_distribution: {
    states: readonly string[];
    cells: { group: Group; cohort: CohortName; weeks: number[]; counts: (number | null)[][] }[];
  };
  outcomes: Record<string, OutcomeResult>;
  /** The event study per outcome (contract, "Event study over entry periods"); null without an eventStudy block. */
  eventStudy: Record<string, EventStudyOutcomeResult> | null;
  /** The survey side (contract, "Survey side"), present only when the spec has a progression or fidelity block. */
  survey?: SurveyResults;
  warnings: string[];
}

/** The input file as the manifest describes it (plain data; the report does not see the reader's Extract). */
export interface InputInfo {
  file: string;
  format: 'wide' | 'long';
  bytes: number;
  sha256: string;
}
