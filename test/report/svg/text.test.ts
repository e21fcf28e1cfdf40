import { describe, expect, it } from 'vitest';
import {
  esc,
  hashId,
  legendColumns,
  textWidth,
  thinTicks,
  wrapText,
} from '../../../src/report/svg/index.js';

describe('esc', () => {
  it('escapes &, <, >, " and keeps UTF-8 letters', () => {
    expect(esc('Ringkøbing-Skjern & Tårnby <b> "x"')).toBe(
      'Ringkøbing-Skjern &amp; Tårnby &lt;b&gt; &quot;x&quot;',
    );
    expect(esc('Køge – Holbæk')).toBe('Køge – Holbæk');
  });
  it('drops characters XML 1.0 forbids (they would make the file unreadable)', () => {
    expect(esc('a\u0001b\u000Bc\uFFFFd')).toBe('abcd');
    expect(esc('tab\tok')).toBe('tab\tok');
    expect(esc('lone \uD800 surrogate')).toBe('lone  surrogate');
    expect(esc('pair \uD83D\uDE00 kept')).toBe('pair \uD83D\uDE00 kept');
  });
});

describe('textWidth / wrapText', () => {
  it('width by character class (em × font size)', () => {
    expect(textWidth('ii', 10)).toBeCloseTo(5.6, 10); // 2 × 0.28 em
    expect(textWidth('mm', 10)).toBeCloseTo(19.4, 10); // 2 × 0.97 em
    expect(textWidth('Ab', 10)).toBeCloseTo(13.1, 10); // 0.68 + 0.63 em
    expect(textWidth('104', 10)).toBeCloseTo(18.9, 10); // digits 0.63 em
    expect(textWidth('ø', 10)).toBeCloseTo(textWidth('o', 10), 10);
    expect(textWidth('Ab', 10, true)).toBeGreaterThan(textWidth('Ab', 10));
  });
  it('wraps greedily at the width; "\\n" forces a break', () => {
    // "aaaa" = 24.4 px, "aaaa bbbb" = 24.4 + 3.2 + 25.2 = 52.8 px at 10 px
    expect(wrapText('aaaa bbbb cccc', 55, 10)).toEqual(['aaaa bbbb', 'cccc']);
    expect(wrapText('aaaa bbbb cccc', 45, 10)).toEqual(['aaaa', 'bbbb', 'cccc']); // "bbbb cccc" = 49.6 px
    expect(wrapText('Note: one.\nNote: two.', 1000, 10)).toEqual(['Note: one.', 'Note: two.']);
    expect(wrapText('averyveryverylongword', 10, 10)).toEqual(['averyveryverylongword']);
  });
  it('never splits "95 %"', () => {
    expect(wrapText('CI 95 % band', 30, 10)).toEqual(['CI', '95 %', 'band']);
  });
});

describe('layout helpers', () => {
  it('legend columns: as many as fit, at most 4, or as forced', () => {
    expect(legendColumns(['a', 'b'], 688)).toBe(2);
    expect(
      legendColumns(
        [
          'Participants, during',
          'Participants, before',
          'Comparison, during',
          'Comparison, before',
        ],
        688,
      ),
    ).toBe(4);
    expect(legendColumns(['x'.repeat(60), 'y'], 688)).toBe(1);
    expect(legendColumns(['a', 'b', 'c', 'd'], 688, 4, 2)).toBe(2);
  });
  it('thinTicks halves crowded week ticks until labels fit', () => {
    const ticks = [0, 13, 26, 39, 52, 65, 78, 91, 104];
    // "104" = 20.8 px at 11 px, + 8 px gap > 13 weeks × 2 px: keep every other tick
    expect(thinTicks(ticks, String, 2)).toEqual([0, 26, 52, 78, 104]);
    expect(thinTicks(ticks, String, 5)).toEqual(ticks);
  });
  it('hashId is FNV-1a, stable', () => {
    expect(hashId('')).toBe('811c9dc5');
    expect(hashId('a')).toBe('e40c292c');
  });
});
