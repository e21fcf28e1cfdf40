/**
 * What one evaluation claims, check by check: for every outcome, does the
 * pooled headline, the covariate-adjusted effect, the event study's overall
 * effect, the survival headline or a municipality flag say that the
 * programme changed something, and does the event study's pre-test reject
 * parallel trends? The pooled and survival checks read the headline rule's
 * verdict (`outcomes.<id>.headline.verdict`); the others the p-value the
 * report gives them, so the audit counts what a reader is told.
 */
import { alpha } from '../estimators/normal.js';
import type { CheckKind } from '../results/audit.js';
import type { HeadlineVerdict, Results } from '../results/results.js';

export type { CheckKind } from '../results/audit.js';

/** The checks an audit counts, in the order its table lists them. */
export const CHECKS: readonly CheckKind[] = [
  'pooled',
  'adjusted',
  'pretest',
  'event-study',
  'survival',
  'municipality-flags',
];

/** One check of one evaluation. */
export interface CheckOutcome {
  /** Outcome id the check belongs to. */
  outcome: string;
  kind: CheckKind;
  /** true: claims an effect (pretest: rejects parallel trends); null: the check gave no answer. */
  claims: boolean | null;
  /** The headline's verdict, where the check is a headline with one. */
  verdict: HeadlineVerdict | null;
  /** What decided `claims`, e.g. "headline.verdict", "bootstrap p", "p (CR1)". */
  source: string;
}

type Loose = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Loose | null =>
  v !== null && typeof v === 'object' ? (v as Loose) : null;

/** A headline's verdict, when the result part carries one (results.ts `Headline`). */
function headlineOf(part: unknown): HeadlineVerdict | null {
  const h = obj(obj(part)?.headline);
  const v = h?.verdict;
  return v === 'effect' || v === 'no-effect-shown' || v === 'hedged' || v === 'not-testable'
    ? v
    : null;
}

/**
 * The p-value a part leads with: its wild cluster bootstrap p when it has
 * one (`bootstrap.p` or `p_bootstrap`), else its own p.
 */
function leadingP(part: unknown): { p: number | null; source: string } {
  const o = obj(part);
  if (!o) return { p: null, source: 'none' };
  const boot = num(obj(o.bootstrap)?.p) ?? num(o.p_bootstrap);
  if (boot !== null) return { p: boot, source: 'bootstrap p' };
  return { p: num(o.p), source: 'p' };
}

/**
 * A check of a part the headline rule does not judge (the covariate-adjusted
 * and the event study's overall effect): its own headline if results.json
 * ever gives it one, else its leading p below 1 − level — the size of the
 * test the report shows, not hedged by a pre-test.
 */
function judged(outcome: string, kind: CheckKind, part: unknown, a: number): CheckOutcome {
  const verdict = headlineOf(part);
  if (verdict !== null)
    return { outcome, kind, claims: verdict === 'effect', verdict, source: 'headline.verdict' };
  const { p, source } = leadingP(part);
  return { outcome, kind, claims: p === null ? null : p < a, verdict: null, source };
}

/** Does any participating municipality "stand out" in the report? */
function flagged(o: Loose, a: number): { claims: boolean | null; source: string } {
  const rows = Array.isArray(o.municipalities) ? (o.municipalities as unknown[]) : [];
  if (rows.length === 0) return { claims: null, source: 'none' };
  // The report's own decision, when results.json states it per municipality.
  const said = rows.map((r) => obj(r)?.stands_out);
  if (said.some((v) => typeof v === 'boolean'))
    return { claims: said.some((v) => v === true), source: 'stands_out' };
  for (const key of ['p_size_holm', 'p_adjusted', 'p_holm', 'p_bh'] as const) {
    const ps = rows.map((r) => num(obj(r)?.[key]));
    if (ps.some((p) => p !== null))
      return { claims: ps.some((p) => p !== null && p < a), source: key };
  }
  const ps = rows.map((r) => num(obj(r)?.p_perm));
  if (ps.every((p) => p === null)) return { claims: null, source: 'none' };
  return { claims: ps.some((p) => p !== null && p < a), source: 'p_perm' };
}

/**
 * A headline check: `outcomes.<id>.headline.verdict` (src/pipeline/headline.ts), the one answer the
 * report gives.
 */
function headline(outcome: string, kind: CheckKind, part: unknown): CheckOutcome {
  const verdict = headlineOf(part);
  return {
    outcome,
    kind,
    claims: verdict === null ? null : verdict === 'effect',
    verdict,
    source: verdict === null ? 'none' : 'headline.verdict',
  };
}

/** Every check of one evaluation's results. */
export function checksOf(r: Results): CheckOutcome[] {
  const a = alpha(r.inference.level);
  const out: CheckOutcome[] = [];
  const es = r.eventStudy ?? {};
  for (const [id, o] of Object.entries(r.outcomes)) {
    if (o.type === 'share') {
      out.push(headline(id, 'pooled', o));
      if (o.pooled_adjusted) out.push(judged(id, 'adjusted', o.pooled_adjusted, a));
      const e = es[id];
      if (e) {
        const pt = leadingP(e.pretest);
        out.push({
          outcome: id,
          kind: 'pretest',
          claims: pt.p === null ? null : pt.p < a,
          verdict: null,
          source: pt.source,
        });
        out.push(judged(id, 'event-study', e.overall, a));
      }
      const f = flagged(o as unknown as Loose, a);
      out.push({ outcome: id, kind: 'municipality-flags', ...f, verdict: null });
    } else out.push(headline(id, 'survival', o));
  }
  return out;
}
