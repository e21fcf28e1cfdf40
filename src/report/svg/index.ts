/**
 * SVG figures written by effekt itself: data in, SVG text out; no browser.
 * (PNG copies for print are made by ../render/png.ts.)
 *
 * For new chart types (put them in a new file here): take the frame
 * (`frame`, `svgDocument`: title, axes, legend, note, `bare` and `lang`),
 * scales and ticks (`linearScale`, `niceTicks`, `tickLabel`), the legend
 * (`LegendEntry`, `renderLegend`), text (`esc`, `textWidth`, `wrapText`) and
 * the look (`style.ts`: `FIGURE_WIDTH`, `FONT`, `SIZE` — no text below
 * `SIZE.small` —, `DASHES`, `marker`, `PALETTE`) from here, and keep every
 * printed text a parameter.
 */

export type {
  ForestRow,
  ForestSpec,
  LineChartSpec,
  ReferenceLine,
  RiskRow,
  Series,
  StepChartSpec,
  XWindow,
} from './charts.js';
export {
  DEFAULT_COLORS,
  dashArray,
  extent,
  forestPlot,
  groupThousands,
  lineChart,
  markerIndices,
  stepChart,
} from './charts.js';
export type { Frame, FrameSpec } from './frame.js';
export {
  frame,
  hashId,
  PALETTE,
  svgDocument,
  svgOpen,
  TEXT_LEFT,
  textLines,
  thinTicks,
  titleBlock,
} from './frame.js';
export { LEGEND_ROW, type LegendEntry, legendColumns, legendRows, renderLegend } from './legend.js';
export type { BandPoint, Point } from './path.js';
export { bandPolygons, isolatedPoints, pathSegments, runs } from './path.js';
export {
  type AxisFormat,
  c as coord,
  linearScale,
  niceStep,
  niceTicks,
  niceTicksInside,
  stepTicks,
  tickLabel,
} from './scale.js';
export {
  DASHES,
  type DashName,
  FIGURE_WIDTH,
  type FigureLang,
  FONT,
  FONT_FAMILY,
  luminance,
  type MarkerShape,
  marker,
  SIZE,
} from './style.js';
export { esc, textWidth, wrapText } from './text.js';
