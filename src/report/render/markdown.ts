/**
 * report.md from blocks: GitHub-flavoured markdown, figures referenced
 * from figures/ (SVG), captions numbered, notes in italics under tables and
 * figures.
 */
import type { Block, TableBlock } from '../document.js';

function cell(t: string): string {
  return t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(b: TableBlock): string {
  const a = b.align ?? b.head.map((_, i) => (i === 0 ? 'l' : 'r'));
  return [
    `| ${b.head.map(cell).join(' | ')} |`,
    `|${a.map((x) => (x === 'r' ? '---:' : x === 'c' ? ':---:' : ':---')).join('|')}|`,
    ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

export function renderMarkdown(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${b.text}`);
        break;
      case 'paragraph':
        out.push(b.text);
        break;
      case 'list':
        out.push(b.items.map((i) => `- ${i}`).join('\n'));
        break;
      case 'toc':
        out.push(`## ${b.title}`, b.entries.map((i) => `- ${i}`).join('\n'));
        break;
      case 'table':
        out.push(`**${b.caption}**`, table(b));
        if (b.note) out.push(`*${b.note}*`);
        break;
      case 'figure':
        out.push(
          `![${b.alt}](figures/${b.file}.svg)`,
          `**${b.caption}**${b.note ? ` ${b.note}` : ''}`,
        );
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}
