/**
 * The shape of an audit's result (`effekt audit --json`, audit.json): plain
 * data, shared by the audit (src/audit) and its words and figure
 * (src/report/audit.ts). Every number is defined in docs/definitions.md
 * ("Size audit").
 */
import type { HeadlineVerdict } from './results.js';

/** The checks an audit counts (src/audit/verdicts.ts lists them in the table's order). */
export type CheckKind =
  | 'pooled'
  | 'adjusted'
  | 'pretest'
  | 'event-study'
  | 'survival'
  | 'municipality-flags';

export interface AuditRow {
  /** Outcome id, or ANY_OUTCOME for "any headline claims an effect". */
  outcome: string;
  /** 'any-headline' for the pooled row. */
  kind: CheckKind | 'any-headline';
  /** Replications in which the check gave an answer (claims true or false). */
  answered: number;
  /** Of those, replications in which it claimed an effect (pretest: rejected). */
  claims: number;
  /** claims / answered; null when nothing was answered. */
  rate: number | null;
  /** Monte Carlo standard error sqrt(rate·(1 − rate)/answered). */
  mc_se: number | null;
  /** Headline verdicts counted (headline checks only; empty otherwise). */
  verdicts: Partial<Record<HeadlineVerdict, number>>;
  /** What decided the claim, with how many replications each source decided. */
  sources: Record<string, number>;
}

export interface AuditResult {
  spec: { name: string; file: string };
  design: {
    municipalities: number;
    treated: string[];
    treated_without_persons: string[];
    persons: number;
    persons_treated: number;
    /** The largest participating municipality's share of the participants' persons. */
    largest_treated_share: number;
    largest_treated: string;
    first_week: string;
    last_week: string;
    inflow: [string, string];
    effect_from: string;
  };
  settings: {
    replications: number;
    effect: number;
    seed: number;
    bootstrap: number;
    level: number;
    persons: number;
    overrides: Record<string, unknown>;
  };
  /** Outcomes of the spec the simulator cannot produce, left out. */
  outcomes_left_out: string[];
  rows: AuditRow[];
  /** Replications whose evaluation stopped with an error, by message. */
  failures: Record<string, number>;
}
