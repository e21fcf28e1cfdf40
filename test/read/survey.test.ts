/**
 * The survey readers: errors name file, line and column; answers left out by
 * design are counted by reason.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseAnswerValue, readSurvey } from '../../src/read/survey.js';
import { tmpFolder, writeIn } from '../helpers/tmp.js';

const dir = tmpFolder('effekt-survey-');
let n = 0;
const file = (text: string) => writeIn(dir, `s${n++}.csv`, text);

async function failure(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

const HEAD = 'respondent,municipality,wave,item,value\n';

describe('readSurvey: errors name file, line and column', () => {
  it("rejects a header without the format's columns, or with others", async () => {
    const f1 = file('respondent,municipality,wave,element,value\nA,101,start,e1,3\n');
    const e1 = await failure(readSurvey(f1, 'progression'));
    expect(e1.describe()).toBe(
      `${f1}:1:4: unknown column "element" (progression format: respondent,municipality,wave,item,value)`,
    );
    const f2 = file('respondent,wave,element,value\nA,start,e1,3\n');
    expect((await failure(readSurvey(f2, 'fidelity'))).describe()).toMatch(
      /:1: no column "municipality"/,
    );
  });

  it('rejects an unknown wave with its line and column', async () => {
    const f = file(`${HEAD}A,101,start,q1,3\nA,101,end,q1,4\n`);
    const e = await failure(readSurvey(f, 'progression'));
    expect(e.describe()).toBe(`${f}:3:3: unknown wave "end" (expected "start" or "follow-up")`);
    // the fidelity format's second wave is "end"
    const g = file('respondent,municipality,wave,element,value\nA,101,follow-up,e1,3\n');
    expect((await failure(readSurvey(g, 'fidelity'))).describe()).toMatch(
      /:2:3: unknown wave "follow-up" \(expected "start" or "end"\)/,
    );
  });

  it('rejects a non-numeric value', async () => {
    const f = file(`${HEAD}A,101,start,q1,3\nA,101,follow-up,q1,agree\n`);
    expect((await failure(readSurvey(f, 'progression'))).describe()).toMatch(
      /:3:5: non-numeric value "agree"/,
    );
  });

  it('rejects the same respondent × wave × item twice, naming the first line', async () => {
    const f = file(`${HEAD}A,101,start,q1,3\nA,101,start,q2,3\nA,101,start,q1,4\n`);
    expect((await failure(readSurvey(f, 'progression'))).describe()).toBe(
      `${f}:4:4: respondent "A" answered item "q1" at wave "start" twice (first on line 2)`,
    );
  });

  it('rejects a respondent in two municipalities and an empty respondent id', async () => {
    const f = file(`${HEAD}A,101,start,q1,3\nA,157,follow-up,q1,3\n`);
    expect((await failure(readSurvey(f, 'progression'))).describe()).toMatch(
      /:3:2: respondent "A" is in municipality "157" here but "101" on line 2/,
    );
    const g = file(`${HEAD} ,101,start,q1,3\n`);
    expect((await failure(readSurvey(g, 'progression'))).describe()).toMatch(
      /:2:1: empty respondent id/,
    );
  });

  it('rejects ragged rows and a file with no rows', async () => {
    expect((await failure(readSurvey(file(`${HEAD}A,101,start,q1\n`), 'progression'))).line).toBe(
      2,
    );
    expect((await failure(readSurvey(file(HEAD), 'progression'))).message).toMatch(/no rows/);
  });
});

describe('readSurvey: answers left out are counted by reason', () => {
  it(
    'counts empty values, missing and unknown municipalities and values off ' +
      'the scale; rows = kept + excluded',
    async () => {
      const f = file(
        HEAD +
          [
            'A,101,start,q1,3',
            'A,101,follow-up,q1,4', // kept
            'B,101,start,q1,', // empty value
            'C,,start,q1,2', // missing municipality
            'D,999,start,q1,2',
            'D,999,follow-up,q1,2',
            'E,998,start,q1,1', // unknown municipalities
            'F,157,start,q1,7',
            'F,157,follow-up,q1,0', // out of range
            'G,157,start,q1,2', // one wave
            'H,157,follow-up,q1,"4,5"', // one wave, decimal comma
          ].join('\n') +
          '\n',
      );
      const r = await readSurvey(f, 'progression', {
        municipalities: new Set(['101', '157']),
        scale: [1, 5],
      });
      expect(r.rows).toBe(11);
      expect(r.answers).toHaveLength(4);
      expect(r.excluded).toEqual({
        'empty value': 1,
        'unknown municipality': 3,
        'missing municipality': 1,
        'value out of range': 2,
      });
      expect(r.rows).toBe(r.answers.length + Object.values(r.excluded).reduce((a, b) => a + b, 0));
      expect(r.unknown_municipalities).toEqual(['998', '999']);
      expect(r.respondents).toBe(8);
      // G has only a start, H only a follow-up (B–F have no kept answer at all)
      expect(r.respondents_one_wave).toEqual({ start_only: 1, second_only: 1 });
      expect(r.answers.find((a) => a.respondent === 'H')!.value).toBe(4.5);
      expect(r.keys).toEqual(['q1']);
    },
  );

  it(
    'accepts ";" files, a BOM, CRLF line ends, columns in any order and ' +
      'wave names in any case',
    async () => {
      const f = file(
        '\uFEFFitem;value;wave;municipality;respondent\r\nq1;3;Start;101;A\r\nq1;2,5;FOLLOW-UP;101;A\r\n',
      );
      const r = await readSurvey(f, 'progression');
      expect(r.answers).toEqual([
        { respondent: 'A', municipality: '101', wave: 0, key: 'q1', value: 3 },
        { respondent: 'A', municipality: '101', wave: 1, key: 'q1', value: 2.5 },
      ]);
    },
  );
});

describe('parseAnswerValue', () => {
  it('reads numbers, a single decimal comma, and nothing else', () => {
    expect(parseAnswerValue('4')).toBe(4);
    expect(parseAnswerValue('-1.5')).toBe(-1.5);
    expect(parseAnswerValue('3,5')).toBe(3.5);
    for (const bad of ['agree', '1,000,0', '4 ', '0x10', 'Infinity', 'NaN', '1e999', ''])
      expect(parseAnswerValue(bad)).toBeNull();
  });
});
