/**
 * Blocks (report/document) as markdown, for the sections already built as
 * blocks while report.md is still assembled as text.
 */
import type { Block } from './document.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function blocksToMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${b.text}`, '');
        break;
      case 'paragraph':
        out.push(b.text, '');
        break;
      case 'list':
        out.push(...b.items.map((i) => `- ${i}`), '');
        break;
      case 'table': {
        const align = b.align ?? b.head.map((_, i) => (i === 0 ? 'l' : 'r'));
        out.push(`*${b.caption}*`, '');
        out.push(`| ${b.head.map(cell).join(' | ')} |`);
        out.push(`|${align.map((a) => (a === 'r' ? '---:' : a === 'c' ? ':---:' : ':---')).join('|')}|`);
        for (const r of b.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
        out.push('');
        if (b.note) out.push(b.note, '');
        break;
      }
      case 'figure':
        out.push(`![${b.alt}](figures/${b.file}.svg)`, '');
        if (b.note) out.push(b.note, '');
        break;
    }
  }
  return out.join('\n');
}
