import { describe, expect, it } from 'vitest';
import {
  expandTwoDigitYear,
  formatSerial,
  isoWeekOfDate,
  isoWeekOfSerial,
  monthOfSerial,
  parseWeekLabel,
  serialOfDate,
  serialOfLabel,
  weekSerial,
  weeksBetween,
  weeksInIsoYear,
} from '../../src/calendar/isoweek.js';

describe('ISO week calendar', () => {
  it('knows which years have week 53', () => {
    expect(weeksInIsoYear(2015)).toBe(53);
    expect(weeksInIsoYear(2016)).toBe(52);
    expect(weeksInIsoYear(2020)).toBe(53);
    expect(weeksInIsoYear(2026)).toBe(53);
    expect(weeksInIsoYear(2004)).toBe(53);
    expect(weeksInIsoYear(2017)).toBe(52);
    expect(weeksInIsoYear(1998)).toBe(53);
  });
  it('maps dates to weeks as the calendar says', () => {
    expect(isoWeekOfDate(2018, 12, 31)).toEqual({ year: 2019, week: 1 });
    expect(isoWeekOfDate(2016, 1, 3)).toEqual({ year: 2015, week: 53 });
    expect(isoWeekOfDate(2016, 1, 4)).toEqual({ year: 2016, week: 1 });
    expect(isoWeekOfDate(2017, 1, 1)).toEqual({ year: 2016, week: 52 });
    expect(isoWeekOfDate(2017, 1, 2)).toEqual({ year: 2017, week: 1 });
    expect(isoWeekOfDate(2021, 1, 3)).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOfDate(1970, 1, 1)).toEqual({ year: 1970, week: 1 });
  });
  it('serials are consecutive across year ends and round-trip', () => {
    expect(weekSerial(2016, 1) - weekSerial(2015, 53)).toBe(1);
    expect(weekSerial(2017, 1) - weekSerial(2016, 52)).toBe(1);
    expect(weekSerial(1970, 1)).toBe(0);
    for (let s = 1000; s < 3000; s += 7) {
      const w = isoWeekOfSerial(s);
      expect(weekSerial(w.year, w.week)).toBe(s);
    }
    expect(serialOfDate(2018, 12, 31)).toBe(weekSerial(2019, 1));
  });
  it('counts weeks between', () => {
    // 2016 has 52 weeks, 2017 has 52: 2016-W01 to 2018-W01 is 104 weeks.
    expect(weeksBetween({ year: 2016, week: 1 }, { year: 2018, week: 1 })).toBe(104);
    // 2015 has 53.
    expect(weeksBetween({ year: 2015, week: 1 }, { year: 2016, week: 1 })).toBe(53);
  });
  it('rejects week 53 in a year without it', () => {
    expect(() => weekSerial(2016, 53)).toThrow(/2016-W53 does not exist/);
    expect(() => parseWeekLabel('1653')).toThrow(RangeError);
    expect(parseWeekLabel('1553')).toEqual({ year: 2015, week: 53 });
    expect(() => weekSerial(2017, 0)).toThrow(RangeError);
  });
  it('puts a week in the month of its Thursday', () => {
    // 2017-W05: Mon 30 Jan – Sun 5 Feb, Thursday 2 Feb → February.
    expect(monthOfSerial(weekSerial(2017, 5))).toEqual({ year: 2017, month: 2 });
    // 2019-W01: Mon 31 Dec 2018, Thursday 3 Jan 2019 → January 2019.
    expect(monthOfSerial(weekSerial(2019, 1))).toEqual({ year: 2019, month: 1 });
    // 2015-W53: Thursday 31 Dec 2015 → December 2015.
    expect(monthOfSerial(weekSerial(2015, 53))).toEqual({ year: 2015, month: 12 });
  });
  it('parses the label forms users write', () => {
    expect(parseWeekLabel('2017-W01')).toEqual({ year: 2017, week: 1 });
    expect(parseWeekLabel('1701')).toEqual({ year: 2017, week: 1 });
    expect(parseWeekLabel('9552')).toEqual({ year: 1995, week: 52 });
    expect(parseWeekLabel('hello')).toBeNull();
    expect(formatSerial(serialOfLabel('2015-W53'))).toBe('2015-W53');
    expect(expandTwoDigitYear(89)).toBe(2089);
    expect(expandTwoDigitYear(90)).toBe(1990);
  });
});
