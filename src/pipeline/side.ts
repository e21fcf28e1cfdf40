/**
 * The analyses that need only the extract, the compiled spec and the cohorts: every survival
 * outcome and the event study. They share nothing with the share outcomes, so runEvaluation
 * computes them on a second thread (side-worker.ts) while the first computes the shares;
 * evaluate() calls the same function on one thread. Same inputs, same numbers, on either thread.
 */
import type { CohortBuild } from '../cohorts/cohorts.js';
import { computeDurations } from '../outcomes/durations.js';
import { type Extract, forAnalysis } from '../read/extract.js';
import type { EventStudyOutcomeResult, SurvivalOutcomeResult } from '../results/results.js';
import type { CompiledSpec } from '../spec/compile.js';
import { eventStudyResults } from './eventstudy.js';
import { type StageListener, timed } from './stages.js';
import { survivalOutcome } from './survival.js';

export interface SideResults {
  survival: Record<string, SurvivalOutcomeResult>;
  eventStudy: Record<string, EventStudyOutcomeResult> | null;
}

/** Each survival outcome of the spec (by id, in spec order) and the event study. */
export function sideAnalyses(
  x: Extract,
  plan: CompiledSpec,
  built: CohortBuild,
  onStage?: StageListener,
): SideResults {
  const survival: Record<string, SurvivalOutcomeResult> = {};
  for (const outcome of plan.spec.outcomes) {
    if (outcome.type !== 'survival') continue;
    survival[outcome.id] = timed(
      `survival:${outcome.id}`,
      () => survivalOutcome(plan, built, computeDurations(x, plan, built, outcome)),
      onStage,
    );
  }
  const eventStudy = timed('event-study', () => eventStudyResults(x, plan), onStage);
  return { survival, eventStudy };
}

/**
 * The extract as the side analyses read it: without the person ids, line numbers and covariate
 * columns (only reading's messages and the share outcomes' models use them), so a second thread
 * is not handed millions of strings it never reads.
 */
export function sideExtract(x: Extract): Extract {
  return { ...forAnalysis(x), covariates: [] };
}
