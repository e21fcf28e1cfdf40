/**
 * The survey side through the command line: `effekt run` with the survey
 * blocks (results.json against R, CSVs, report), without them (nothing
 * changes), with --min-cell, with a bad survey file (exit 2, file:line:column),
 * and `effekt survey --municipality-file`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { effekt } from '../helpers/effekt.js';
import { fixturesDir, referenceDir, tmpFolder, writeIn } from '../helpers/tmp.js';

const surveyDir = path.join(fixturesDir, 'variation-survey');
const ref = JSON.parse(readFileSync(path.join(surveyDir, 'r-reference.json'), 'utf8')) as Record<
  string,
  number | string
>;
const baseSpec = JSON.parse(readFileSync(path.join(referenceDir, 'spec.json'), 'utf8'));

/** The reference spec with the survey blocks (absolute paths), written to a temporary folder. */
function specWith(dir: string, extra: Record<string, unknown>): string {
  const spec = {
    ...baseSpec,
    data: { ...baseSpec.data, path: path.join(referenceDir, baseSpec.data.path) },
    treated: ['155', '161', '169', '185', '190', '201', '210'],
    inference: { ...baseSpec.inference, bootstrap: 0 },
    ...extra,
  };
  return writeIn(dir, 'spec.json', JSON.stringify(spec));
}
const blocks = {
  progression: { path: path.join(surveyDir, 'progression.csv') },
  fidelity: { path: path.join(surveyDir, 'fidelity.csv'), agree: [4, 5] },
};

describe('effekt run with the survey blocks', () => {
  const dir = tmpFolder('effekt-survey-run-');
  const out = path.join(dir, 'out');
  const r = effekt(['run', specWith(dir, blocks), '--out', out, '--quiet']);
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));

  it("exits 0 and writes results.survey with R's figures (as JSON keeps them, 12 digits)", () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    let compared = 0;
    for (const item of results.survey.progression) {
      for (const f of [
        'n',
        'mean_start',
        'mean_follow',
        'change',
        't',
        'p_t',
        'v',
        'p_wilcoxon',
        'p_holm',
      ]) {
        const want = ref[`wide.survey.progression[item:${item.item}].${f}`] as number;
        expect(Math.abs(item[f] - want), `${item.item}.${f}`).toBeLessThanOrEqual(
          1e-9 * Math.abs(want) + 1e-15,
        );
        compared++;
      }
    }
    for (const row of results.survey.fidelityByMunicipality) {
      expect(row.colour).toBe(
        ref[
          `wide.survey.fidelityByMunicipality[municipality:${row.municipality},element:${row.element}].colour`
        ],
      );
      compared++;
    }
    expect(compared).toBe(11 * 9 + 56);
  });

  it('writes the survey CSVs, both figures and both report sections', () => {
    for (const f of [
      'survey/progression.csv',
      'survey/fidelity.csv',
      'survey/fidelity-municipalities.csv',
      'survey/fidelity-moderators.csv',
      'figures/survey-progression.svg',
      'figures/survey-fidelity.svg',
    ]) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const md = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(md).toContain('## Progression: start and follow-up');
    expect(md).toContain('## Fidelity to the programme model');
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.survey_inputs)).toEqual(['progression', 'fidelity']);
  });

  it('hides with --min-cell every figure resting on fewer respondents (null and a reason)', () => {
    const out2 = path.join(dir, 'hidden');
    expect(
      effekt(['run', specWith(dir, blocks), '--out', out2, '--quiet', '--min-cell', '25']).code,
    ).toBe(0);
    const s = JSON.parse(readFileSync(path.join(out2, 'results.json'), 'utf8')).survey;
    // three municipalities have exactly 20 answers per element and wave
    const hidden = s.fidelityByMunicipality.filter(
      (m: { change_pp: number | null }) => m.change_pp === null,
    );
    // The reason is a code (the report words it); a share is also hidden when fewer than 25 agree,
    // or fewer than 25 do not.
    for (const m of hidden) expect(m).toMatchObject({ colour: null, problem: 'small-cell' });
    expect(
      hidden.filter(
        (m: { n_start: number | null; share_start: number | null }) =>
          m.n_start === null && m.share_start === null,
      ).length,
    ).toBeGreaterThanOrEqual(3 * 8);
    for (const m of s.fidelityByMunicipality)
      if (m.n_start !== null) expect(m.n_start).toBeGreaterThanOrEqual(25);
    // Overall rows count too (an element's overall row is hidden when fewer than 25 of its answers
    // (dis)agree).
    const overallHidden = s.fidelity.filter(
      (r: { problem: string | null }) => r.problem === 'small-cell',
    ).length;
    expect(s.suppression.fidelity_rows_hidden).toBe(hidden.length + overallHidden);
  });
});

describe('effekt run without survey blocks', () => {
  it('writes no survey key, folder or section', () => {
    const dir = tmpFolder('effekt-survey-none-');
    const out = path.join(dir, 'out');
    expect(effekt(['run', specWith(dir, {}), '--out', out, '--quiet']).code).toBe(0);
    const text = readFileSync(path.join(out, 'results.json'), 'utf8');
    expect(JSON.parse(text).survey).toBeUndefined();
    expect(existsSync(path.join(out, 'survey'))).toBe(false);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).not.toContain('Progression');
    expect(
      JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')).survey_inputs,
    ).toBeUndefined();
  });
});

describe('bad survey input', () => {
  it('exits 2 with file, line and column on one line', () => {
    const dir = tmpFolder('effekt-survey-bad-');
    const bad = writeIn(
      dir,
      'progression.csv',
      'respondent,municipality,wave,item,value\nA,155,start,q1,3\nA,155,after,q1,4\n',
    );
    const r = effekt([
      'run',
      specWith(dir, { progression: { path: bad } }),
      '--out',
      path.join(dir, 'out'),
      '--quiet',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `effekt: ${bad}:3:3: unknown wave "after" (expected "start" or "follow-up")\n`,
    );
  });

  it('counts answers from municipalities outside the register and the spec', () => {
    const dir = tmpFolder('effekt-survey-unknown-');
    const text =
      readFileSync(path.join(surveyDir, 'fidelity.csv'), 'utf8') +
      'X1,999,start,e1,4\nX1,999,end,e1,5\n';
    const f = writeIn(dir, 'fidelity.csv', text);
    const out = path.join(dir, 'out');
    expect(
      effekt([
        'run',
        specWith(dir, { fidelity: { path: f, agree: [4, 5] } }),
        '--out',
        out,
        '--quiet',
      ]).code,
    ).toBe(0);
    const s = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')).survey;
    expect(s.files.fidelity.excluded['unknown municipality']).toBe(2);
    expect(s.files.fidelity.unknown_municipalities).toEqual(['999']);
    expect(s.files.fidelity.rows).toBe(s.files.fidelity.answers_used + 2);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain(
      '2 municipality not in the register or the spec (999)',
    );
  });

  it('rejects an agree value outside the scale in the spec', () => {
    const dir = tmpFolder('effekt-survey-spec-');
    const r = effekt([
      'run',
      specWith(dir, { fidelity: { path: 'f.csv', agree: [4, 6] } }),
      '--quiet',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fidelity\.agree\[1\]: 6 is outside the answer scale 1–5/);
  });
});

describe('effekt survey', () => {
  it('writes the municipality file of fidelity changes', () => {
    const dir = tmpFolder('effekt-survey-cmd-');
    const target = path.join(dir, 'kommuner-fidelity.csv');
    const r = effekt(['survey', specWith(dir, blocks), '--municipality-file', target]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Progression (11 items');
    const lines = readFileSync(target, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('municipality,e1,e2,e3,e4,e5,e6,e7,e8,fidelity_change');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([
      '155',
      '161',
      '169',
      '185',
      '190',
      '201',
      '210',
    ]);
    // every value numeric: R's change_pp for 155 × e1
    const want = ref[
      'wide.survey.fidelityByMunicipality[municipality:155,element:e1].change_pp'
    ] as number;
    expect(Math.abs(Number(lines[1].split(',')[1]) - want)).toBeLessThanOrEqual(
      1e-9 * Math.abs(want),
    );
    for (const l of lines.slice(1))
      for (const v of l.split(',').slice(1))
        expect(Number.isFinite(Number(v)) && v !== '').toBe(true);
  });

  it(
    'gives a file the municipality-variation stage reads as moderators ' + '(every column numeric)',
    () => {
      const dir = tmpFolder('effekt-survey-mods-');
      const target = path.join(dir, 'fidelity-kommuner.csv');
      expect(effekt(['survey', specWith(dir, blocks), '--municipality-file', target]).code).toBe(0);
      const out = path.join(dir, 'out');
      const r = effekt([
        'run',
        specWith(dir, { municipalityData: target }),
        '--out',
        out,
        '--quiet',
      ]);
      expect(r.stderr).toBe('');
      const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
      const names = results.outcomes.internship.moderators.map((m: { name: string }) => m.name);
      expect(names).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'fidelity_change']);
      expect(results.outcomes.internship.variation.ignored_columns).toEqual([]);
    },
  );

  it('exits 2 when the spec has no survey block', () => {
    const dir = tmpFolder('effekt-survey-cmd2-');
    const r = effekt(['survey', specWith(dir, {})]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no "progression" or "fidelity" block/);
  });
});
