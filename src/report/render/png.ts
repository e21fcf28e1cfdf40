/**
 * SVG → PNG for print: every figure as a 300 dpi bitmap at the text width of
 * an A4 Word page, rendered by resvg (a Rust SVG renderer shipped as a
 * prebuilt binary inside its per-platform npm package; nothing downloads at
 * install time) with the DejaVu Sans font files of the `dejavu-fonts-ttf`
 * package loaded explicitly, so the result does not depend on the fonts a
 * machine happens to have (CI may have none). The SVGs name "DejaVu Sans"
 * first, so a browser with the font shows the same text widths.
 *
 * Sizes: Word's text width on A4 with 2.5 cm margins is 16 cm = 6.30 in;
 * at 300 dpi that is 1890 px (`PRINT_WIDTH_PX`). A figure `w` user units
 * wide is scaled by 1890 / w, so a font of `s` user units prints at
 * s × (1890 / w) px = s × (1890 / w) / 300 × 72 pt. For the default width
 * of 640 units that is s × 0.709 pt: the smallest text (12 units) prints at
 * 8.5 pt, above the 8 pt floor (`minFontUnits`).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import zlib from 'node:zlib';
import type { Resvg as ResvgClass, ResvgRenderOptions } from '@resvg/resvg-js';

/** Word's text width on A4 with 2.5 cm margins. */
export const PRINT_WIDTH_CM = 16;
export const PRINT_DPI = 300;
/** 16 cm at 300 dpi: 16 / 2.54 × 300 = 1889.8 → 1890 px. */
export const PRINT_WIDTH_PX = Math.round((PRINT_WIDTH_CM / 2.54) * PRINT_DPI);
/** The smallest font size in print. */
export const MIN_PRINT_PT = 8;

/**
 * The smallest font size (in SVG user units) that prints at ≥ `MIN_PRINT_PT`
 * when a figure `svgWidth` units wide fills `PRINT_WIDTH_PX` at `PRINT_DPI`.
 */
export function minFontUnits(svgWidth: number): number {
  const minPx = (MIN_PRINT_PT / 72) * PRINT_DPI; // 33.3 px at 300 dpi
  return minPx / (PRINT_WIDTH_PX / svgWidth);
}

/** The font files every PNG is rendered with (regular, bold, italic, bold italic). */
export function fontFiles(): string[] {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return [
    'DejaVuSans.ttf',
    'DejaVuSans-Bold.ttf',
    'DejaVuSans-Oblique.ttf',
    'DejaVuSans-BoldOblique.ttf',
  ].map((f) => path.join(dir, f));
}

/**
 * The characters of the cut-down font files in fonts/ (scripts/subset-fonts.sh, fonts/README.md):
 * Latin with its supplements and extensions A and B, Greek, punctuation, super- and subscripts,
 * currency, letterlike symbols, arrows, mathematical operators, geometric shapes and
 * miscellaneous symbols. resvg reads a font file again for every piece of text it lays out
 * (~400 times a figure); the cut files are a quarter of the size, which takes ~12 ms of system
 * time off each print-size figure. They draw these characters exactly as the full files do
 * (png.test); an SVG with any other character is drawn with the full files.
 */
export const SUBSET_RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x370, 0x3ff],
  [0x2000, 0x206f],
  [0x2070, 0x209f],
  [0x20a0, 0x20cf],
  [0x2100, 0x214f],
  [0x2190, 0x21ff],
  [0x2200, 0x22ff],
  [0x25a0, 0x25ff],
  [0x2600, 0x26ff],
];

/** The cut-down files of `fontFiles()`'s faces, in the same order; null when not there. */
export function subsetFontFiles(): string[] | null {
  const dir = fileURLToPath(new URL('../../../fonts/', import.meta.url));
  const files = fontFiles().map((f) => path.join(dir, path.basename(f)));
  return files.every((f) => existsSync(f)) ? files : null;
}

/** Any character outside `SUBSET_RANGES` (tab and newlines are in). */
const hex = (c: number) => `\\u{${c.toString(16)}}`;
const OUTSIDE_SUBSET = new RegExp(
  `[^\\t\\n\\r${SUBSET_RANGES.map(([lo, hi]) => `${hex(lo)}-${hex(hi)}`).join('')}]`,
  'u',
);

/** Does every character of the SVG (markup and text) lie in `SUBSET_RANGES`? */
export function subsetCovers(svg: string): boolean {
  return !OUTSIDE_SUBSET.test(svg);
}

let fonts: string[] | null = null;
let subsetFonts: string[] | null | undefined;
/** resvg, loaded on the first PNG (runs without PNGs skip loading the native module). */
let Resvg: typeof ResvgClass | null = null;

/** resvg's options: the bundled fonts only, `width` px wide on white. */
function resvgOptions(width: number, subset = false): ResvgRenderOptions {
  fonts ??= fontFiles();
  if (subsetFonts === undefined) subsetFonts = subsetFontFiles();
  return {
    font: {
      loadSystemFonts: false,
      fontFiles: (subset && subsetFonts) || fonts,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  };
}

/**
 * Render an SVG document to PNG bytes, `width` px wide (default 1890 = 16 cm
 * at 300 dpi), with the resolution recorded in the file (pHYs) so Word and
 * LibreOffice insert it at 16 cm. System fonts are not consulted. Deterministic:
 * the same SVG gives the same bytes.
 */
export function svgToPng(svg: string, width = PRINT_WIDTH_PX, dpi = PRINT_DPI): Buffer {
  Resvg ??= (createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: typeof ResvgClass })
    .Resvg;
  const img = new Resvg(svg, resvgOptions(width, subsetCovers(svg))).render();
  const png = encodePng(img.pixels, img.width, img.height, dpi, zlib);
  return png
    ? Buffer.from(png.buffer, png.byteOffset, png.byteLength)
    : withDpi(Buffer.from(img.asPng()), dpi);
}

/** What `encodePng` takes of node:zlib (passed in, so the function carries no imports). */
export interface PngZlib {
  deflateSync(data: Uint8Array, opts: { level: number }): Uint8Array;
  crc32?: (data: Uint8Array | string, value?: number) => number;
}

/**
 * PNG bytes for resvg's RGBA pixels (`render().pixels`), `dpi` in a pHYs chunk; null when a
 * pixel is not opaque (the caller then takes resvg's own PNG). Cheaper than resvg's
 * `asPng()` (~40 ms a print-size figure) and smaller, with the same pixels: a figure of at
 * most 256 colours (most: flat fills, anti-aliased in few shades) is written with a palette,
 * 1 byte a pixel; any other as RGB, 3 bytes (the background is white, so no alpha). No row
 * filter: on flat graphics it compresses best and costs nothing. Deterministic: the palette
 * is in order of first appearance. Measured on the simulator's 24 figures (1890 px wide):
 * palette figures ~15 ms and ~75 KB, RGB figures ~25 ms and ~200 KB, against resvg's
 * ~40 ms and ~205 KB. Self-contained (no module-level names), because the worker threads
 * run its source text.
 */
export function encodePng(
  px: Uint8Array,
  width: number,
  height: number,
  dpi: number,
  zlib: PngZlib,
): Uint8Array | null {
  const n = width * height;
  if (px.length !== n * 4) return null;
  if (px.byteOffset % 4 !== 0) px = px.slice(); // 32-bit words need an aligned start
  // Pixels as 32-bit words, R in the low byte on a little-endian machine (any other: null).
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) return null;
  // Signed words: V8 keeps them in integer registers (unsigned ones above 2^31 become doubles).
  const u = new Int32Array(px.buffer, px.byteOffset, n);
  // Palette indices, one row after another, each led by its filter byte (0: none). Colours in an
  // open-addressing table; most pixels repeat their left neighbour, which skips the look-up.
  const keys = new Int32Array(1024);
  const slots = new Int16Array(1024).fill(-1);
  const palette: number[] = [];
  const idx = new Uint8Array(n + height);
  let prev = ~u[0]; // unlike the first pixel
  let cur = 0;
  let at = 0;
  let o = 0;
  // A row the same as the one above (~30 % of a chart's rows) is copied, not scanned.
  const bytes = Buffer.from(px.buffer, px.byteOffset, px.byteLength);
  const same = (y: number) =>
    y > 0 &&
    bytes.compare(bytes, (y - 1) * width * 4, y * width * 4, y * width * 4, (y + 1) * width * 4) ===
      0;
  for (let y = 0; y < height && palette.length <= 256; y++) {
    if (same(y)) {
      idx.copyWithin(o, o - width - 1, o);
      o += width + 1;
      at += width;
      continue;
    }
    idx[o++] = 0;
    for (let x = 0; x < width; x++) {
      const v = u[at++];
      if (v !== prev) {
        if (v >>> 24 !== 255) return null;
        let h = (Math.imul(v, 0x9e3779b1) >>> 22) & 1023;
        while (slots[h] >= 0 && keys[h] !== v) h = (h + 1) & 1023;
        if (slots[h] < 0) {
          if (palette.length === 256) {
            palette.push(v); // one too many: RGB below
            break;
          }
          keys[h] = v;
          slots[h] = palette.length;
          palette.push(v);
        }
        prev = v;
        cur = slots[h];
      }
      idx[o++] = cur;
    }
  }
  let raw: Uint8Array;
  let type: number;
  if (palette.length <= 256) {
    raw = idx;
    type = 3;
  } else {
    type = 2;
    raw = new Uint8Array(n * 3 + height);
    at = 0;
    o = 0;
    for (let y = 0; y < height; y++) {
      if (same(y)) {
        raw.copyWithin(o, o - width * 3 - 1, o);
        o += width * 3 + 1;
        at += width;
        continue;
      }
      raw[o++] = 0;
      for (let x = 0; x < width; x++) {
        const v = u[at++];
        if (v >>> 24 !== 255) return null;
        raw[o] = v & 255;
        raw[o + 1] = (v >>> 8) & 255;
        raw[o + 2] = (v >>> 16) & 255;
        o += 3;
      }
    }
  }
  // CRC-32 (ISO 3309) from zlib where Node has it (20.15+), else a table.
  let table: Uint32Array | null = null;
  const crc = (bytes: Uint8Array): number => {
    if (zlib.crc32) return zlib.crc32(bytes);
    if (!table) {
      table = new Uint32Array(256);
      for (let k = 0; k < 256; k++) {
        let c = k;
        for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[k] = c >>> 0;
      }
    }
    let c = 0xffffffff;
    for (const b of bytes) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunks: Uint8Array[] = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])];
  const chunk = (name: string, data: Uint8Array) => {
    const c = new Uint8Array(12 + data.length);
    const view = new DataView(c.buffer);
    view.setUint32(0, data.length);
    for (let i = 0; i < 4; i++) c[4 + i] = name.charCodeAt(i);
    c.set(data, 8);
    view.setUint32(8 + data.length, crc(c.subarray(4, 8 + data.length)));
    chunks.push(c);
  };
  const ihdr = new Uint8Array(13);
  const ih = new DataView(ihdr.buffer);
  ih.setUint32(0, width);
  ih.setUint32(4, height);
  ihdr[8] = 8; // bits per sample; compression, filter method and interlace stay 0
  ihdr[9] = type;
  chunk('IHDR', ihdr);
  const phys = new Uint8Array(9);
  const ppm = Math.round(dpi / 0.0254);
  new DataView(phys.buffer).setUint32(0, ppm);
  new DataView(phys.buffer).setUint32(4, ppm);
  phys[8] = 1; // unit: metre
  chunk('pHYs', phys);
  if (type === 3) {
    const plte = new Uint8Array(palette.length * 3);
    for (const [i, v] of palette.entries()) {
      plte[i * 3] = v & 255;
      plte[i * 3 + 1] = (v >>> 8) & 255;
      plte[i * 3 + 2] = (v >>> 16) & 255;
    }
    chunk('PLTE', plte);
  }
  // Level 3: level 4 and up make RGB figures ~25 % smaller at 2.5 times the time.
  chunk('IDAT', zlib.deflateSync(raw, { level: 3 }));
  chunk('IEND', new Uint8Array(0));
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  size = 0;
  for (const c of chunks) {
    out.set(c, size);
    size += c.length;
  }
  return out;
}

/**
 * The worker's code (plain CommonJS, run with `eval`, so the same code works from
 * dist/ and from the TypeScript sources under the test runner): resvg renders one
 * SVG per message and answers with the PNG bytes or the error's message.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const { Resvg } = require(workerData.resvg);
const encodePng = ${encodePng.toString()};
parentPort.on('message', ({ i, svg, subset }) => {
  try {
    const img = new Resvg(svg, subset ? workerData.subsetOptions : workerData.options).render();
    const png = encodePng(img.pixels, img.width, img.height, workerData.dpi, zlib);
    if (png) parentPort.postMessage({ i, png, dpi: true }, [png.buffer]);
    else parentPort.postMessage({ i, png: img.asPng(), dpi: false });
  } catch (e) {
    parentPort.postMessage({ i, error: String(e && e.message ? e.message : e) });
  }
});
`;

/**
 * Every SVG to PNG as `svgToPng` does (the same bytes), rendered in parallel on
 * `threads` worker threads (default: one per core, at most one per figure). A PNG
 * takes ~0.1 s of CPU at 300 dpi (parsing with text layout ~30 %, drawing ~45 %,
 * `encodePng` ~25 %), so a report's two dozen figures are the largest part of a
 * small run's time; on one core, or for a small job, they are rendered on this thread.
 */
export async function svgsToPngs(
  svgs: readonly string[],
  opts: { width?: number; dpi?: number; threads?: number } = {},
): Promise<Buffer[]> {
  const width = opts.width ?? PRINT_WIDTH_PX;
  const dpi = opts.dpi ?? PRINT_DPI;
  // The same SVG gives the same bytes: a figure rendered before in this process is not rendered
  // again.
  const key = (svg: string) => `${width}/${dpi}/${svg}`;
  const todo = [...new Set(svgs.filter((svg) => !rendered.has(key(svg))))];
  const fresh = await renderPngs(todo, width, dpi, opts.threads);
  for (const [i, svg] of todo.entries()) remember(key(svg), fresh[i]);
  return svgs.map((svg) => rendered.get(key(svg)) ?? fresh[todo.indexOf(svg)]);
}

/**
 * PNGs rendered in this process, by width, dpi and SVG text, at most ~64 MB (the
 * oldest go first): a process that writes several reports with the same figures (the
 * tests, the fuzz corpus, an unchanged rerun) renders each once. Deterministic
 * rendering makes this invisible in the files.
 */
const rendered = new Map<string, Buffer>();
let renderedBytes = 0;
const RENDERED_MAX_BYTES = 64 << 20;

function remember(k: string, png: Buffer): void {
  if (png.length > RENDERED_MAX_BYTES / 4) return;
  rendered.set(k, png);
  renderedBytes += png.length;
  for (const [old, bytes] of rendered) {
    if (renderedBytes <= RENDERED_MAX_BYTES) break;
    rendered.delete(old);
    renderedBytes -= bytes.length;
  }
}

async function renderPngs(
  svgs: readonly string[],
  width: number,
  dpi: number,
  maxThreads?: number,
): Promise<Buffer[]> {
  // A worker costs about one print-size figure to start (loading resvg and the fonts): small jobs
  // (a figure or two, or draft-resolution PNGs, whose cost grows with the pixels) stay on this
  // thread.
  const work = svgs.length * (width / PRINT_WIDTH_PX) ** 2;
  const threads = Math.min(maxThreads ?? availableParallelism(), Math.floor(work / 2));
  if (threads <= 1) return svgs.map((svg) => svgToPng(svg, width, dpi));
  const workerData = {
    resvg: createRequire(import.meta.url).resolve('@resvg/resvg-js'),
    options: resvgOptions(width),
    subsetOptions: resvgOptions(width, true),
    dpi,
  };
  const out: Buffer[] = new Array(svgs.length);
  const workers: Worker[] = [];
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let done = 0;
      const feed = (w: Worker) => {
        if (next < svgs.length) {
          const i = next++;
          w.postMessage({ i, svg: svgs[i], subset: subsetCovers(svgs[i]) });
        }
      };
      for (let t = 0; t < threads; t++) {
        const w = new Worker(WORKER, { eval: true, workerData });
        workers.push(w);
        w.on('message', (m: { i: number; png?: Uint8Array; dpi?: boolean; error?: string }) => {
          if (m.error !== undefined || !m.png) {
            reject(new Error(`rendering figure ${m.i + 1} to PNG: ${m.error}`));
            return;
          }
          const png = Buffer.from(m.png.buffer, m.png.byteOffset, m.png.byteLength);
          out[m.i] = m.dpi ? png : withDpi(png, dpi);
          if (++done === svgs.length) resolve();
          else feed(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (done < svgs.length) reject(new Error(`PNG worker stopped (exit code ${code})`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}

/**
 * The size of the PNG `svgToPng(svg, width)` renders, from the root element's width and height
 * (numbers in user units): `width` px wide and the height scaled as resvg does it, in 32-bit
 * floats, rounded. Null when the SVG does not state both.
 */
export function pngSizeFor(svg: string, width: number): { width: number; height: number } | null {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const attr = (name: string) => {
    const m = new RegExp(`\\s${name}="([0-9]+(?:\\.[0-9]+)?)(?:px)?"`).exec(root);
    return m ? Number(m[1]) : Number.NaN;
  };
  const [w, h] = [attr('width'), attr('height')];
  if (!(w > 0 && h > 0)) return null;
  const f = Math.fround;
  return { width, height: Math.round(f(f(h) * f(f(width) / f(w)))) };
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b)) throw new Error('not a PNG file');
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

/** Pixels per inch from a PNG's pHYs chunk, or null when it has none. */
export function pngDpi(png: Uint8Array): number | null {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  while (at + 8 <= png.length) {
    const len = v.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === 'pHYs' && png[at + 16] === 1) return Math.round(v.getUint32(at + 8) * 0.0254);
    if (type === 'IDAT' || type === 'IEND') return null;
    at += 12 + len;
  }
  return null;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let k = n;
    for (let i = 0; i < 8; i++) k = k & 1 ? 0xedb88320 ^ (k >>> 1) : k >>> 1;
    t[n] = k >>> 0;
  }
  return t;
})();

/** CRC-32 as PNG chunks use it (ISO 3309). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The PNG with a pHYs chunk (pixels per metre) right after IHDR, replacing any it had. */
export function withDpi(png: Buffer, dpi: number): Buffer {
  pngSize(png); // throws on anything else
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  const chunk = Buffer.alloc(21);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'latin1');
  const ppm = Math.round(dpi / 0.0254);
  chunk.writeUInt32BE(ppm, 8);
  chunk.writeUInt32BE(ppm, 12);
  chunk[16] = 1; // unit: metre
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)), 17);
  // Drop an existing pHYs chunk.
  const rest: Buffer[] = [];
  let at = ihdrEnd;
  while (at + 8 <= png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type !== 'pHYs') rest.push(png.subarray(at, at + 12 + len));
    at += 12 + len;
  }
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, ...rest]);
}
