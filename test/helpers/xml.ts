import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

/** Parse SVG/XML text; attributes become plain keys. */
export function parseXml(text: string): unknown {
  return parser.parse(text);
}

/** All elements with a tag name anywhere in a parsed document. */
export function all(
  node: unknown,
  tag: string,
  out: Record<string, unknown>[] = [],
): Record<string, unknown>[] {
  if (Array.isArray(node))
    node.forEach((n) => {
      all(n, tag, out);
    });
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === tag)
        (Array.isArray(v) ? v : [v]).forEach((x) => {
          out.push(x as Record<string, unknown>);
        });
      all(v, tag, out);
    }
  }
  return out;
}
