/**
 * The look every chart shares: width, font, font sizes, line types and
 * markers. New chart types take these from here, so every figure prints the
 * same way.
 *
 * Print sizes (see src/report/render/png.ts): figures are `FIGURE_WIDTH` = 640 user
 * units wide and print 16 cm wide at 300 dpi (1890 px), a scale of 2.953 px
 * per unit. 8 pt at 300 dpi is 33.3 px = 11.3 units, so no text is smaller
 * than `SIZE.small` = 12 units (8.5 pt in print).
 */
import { c } from './scale.js';

/** The report's language; Danish axes print decimal commas. */
export type FigureLang = 'da' | 'en';

/** Default figure width in SVG user units (px on screen). */
export const FIGURE_WIDTH = 640;

/** DejaVu Sans first: it is the font the PNGs are rendered with (shipped, never a system font). */
export const FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif";
export const FONT = `font-family="${FONT_FAMILY}"`;

/** Font sizes in user units; nothing is smaller than `small` (≥ 8 pt in print). */
export const SIZE = {
  title: 16,
  subtitle: 13,
  axisLabel: 13,
  tick: 12,
  legend: 12,
  note: 12,
  small: 12,
} as const;

/**
 * Line types for series that must stay apart in greyscale: solid, dashed,
 * dotted, dash-dot. `null` is solid.
 */
export const DASHES = {
  solid: null,
  dashed: '7 4',
  dotted: '2 3',
  dashdot: '8 3 2 3',
} as const;
export type DashName = keyof typeof DASHES;

/** Marker shapes: filled or open (white inside), for series that share a colour or a grey. */
export type MarkerShape =
  | 'circle'
  | 'circle-open'
  | 'square'
  | 'square-open'
  | 'triangle'
  | 'triangle-open'
  | 'diamond'
  | 'diamond-open';

/** A marker centred at (x, y), `r` its half-size, in `color`; open shapes are white inside. */
export function marker(
  shape: MarkerShape,
  x: number,
  y: number,
  color: string,
  r = 3.5,
  cls = 'marker',
): string {
  const open = shape.endsWith('-open');
  const fill = open ? '#ffffff' : color;
  const stroke = `stroke="${color}" stroke-width="${open ? 1.5 : 1}"`;
  const base = shape.replace('-open', '');
  const attrs = `class="${cls}" data-shape="${shape}" fill="${fill}" ${stroke}`;
  switch (base) {
    case 'square':
      return (
        `<rect ${attrs} x="${c(x - r)}" y="${c(y - r)}" width="${c(2 * r)}" ` +
        `height="${c(2 * r)}"/>`
      );
    case 'triangle': {
      const h = r * 1.2;
      return (
        `<polygon ${attrs} points="${c(x)},${c(y - h)} ${c(x + h)},${c(y + h * 0.8)} ` +
        `${c(x - h)},${c(y + h * 0.8)}"/>`
      );
    }
    case 'diamond': {
      const h = r * 1.3;
      return (
        `<polygon ${attrs} points="${c(x - h)},${c(y)} ${c(x)},${c(y - h)} ` +
        `${c(x + h)},${c(y)} ${c(x)},${c(y + h)}"/>`
      );
    }
    default:
      return `<circle ${attrs} cx="${c(x)}" cy="${c(y)}" r="${c(r)}"/>`;
  }
}

/**
 * Relative luminance (WCAG 2, sRGB) of a "#rrggbb" colour: 0 black … 1 white.
 * What a colour becomes on a greyscale print, near enough.
 */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const lin = (h: string) => {
    const v = parseInt(h, 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(m[1]) + 0.7152 * lin(m[2]) + 0.0722 * lin(m[3]);
}
