/**
 * Synthetic survey files for a simulated evaluation (docs/definitions.md,
 * "Survey side"): progression.csv — participants asked 11 questions at programme
 * start and at follow-up — and fidelity.csv — staff rating the programme's
 * core elements at start and end — in the treated municipalities.
 *
 * The process, per participant: a latent level a ~ N(0, 1); the answer to
 * item i at start is round(3 + 0.8·a + 0.6·ε) clamped to 1–5; at follow-up
 * round(3 + 0.8·a + Δᵢ + 0.6·ε′), with Δᵢ the item's true change
 * (PROGRESSION_CHANGE, about half of the items move). A participant has no
 * follow-up with probability 0.2, and any single answer is missing with
 * probability 0.03. Per staff member and wave: agree (4 or 5) with
 * probability pₑ at start and pₑ + δₑ + δₘₑ at the end (δₘₑ ~ N(0, 0.06²),
 * the municipality's own drift), else 1–3. Seeded: the same seed gives the
 * same files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Random } from './random.js';

/** True mean change per progression item (answer scale 1–5). */
export const PROGRESSION_CHANGE: readonly number[] = [
  0.45, 0.3, 0, 0.25, 0.05, 0.35, -0.05, 0.2, 0.06, 0.4, 0,
];

/**
 * Core elements: agreeing share at start and its true change by the end, and their names in the
 * report.
 */
export const FIDELITY_ELEMENTS: readonly {
  element: string;
  start: number;
  change: number;
  title: { en: string; da: string };
}[] = [
  {
    element: 'systematic-preparation',
    start: 0.45,
    change: 0.2,
    title: { en: 'Systematic preparation', da: 'Systematisk forberedelse' },
  },
  {
    element: 'citizen-involvement',
    start: 0.78,
    change: 0.1,
    title: { en: 'Citizen involvement', da: 'Borgerinddragelse' },
  },
  {
    element: 'job-education-goal',
    start: 0.46,
    change: 0.08,
    title: { en: 'Goal of job or education', da: 'Mål om job eller uddannelse' },
  },
  {
    element: 'joint-action-plan',
    start: 0.65,
    change: 0.08,
    title: { en: 'Joint action plan', da: 'Fælles handleplan' },
  },
  {
    element: 'cv-from-start',
    start: 0.31,
    change: 0.22,
    title: { en: 'CV from the start', da: 'CV fra start' },
  },
  {
    element: 'plan-follow-up',
    start: 0.55,
    change: 0.03,
    title: { en: 'Follow-up on the plan', da: 'Opfølgning på planen' },
  },
  {
    element: 'company-contact',
    start: 0.6,
    change: -0.08,
    title: { en: 'Company contact', da: 'Virksomhedskontakt' },
  },
  {
    element: 'mentor-support',
    start: 0.5,
    change: 0.0,
    title: { en: 'Mentor support', da: 'Mentorstøtte' },
  },
];

export interface SurveySimulation {
  progressionPath: string;
  fidelityPath: string;
  respondents: number;
  staff: number;
}

const clamp = (v: number) => Math.min(5, Math.max(1, Math.round(v)));

/** progression.csv text: 8–27 participants per municipality. */
export function progressionCsv(
  municipalities: readonly string[],
  seed: number,
): { text: string; respondents: number } {
  const rnd = new Random(seed, 0x5eed01);
  const lines = ['respondent,municipality,wave,item,value'];
  let id = 0;
  for (const m of municipalities) {
    const n = 8 + rnd.int(20);
    for (let k = 0; k < n; k++) {
      const respondent = `P${String(++id).padStart(5, '0')}`;
      const a = rnd.normal();
      const followUp = !rnd.chance(0.2);
      const start = PROGRESSION_CHANGE.map(() => clamp(3 + 0.8 * a + 0.6 * rnd.normal()));
      const follow = PROGRESSION_CHANGE.map((d) => clamp(3 + 0.8 * a + d + 0.6 * rnd.normal()));
      start.forEach((v, i) => {
        if (!rnd.chance(0.03)) lines.push(`${respondent},${m},start,q${i + 1},${v}`);
      });
      if (followUp) {
        follow.forEach((v, i) => {
          if (!rnd.chance(0.03)) lines.push(`${respondent},${m},follow-up,q${i + 1},${v}`);
        });
      }
    }
  }
  return { text: `${lines.join('\n')}\n`, respondents: id };
}

/** fidelity.csv text: 15–34 staff per municipality and wave (different people at each wave). */
export function fidelityCsv(
  municipalities: readonly string[],
  seed: number,
): { text: string; staff: number } {
  const rnd = new Random(seed, 0x5eed02);
  const lines = ['respondent,municipality,wave,element,value'];
  let id = 0;
  for (const m of municipalities) {
    const drift = FIDELITY_ELEMENTS.map(() => 0.06 * rnd.normal());
    for (const wave of ['start', 'end'] as const) {
      const n = 15 + rnd.int(20);
      for (let k = 0; k < n; k++) {
        const respondent = `F${String(++id).padStart(5, '0')}`;
        FIDELITY_ELEMENTS.forEach((e, i) => {
          const p =
            wave === 'start'
              ? e.start
              : Math.min(0.98, Math.max(0.02, e.start + e.change + drift[i]));
          const value = rnd.chance(p) ? 4 + rnd.int(2) : 1 + rnd.int(3);
          lines.push(`${respondent},${m},${wave},${e.element},${value}`);
        });
      }
    }
  }
  return { text: `${lines.join('\n')}\n`, staff: id };
}

/** Write progression.csv and fidelity.csv into outDir for the treated municipalities. */
export async function simulateSurvey(
  outDir: string,
  treated: readonly string[],
  seed: number,
): Promise<SurveySimulation> {
  await mkdir(outDir, { recursive: true });
  const p = progressionCsv(treated, seed);
  const f = fidelityCsv(treated, seed);
  const progressionPath = path.join(outDir, 'progression.csv');
  const fidelityPath = path.join(outDir, 'fidelity.csv');
  await writeFile(progressionPath, p.text);
  await writeFile(fidelityPath, f.text);
  return { progressionPath, fidelityPath, respondents: p.respondents, staff: f.staff };
}

/** The spec blocks that go with the simulated survey files. */
export const SURVEY_SPEC_BLOCKS = {
  progression: {
    path: 'progression.csv',
    labels: Object.fromEntries(
      PROGRESSION_CHANGE.map((_, i) => [
        `q${i + 1}`,
        { en: `Question ${i + 1}`, da: `Spørgsmål ${i + 1}` },
      ]),
    ),
  },
  fidelity: {
    path: 'fidelity.csv',
    agree: [4, 5],
    labels: Object.fromEntries(FIDELITY_ELEMENTS.map((e) => [e.element, e.title])),
  },
};
