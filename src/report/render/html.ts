/**
 * report.html from blocks: one self-contained file (inline CSS, every
 * figure's SVG embedded as a data: URI: sharp at any zoom and in print, and a
 * fraction of a 300 dpi PNG's bytes), so it can be mailed or archived and opens
 * without anything beside it. No script, no font or style sheet from elsewhere.
 */
import type { Block, Lang, TableBlock } from '../document.js';
import { inlineRuns } from './inline.js';

/** A figure's bytes: the SVG text, and the PNG when one was rendered (for Word). */
export interface FigureAsset {
  svg: string;
  png?: Uint8Array;
  /** The PNG's size in pixels before it is rendered (`pngSizeFor`): Word's layout needs no more. */
  size?: { width: number; height: number };
  /**
   * The figure's own note, shown under it when the report gives none (the PNG is bare: no title or
   * note inside).
   */
  note?: string;
}

export function escapeHtml(t: string): string {
  return t
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * Table text that does not break inside "2017–18" (a word joiner after the
 * en dash) or at the hyphen of "pct.-point", "Faaborg-Midtfyn", "Placebo-p"
 * (non-breaking hyphens): narrow columns broke "Ringkøbing-|Skjern".
 */
function unbroken(t: string): string {
  return t
    .replace(/(\d)\u2013(\d)/g, '$1\u2013\u2060$2')
    .replace(/pct\.-point/g, 'pct.\u2011point')
    .replace(/(\p{L})-(\p{L})/gu, '$1\u2011$2');
}

function inline(t: string): string {
  return inlineRuns(t)
    .map((r) => {
      let s = escapeHtml(r.text);
      if (r.code) s = `<code>${s}</code>`;
      if (r.italic) s = `<em>${s}</em>`;
      if (r.bold) s = `<strong>${s}</strong>`;
      return s;
    })
    .join('');
}

const CSS = (
  `
body{font-family:"DejaVu Sans","Segoe UI",Calibri,Arial,sans-serif;font-size:11pt;` +
  `line-height:1.45;color:#1a1a1a;max-width:52em;margin:2em auto;padding:0 1.2em}
h1{font-size:1.7em;margin:0 0 .6em}` +
  `h2{font-size:1.3em;margin:1.8em 0 .5em;border-bottom:1px solid #ccc;padding-bottom:.15em}` +
  `h3{font-size:1.1em}
table{border-collapse:collapse;margin:.4em 0 .2em;font-size:9.5pt;width:100%}
caption{caption-side:top;text-align:left;font-weight:bold;padding:0 0 .35em;font-size:10.5pt}
th,td{padding:.25em .5em;border-bottom:1px solid #ddd;vertical-align:top}
thead th{border-bottom:1.5px solid #555;text-align:left;font-weight:bold}
td.r,th.r{text-align:right;font-variant-numeric:tabular-nums}` +
  `td.r{white-space:nowrap}td.c,th.c{text-align:center}
.note{font-size:9pt;color:#444;margin:.2em 0 1.4em}
figure{margin:1.2em 0 1.4em}figure img{width:100%;height:auto;display:block}
figcaption{font-size:10.5pt;margin-top:.4em}figcaption .note{margin:.2em 0 0}
code{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:.92em}
@media print{body{max-width:none;margin:0}figure,table{page-break-inside:avoid}}
`
).trim();

function table(b: TableBlock): string {
  const a = b.align ?? b.head.map((_, i) => (i === 0 ? 'l' : 'r'));
  const cls = (i: number) => (a[i] === 'r' ? ' class="r"' : a[i] === 'c' ? ' class="c"' : '');
  const fill = (r: number, c: number) => {
    const f = b.fills?.[r]?.[c];
    return f ? ` style="background:${escapeHtml(f)}"` : '';
  };
  return [
    `<table id="${escapeHtml(b.id)}">`,
    `<caption>${inline(b.caption)}</caption>`,
    `<thead><tr>${b.head.map((h, i) => `<th${cls(i)}>${inline(unbroken(h))}</th>`).join('')}</tr>` +
      `</thead>`,
    `<tbody>`,
    ...b.rows.map(
      (row, r) =>
        `<tr>${row
          .map((v, i) => `<td${cls(i)}${fill(r, i)}>${inline(unbroken(v))}</td>`)
          .join('')}</tr>`,
    ),
    `</tbody></table>`,
    b.note ? `<p class="note">${inline(b.note)}</p>` : '',
  ].join('\n');
}

function dataUri(a: FigureAsset): string {
  return `data:image/svg+xml;base64,${Buffer.from(a.svg, 'utf8').toString('base64')}`;
}

export function renderHtml(
  blocks: Block[],
  lang: Lang,
  figures: (file: string) => FigureAsset | undefined,
): string {
  const title = blocks.find((b) => b.kind === 'heading' && b.level === 1);
  const out: string[] = [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title && title.kind === 'heading' ? escapeHtml(title.text) : 'effekt'}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
  ];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`<h${b.level}>${inline(b.text)}</h${b.level}>`);
        break;
      case 'paragraph':
        out.push(`<p>${inline(b.text)}</p>`);
        break;
      case 'list':
        out.push(`<ul>\n${b.items.map((i) => `<li>${inline(i)}</li>`).join('\n')}\n</ul>`);
        break;
      case 'toc':
        out.push(
          `<nav class="toc"><h2>${inline(b.title)}</h2>\n<ul>` +
            `\n${b.entries.map((i) => `<li>${inline(i)}</li>`).join('\n')}\n</ul></nav>`,
        );
        break;
      case 'table':
        out.push(table(b));
        break;
      case 'figure': {
        const a = figures(b.file);
        const img = a ? `<img src="${dataUri(a)}" alt="${escapeHtml(b.alt)}">` : '';
        const note = b.note ?? a?.note;
        out.push(
          `<figure id="${escapeHtml(b.file)}">${img}<figcaption><strong>` +
            `${inline(b.caption)}</strong>` +
            `${note ? `<p class="note">${inline(note)}</p>` : ''}</figcaption></figure>`,
        );
        break;
      }
    }
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}
