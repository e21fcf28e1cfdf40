/** Small hand-written chart inputs shared by the chart tests and the example writer. */
import type { StateChartSpec } from '../../../src/report/states/chart.js';
import type { ForestSpec, LineChartSpec, StepChartSpec } from '../../../src/report/svg/index.js';

/** Four cells, weeks 1–8; participants-during is suppressed in week 4. */
export const sharesSpec: LineChartSpec = {
  title: 'Share in company internship',
  subtitle: 'Four cells: participating vs comparison municipalities × before vs during cohort.',
  note:
    'Note: Among cohort members still in the programme that week.\nNote: ' +
    'Week 4 of participants, during, is hidden (fewer than 5 persons).',
  xLabel: 'Calendar week',
  yLabel: 'Share (%)',
  yFormat: 'percent',
  series: [
    {
      label: 'Participants, during',
      color: '#D55E00',
      points: [0.05, 0.08, 0.1, null, 0.15, 0.18, 0.2, 0.23].map((y, i) => ({ x: i + 1, y })),
    },
    {
      label: 'Participants, before',
      color: '#D55E00',
      dash: true,
      points: [0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.12].map((y, i) => ({ x: i + 1, y })),
    },
    {
      label: 'Comparison, during',
      color: '#0072B2',
      points: [0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.12, 0.13].map((y, i) => ({ x: i + 1, y })),
    },
    {
      label: 'Comparison, before',
      color: '#0072B2',
      dash: true,
      points: [0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.12, 0.14].map((y, i) => ({ x: i + 1, y })),
    },
  ],
};

/** Weekly effect, weeks 1–6, with its interval and a zero line. */
export const effectSpec: LineChartSpec = {
  title: 'Effect on share in company internship',
  note: 'Note: Dashed lines: 95 % confidence interval.',
  xLabel: 'Calendar week',
  yLabel: 'Effect (percentage points)',
  yFormat: 'pp',
  referenceLines: [{ y: 0, label: 'No effect' }],
  series: [
    {
      label: 'Estimated effect',
      color: '#000000',
      points: [0.01, 0.02, 0.03, 0.04, 0.05, 0.06].map((y, i) => ({ x: i + 1, y })),
      band: [0.01, 0.02, 0.03, 0.04, 0.05, 0.06].map((y, i) => ({
        x: i + 1,
        low: y - 0.03,
        high: y + 0.03,
      })),
    },
  ],
};

/** Kaplan–Meier, weeks 0–4, intervals for the during cohorts. */
export const survivalSpec: StepChartSpec = {
  title: 'Time from programme start to first internship',
  note: 'Note: Bands: 95 % log-log confidence intervals for the during cohorts.',
  xLabel: 'Weeks since entry',
  yLabel: 'Not yet in internship (%)',
  bandLabel: '95 % confidence interval (during cohorts)',
  series: [
    {
      label: 'Participants, during',
      color: '#D55E00',
      points: [1, 0.9, 0.8, 0.7, 0.6].map((y, x) => ({ x, y })),
      band: [1, 0.9, 0.8, 0.7, 0.6].map((y, x) => ({
        x,
        low: y - 0.05,
        high: Math.min(1, y + 0.05),
      })),
    },
    {
      label: 'Participants, before',
      color: '#D55E00',
      dash: true,
      points: [1, 0.95, 0.9, 0.85, 0.8].map((y, x) => ({ x, y })),
    },
    {
      label: 'Comparison, during',
      color: '#0072B2',
      points: [1, 0.95, 0.9, 0.86, 0.82].map((y, x) => ({ x, y })),
      band: [1, 0.95, 0.9, 0.86, 0.82].map((y, x) => ({
        x,
        low: y - 0.03,
        high: Math.min(1, y + 0.03),
      })),
    },
    {
      label: 'Comparison, before',
      color: '#0072B2',
      dash: true,
      points: [1, 0.96, 0.92, 0.88, 0.84].map((y, x) => ({ x, y })),
    },
  ],
};

/** Three municipalities (one without an estimate) and the pooled effect. */
export const forestSpec: ForestSpec = {
  title: 'Effect per participating municipality',
  note: 'Note: Lines are 95 % confidence intervals.',
  xLabel: 'Effect (percentage points)',
  reference: 0,
  rows: [
    { label: 'København', estimate: 0.1, low: 0.02, high: 0.18, n: 743 },
    { label: 'Ringkøbing-Skjern', estimate: -0.05, low: -0.12, high: 0.02, n: 1176 },
    { label: 'Tårnby', estimate: null, low: null, high: null, n: 3 },
  ],
  pooled: { label: 'All participating (pooled)', estimate: 0.03, low: 0.01, high: 0.05 },
};

/** 2×2 cells, weeks 0–3, three states; the third panel is hidden in week 2. */
export const statesSpec: StateChartSpec = {
  title: 'Where cohort members are, by weeks since entry',
  note: 'Note: Shares of each cell; week 2 of comparison, before, is hidden.',
  xLabel: 'Weeks since entry',
  panels: [
    'Participants, before',
    'Participants, during',
    'Comparison, before',
    'Comparison, during',
  ].map((title, k) => ({
    title,
    x: [0, 1, 2, 3],
    states: [
      { label: 'In programme', share: [1, 0.8, k === 2 ? null : 0.6, 0.5] },
      { label: 'Internship', share: [0, 0.1, k === 2 ? null : 0.2, 0.2] },
      { label: 'Censored', share: [0, 0.1, k === 2 ? null : 0.2, 0.3] },
    ],
  })),
};
