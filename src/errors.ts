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
    super(shortQuotes(message));
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

/**
 * Quoted values longer than this are cut in messages (a 48 MiB field must not become a 48 MB line).
 */
const MAX_QUOTED = 80;

/**
 * A message with every long "quoted value" cut to its start and its length (a plain scan: no
 * regular expression on a huge string).
 */
function shortQuotes(message: string): string {
  if (message.length <= 2 * MAX_QUOTED) return message;
  let out = '';
  let from = 0;
  for (;;) {
    const open = message.indexOf('"', from);
    const close = open < 0 ? -1 : message.indexOf('"', open + 1);
    if (close < 0) return out + message.slice(from);
    const v = message.slice(open + 1, close);
    out +=
      message.slice(from, open + 1) +
      (v.length > MAX_QUOTED
        ? `${v.slice(0, MAX_QUOTED - 20)}…" (${v.length} characters)`
        : `${v}"`);
    from = close + 1;
  }
}

/**
 * What a run warns about but does not stop for: a stable English kebab-case `code`, the numbers
 * and names it concerns in `values`, and an English `message`. The report says it in its own
 * language from the code and values (src/report/warnings.ts), never from the English text.
 */
export interface EffektWarning {
  code: string;
  message: string;
  values: Record<string, string | number | string[]>;
}
