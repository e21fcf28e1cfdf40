/**
 * The spec's reference as a markdown table (key, type, default, meaning),
 * walked from the JSON Schema, so the README's section and the validator
 * cannot drift apart (a test compares them).
 */
import type { SchemaNode } from './messages.js';

interface Row {
  key: string;
  type: string;
  def: string;
  meaning: string;
}

type Node = SchemaNode & { default?: unknown; required?: string[] };

function typeOf(n: Node): string {
  if (n.const !== undefined) return JSON.stringify(n.const);
  if (n.enum) return n.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (n.prefixItems) return `[${n.prefixItems.map(typeOf).join(', ')}]`;
  if (n.type === 'array') return `list of ${n.items ? typeOf(n.items) : 'values'}`;
  if (n.type === 'object')
    return n.additionalProperties && typeof n.additionalProperties === 'object'
      ? 'object of named entries'
      : 'object';
  if (n.type === 'integer') return 'whole number';
  if (n.type === 'string') return 'text';
  if (n.type === 'boolean') return 'true/false';
  if (n.type === 'number') return 'number';
  if (n.oneOf || n.anyOf) return 'one of the forms below';
  return String(n.type ?? 'value');
}

function walk(n: Node, key: string, required: boolean, rows: Row[], withRow = true): void {
  if (withRow && key) {
    const def =
      n.default !== undefined
        ? `\`${JSON.stringify(n.default)}\``
        : required
          ? 'required'
          : 'optional';
    rows.push({ key: `\`${key}\``, type: typeOf(n), def, meaning: n.description ?? '' });
  }
  const alts = (n.oneOf ?? n.anyOf) as Node[] | undefined;
  if (alts) {
    // A discriminated union (outcomes): each form's fields under its type tag.
    for (const alt of alts) {
      const tag = alt.properties?.type?.const;
      fields(alt, tag !== undefined ? `${key}{type: ${JSON.stringify(tag)}}` : key, rows);
    }
  } else if (n.type === 'array' && n.items && !n.prefixItems) {
    walk(n.items as Node, `${key}[]`, false, rows, false);
  } else {
    fields(n, key, rows);
  }
}

function fields(n: Node, key: string, rows: Row[]): void {
  for (const [k, child] of Object.entries(n.properties ?? {}))
    walk(child as Node, key ? `${key}.${k}` : k, n.required?.includes(k) ?? false, rows);
  if (n.additionalProperties && typeof n.additionalProperties === 'object')
    walk(n.additionalProperties as Node, `${key}.<name>`, false, rows, false);
}

/** Every key of the spec as a markdown table. */
export function specReference(schema: SchemaNode): string {
  const rows: Row[] = [];
  walk(schema as Node, '', true, rows);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| key | type | default | meaning |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.key} | ${r.type} | ${r.def} | ${esc(r.meaning)} |`),
  ].join('\n');
}
