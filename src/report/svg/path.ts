/**
 * Path building: series to SVG path data, broken wherever a value is missing
 * (a suppressed or empty cell must show as a gap, never as a line across it).
 */
import { c } from './scale.js';

export interface Point {
  x: number;
  /** null breaks the line (a hidden or empty cell). */
  y: number | null;
}

export interface BandPoint {
  x: number;
  low: number | null;
  high: number | null;
}

const ok = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v);

/** Maximal runs of consecutive items for which `defined` holds. */
export function runs<T>(items: readonly T[], defined: (item: T) => boolean): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  for (const it of items) {
    if (defined(it)) cur.push(it);
    else if (cur.length) {
      out.push(cur);
      cur = [];
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * Path data per run of defined points: "M x,y L x,y …", or with `step`
 * "M x,y H x V y …" (a value holds until the next x: Kaplan–Meier curves).
 */
export function pathSegments(
  points: readonly Point[],
  x: (v: number) => number,
  y: (v: number) => number,
  step = false,
): string[] {
  return runs(points, (p) => ok(p.y) && Number.isFinite(p.x)).map((run) =>
    run
      .map((p, i) => {
        const px = c(x(p.x));
        const py = c(y(p.y as number));
        if (i === 0) return `M${px},${py}`;
        return step ? `H${px}V${py}` : `L${px},${py}`;
      })
      .join(''),
  );
}

/** Points standing alone between gaps: a one-point run draws no line, so charts mark them. */
export function isolatedPoints(points: readonly Point[]): Point[] {
  return runs(points, (p) => ok(p.y) && Number.isFinite(p.x))
    .filter((r) => r.length === 1)
    .map((r) => r[0]);
}

/**
 * Polygon point lists for a confidence band, one per run where both bounds
 * are defined: along the upper bound, back along the lower. With `step` the
 * band follows the same steps as the curve.
 */
export function bandPolygons(
  band: readonly BandPoint[],
  x: (v: number) => number,
  y: (v: number) => number,
  step = false,
): string[] {
  return runs(band, (b) => ok(b.low) && ok(b.high) && Number.isFinite(b.x)).map((run) => {
    const edge = (key: 'low' | 'high', pts: BandPoint[]): string[] => {
      const out: string[] = [];
      pts.forEach((b, i) => {
        const v = b[key] as number;
        if (step && i > 0) out.push(`${c(x(b.x))},${c(y(pts[i - 1][key] as number))}`);
        out.push(`${c(x(b.x))},${c(y(v))}`);
      });
      return out;
    };
    const upper = edge('high', run);
    // The lower edge walked backwards: build it forwards, then reverse.
    const lower = edge('low', run).reverse();
    return [...upper, ...lower].join(' ');
  });
}
