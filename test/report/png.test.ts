/**
 * PNG copies of the figures: 16 cm at 300 dpi, rendered with the shipped
 * DejaVu Sans (no system font), deterministic, with the resolution in the file.
 */

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import {
  crc32,
  encodePng,
  fontFiles,
  minFontUnits,
  PRINT_WIDTH_PX,
  pngDpi,
  pngSize,
  pngSizeFor,
  SUBSET_RANGES,
  subsetCovers,
  subsetFontFiles,
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

/**
 * An 8-bit PNG (colour types 2, 3 and 6, no interlace, any row filter) decoded to RGBA, as the
 * PNG specification defines it: written here so the check does not rest on the encoder.
 */
function decodePng(png: Uint8Array): { width: number; height: number; type: number; rgba: Buffer } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  let type = -1;
  let plte = new Uint8Array(0);
  const idat: Uint8Array[] = [];
  while (at < png.length) {
    const len = v.getUint32(at);
    const name = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + len);
    expect(v.getUint32(at + 8 + len), `${name} CRC`).toBe(
      crc32(png.subarray(at + 4, at + 8 + len)),
    );
    if (name === 'IHDR') {
      width = v.getUint32(at + 8);
      height = v.getUint32(at + 12);
      type = data[9];
      expect([data[8], data[12]]).toEqual([8, 0]);
    }
    if (name === 'PLTE') plte = data;
    if (name === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const bpp = ({ 2: 3, 3: 1, 6: 4 } as Record<number, number>)[type];
  const stride = width * bpp;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const o = y * stride + i;
      const a = i >= bpp ? px[o - bpp] : 0;
      const b = y > 0 ? px[o - stride] : 0;
      const c = i >= bpp && y > 0 ? px[o - stride - bpp] : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f];
      px[o] = (raw[y * (stride + 1) + 1 + i] + pred) & 255;
    }
  }
  const rgba = Buffer.alloc(width * height * 4, 255);
  for (let i = 0; i < width * height; i++) {
    const src =
      type === 3 ? plte.subarray(px[i] * 3, px[i] * 3 + 3) : px.subarray(i * bpp, i * bpp + bpp);
    rgba.set(src, i * 4);
  }
  return { width, height, type, rgba };
}

describe("encodePng: the PNG written from resvg's pixels", () => {
  const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as {
    Resvg: typeof ResvgClass;
  };
  const opts = {
    font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'width' as const, value: 600 },
    background: '#ffffff',
  };
  // A gradient: far more than 256 colours.
  const gradient =
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><defs>' +
    '<linearGradient id="g"><stop offset="0" stop-color="#0072B2"/>' +
    '<stop offset="1" stop-color="#D55E00"/></linearGradient></defs>' +
    '<rect width="300" height="60" fill="url(#g)"/></svg>';
  for (const [name, doc, type] of [
    ['a line chart (few colours): a palette', svg, 3],
    ['a gradient (thousands of colours): RGB', gradient, 2],
  ] as const)
    it(`${name}, decoding to the pixels of resvg's own PNG`, () => {
      const img = new Resvg(doc, opts).render();
      const mine = encodePng(img.pixels, img.width, img.height, 300, zlib) as Uint8Array;
      const ours = decodePng(mine);
      const theirs = decodePng(img.asPng());
      expect(ours.type).toBe(type);
      expect(theirs.type).toBe(6);
      expect([ours.width, ours.height]).toEqual([theirs.width, theirs.height]);
      expect(ours.rgba.equals(theirs.rgba)).toBe(true);
      expect(pngDpi(mine)).toBe(300);
      // Smaller than resvg's file.
      expect(mine.length).toBeLessThan(img.asPng().length);
    });
  it('exactly 256 colours take a palette, 257 do not', () => {
    const px = (k: number) => {
      const b = new Uint8Array(k * 4).fill(255);
      for (let i = 0; i < k; i++) [b[i * 4], b[i * 4 + 1]] = [i & 255, i >> 8];
      return b;
    };
    for (const k of [256, 257]) {
      const png = encodePng(px(k), k, 1, 72, zlib) as Uint8Array;
      const d = decodePng(png);
      expect(d.type).toBe(k <= 256 ? 3 : 2);
      expect(d.rgba.equals(Buffer.from(px(k)))).toBe(true);
    }
  });
  it("a pixel that is not opaque: null (the caller takes resvg's PNG)", () => {
    const px = new Uint8Array(16).fill(255);
    px[15] = 128;
    expect(encodePng(px, 2, 2, 300, zlib)).toBeNull();
    expect(encodePng(px.subarray(0, 12), 2, 2, 300, zlib)).toBeNull(); // wrong length
  });
  it('without zlib.crc32 (Node before 20.15): the same bytes', () => {
    const img = new Resvg(svg, opts).render();
    const noCrc = { deflateSync: zlib.deflateSync };
    const a = encodePng(img.pixels, img.width, img.height, 300, zlib) as Uint8Array;
    const b = encodePng(img.pixels, img.width, img.height, 300, noCrc) as Uint8Array;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe("pngSizeFor: the PNG's size before rendering", () => {
  const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as {
    Resvg: typeof ResvgClass;
  };
  const box = (w: number, h: number) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" ` +
    `viewBox="0 0 ${w} ${h}"><rect width="10" height="10"/></svg>`;
  it('is the size resvg renders, also where the exact height ends in .5', () => {
    // 175 · 1260 / 600 = 367.5 exactly: resvg computes in 32-bit floats and gets 367.
    for (const [w, h, width] of [
      [640, 396, 1890],
      [600, 175, 1260],
      [600, 465, 1260],
      [517.5, 401.25, 1890],
      [640, 37, 189],
    ]) {
      const img = new Resvg(box(w, h), { fitTo: { mode: 'width', value: width } }).render();
      expect(pngSizeFor(box(w, h), width), `${w} × ${h} at ${width}`).toEqual({
        width: img.width,
        height: img.height,
      });
    }
    expect(pngSizeFor(svg, 1890)).toEqual(pngSize(svgToPng(svg)));
  });
  it('null for an SVG without a width and height', () => {
    expect(pngSizeFor('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"/>', 100)).toBe(
      null,
    );
    expect(pngSizeFor('<svg width="50%" height="10"/>', 100)).toBe(null);
  });
});

describe('the cut-down font files (fonts/)', () => {
  const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as {
    Resvg: typeof ResvgClass;
  };
  const options = (files: string[]) => ({
    font: {
      loadSystemFonts: false,
      fontFiles: files,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
    fitTo: { mode: 'width' as const, value: 1600 },
    background: '#ffffff',
    shapeRendering: 2 as const,
    textRendering: 1 as const,
    logLevel: 'off' as const,
  });
  it('are there, one per face', () => {
    expect(subsetFontFiles()).toHaveLength(fontFiles().length);
  });
  it('draw every character of their ranges, in the four faces, as the full files do', () => {
    const chars: string[] = [];
    for (const [lo, hi] of SUBSET_RANGES)
      for (let c = lo; c <= hi; c++) chars.push(String.fromCharCode(c));
    const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const lines: string[] = [];
    for (let k = 0; k < chars.length; k += 48) lines.push(esc(chars.slice(k, k + 48).join('')));
    const faces = [
      'font-weight="normal" font-style="normal"',
      'font-weight="bold" font-style="normal"',
      'font-weight="normal" font-style="italic"',
      'font-weight="bold" font-style="italic"',
    ];
    const rows = faces.flatMap((face) => lines.map((l) => [face, l]));
    const doc =
      `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="${rows.length * 20 + 20}">` +
      rows
        .map(
          ([face, l], y) =>
            `<text x="4" y="${y * 20 + 18}" font-family="'DejaVu Sans', sans-serif" ` +
            `font-size="14" ${face}>${l}</text>`,
        )
        .join('') +
      '</svg>';
    expect(subsetCovers(doc)).toBe(true);
    const full = new Resvg(doc, options(fontFiles())).render().pixels;
    const cut = new Resvg(doc, options(subsetFontFiles() as string[])).render().pixels;
    expect(cut.equals(full)).toBe(true);
    // Not trivially: without its fonts the text is not drawn.
    expect(new Resvg(doc, options([])).render().pixels.equals(full)).toBe(false);
  });
  it('are used only for an SVG whose every character they have', () => {
    expect(subsetCovers(svg)).toBe(true); // Danish letters, − and %
    expect(subsetCovers('<text>Łódź ≥ 5 € ★ ● →</text>')).toBe(true);
    expect(subsetCovers('<text>北京</text>')).toBe(false);
    expect(subsetCovers('<text>ก</text>')).toBe(false);
    expect(subsetCovers('<text>😀</text>')).toBe(false);
    expect(subsetCovers('<text>a\u0001</text>')).toBe(false);
  });
});
