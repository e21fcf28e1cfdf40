/**
 * Validator findings in plain words. zod says "Invalid input: expected
 * record, received array"; a consultant needs "expected an object of named
 * states, got a list". Unknown keys are answered with the valid ones and the
 * nearest ("did you mean"), read from the spec's own JSON Schema so the
 * answer can never disagree with the validator.
 */

/** A JSON Schema node, as much of it as the walker reads. */
export interface SchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  prefixItems?: SchemaNode[];
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  const?: unknown;
  enum?: unknown[];
}

/** Optimal string alignment distance (Levenshtein with adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [
    i,
    ...new Array<number>(t.length).fill(0),
  ]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/**
 * The candidate nearest to `word`, when it is near enough to be a likely
 * slip (at most a third of the word's letters, at least 2, wrong), else null.
 * Ties go to the first candidate, so the answer is stable.
 */
export function nearest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = editDistance(word, c);
    if (dist < bestD) {
      best = c;
      bestD = dist;
    }
  }
  const allowed = Math.max(2, Math.floor(word.length / 3));
  return best !== null && bestD <= allowed ? best : null;
}

/** The object variants a node allows (a discriminated union picked by the value's `type`). */
function variants(node: SchemaNode, value: unknown): SchemaNode[] {
  const alts = node.oneOf ?? node.anyOf;
  if (!alts) return [node];
  const kind =
    value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>).type
      : undefined;
  const picked = alts.filter((a) => a.properties?.type?.const === kind);
  return picked.length > 0 ? picked : alts;
}

/**
 * The schema node that validates `path` inside `root`, following the value where a union needs it.
 */
export function schemaAt(
  root: SchemaNode,
  path: ReadonlyArray<PropertyKey>,
  value: unknown,
): SchemaNode | null {
  let node: SchemaNode | null = root;
  let v = value;
  for (const step of path) {
    if (!node) return null;
    node = variants(node, v)[0];
    const nextValue =
      v !== null && typeof v === 'object'
        ? (v as Record<string | number, unknown>)[step as string | number]
        : undefined;
    if (typeof step === 'number') node = node.prefixItems?.[step] ?? node.items ?? null;
    else if (node.properties && Object.hasOwn(node.properties, step as string))
      node = node.properties[step as string];
    else if (node.additionalProperties && typeof node.additionalProperties === 'object')
      node = node.additionalProperties;
    else return null;
    v = nextValue;
  }
  return node ? variants(node, v)[0] : null;
}

/** "a list", "text", "a number", … for a JSON value. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `text ("${v.length > 20 ? `${v.slice(0, 20)}…` : v}")`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') return 'an object';
  return 'nothing';
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'an object',
  record: 'an object',
};

/** The zod finding fields the translation reads. */
export interface Finding {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  expected?: string;
  keys?: string[];
  values?: unknown[];
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  inclusive?: boolean;
}

/** zod's own wording starts like this; a message written in the schema does not. */
const GENERIC =
  /^(Invalid input|Invalid option|Too big|Too small|Unrecognized key|Invalid string|Invalid element|Invalid key|Invalid value|Invalid union)/;

/** One finding in plain words, with the valid keys and the nearest for an unknown key. */
export function plainMessage(f: Finding, root: SchemaNode, spec: unknown): string {
  const node = schemaAt(root, f.path, spec);
  const at = valueAt(spec, f.path);
  if (f.code === 'unrecognized_keys' && f.keys) {
    const valid = Object.keys(node?.properties ?? {});
    const parts = f.keys.map((k) => {
      const near = nearest(k, valid);
      return `unknown key "${k}"${near ? ` (did you mean "${near}"?)` : ''}`;
    });
    return `${parts.join('; ')}; valid keys here: ${valid.join(', ')}`;
  }
  if (!GENERIC.test(f.message)) return f.message;
  const what = node?.description ? ` (${node.description})` : '';
  switch (f.code) {
    case 'invalid_type': {
      if (at === undefined)
        return `missing; expected ${TYPE_WORDS[f.expected ?? ''] ?? f.expected}${what}`;
      return (
        `expected ${TYPE_WORDS[f.expected ?? ''] ?? f.expected}, got ` +
        `${describeValue(at)}${what}`
      );
    }
    case 'invalid_value': {
      const opts = (f.values ?? []).map((x) => JSON.stringify(x));
      const near = typeof at === 'string' ? nearest(at, (f.values ?? []).map(String)) : null;
      return (
        `expected ${opts.length === 1 ? opts[0] : `one of ${opts.join(', ')}`}, ` +
        `got ${describeValue(at)}${near ? ` (did you mean "${near}"?)` : ''}`
      );
    }
    case 'too_big':
    case 'too_small': {
      const big = f.code === 'too_big';
      const bound = Number(big ? f.maximum : f.minimum);
      if (f.origin === 'array')
        return (
          `expected ${big ? 'at most' : 'at least'} ${bound} ` +
          `item${bound === 1 ? '' : 's'}${what}`
        );
      if (f.origin === 'string')
        return (
          `expected ${big ? 'at most' : 'at least'} ${bound} ` +
          `character${bound === 1 ? '' : 's'}`
        );
      const rel = big ? (f.inclusive ? 'at most' : 'below') : f.inclusive ? 'at least' : 'above';
      return `expected a number ${rel} ${bound}, got ${describeValue(at)}${what}`;
    }
    default:
      return `not valid here${what}`;
  }
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k as string | number];
  }
  return v;
}
