/**
 * PNG copies of the figures: 16 cm at 300 dpi, rendered with the shipped
 * DejaVu Sans (no system font), deterministic, with the resolution in the file.
 */

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  crc32,
  fontFiles,
  minFontUnits,
  PRINT_WIDTH_PX,
  pngDpi,
  pngSize,
  svgsToPngs,
  svgToPng,
  withDpi,
} from '../../src/report/render/png.js';
import { lineChart } from '../../src/report/svg/index.js';

const svg = lineChart({
  title: 'Ærø og Åbenrå: 2,5 % − 1',
  xLabel: 'Uge',
  yLabel: 'Andel (%)',
  yFormat: 'percent',
  series: [
    {
      label: 'Deltagere',
      points: [
        { x: 1, y: 0.1 },
        { x: 2, y: 0.2 },
        { x: 3, y: 0.15 },
      ],
    },
  ],
  lang: 'da',
});

/** One line of text in the font the figures name. */
function textOnly(text: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" ` +
    `viewBox="0 0 200 40"><rect width="200" height="40" fill="#fff"/><text ` +
    `x="10" y="28" font-family="'DejaVu Sans', sans-serif" font-size="20" ` +
    `fill="#000">${text}</text></svg>`
  );
}

describe('print width', () => {
  it('16 cm at 300 dpi is 1890 px (16 / 2.54 × 300 = 1889.8)', () => {
    expect(PRINT_WIDTH_PX).toBe(1890);
  });
  it('8 pt at 300 dpi is 33.3 px; at 640 units wide, 11.29 units', () => {
    expect(minFontUnits(640)).toBeCloseTo((8 / 72) * 300 * (640 / 1890), 12);
    expect(minFontUnits(640)).toBeCloseTo(11.287, 3);
  });
});

describe('svgToPng', () => {
  const png = svgToPng(svg);
  it('a PNG 1890 px wide, height in proportion, 300 dpi recorded', () => {
    const { width, height } = pngSize(png);
    expect(width).toBe(1890);
    const m = /height="([\d.]+)"/.exec(svg) as RegExpExecArray;
    expect(height).toBe(Math.round((Number(m[1]) * 1890) / 640));
    expect(pngDpi(png)).toBe(300);
  });
  it('deterministic: two renders, identical bytes', () => {
    expect(svgToPng(svg).equals(png)).toBe(true);
  });
  it(
    'text is drawn with the shipped font: a text-only SVG gives a larger ' +
      'file than an empty one',
    () => {
      const blank = svgToPng(textOnly(''), 400);
      const text = svgToPng(textOnly('Ærø 2,5 %'), 400);
      // an all-white image compresses to almost nothing; glyphs add hundreds of bytes
      expect(text.length - blank.length).toBeGreaterThan(300);
    },
  );
  it('the font files exist (regular, bold, italic, bold italic)', () => {
    const files = fontFiles();
    expect(files).toHaveLength(4);
    for (const f of files) expect(existsSync(f), f).toBe(true);
  });
});

describe('PNG chunks', () => {
  it('CRC-32 of "123456789" is CBF43926 (the standard check value)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
  it('withDpi replaces an existing pHYs chunk rather than adding a second', () => {
    const png = svgToPng(svg, 300, 150);
    expect(pngDpi(png)).toBe(150);
    const again = withDpi(png, 300);
    expect(pngDpi(again)).toBe(300);
    expect(again.length).toBe(png.length);
    expect(again.toString('latin1').split('pHYs').length - 1).toBe(1);
  });
  it('pngSize rejects what is not a PNG', () => {
    expect(() => pngSize(new Uint8Array(30))).toThrow(/not a PNG/);
  });
});

describe('svgsToPngs', () => {
  // Four figures no other test renders (the process keeps what it rendered).
  const svgs = [1, 2, 3, 4].map((k) => svg.replace('Ærø og Åbenrå', `Figur ${k}`));
  it('renders on worker threads the bytes svgToPng gives, in order, each figure once', async () => {
    const direct = svgs.map((s) => svgToPng(s));
    const pooled = await svgsToPngs([...svgs, svgs[0]], { threads: 2 });
    expect(pooled).toHaveLength(5);
    for (const [i, p] of pooled.entries())
      expect(p.equals(direct[i % 4]), `figure ${i}`).toBe(true);
    // Asked again, the same buffers come back without rendering.
    const again = await svgsToPngs(svgs, { threads: 2 });
    for (const [i, p] of again.entries()) expect(p).toBe(pooled[i]);
  });
  it('at another dpi, a PNG of that width with that resolution', async () => {
    const [p] = await svgsToPngs([svgs[0]], { width: 189, dpi: 30 });
    expect(pngSize(p).width).toBe(189);
    expect(pngDpi(p)).toBe(30);
  });
});
