/**
 * Kaplan–Meier with Greenwood variance and log-log intervals, as R's
 * survfit(Surv(time, event) ~ 1, conf.type = "log-log"), and what is read off
 * the curve: S at a time, the weekly grid, the median with its interval and
 * the restricted mean with its standard error (R's print.survfit).
 *
 *   S(t)        = Π_{t_j ≤ t} (1 − d_j / n_j)
 *   se(−log S)  = sqrt(Σ_{t_j ≤ t} d_j / (n_j (n_j − d_j)))        Greenwood
 *   interval    = exp(−exp(log(−log S) ± z · se / log S))
 */
import { zCritical } from '../normal.js';
import { checkSurvivalData, orderByTime } from './order.js';
import type { KaplanMeier, KmStep, KmWeek, SurvivalData } from './types.js';

export function kaplanMeier(d: SurvivalData, opts: { level?: number } = {}): KaplanMeier {
  checkSurvivalData(d);
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
    for (; i < n && d.time[order[i]] === t; i++) {
      if (d.event[order[i]]) dead++;
      else cens++;
    }
    if (dead > 0) {
      s *= 1 - dead / atRisk;
      // everyone left dies: S = 0 and its log has no finite variance (R: NA)
      greenwood += atRisk > dead ? dead / (atRisk * (atRisk - dead)) : Infinity;
    }
    events += dead;
    const seLog = Math.sqrt(greenwood);
    const [lo, hi] = logLogInterval(s, seLog, z);
    steps.push({
      time: t,
      at_risk: atRisk,
      events: dead,
      censored: cens,
      survival: s,
      se_log: seLog,
      se: Number.isFinite(seLog) ? s * seLog : 0,
      ci_low: lo,
      ci_high: hi,
    });
    atRisk -= dead + cens;
  }
  const km: KaplanMeier = { n, events, level, steps };
  if (n === 0) km.problem = 'no subjects: there is no curve';
  else if (events === 0)
    km.problem =
      `no events among ${n} subject${n === 1 ? '' : 's'} (all censored): ` +
      `S(t) = 1 throughout and the median is not reached`;
  return km;
}

/**
 * The log-log interval of S given se(−log S). At S = 1 (before any event)
 * it is the degenerate [1, 1] (R leaves NA there; a plotted curve needs a
 * value); at S = 0 it is undefined (null, R's NA).
 */
export function logLogInterval(
  s: number,
  seLog: number,
  z: number,
): [number | null, number | null] {
  if (s >= 1) return [1, 1];
  if (s <= 0 || !Number.isFinite(seLog)) return [null, null];
  const ll = Math.log(-Math.log(s));
  const w = (z * seLog) / Math.log(s); // negative, since log S < 0
  const a = Math.exp(-Math.exp(ll - w));
  const b = Math.exp(-Math.exp(ll + w));
  return [Math.min(a, b), Math.max(a, b)];
}

/** Index of the last step with time ≤ t, or −1 before the first. */
function stepIndexAt(km: KaplanMeier, t: number): number {
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
  return found;
}

/**
 * S(t) from the step function, including events at t; 1 before the first time, the last value after
 * the last.
 */
export function survivalAt(
  km: KaplanMeier,
  t: number,
): { survival: number; ci_low: number | null; ci_high: number | null } {
  const k = stepIndexAt(km, t);
  if (k < 0) return { survival: 1, ci_low: 1, ci_high: 1 };
  const s = km.steps[k];
  return { survival: s.survival, ci_low: s.ci_low, ci_high: s.ci_high };
}

/**
 * Rows for every integer week 0..H: at risk at the start of week w (time > w − 1),
 * events and censorings in (w − 1, w], and S and its interval at w. For weekly
 * integer durations this is R's summary(fit, times = 0:H, extend = TRUE).
 */
export function weeklyGrid(km: KaplanMeier, horizon: number): KmWeek[] {
  const rows: KmWeek[] = [];
  let k = 0;
  let atRisk = km.n;
  for (let w = 0; w <= horizon; w++) {
    // leave everyone whose time is ≤ w − 1
    while (k < km.steps.length && km.steps[k].time <= w - 1) {
      atRisk -= km.steps[k].events + km.steps[k].censored;
      k++;
    }
    let events = 0;
    let censored = 0;
    for (let j = k; j < km.steps.length && km.steps[j].time <= w; j++) {
      events += km.steps[j].events;
      censored += km.steps[j].censored;
    }
    const s = survivalAt(km, w);
    rows.push({
      week: w,
      at_risk: atRisk,
      events,
      censored,
      survival: s.survival,
      ci_low: s.ci_low,
      ci_high: s.ci_high,
    });
  }
  return rows;
}

/** R's all.equal tolerance, used by print.survfit to recognise a curve sitting at 0.5. */
const HALF_TOL = Math.sqrt(2.220446049250313e-16);

/**
 * The time a curve first falls to 0.5 or below, as R's print.survfit finds
 * it: undefined (null) values are skipped; if the first such value is 0.5
 * (within 1.5e-8) and the curve later drops below it, the midpoint of the two
 * times (the curve is flat at 0.5 in between); null if it never gets there.
 */
function firstAtOrBelowHalf(times: number[], values: (number | null)[]): number | null {
  const keepT: number[] = [];
  const keepV: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (v !== null && v < 0.5 + HALF_TOL) {
      keepT.push(times[i]);
      keepV.push(v);
    }
  }
  if (keepT.length === 0) return null;
  if (Math.abs(keepV[0] - 0.5) < HALF_TOL) {
    for (let j = 1; j < keepV.length; j++)
      if (keepV[j] < keepV[0]) return (keepT[0] + keepT[j]) / 2;
  }
  return keepT[0];
}

/**
 * Median survival time with its interval, as R prints it: lower/upper from the lower/upper interval
 * curves (null = not reached).
 */
export function medianSurvival(km: KaplanMeier): {
  median: number | null;
  ci_low: number | null;
  ci_high: number | null;
} {
  const times = km.steps.map((s) => s.time);
  return {
    median: firstAtOrBelowHalf(
      times,
      km.steps.map((s) => s.survival),
    ),
    ci_low: firstAtOrBelowHalf(
      times,
      km.steps.map((s) => s.ci_low),
    ),
    ci_high: firstAtOrBelowHalf(
      times,
      km.steps.map((s) => s.ci_high),
    ),
  };
}

/**
 * Restricted mean survival time up to a horizon τ, ∫₀^τ S(t) dt, with the
 * standard error R's print(survfit, rmean = τ) reports:
 *   se² = Σ_{t_j ≤ τ} A_j² d_j / (n_j (n_j − d_j)),  A_j = ∫_{t_j}^τ S(u) du
 * (terms with n_j = d_j contribute 0, as in R).
 */
export function restrictedMean(
  km: KaplanMeier,
  horizon: number,
): { rmst: number; se: number; horizon: number } {
  const ev = km.steps.filter((s) => s.events > 0 && s.time <= horizon);
  let area = 0;
  let prevT = 0;
  let prevS = 1;
  for (const s of ev) {
    area += prevS * (s.time - prevT);
    prevT = s.time;
    prevS = s.survival;
  }
  area += prevS * (horizon - prevT);
  // A_j accumulated from the right
  let varSum = 0;
  let tail = 0;
  let right = horizon;
  for (let j = ev.length - 1; j >= 0; j--) {
    tail += ev[j].survival * (right - ev[j].time);
    right = ev[j].time;
    const { at_risk: nj, events: dj } = ev[j];
    if (nj > dj) varSum += (tail * tail * dj) / (nj * (nj - dj));
  }
  return { rmst: area, se: Math.sqrt(varSum), horizon };
}
