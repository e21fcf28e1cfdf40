// biome-ignore-all lint/correctness/noPrecisionLoss: published coefficients and reference values are kept digit for digit as printed, so they can be checked against their source; each rounds to the intended double
/**
 * The standard normal distribution to double precision.
 *
 * simple-statistics ships a table-based normal CDF (four decimals), which is
 * too coarse for p-values reported as "p < 0.001" and for matching R's
 * intervals to 1e-6; these are the classical full-precision algorithms.
 */

/**
 * Complementary error function, erfc(x), relative error below 1.2e-16
 * (W. J. Cody's rational Chebyshev approximations, 1969, as in R's pnorm).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  let r: number;
  if (ax < 0.5) {
    // erf by a rational function in x^2
    const t = x * x;
    const top =
      (((0.185777706184603153 * t + 3.1611237438705656) * t + 113.864154151050156) * t +
        377.485237685302021) *
        t +
      3209.37758913846947;
    const bot =
      (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t +
      2844.23683343917062;
    return 1 - (x * top) / bot;
  }
  if (ax < 4) {
    const top =
      (((((((2.15311535474403846e-8 * ax + 0.564188496988670089) * ax + 8.88314979438837594) * ax +
        66.1191906371416295) *
        ax +
        298.635138197400131) *
        ax +
        881.95222124176909) *
        ax +
        1712.04761263407058) *
        ax +
        2051.07837782607147) *
        ax +
      1230.33935479799725;
    const bot =
      (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) *
        ax +
        1621.38957456669019) *
        ax +
        3290.79923573345963) *
        ax +
        4362.61909014324716) *
        ax +
        3439.36767414372164) *
        ax +
      1230.33935480374942;
    r = (Math.exp(-ax * ax) * top) / bot;
  } else {
    if (ax > 27) {
      r = 0;
    } else {
      const z = 1 / (ax * ax);
      const top =
        ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z +
          0.125781726111229246) *
          z +
          0.0160837851487422766) *
          z +
        6.58749161529837803e-4;
      const bot =
        ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z +
          0.0605183413124413191) *
          z +
        0.00233520497626869185;
      const p = (z * top) / bot;
      r = (Math.exp(-ax * ax) / ax) * (1 / Math.sqrt(Math.PI) - p);
    }
  }
  return x < 0 ? 2 - r : r;
}

/** Standard normal cumulative distribution Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Upper tail 1 − Φ(x), accurate far into the tail. */
export function normalUpper(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

/** Two-sided p-value of a z statistic: 2·(1 − Φ(|z|)). */
export function twoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return Math.min(1, 2 * normalUpper(Math.abs(z)));
}

/**
 * Standard normal quantile Φ⁻¹(p): Acklam's rational approximation followed
 * by one Halley step against the precise CDF (error ~1e-15).
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // Halley refinement
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Two-sided critical value for a confidence level, e.g. 0.95 → 1.959963984540054. */
export function zCritical(level: number): number {
  return normalQuantile(1 - (1 - level) / 2);
}

/**
 * The significance threshold of a confidence level, 1 − level, without float noise (0.95 → 0.05,
 * not 0.050000000000000044).
 */
export function alpha(level: number): number {
  return Number((1 - level).toPrecision(12));
}
