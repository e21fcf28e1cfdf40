/**
 * The report as plain data: a list of blocks that every renderer (markdown,
 * HTML, Word) walks. A report section is a function Results → Block[]; it
 * decides the words and numbers, a renderer only the layout. Text is already
 * in the report's language when it reaches a block.
 *
 * Inline markup inside `text` is limited to **bold** and *italic*, which
 * every renderer understands.
 */

/** The report's language. Danish is the language of the ministry reports. */
export type Lang = 'da' | 'en';

/** The same sentence in both languages; the section picks one with `say`. */
export interface Words {
  da: string;
  en: string;
}

/** Pick the sentence for the report's language. */
export function say(lang: Lang, words: Words): string {
  return words[lang];
}

export type Align = 'l' | 'r' | 'c';

export interface HeadingBlock {
  kind: 'heading';
  level: 1 | 2 | 3;
  text: string;
}

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
}

export interface ListBlock {
  kind: 'list';
  items: string[];
}

export interface TableBlock {
  kind: 'table';
  /**
   * A stable id (e.g. "internship-event-study"), used for numbering and for the xlsx sheet name.
   */
  id: string;
  caption: string;
  head: string[];
  rows: string[][];
  align?: Align[];
  /** Printed under the table: sources, what the interval is, what was hidden. */
  note?: string;
  /**
   * Optional fill per cell (same shape as rows), for tables whose colour
   * carries meaning (fidelity traffic lights). A renderer must also keep the
   * cell's text, so the meaning survives greyscale printing.
   */
  fills?: (string | null)[][];
}

export interface FigureBlock {
  kind: 'figure';
  /**
   * File name inside figures/ without extension ("internship-effect"); .svg (and .png) beside it.
   */
  file: string;
  caption: string;
  /** Printed under the figure (what the band is, who is in it). */
  note?: string;
  /** Short text for screen readers. */
  alt: string;
}

/**
 * The table of contents: its title and the report's section headings (level 2) in order, filled
 * in by buildReport. Word renders it as a TOC field; markdown and HTML as a list.
 */
export interface TocBlock {
  kind: 'toc';
  title: string;
  entries: string[];
}

export type Block = HeadingBlock | ParagraphBlock | ListBlock | TableBlock | FigureBlock | TocBlock;

export const heading = (level: 1 | 2 | 3, text: string): HeadingBlock => ({
  kind: 'heading',
  level,
  text,
});
export const paragraph = (text: string): ParagraphBlock => ({ kind: 'paragraph', text });
export const list = (items: string[]): ListBlock => ({ kind: 'list', items });
