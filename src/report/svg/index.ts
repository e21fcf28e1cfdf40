/**
 * SVG figures written by effekt itself: data in, SVG text out; no browser.
 * (PNG copies for print are made by ../png.ts.)
 *
 * For new chart types (put them in a new file here): take the frame
 * (`frame`, `svgDocument`: title, axes, legend, note, `bare` and `lang`),
 * scales and ticks (`linearScale`, `niceTicks`, `tickLabel`), the legend
 * (`LegendEntry`, `renderLegend`), text (`esc`, `textWidth`, `wrapText`) and
 * the look (`style.ts`: `FIGURE_WIDTH`, `FONT`, `SIZE` — no text below
 * `SIZE.small` —, `DASHES`, `marker`, `PALETTE`) from here, and keep every
 * printed text a parameter.
 */
export { lineChart, stepChart, forestPlot, extent, groupThousands, dashArray, markerIndices, DEFAULT_COLORS } from './charts.js';
export type { Series, ReferenceLine, XWindow, RiskRow, LineChartSpec, StepChartSpec, ForestSpec, ForestRow } from './charts.js';
export { stateChart, stackedAreaChart, stackedPolygons, patternDef, STATE_COLORS, STATE_PATTERNS } from './states.js';
export type { StatePanel, StateChartSpec, PatternName } from './states.js';
export { pathSegments, bandPolygons, isolatedPoints, runs } from './path.js';
export type { Point, BandPoint } from './path.js';
export { frame, svgDocument, svgOpen, titleBlock, textLines, PALETTE, TEXT_LEFT, thinTicks, hashId } from './frame.js';
export type { Frame, FrameSpec } from './frame.js';
export { legendColumns, legendRows, renderLegend, LEGEND_ROW, type LegendEntry } from './legend.js';
export { linearScale, niceStep, niceTicks, niceTicksInside, stepTicks, tickLabel, c as coord, type AxisFormat } from './scale.js';
export { DASHES, FIGURE_WIDTH, FONT, FONT_FAMILY, SIZE, luminance, marker, type DashName, type FigureLang, type MarkerShape } from './style.js';
export { esc, textWidth, wrapText } from './text.js';
export { shrinkageForest, placeboChart, moderatorScatter, sortByEstimate } from './variation.js';
export type { ShrinkageRow, ShrinkageForestSpec, PlaceboChartSpec, ModeratorScatterSpec } from './variation.js';
