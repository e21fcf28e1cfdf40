/**
 * Counting an audit: claims, answers, verdicts and the Monte Carlo standard
 * error sqrt(p(1 − p)/R), on hand-made checks; and which figure of a
 * results.json decides each check.
 */
import { describe, expect, it } from 'vitest';
import { AuditTally, mcStandardError } from '../../src/audit/tally.js';
import { type CheckOutcome, checksOf } from '../../src/audit/verdicts.js';
import type { Results } from '../../src/results/results.js';

const check = (
  kind: CheckOutcome['kind'],
  claims: boolean | null,
  outcome = 'y',
  verdict: CheckOutcome['verdict'] = null,
): CheckOutcome => ({ outcome, kind, claims, verdict, source: 'test' });

describe('mcStandardError', () => {
  it('is sqrt(p(1 − p)/n)', () => {
    expect(mcStandardError(3, 10)).toBeCloseTo(Math.sqrt(0.021), 15); // 0.3·0.7/10
    expect(mcStandardError(6, 100)).toBeCloseTo(0.023748684174075833, 15); // the 6.0 ± 2.4 %
    expect(mcStandardError(0, 40)).toBe(0);
    expect(mcStandardError(0, 0)).toBeNull();
  });
});

describe('AuditTally', () => {
  it('counts claims among the replications that answered, per outcome and check', () => {
    const t = new AuditTally();
    t.add([
      check('pooled', true, 'y', 'effect'),
      check('pretest', false),
      check('survival', null, 's'),
    ]);
    t.add([
      check('pooled', false, 'y', 'not-testable'),
      check('pretest', true),
      check('survival', false, 's'),
    ]);
    t.add([
      check('pooled', false, 'y', 'hedged'),
      check('pretest', true),
      check('survival', true, 's'),
    ]);
    t.add([
      check('pooled', false, 'y', 'not-testable'),
      check('pretest', null),
      check('survival', false, 's'),
    ]);
    const rows = t.result();
    const row = (o: string, k: string) => rows.find((r) => r.outcome === o && r.kind === k)!;
    expect(row('y', 'pooled')).toMatchObject({ answered: 4, claims: 1, rate: 0.25 });
    expect(row('y', 'pooled').mc_se).toBeCloseTo(Math.sqrt((0.25 * 0.75) / 4), 15);
    expect(row('y', 'pooled').verdicts).toEqual({ effect: 1, 'not-testable': 2, hedged: 1 });
    expect(row('y', 'pretest')).toMatchObject({ answered: 3, claims: 2 });
    expect(row('y', 'pretest').rate).toBeCloseTo(2 / 3, 15);
    expect(row('s', 'survival')).toMatchObject({ answered: 3, claims: 1 });
    // Any headline (pooled or survival) claims: replications 1 and 3; the pre-test is no headline.
    expect(row('*', 'any-headline')).toMatchObject({ answered: 4, claims: 2, rate: 0.5 });
    expect(t.replications).toBe(4);
    // Order: outcomes as first seen, checks in table order, the any-headline row last.
    expect(rows.map((r) => `${r.outcome}/${r.kind}`)).toEqual([
      'y/pooled',
      'y/pretest',
      's/survival',
      '*/any-headline',
    ]);
  });
  it('counts a failed replication apart from every rate', () => {
    const t = new AuditTally();
    t.add([check('pooled', true)]);
    t.fail('a cell without members');
    expect(t.replications).toBe(2);
    expect(t.failures).toEqual({ 'a cell without members': 1 });
    expect(t.result()[0]).toMatchObject({ answered: 1, claims: 1, rate: 1, mc_se: 0 });
  });
});

describe('checksOf', () => {
  // The parts of results.json the checks read; the rest is left out.
  const results = (o: Record<string, unknown>, es: Record<string, unknown> | null = null) =>
    ({
      inference: { level: 0.95, cluster: 'municipality', bootstrap: 99, seed: 1 },
      data: { municipalities: { treated: 5, comparison: 80 } },
      outcomes: o,
      eventStudy: es,
    }) as unknown as Results;
  const pooled = (p: number, pBoot: number | null) => ({
    estimate: 0.01,
    p,
    bootstrap: pBoot === null ? null : { p: pBoot },
  });

  it('a headline verdict decides where results.json has one', () => {
    const r = results({
      y: {
        type: 'share',
        pooled: pooled(0.001, 0.001),
        pooled_adjusted: null,
        municipalities: [],
        headline: { verdict: 'not-testable' },
      },
    });
    const [c] = checksOf(r);
    expect(c).toMatchObject({ kind: 'pooled', claims: false, verdict: 'not-testable' });
  });

  it('the other checks: their own (bootstrap) p below 1 − level; flags from the placebo p', () => {
    const r = results(
      {
        y: {
          type: 'share',
          pooled: pooled(0.001, 0.002),
          headline: { verdict: 'hedged' },
          pooled_adjusted: { p: 0.03 },
          municipalities: [{ p_perm: 0.5 }, { p_perm: 0.04 }],
        },
        s: { type: 'survival', cox: { p: 0.3, robust_p: 0.01 }, headline: { verdict: 'effect' } },
      },
      { y: { pretest: { p: 0.01 }, overall: { p: 0.2, bootstrap: { p: 0.04 } } } },
    );
    const c = checksOf(r);
    expect(c.map((x) => [`${x.outcome}/${x.kind}`, x.claims, x.source])).toEqual([
      ['y/pooled', false, 'headline.verdict'], // hedged is no claim of an effect
      ['y/adjusted', true, 'p'], // its own p: the size of the test the report shows
      ['y/pretest', true, 'p'],
      ['y/event-study', true, 'bootstrap p'], // the bootstrap p leads where there is one
      ['y/municipality-flags', true, 'p_perm'],
      ['s/survival', true, 'headline.verdict'],
    ]);
  });

  it('a municipality stands out by the Holm-adjusted size p where results.json has one', () => {
    const r = results({
      y: {
        type: 'share',
        pooled: pooled(0.5, 0.5),
        headline: { verdict: 'no-effect-shown' },
        pooled_adjusted: null,
        municipalities: [
          { p_perm: 0.01, p_size: 0.02, p_size_holm: 0.09 },
          { p_perm: 0.03, p_size: 0.04, p_size_holm: 0.2 },
        ],
      },
    });
    const flags = checksOf(r).find((x) => x.kind === 'municipality-flags')!;
    expect(flags).toMatchObject({ claims: false, source: 'p_size_holm' });
  });

  it('no headline: no answer', () => {
    const r = results({
      y: { type: 'share', pooled: pooled(0.001, 0.001), pooled_adjusted: null, municipalities: [] },
    });
    expect(checksOf(r)[0]).toMatchObject({ kind: 'pooled', claims: null, source: 'none' });
  });
});
