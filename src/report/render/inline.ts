/**
 * The inline markup a block's text may carry — **bold**, *italic* and
 * `code` — split into runs, so the HTML and Word renderers style them and
 * the markdown renderer passes them through.
 */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
}

/** Split text into styled runs; unmatched markers stay as text. */
export function inlineRuns(text: string): Run[] {
  const out: Run[] = [];
  const re = /\*\*(.+?)\*\*|\*(.+?)\*|`([^`]+)`/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) out.push({ text: text.slice(at, m.index) });
    if (m[1] !== undefined) out.push(...inlineRuns(m[1]).map((r) => ({ ...r, bold: true })));
    else if (m[2] !== undefined) out.push(...inlineRuns(m[2]).map((r) => ({ ...r, italic: true })));
    else out.push({ text: m[3], code: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

/** The text without markup (for alt texts, spreadsheet cells, searching). */
export function plainText(text: string): string {
  return inlineRuns(text)
    .map((r) => r.text)
    .join('');
}
