/**
 * Text in SVG: escaping, an estimate of rendered width (no font metrics
 * without a browser), and word wrap by that estimate.
 */

/**
 * Text safe inside SVG/XML element content and double-quoted attributes.
 * Characters XML 1.0 forbids (C0 controls other than tab, newline, carriage
 * return; lone surrogates; U+FFFE/U+FFFF) are dropped: they would make the file unreadable.
 * Everything else, "ø", "å", "–", passes through as UTF-8.
 */
export function esc(s: string): string {
  return s
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters, so they are removed on purpose
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '',
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

// Advance widths in em of DejaVu Sans (the usual "sans-serif" fallback and wider
// than Arial/Helvetica), measured by rendering; text that fits by this table
// fits in any of them. Characters not listed count as 0.63 em.
const EM: Record<string, number> = {};
const table: [string, number][] = [
  ["ijlIJ'", 0.28],
  ['.,:;|/ ', 0.32],
  ['-()[]tf', 0.37],
  ['r!', 0.41],
  ['"_–', 0.5],
  ['szc?', 0.53],
  ['kvxyLF', 0.58],
  ['aeoøåéP', 0.61],
  ['TYESbdghnpqu0123456789', 0.63],
  ['KAÅBRVXZ', 0.68],
  ['CUGDOØQHN&', 0.78],
  ['w+=<>−×', 0.84],
  ['mM%æÆW', 0.97],
];
for (const [chars, w] of table) for (const ch of chars) EM[ch] = w;

/**
 * Approximate width in px of `text` at `fontSize` px (bold about 13 % wider); errs on the wide
 * side.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += EM[ch] ?? 0.63;
  return em * fontSize * (bold ? 1.13 : 1);
}

/**
 * Greedy word wrap to lines no wider than `maxWidth` px at `fontSize`.
 * An explicit "\n" starts a new line (several "Note: …" lines, as in the seed report).
 * A single word wider than the line stays whole on its own line; "95 %" is never split.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let cur = '';
    for (const w of para.split(/\s+(?!%)/).filter((x) => x.length > 0)) {
      const next = cur ? `${cur} ${w}` : w;
      if (cur && textWidth(next, fontSize, bold) > maxWidth) {
        lines.push(cur);
        cur = w;
      } else cur = next;
    }
    if (cur) lines.push(cur);
  }
  return lines;
}
