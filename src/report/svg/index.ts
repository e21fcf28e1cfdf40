/** SVG figures written by effekt itself: no browser, no native dependency. */
export { lineChart, stepChart, forestPlot, stateChart, pathSegments, type Series, type Point, type LineChartSpec, type ForestSpec, type ForestRow, type StatePanel } from './charts.js';
export { PALETTE, type AxisFormat } from './frame.js';
export { linearScale, niceTicks, niceStep, tickLabel, esc } from './scale.js';
