/**
 * The event study's outcomes stage against R's reference (test/fixtures/
 * reference/event-study): every person's event-study entry week and period
 * (members.csv), the periods that take part, and per outcome and cell
 * (g, p) the persons, person-weeks and mean (cells.csv).
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSerial } from '../../src/calendar/isoweek.js';
import { NEVER } from '../../src/design/rounds.js';
import { computeEventStudyData, type EventStudyData } from '../../src/outcomes/eventstudy.js';
import { readForSpec } from '../../src/pipeline/read.js';
import type { Extract } from '../../src/read/extract.js';
import { compileSpec } from '../../src/spec/compile.js';
import { loadSpec } from '../../src/spec/spec.js';
import { fixturesDir } from '../helpers/tmp.js';

const dir = path.join(fixturesDir, 'event-study');

function readCsv(file: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const names = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i], v.trim()])));
}

describe('event-study entries and cell sums reproduce R (event-study fixture)', () => {
  const spec = loadSpec(path.join(dir, 'spec.json'));
  let x: Extract;
  let data: EventStudyData;
  beforeAll(async () => {
    x = await readForSpec(spec);
    data = computeEventStudyData(x, compileSpec(spec, x), spec.eventStudy!);
  });

  it('every member: entry week, period and group as R has them; nobody else', () => {
    const members = readCsv(path.join(dir, 'members.csv'));
    expect(members.length).toBe(2110);
    expect(data.members).toBe(2110);
    const row = new Map(x.ids.map((id, i) => [id, i]));
    let compared = 0;
    for (const m of members) {
      const i = row.get(m.pnr)!;
      expect(formatSerial(data.entryWeek[i])).toBe(m.entry);
      const p =
        Math.floor(
          (data.entryWeek[i] - spec.eventStudy!.entry.from) / spec.eventStudy!.entry.length,
        ) + 1;
      expect(p).toBe(Number(m.period));
      const g = spec.eventStudy!.rounds.get(m.kom);
      expect(g === undefined ? 'never' : String(g + 1)).toBe(m.group);
      compared++;
    }
    expect(compared).toBe(2110);
    // Persons per period match, and the 390 without an entry are counted by reason.
    for (const p of data.periods)
      expect(p.persons).toBe(members.filter((m) => Number(m.period) === p.index + 1).length);
    expect(Object.values(data.excluded).reduce((a, b) => a + b, 0)).toBe(2500 - 2110);
  });

  it('periods 1–12 take part, 13–14 lack follow-up', () => {
    expect(data.periods.map((p) => p.used)).toEqual([...Array(12).fill(true), false, false]);
    expect(formatSerial(data.periods[12].firstWeek)).toBe('2020-W53');
  });

  it('persons, person-weeks and mean of every cell (g, p) of both outcomes', () => {
    const cells = readCsv(path.join(dir, 'cells.csv'));
    const P = spec.eventStudy!.entry.periods;
    let compared = 0;
    for (const c of cells) {
      const o = data.outcomes.find((s) => s.outcome.id === c.outcome)!;
      // cells.csv numbers periods and start groups from 1; the stages count from 0.
      const g = c.group === 'never' ? NEVER : Number(c.group) - 1;
      const p = Number(c.period) - 1;
      let persons = 0;
      let n = 0;
      let y = 0;
      data.clusters.forEach((_, m) => {
        if (data.startPeriod[m] !== g) return;
        persons += data.persons[m * P + p];
        n += o.n[m * P + p];
        y += o.sumY[m * P + p];
      });
      expect(persons).toBe(Number(c.persons));
      expect(n).toBe(Number(c.person_weeks));
      expect(y / n).toBeCloseTo(Number(c.mean), 12);
      compared++;
    }
    expect(compared).toBe(72);
  });
});
