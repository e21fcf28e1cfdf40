/**
 * Counting an audit: for every check (outcome × kind), how many
 * replications gave an answer, how many claimed an effect, and the
 * headline verdicts; the rate with its Monte Carlo standard error.
 */
import type { AuditRow } from '../results/audit.js';
import { CHECKS, type CheckOutcome } from './verdicts.js';

export type { AuditRow } from '../results/audit.js';

/** The outcome id of the row that pools every headline of a replication. */
export const ANY_OUTCOME = '*';

/** Monte Carlo standard error of a proportion k/n: sqrt(p(1 − p)/n); null for n = 0. */
export function mcStandardError(k: number, n: number): number | null {
  if (n <= 0) return null;
  const p = k / n;
  return Math.sqrt((p * (1 - p)) / n);
}

const HEADLINE_KINDS: ReadonlySet<string> = new Set(['pooled', 'survival']);

/** Tallies replications one at a time. */
export class AuditTally {
  private readonly rows = new Map<string, AuditRow>();
  replications = 0;
  /** Replications whose evaluation stopped with an error, by message. */
  readonly failures: Record<string, number> = {};

  private row(outcome: string, kind: AuditRow['kind']): AuditRow {
    const key = `${outcome}\u0000${kind}`;
    let r = this.rows.get(key);
    if (!r) {
      r = {
        outcome,
        kind,
        answered: 0,
        claims: 0,
        rate: null,
        mc_se: null,
        verdicts: {},
        sources: {},
      };
      this.rows.set(key, r);
    }
    return r;
  }

  /** Count one replication's checks. */
  add(checks: readonly CheckOutcome[]): void {
    this.replications++;
    let anyAnswered = false;
    let anyClaims = false;
    for (const c of checks) {
      const r = this.row(c.outcome, c.kind);
      r.sources[c.source] = (r.sources[c.source] ?? 0) + 1;
      if (c.verdict !== null) r.verdicts[c.verdict] = (r.verdicts[c.verdict] ?? 0) + 1;
      if (c.claims === null) continue;
      r.answered++;
      if (c.claims) r.claims++;
      if (HEADLINE_KINDS.has(c.kind)) {
        anyAnswered = true;
        anyClaims ||= c.claims;
      }
    }
    const any = this.row(ANY_OUTCOME, 'any-headline');
    if (anyAnswered) {
      any.answered++;
      if (anyClaims) any.claims++;
    }
  }

  /** Count a replication whose evaluation failed (it enters no rate). */
  fail(message: string): void {
    this.replications++;
    this.failures[message] = (this.failures[message] ?? 0) + 1;
  }

  /**
   * The rows with rates and Monte Carlo errors, by outcome (in first-seen order) and check order.
   */
  result(): AuditRow[] {
    const order = [...CHECKS, 'any-headline'];
    const outcomes = [...new Set([...this.rows.values()].map((r) => r.outcome))];
    return [...this.rows.values()]
      .map((r) => ({
        ...r,
        rate: r.answered > 0 ? r.claims / r.answered : null,
        mc_se: mcStandardError(r.claims, r.answered),
      }))
      .sort(
        (a, b) =>
          outcomes.indexOf(a.outcome) - outcomes.indexOf(b.outcome) ||
          order.indexOf(a.kind) - order.indexOf(b.kind),
      );
  }
}
