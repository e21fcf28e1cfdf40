/**
 * `effekt spec`: the spec's reference — its JSON Schema (for editors and
 * validators) or the markdown table of every key the README shows.
 */

import type { SchemaNode } from '../spec/messages.js';
import { specReference } from '../spec/reference.js';
import { specJsonSchema } from '../spec/spec.js';

export async function specCommand(opts: {
  schema?: boolean;
  reference?: boolean;
}): Promise<number> {
  const schema = specJsonSchema();
  process.stdout.write(
    opts.reference
      ? `${specReference(schema as SchemaNode)}\n`
      : `${JSON.stringify(schema, null, 2)}\n`,
  );
  return 0;
}
