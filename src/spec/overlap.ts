/**
 * Whether the before cohort is observed inside the programme period
 * (docs/definitions.md, "Before cohort inside the programme period"). The
 * before cohort stands for "without the programme"; its pooled or followed
 * weeks on or after the programme's first week see the programme too if it
 * reached persons already in it, and then the effect is understated.
 */
import type { Spec } from './spec.js';

export interface BeforeCohortOverlap {
  /**
   * The programme's first week (serial): the during cohort's first entry week or the earliest
   * event-study start.
   */
  programmeStart: number;
  /** The before cohort's pooled calendar weeks as week serials. */
  pooled: [number, number];
  /** Its pooled weeks on or after the programme start (0 when clean). */
  pooledOverlap: number;
  /** Its followed calendar weeks (entry window's first week to `until`) on or after the start. */
  followedOverlap: number;
  /**
   * The clean alternative: the last week before the start, and the last clean pooled calendar week
   * t (0: none).
   */
  cleanUntil: number;
  cleanPooledLast: number;
}

/**
 * The overlap of the before cohort with the programme period; both counts are 0 when it is clean.
 */
export function beforeCohortOverlap(spec: Spec): BeforeCohortOverlap {
  const { before, during } = spec.cohorts;
  const starts = spec.eventStudy ? Object.values(spec.eventStudy.startWeek) : [];
  const programmeStart = Math.min(during.entryFrom, ...starts);
  const pooled: [number, number] = [
    before.entryFrom + spec.pooled.weeks[0] - 1,
    before.entryFrom + spec.pooled.weeks[1] - 1,
  ];
  const overlap = (from: number, to: number) =>
    Math.max(0, to - Math.max(from, programmeStart) + 1);
  return {
    programmeStart,
    pooled,
    pooledOverlap: overlap(pooled[0], pooled[1]),
    followedOverlap: overlap(before.entryFrom, before.until),
    cleanUntil: programmeStart - 1,
    cleanPooledLast: Math.max(0, programmeStart - before.entryFrom),
  };
}
