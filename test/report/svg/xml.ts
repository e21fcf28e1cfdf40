/** Parse an SVG string and query it: the tests read figures as XML, not as text. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type El = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  textNodeName: '#text',
});

/** Parses after validating: a figure that is not well-formed XML fails here. */
export function parseSvg(svg: string): El {
  const v = XMLValidator.validate(svg);
  if (v !== true) throw new Error(`invalid XML: ${JSON.stringify(v)}`);
  return parser.parse(svg) as El;
}

/** All elements with a tag name anywhere below `node`, in document order. */
export function all(node: unknown, tag: string, out: El[] = []): El[] {
  if (Array.isArray(node))
    node.forEach((n) => {
      all(n, tag, out);
    });
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === tag)
        (Array.isArray(v) ? v : [v]).forEach((x) => {
          out.push((typeof x === 'object' && x !== null ? x : { '#text': String(x) }) as El);
        });
      all(v, tag, out);
    }
  }
  return out;
}

export const byClass = (node: unknown, tag: string, cls: string): El[] =>
  all(node, tag).filter((e) => e.class === cls);

export const text = (e: El): string => String(e['#text'] ?? '');

/** Texts of the <text> elements with a class, in order. */
export const texts = (node: unknown, cls?: string): string[] =>
  all(node, 'text')
    .filter((e) => cls === undefined || e.class === cls)
    .map(text);

/** Legend labels in order. */
export const legendLabels = (node: unknown): string[] =>
  all(node, 'g')
    .filter((g) => g.class === 'legend-entry')
    .map((g) => text(all(g, 'text')[0]));

export const num = (v: unknown): number => Number(v);
