/**
 * The summary printed on the terminal after a run: the report's own summary blocks (the same
 * words and numbers as the report's first section) as plain text, then where the report is.
 * The words live here; src/cli only prints the lines.
 */

import path from 'node:path';
import type { Results } from '../../results/results.js';
import type { ReportContext } from '../context.js';
import type { Block } from '../document.js';
import { plainText } from '../render/inline.js';
import { summarySection } from './section.js';

/** The summary blocks as plain lines: headings and paragraphs as they are, list items with "- ". */
export function blocksToLines(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'heading' || b.kind === 'paragraph') out.push(plainText(b.text), '');
    else if (b.kind === 'list') out.push(...b.items.map((i) => `- ${plainText(i)}`), '');
  }
  return out;
}

export interface TerminalRun {
  /** The report folder, as the user should read it (relative to the working directory). */
  outDir: string;
  files: number;
  ms: number;
  /** The files written (relative to outDir): only those among the report files are named. */
  written?: readonly string[];
}

/** The terminal summary: the report's title, its summary section, and where the report is. */
export function terminalSummary(r: Results, ctx: ReportContext, run: TerminalRun): string[] {
  const { f, t } = ctx;
  const lines = [ctx.title || r.spec.title, '', ...blocksToLines(summarySection(r, ctx).slice(1))];
  const where = run.outDir;
  const shown = ['report.md', 'report.html', 'report.docx'].filter(
    (x) => run.written === undefined || run.written.includes(x),
  );
  if (shown.length === 0) shown.push('results.json');
  lines.push(
    `${t({ en: 'Report', da: 'Rapport' })}: ${shown.map((x) => path.join(where, x)).join(', ')} ` +
      `(${f.count(run.files)} ${t({ en: 'files', da: 'filer' })}, ${f.fixed(run.ms / 1000, 1)} ` +
      `s)`,
  );
  return lines;
}
