/**
 * `effekt inspect --min-cell N` through the disclosure rule (issue 21: it
 * printed "enke (2)" and a single person's age, "to 99"). Counts are by
 * hand from the extract written here; the same two oracles as the leak
 * tests: brute force (no count below N printed or in --json, no min or max
 * held by fewer than N persons) and non-interference (two extracts that
 * differ only inside the small groups print the same).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderInspection } from '../../src/cli/inspect.js';
import { discloseInspection } from '../../src/disclosure/index.js';
import { readExtract } from '../../src/read/index.js';
import { inspectExtract } from '../../src/read/inspect.js';
import { tmpFolder, writeIn } from '../helpers/tmp.js';

const N = 5;

/**
 * 40 persons: ages 30–49 twice over, except the last one (age `old`); civil status gift×25,
 * ugift×13,
 * enke×2. `variant` 1 makes the oldest 2 years younger and person 0 2 years older (same mean, 30
 * and the
 * maximum still held by fewer than 5).
 */
function extract(variant: number, widowCode: string): string {
  const rows = ['pnr,kom,alder,civil,y_1701,y_1702,y_1703'];
  for (let i = 0; i < 40; i++) {
    const age = i === 39 ? 99 - 2 * variant : i === 0 ? 30 + 2 * variant : 30 + (i % 20);
    const civil = i < 25 ? 'gift' : i < 38 ? 'ugift' : 'enke';
    // Code 900 only for the two widows (a code of 2 persons), 771 for everybody else.
    const code = civil === 'enke' ? widowCode : '771';
    rows.push(`${1000 + i},${i < 20 ? 101 : 102},${age},${civil},${code},${code},`);
  }
  return `${rows.join('\n')}\n`;
}

async function inspect(variant: number, widowCode: string, minCell: number) {
  const dir = tmpFolder('effekt-inspect-');
  const file = writeIn(dir, 'dream.csv', extract(variant, widowCode));
  const x = await readExtract(file, { id: 'pnr', municipality: 'kom', encoding: 'utf-8' });
  const info = discloseInspection(inspectExtract(x, 20), minCell);
  return { info, text: renderInspection({ ...info, file: path.basename(info.file) }) };
}

describe('effekt inspect --min-cell', () => {
  it(
    'hides a level of 2 persons, a maximum held by one, a code of 2 ' +
      'persons; says when unsuppressed',
    async () => {
      const open = await inspect(0, '900', 0);
      expect(open.info.suppression).toEqual({ min_cell: 0, unsuppressed: true, hidden: [] });
      expect(open.text).toContain('enke (2)');
      expect(open.text).toContain('to 99');
      expect(open.text).toMatch(
        /Unsuppressed: counts of fewer persons than any threshold are shown/,
      );

      const { info, text } = await inspect(0, '900', N);
      expect(info.suppression.unsuppressed).toBe(false);
      const civil = info.covariates.find((c) => c.name === 'civil')!;
      // gift 25, ugift 13, enke 2 (hidden): every level is listed, so the levels add up to the 40
      // persons and the
      // smallest shown level (ugift) is hidden with it.
      expect(civil.top).toEqual([
        { value: 'gift', count: 25 },
        { value: 'ugift', count: null },
        { value: 'enke', count: null },
      ]);
      const age = info.covariates.find((c) => c.name === 'alder')!;
      // 30 is held by 2 persons, 99 by one: both hidden; the mean rests on all 40.
      expect([age.min, age.max, age.at_min, age.at_max]).toEqual([null, null, null, null]);
      expect(age.mean).not.toBeNull();
      expect(text).not.toContain('enke (2)');
      expect(text).not.toContain('99');
      expect(text).toContain('enke (–)');
      expect(text).toMatch(/Small cells hidden \(--min-cell 5\)/);
      // Code 900: 2 persons (4 person-weeks) — hidden; the codes' person-weeks add up to persons ×
      // weeks, so the
      // smallest shown code is hidden with it.
      const c900 = info.codes.find((c) => c.code === '900')!;
      expect([c900.count, c900.persons, c900.share]).toEqual([null, null, null]);
      expect(info.codes.filter((c) => c.count === null).length).toBe(2);
    },
  );

  it('two extracts that differ only inside the small groups print the same', async () => {
    const a = await inspect(0, '900', N);
    const b = await inspect(1, '900', N);
    // The first line names the file and its checksum, which legitimately differ.
    const body = (t: string) => t.split('\n').slice(1).join('\n');
    expect(body(b.text)).toBe(body(a.text));
    const strip = (i: typeof a.info) => JSON.stringify({ ...i, sha256: '', file: '', bytes: 0 });
    expect(strip(b.info)).toBe(strip(a.info));
  });
});
