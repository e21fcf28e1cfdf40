/**
 * Bad input is a normal outcome for a register tool, not a crash: every
 * problem the user can fix is an InputError naming file, line and column,
 * and the CLI turns it into a one-line message and exit code 2.
 */
export class InputError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(message: string, where: { file?: string; line?: number; column?: number } = {}) {
    super(message);
    this.name = 'InputError';
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }

  /** "dream.csv:12:5: message" — the form compilers use, so editors can jump to it. */
  describe(): string {
    let at = '';
    if (this.file !== undefined) {
      at = this.file;
      if (this.line !== undefined) at += `:${this.line}`;
      if (this.line !== undefined && this.column !== undefined) at += `:${this.column}`;
      at += ': ';
    }
    return at + this.message;
  }
}
