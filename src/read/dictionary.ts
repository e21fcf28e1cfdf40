/**
 * Growable dictionary encodings used while reading: text values become small
 * integers so a million persons do not become millions of string objects.
 */
import type { PersonColumn } from './extract.js';

/** Dictionary of text values; index 0 is reserved for '' (missing / no benefit). */
export class TextDictionary {
  readonly levels: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);

  /** Index of a value, adding it when new. */
  id(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.levels.length;
      this.levels.push(value);
      this.index.set(value, i);
    }
    return i;
  }

  get size(): number {
    return this.levels.length;
  }
}

/** A person column being filled row by row. */
export class PersonColumnBuilder {
  readonly dict = new TextDictionary();
  codes: Uint32Array;

  constructor(
    readonly name: string,
    capacity: number,
  ) {
    this.codes = new Uint32Array(capacity);
  }

  set(p: number, value: string): void {
    this.codes[p] = this.dict.id(value);
  }

  grow(capacity: number): void {
    const next = new Uint32Array(capacity);
    next.set(this.codes);
    this.codes = next;
  }

  finish(persons: number): PersonColumn {
    return { name: this.name, levels: this.dict.levels, codes: this.codes.slice(0, persons) };
  }
}
