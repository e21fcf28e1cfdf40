// biome-ignore-all lint/suspicious/noExplicitAny: this test reads and edits free-form JSON (specs made wrong on purpose, results.json by path)
/**
 * Spec mistakes in plain words: no validator jargon, unknown keys answered
 * with the valid ones and the nearest, state names as the user's own keys.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { editDistance, nearest } from '../../src/spec/messages.js';
import { resolveSpec, specJsonSchema } from '../../src/spec/spec.js';

const base = (): any => ({
  name: 'brf',
  data: { path: 'dream.csv' },
  codes: { programme: ['771', '772'], internship: ['772'] },
  treated: ['165'],
  cohorts: {
    before: { entry: ['2016-W01', '2016-W52'], until: '2017-W52' },
    during: { entry: ['2017-W01', '2018-W52'], until: '2018-W52' },
  },
  outcomes: [{ id: 'internship', type: 'share', state: 'internship', population: 'in-programme' }],
});
const message = (mutate: (s: any) => void): string => {
  const s = base();
  mutate(s);
  try {
    resolveSpec(s, '/tmp/spec.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('the spec was accepted');
};

describe('edit distance and nearest', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('cohrots', 'cohorts')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('Level', 'level')).toBe(0);
  });
  it('suggests only near names', () => {
    expect(nearest('covariate', ['path', 'covariates', 'id'])).toBe('covariates');
    expect(nearest('zzzzzz', ['path', 'covariates', 'id'])).toBeNull();
  });
});

describe('plain spec messages', () => {
  it('answers an unknown key with the nearest and the valid keys', () => {
    const m = message((s) => (s.data.covariate = ['alder']));
    expect(m).toMatch(
      /^data: unknown key "covariate" \(did you mean "covariates"\?\); valid keys here: path, persons, id, municipality, covariates/,
    );
    expect(message((s) => (s.inferense = {}))).toMatch(
      /unknown key "inferense" \(did you mean "inference"\?\)/,
    );
    expect(message((s) => (s.outcomes[0].populaton = 'started'))).toMatch(
      /outcomes\[0\]: unknown key "populaton" \(did you mean "population"\?\); valid keys here: id, type, state, population, title/,
    );
  });
  it('never leaks validator jargon', () => {
    const cases: [(s: any) => void, RegExp][] = [
      [(s) => (s.states = []), /^states: expected an object of named states/],
      [
        (s) => (s.inference = { level: 95 }),
        /^inference\.level: expected the confidence level as a fraction between 0 and 1, e\.g\. 0\.95 \(not 95\)/,
      ],
      [
        (s) => (s.inference = { bootstrap: 9.5 }),
        /^inference\.bootstrap: expected a whole number of replications/,
      ],
      [(s) => (s.data = 'dream.csv'), /^data: expected an object with "path"/],
      [(s) => delete s.data.path, /^data\.path: expected the extract path/],
      [(s) => (s.outcomes[0].id = ''), /^outcomes\[0\]\.id: expected at least 1 character/],
      [(s) => (s.outcomes[0].id = 7), /^outcomes\[0\]\.id: expected text, got the number 7/],
      [(s) => (s.inference = { cluster: 'person' }), /expected "municipality"/],
    ];
    for (const [mutate, re] of cases) {
      const m = message(mutate);
      expect(m).toMatch(re);
      expect(m).not.toMatch(/Invalid input|received|Too big|Too small|Unrecognized/);
    }
    expect(cases).toHaveLength(8);
  });
  it("resolves state names as the spec's own keys only", () => {
    expect(message((s) => (s.outcomes[0].state = 'constructor'))).toMatch(
      /unknown state "constructor"/,
    );
    expect(message((s) => (s.outcomes[0].state = 'toString'))).toMatch(/unknown state "toString"/);
    expect(message((s) => (s.outcomes[0].state = 'intership'))).toMatch(
      /unknown state "intership" \(did you mean "internship"\?\)/,
    );
    const ok = resolveSpec(
      {
        ...base(),
        states: { constructor: { codes: ['771'] } },
        outcomes: [{ id: 'c', type: 'share', state: 'constructor', population: 'started' }],
      },
      '/tmp/s.json',
    );
    expect(ok.outcomes[0]).toMatchObject({
      type: 'share',
      state: { name: 'constructor', codes: ['771'] },
    });
  });
});

describe('report formats', () => {
  it('names the valid formats for an unknown one', () => {
    expect(message((s) => (s.report = { formats: ['md', 'pdf'] }))).toMatch(
      /^report\.formats\[1\]: expected one of "md", "html", "docx", "xlsx", "csv", "svg", "png"/,
    );
  });
});

describe('spec mistakes that would run without a word', () => {
  it('rejects empty code lists and overlapping entry windows', () => {
    expect(message((s) => (s.codes.censor = []))).toMatch(
      /^codes\.censor: expected at least one code \(leave the key out instead of an empty list\)/,
    );
    expect(message((s) => (s.codes.programme = []))).toMatch(
      /^codes\.programme: expected at least one/,
    );
    expect(message((s) => (s.states = { x: { codes: [] } }))).toMatch(
      /^states\.x\.codes: expected at least one code/,
    );
    expect(message((s) => (s.cohorts.during.entry = ['2016-W40', '2018-W52']))).toMatch(
      /^cohorts\.during\.entry: the entry windows overlap \(before 2016-W01–2016-W52, during 2016-W40–2018-W52\)/,
    );
  });
});

describe('JSON Schema of the spec', () => {
  it('is generated from the validator: every top-level key, required ones, closed objects', () => {
    const schema = specJsonSchema() as any;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties)).toEqual([
      'name',
      'title',
      'data',
      'codes',
      'treated',
      'states',
      'cohorts',
      'outcomes',
      'pooled',
      'municipalityData',
      'moderators',
      'variation',
      'inference',
      'report',
      'eventStudy',
      'progression',
      'fidelity',
    ]);
    expect(schema.required).toEqual(['name', 'data', 'codes', 'treated', 'cohorts', 'outcomes']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.inference.properties.level.exclusiveMaximum).toBe(1);
  });
});

describe('the README documents every key', () => {
  it('holds exactly the table `effekt spec --reference` prints', async () => {
    const { readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const { repoRoot } = await import('../helpers/tmp.js');
    const { specReference } = await import('../../src/spec/reference.js');
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = /<!-- spec-reference:start -->\n([\s\S]*?)\n<!-- spec-reference:end -->/.exec(
      readme,
    );
    expect(block).not.toBeNull();
    const table = specReference(specJsonSchema() as never);
    // Regenerate with: node bin/effekt spec --reference
    expect(block![1]).toBe(table);
    for (const key of ['data.path', 'inference.level', 'states.<name>.hoursAbove'])
      expect(table).toContain(`\`${key}\``);
  });
});
