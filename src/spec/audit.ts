/**
 * The spec against the data it runs on: codes and municipalities the spec
 * names must occur as written. A code written "0771" where the extract has
 * "771", or a treated municipality "0461" where it has "461", would run
 * without a word and estimate nothing (or the wrong thing); so would a code
 * list none of whose codes occurs. Those are errors naming what does occur.
 * A single absent code beside present ones (a censor code in a small
 * extract) is only a warning.
 */

import { formatSerial } from '../calendar/isoweek.js';
import type { EffektWarning } from '../errors.js';
import { InputError } from '../errors.js';
import type { Extract } from '../read/extract.js';
import { nearest } from './messages.js';
import type { Spec } from './spec.js';

/**
 * A code or municipality as a number would read it: trimmed, leading zeros and a ".0" tail dropped.
 */
export function looseSpelling(v: string): string {
  const t = v.trim().replace(/\.0+$/, '');
  return /^\d+$/.test(t) ? t.replace(/^0+(?=\d)/, '') : t.toLowerCase();
}

/**
 * What the spec names that the data do not hold, as errors (run stops) and warnings (report says
 * so).
 */
export interface SpecAudit {
  errors: { where: string; message: string }[];
  warnings: EffektWarning[];
}

/**
 * The value that occurs and is "the same" as `v` written another way, else the nearest by spelling.
 */
function suggestion(
  v: string,
  present: readonly string[],
): { same: string | null; near: string | null } {
  const loose = looseSpelling(v);
  const same = present.find((p) => looseSpelling(p) === loose) ?? null;
  return { same, near: same ? null : nearest(v, present) };
}

function hint(v: string, present: readonly string[]): string {
  const { same, near } = suggestion(v, present);
  if (same !== null) return `; "${same}" does (values are compared as written)`;
  if (near !== null) return `; the nearest that does is "${near}"`;
  return '';
}

/** Check every code list and the treated municipalities against the extract. */
export function auditSpec(
  spec: Spec,
  x: Pick<Extract, 'codeDict' | 'codeCounts' | 'municipality' | 'firstWeek' | 'weeks'>,
): SpecAudit {
  const errors: SpecAudit['errors'] = [];
  const warnings: EffektWarning[] = [];
  const range = `${formatSerial(x.firstWeek)}–${formatSerial(x.firstWeek + x.weeks - 1)}`;
  const codes = x.codeDict.filter((c, i) => i > 0 && c !== '' && (x.codeCounts[i] ?? 0) > 0);
  const has = new Set(codes);

  // A list may lack every code only where nothing rests on it: censor codes (nobody may have died
  // in a
  // small extract) and the codes of states no outcome measures.
  const measured = new Set(
    spec.outcomes.map((o) => (o.type === 'share' ? o.state.name : o.event.name)),
  );
  const lists: { where: string; list: string[]; canBeAbsent: boolean }[] = [
    { where: 'codes.programme', list: spec.codes.programme, canBeAbsent: false },
    {
      where: 'codes.internship',
      list: spec.codes.internship,
      canBeAbsent: !measured.has('internship'),
    },
    { where: 'codes.censor', list: spec.codes.censor, canBeAbsent: true },
  ];
  for (const [name, st] of Object.entries(spec.states)) {
    if (name !== 'internship' && st.codes)
      lists.push({
        where: `states.${name}.codes`,
        list: st.codes,
        canBeAbsent: !measured.has(name),
      });
  }
  for (const { where, list, canBeAbsent } of lists) {
    if (list.length === 0) continue;
    const absent = list.map((c, i) => ({ c, i })).filter(({ c }) => !has.has(c));
    for (const { c, i } of absent) {
      // Written another way than the data write it: always an error, the intended code is plain.
      const { same } = suggestion(c, codes);
      if (same !== null)
        errors.push({
          where: `${where}[${i}]`,
          message: `code "${c}" does not occur in the extract's weeks ${range}${hint(c, codes)}`,
        });
    }
    const wrongSpelling = absent.some(({ c }) => suggestion(c, codes).same !== null);
    if (wrongSpelling) continue;
    if (absent.length === list.length && !canBeAbsent) {
      const first = absent[0];
      errors.push({
        where,
        message:
          `none of the codes ${list.map((c) => `"${c}"`).join(', ')} occurs ` +
          `in the extract's weeks ${range}: nothing to evaluate${hint(first.c, codes)}`,
      });
    } else {
      for (const { c } of absent)
        warnings.push({
          code: 'code-not-in-extract',
          message: `${where}: code "${c}" does not occur in the extract's weeks ${range}`,
          values: { where, code: c, range },
        });
    }
  }

  const koms = x.municipality.levels.filter((l) => l !== '');
  const komSet = new Set(koms);
  spec.treated.forEach((m, i) => {
    if (!komSet.has(m))
      errors.push({
        where: `treated[${i}]`,
        message:
          `municipality "${m}" does not occur in the extract's column ` +
          `"${x.municipality.name}"${hint(m, koms)}`,
      });
  });
  return { errors, warnings };
}

/** Stop the run on the first error of the audit, naming the spec key. */
export function throwOnAuditErrors(audit: SpecAudit, specFile: string): void {
  const e = audit.errors[0];
  if (e) {
    const more = audit.errors.length > 1 ? ` (and ${audit.errors.length - 1} more)` : '';
    throw new InputError(`${e.where}: ${e.message}${more}`, { file: specFile });
  }
}
