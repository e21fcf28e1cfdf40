/** SVG figures written by effekt itself: data in, SVG text out; no browser, no native dependency. */
export { lineChart, stepChart, forestPlot, extent, groupThousands, DEFAULT_COLORS } from './charts.js';
export type { Series, ReferenceLine, LineChartSpec, StepChartSpec, ForestSpec, ForestRow } from './charts.js';
export { stateChart, stackedAreaChart, stackedPolygons, STATE_COLORS } from './states.js';
export type { StatePanel, StateChartSpec } from './states.js';
export { pathSegments, bandPolygons, isolatedPoints, runs } from './path.js';
export type { Point, BandPoint } from './path.js';
export { PALETTE, thinTicks, hashId } from './frame.js';
export { legendColumns, type LegendEntry } from './legend.js';
export { linearScale, niceStep, niceTicks, niceTicksInside, stepTicks, tickLabel, c as coord, type AxisFormat } from './scale.js';
export { esc, textWidth, wrapText } from './text.js';
export { shrinkageForest, placeboChart, moderatorScatter, sortByEstimate } from './variation.js';
export type { ShrinkageRow, ShrinkageForestSpec, PlaceboChartSpec, ModeratorScatterSpec } from './variation.js';
