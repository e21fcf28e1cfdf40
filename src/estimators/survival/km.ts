/**
 * Kaplan–Meier with Greenwood variance and log-log intervals, as R's
 * survfit(Surv(time, event) ~ 1, conf.type = "log-log").
 *
 *   S(t) = Π_{t_j ≤ t} (1 − d_j / n_j)
 *   se(−log S) = sqrt(Σ d_j / (n_j (n_j − d_j)))            (Greenwood)
 *   CI: exp(−exp(log(−log S) ± z · se / log S))
 */
import { zCritical } from '../normal.js';
import { orderByTime } from './order.js';
import type { KaplanMeier, KmStep, SurvivalData } from './types.js';

export function kaplanMeier(d: SurvivalData, opts: { level?: number } = {}): KaplanMeier {
  const level = opts.level ?? 0.95;
  const z = zCritical(level);
  const order = orderByTime(d.time);
  const n = d.time.length;
  const steps: KmStep[] = [];
  let atRisk = n;
  let s = 1;
  let greenwood = 0;
  let events = 0;
  for (let i = 0; i < n; ) {
    const t = d.time[order[i]];
    let dead = 0;
    let cens = 0;
    while (i < n && d.time[order[i]] === t) {
      if (d.event[order[i]]) dead++;
      else cens++;
      i++;
    }
    if (dead > 0) {
      s *= 1 - dead / atRisk;
      greenwood += atRisk > dead ? dead / (atRisk * (atRisk - dead)) : Infinity;
    }
    events += dead;
    const seLog = Math.sqrt(greenwood);
    const [lo, hi] = logLogInterval(s, seLog, z);
    steps.push({ time: t, at_risk: atRisk, events: dead, censored: cens, survival: s, se_log: seLog, se: s * seLog, ci_low: lo, ci_high: hi });
    atRisk -= dead + cens;
  }
  return { n, events, level, steps };
}

/** The log-log interval of a survival probability; null at S = 0 or 1 (R gives NA there, except S = 1 before any event). */
export function logLogInterval(s: number, seLog: number, z: number): [number | null, number | null] {
  if (s >= 1) return [1, 1];
  if (s <= 0 || !Number.isFinite(seLog)) return [null, null];
  const ll = Math.log(-Math.log(s));
  const w = (z * seLog) / Math.log(s); // negative
  const a = Math.exp(-Math.exp(ll + w));
  const b = Math.exp(-Math.exp(ll - w));
  return [Math.min(a, b), Math.max(a, b)];
}

/** The step in force at time t (the last step with time ≤ t), or null before the first. */
function stepAt(km: KaplanMeier, t: number): KmStep | null {
  let lo = 0;
  let hi = km.steps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (km.steps[mid].time <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found < 0 ? null : km.steps[found];
}

/** S(t), including events at t; 1 before the first event. */
export function survivalAt(km: KaplanMeier, t: number): { survival: number; ci_low: number | null; ci_high: number | null } {
  const s = stepAt(km, t);
  return s ? { survival: s.survival, ci_low: s.ci_low, ci_high: s.ci_high } : { survival: 1, ci_low: 1, ci_high: 1 };
}

/** First time a curve reaches ≤ 0.5, with R's midpoint rule when it sits exactly at 0.5. */
function firstAtOrBelowHalf(times: number[], values: (number | null)[]): number | null {
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (v === null) continue;
    if (Math.abs(v - 0.5) < 1e-12) {
      // Flat at 0.5 until the curve next drops: the midpoint of that interval.
      for (let j = i + 1; j < times.length; j++) {
        const w = values[j];
        if (w !== null && w < 0.5 - 1e-12) return (times[i] + times[j]) / 2;
      }
      return times[i];
    }
    if (v < 0.5) return times[i];
  }
  return null;
}

/** Median survival time with its interval, as R prints it (null = not reached). */
export function medianSurvival(km: KaplanMeier): { median: number | null; ci_low: number | null; ci_high: number | null } {
  const times = km.steps.map((s) => s.time);
  return {
    median: firstAtOrBelowHalf(times, km.steps.map((s) => s.survival)),
    ci_low: firstAtOrBelowHalf(times, km.steps.map((s) => s.ci_low)),
    ci_high: firstAtOrBelowHalf(times, km.steps.map((s) => s.ci_high)),
  };
}

/**
 * Restricted mean survival time up to a horizon, ∫₀^τ S(t) dt, with the
 * standard error R's print.survfit(rmean = τ) reports:
 * se² = Σ_{t_j ≤ τ} A_j² d_j / (n_j (n_j − d_j)),  A_j = ∫_{t_j}^τ S(u) du.
 */
export function restrictedMean(km: KaplanMeier, horizon: number): { rmst: number; se: number } {
  const ev = km.steps.filter((s) => s.events > 0 && s.time <= horizon);
  // Area under the step function from 0 to τ.
  let area = 0;
  let prevT = 0;
  let prevS = 1;
  for (const s of ev) {
    area += prevS * (s.time - prevT);
    prevT = s.time;
    prevS = s.survival;
  }
  area += prevS * (horizon - prevT);
  // A_j from the right.
  let varSum = 0;
  let tail = 0;
  let right = horizon;
  for (let j = ev.length - 1; j >= 0; j--) {
    tail += ev[j].survival * (right - ev[j].time);
    right = ev[j].time;
    const { at_risk: n, events: dj } = ev[j];
    if (n > dj) varSum += (tail * tail * dj) / (n * (n - dj));
  }
  return { rmst: area, se: Math.sqrt(varSum) };
}

/** Rows at every integer week 0..H: at risk at the week, events and censorings in it, S and CI after it. */
export function weeklyGrid(km: KaplanMeier, horizon: number): { week: number; at_risk: number; events: number; censored: number; survival: number; ci_low: number | null; ci_high: number | null }[] {
  const rows = [];
  let k = 0;
  let atRisk = km.n;
  for (let w = 0; w <= horizon; w++) {
    let events = 0;
    let censored = 0;
    while (k < km.steps.length && km.steps[k].time < w) {
      atRisk -= km.steps[k].events + km.steps[k].censored;
      k++;
    }
    const at = atRisk;
    if (k < km.steps.length && km.steps[k].time === w) {
      events = km.steps[k].events;
      censored = km.steps[k].censored;
    }
    const s = survivalAt(km, w);
    rows.push({ week: w, at_risk: at, events, censored, survival: s.survival, ci_low: s.ci_low, ci_high: s.ci_high });
  }
  return rows;
}
