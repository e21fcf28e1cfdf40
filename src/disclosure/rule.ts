/**
 * Statistical disclosure control: ONE rule, applied generically to what
 * the result parts declare.
 *
 * The rule. With a threshold N (`--min-cell N`), a *cell* — a set of
 * persons: a group × cohort, the persons of a cell in one week, those of
 * them in the outcome state, a municipality's persons, the persons with a
 * covariate level, … — is *small* when it holds 1 to N − 1 persons (an
 * empty cell discloses nobody). A published number is hidden when
 *   1. (primary) it rests on a small cell: the cell's own count, or any
 *      statistic computed from it;
 *   2. (propagation) it is derived from a hidden number (a standardised
 *      difference from a hidden mean, a sentence quoting a hidden figure);
 *   3. (secondary) it belongs to a relation — numbers of which any one
 *      follows from the others: a total and its parts, four shares and
 *      their weekly effect, a row of state counts — in which exactly one
 *      member is hidden. Then the first other member in the relation's
 *      declared order is hidden too (declarations list totals first), so
 *      that no relation ever has exactly one hidden member. A relation may
 *      name members that are never published but follow from the others
 *      (persons with a missing covariate = cell − non-missing): they count
 *      as hidden when their cell is small, so the published ones around
 *      them are suppressed.
 * The three steps repeat until nothing changes.
 *
 * A result part takes part by one declaration (see `Declaration`): its
 * cells, which numbers rest on which cells or derive from which numbers,
 * and its relations. Numbers are addressed by their path in the results
 * object; `apply` sets hidden numbers to null and hidden sentences to the
 * reason's code (`HiddenReason`), so every writer (JSON, CSV, report,
 * figures, terminal) reads the same suppressed results.
 *
 * An aggregate over members of which some are hidden (a mean over
 * municipalities, a Holm family) is either declared as derived from them
 * (hidden with them) or recomputed by its part's `recompute` over the shown
 * members only — then it is a function of published numbers and reveals
 * nothing more than they do.
 */
import type { HiddenReason, RecomputedWhat } from '../results/results.js';

/** A path into the results object: keys and array indices. */
export type Path = readonly (string | number)[];

export interface Cell {
  /** Unique over the whole run, e.g. `share:internship:calendar:12:treated.during`. */
  key: string;
  /** Persons in the cell (a lower bound is safe: it can only hide more). */
  persons: number;
}

export interface NumberDecl {
  path: Path;
  /** Cells the number rests on (rule 1). */
  restsOn?: readonly string[];
  /** Numbers it is derived from (rule 2). */
  derivesFrom?: readonly Path[];
  /**
   * A sentence or a `problem`: when hidden it is replaced by the reason, not by null (and written
   * even where absent).
   */
  text?: boolean;
  /**
   * What a hidden number becomes instead of null (e.g. [] for a list whose very length would tell).
   */
  hiddenValue?: unknown;
}

export interface Relation {
  /**
   * What ties the members together, for the record (e.g. "persons read = in a cohort + excluded").
   */
  what: string;
  /** Published members, in the order in which they are hidden as complements (totals first). */
  members: readonly Path[];
  /** Cells that are not published but follow from the members. */
  unpublished?: readonly string[];
  /**
   * For a sum (a total and its parts): the persons behind each member, in
   * `members` order, and how many leading members form the total (0: the
   * total is known elsewhere — the persons followed in a week, or shares
   * summing to one). While the total is shown, the hidden parts' sum follows
   * by subtraction, so it must not be small either: then the total is hidden
   * (or, without a total member, the next part that holds anyone).
   */
  counts?: readonly number[];
  total?: number;
}

/** What one result part declares. */
export interface Declaration {
  /**
   * The part's name: how the report counts what was hidden, and how tests switch one declaration
   * off.
   */
  part: string;
  /** Plain words for the report ("weekly shares", "balance table"). */
  label: string;
  cells: Cell[];
  numbers: NumberDecl[];
  relations?: Relation[];
  /**
   * After hiding: recompute the part's aggregates over the members that are
   * shown (`isHidden` says which paths were hidden); returns what was
   * recomputed, or null when nothing had to be. Mutates `out`.
   */
  recompute?: (out: unknown, isHidden: (p: Path) => boolean) => RecomputedWhat | null;
}

/** Which steps of the rule run; tests switch one off to show that a leak is then found. */
export interface RuleSwitches {
  primary?: boolean;
  propagation?: boolean;
  secondary?: boolean;
  /** Parts whose numbers and relations are left out (their cells still count). */
  skipParts?: ReadonlySet<string>;
}

export type Reason = HiddenReason;

export interface Decision {
  /** Path key (JSON of the path) → why it is hidden. */
  hidden: Map<string, Reason>;
  /** Part → hidden numbers, by reason. */
  byPart: Map<string, { label: string; counts: Record<Reason, number> }>;
}

export const pathKey = (p: Path): string => JSON.stringify(p);

/** True when a cell of this many persons may not be shown: 1 ≤ persons < minCell. */
export function isSmall(persons: number, minCell: number): boolean {
  return minCell > 1 && persons >= 1 && persons < minCell;
}

/** Decide which declared numbers are hidden. Pure: reads only the declarations. */
export function decide(
  decls: readonly Declaration[],
  minCell: number,
  on: RuleSwitches = {},
): Decision {
  const primary = on.primary ?? true;
  const propagation = on.propagation ?? true;
  const secondary = on.secondary ?? true;
  const small = new Set<string>();
  for (const d of decls) for (const c of d.cells) if (isSmall(c.persons, minCell)) small.add(c.key);

  interface Entry {
    decl: NumberDecl;
    part: string;
    rests: string[];
    from: string[];
  }
  const entries = new Map<string, Entry>();
  const skip = on.skipParts ?? new Set<string>();
  for (const d of decls) {
    if (skip.has(d.part)) continue;
    for (const n of d.numbers) {
      const key = pathKey(n.path);
      const e = entries.get(key);
      const rests = [...(n.restsOn ?? [])];
      const from = (n.derivesFrom ?? []).map(pathKey);
      // A number declared twice (e.g. by its part and by a relation's owner) rests on both
      // declarations.
      if (e) {
        e.rests.push(...rests);
        e.from.push(...from);
      } else entries.set(key, { decl: n, part: d.part, rests, from });
    }
  }
  const hidden = new Map<string, Reason>();
  const queue: string[] = [];
  const hide = (key: string, why: Reason): boolean => {
    if (hidden.has(key) || !entries.has(key)) return false;
    hidden.set(key, why);
    queue.push(key);
    return true;
  };
  if (primary)
    for (const [key, e] of entries) if (e.rests.some((c) => small.has(c))) hide(key, 'small-cell');

  const persons = new Map<string, number>();
  for (const d of decls) for (const c of d.cells) persons.set(c.key, c.persons);
  const relations = decls
    .filter((d) => !skip.has(d.part))
    .flatMap((d) =>
      (d.relations ?? []).map((r) => ({
        keys: r.members.map(pathKey),
        unpublished: r.unpublished ?? [],
        counts: r.counts,
        total: r.total ?? 0,
      })),
    );
  // Indexes for a worklist: who derives from a number, which relations hold it.
  const dependents = new Map<string, string[]>();
  for (const [key, e] of entries)
    for (const f of e.from) (dependents.get(f) ?? dependents.set(f, []).get(f)!).push(key);
  const relationsOf = new Map<string, number[]>();
  relations.forEach((r, i) => {
    r.keys.forEach((k) => {
      (relationsOf.get(k) ?? relationsOf.set(k, []).get(k)!).push(i);
    });
  });

  /**
   * Rule 3 on one relation: hide a member when exactly one is hidden, or when hidden parts add up
   * to a small number beside a shown total.
   */
  const settle = (r: (typeof relations)[number]) => {
    const published = r.keys.filter((k) => entries.has(k));
    const hiddenMembers =
      published.filter((k) => hidden.has(k)).length +
      r.unpublished.filter((c) => small.has(c)).length;
    if (hiddenMembers === 0) return;
    if (hiddenMembers > 1) {
      if (!r.counts) return;
      // A sum whose total is shown: the hidden parts' sum follows by subtraction and must not be
      // small.
      if (r.keys.slice(0, r.total).some((k) => hidden.has(k))) return;
      let sum = 0;
      r.keys.forEach((k, i) => {
        if (i >= r.total && hidden.has(k)) sum += r.counts![i];
      });
      for (const c of r.unpublished) if (small.has(c)) sum += persons.get(c) ?? 0;
      if (!isSmall(sum, minCell)) return;
      // Hide the total when there is one (nothing then follows), else the next part that holds
      // anyone.
      const part =
        r.total > 0
          ? r.keys[0]
          : published.find((k) => !hidden.has(k) && r.counts![r.keys.indexOf(k)] > 0);
      if (part !== undefined) hide(part, 'reveals-hidden');
      return;
    }
    // Exactly one hidden member: the first shown member in declared order is the complement (for a
    // sum, the first that holds anyone).
    const complement =
      (r.counts
        ? published.find((k) => !hidden.has(k) && r.counts![r.keys.indexOf(k)] > 0)
        : undefined) ?? published.find((k) => !hidden.has(k));
    if (complement !== undefined) hide(complement, 'reveals-hidden');
  };

  // Rules 2 and 3 until nothing changes: relations are settled in declaration order, each time one
  // of their members was hidden.
  let pending = new Set<number>(secondary ? relations.map((_, i) => i) : []);
  let next = 0;
  for (;;) {
    while (next < queue.length) {
      const key = queue[next++];
      if (propagation) for (const dep of dependents.get(key) ?? []) hide(dep, 'derived');
      if (secondary) for (const i of relationsOf.get(key) ?? []) pending.add(i);
    }
    if (pending.size === 0) break;
    const now = [...pending].sort((x, y) => x - y);
    pending = new Set();
    for (const i of now) settle(relations[i]);
  }

  const byPart: Decision['byPart'] = new Map();
  for (const d of decls)
    if (!byPart.has(d.part))
      byPart.set(d.part, {
        label: d.label,
        counts: { 'small-cell': 0, derived: 0, 'reveals-hidden': 0 },
      });
  for (const [key, why] of hidden) byPart.get(entries.get(key)!.part)!.counts[why]++;
  return { hidden, byPart };
}

/**
 * A copy of `value` with every hidden path set to null (texts: to the
 * reason's code). Paths that do not exist are left alone, except texts, whose
 * last key is created on an existing parent object.
 */
export function apply<T>(value: T, decls: readonly Declaration[], decision: Decision): T {
  const out = structuredClone(value);
  const texts = new Set<string>();
  const replacement = new Map<string, unknown>();
  for (const d of decls) {
    for (const n of d.numbers) {
      if (n.text) texts.add(pathKey(n.path));
      if (n.hiddenValue !== undefined) replacement.set(pathKey(n.path), n.hiddenValue);
    }
  }
  for (const [key, reason] of decision.hidden) {
    const path = JSON.parse(key) as (string | number)[];
    let parent: unknown = out;
    for (const p of path.slice(0, -1)) {
      parent =
        parent !== null && typeof parent === 'object'
          ? (parent as Record<string | number, unknown>)[p]
          : undefined;
    }
    if (parent === null || typeof parent !== 'object') continue;
    const last = path[path.length - 1];
    const obj = parent as Record<string | number, unknown>;
    if (texts.has(key)) obj[last] = reason;
    else if (replacement.has(key)) obj[last] = structuredClone(replacement.get(key));
    else if (last in obj) obj[last] = null;
  }
  return out;
}
