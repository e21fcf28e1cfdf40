/** Stage timing: how long each part of the evaluation took, for progress and the bench. */

/** Told the wall-clock milliseconds of each finished stage ("cohorts", "shares:<id>", …). */
export type StageListener = (name: string, ms: number) => void;

/** Run fn as the named stage, telling the listener how long it took. */
export function timed<T>(name: string, fn: () => T, onStage?: StageListener): T {
  if (!onStage) return fn();
  const t0 = performance.now();
  const out = fn();
  onStage(name, performance.now() - t0);
  return out;
}
