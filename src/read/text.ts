/**
 * Small text helpers for CSV headers and the rare quoted line.
 */
import { InputError } from '../errors.js';

/**
 * The separator of a CSV file from its header line: whichever of "," and
 * ";" occurs more often outside quotes (Danish Excel writes ";"). Null when
 * neither occurs.
 */
export function detectSeparator(header: string): ',' | ';' | null {
  let commas = 0;
  let semicolons = 0;
  let inQuotes = false;
  for (const ch of header) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === ',') commas++;
    else if (!inQuotes && ch === ';') semicolons++;
  }
  if (commas === 0 && semicolons === 0) return null;
  return semicolons > commas ? ';' : ',';
}

/**
 * Split one CSV line into fields, honouring RFC 4180 double quotes ("a;b"
 * and doubled "" inside quotes). A quote left open at the end of the line is
 * an error: fields spanning lines do not occur in register extracts.
 */
export function splitQuotedLine(
  line: string,
  sep: string,
  where: { file: string; line: number },
): string[] {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let fieldStart = true;
  while (i <= line.length) {
    if (i === line.length) {
      fields.push(field);
      break;
    }
    const ch = line[i];
    if (fieldStart && ch === '"') {
      // quoted field
      i++;
      for (;;) {
        if (i >= line.length) {
          throw new InputError(
            `a quoted field is not closed before the end of the line (fields ` +
              `spanning lines are not supported)`,
            { ...where, column: fields.length + 1 },
          );
        }
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      if (i < line.length && line[i] !== sep) {
        throw new InputError(`unexpected text after a closing quote`, {
          ...where,
          column: fields.length + 1,
        });
      }
      fieldStart = false;
      continue;
    }
    if (ch === sep) {
      fields.push(field);
      field = '';
      fieldStart = true;
      i++;
      continue;
    }
    field += ch;
    fieldStart = false;
    i++;
  }
  return fields;
}
