/**
 * Stage 4½: disclosure control. `disclose` takes the estimators' Results
 * and returns them with every number hidden (null, or the reason for a
 * sentence) that the rule in rule.ts forbids, plus a record of what was
 * hidden and why. Every writer (results.json, manifest, CSV, report,
 * figures, terminal) reads only what this returns.
 *
 * A new result part takes part by adding one declaration function to
 * `declarations` below: its cells, what rests on them, and its relations.
 */
import type { Results } from '../results/results.js';
import { apply, type Declaration, decide, type Reason, type RuleSwitches } from './rule.js';

export type { Reason } from './rule.js';

import { declareBalance } from './parts/balance.js';
import { declareData } from './parts/data.js';
import { declareShare } from './parts/share.js';
import { declareStates } from './parts/states.js';
import { declareSurvival } from './parts/survival.js';

export { type Declaration, hiddenText, isSmall, type RuleSwitches } from './rule.js';

/** Every result part's declaration. */
export function declarations(r: Results, minCell: number): Declaration[] {
  const out: Declaration[] = [declareData(r), declareBalance(r), declareStates(r)];
  for (const [id, o] of Object.entries(r.outcomes)) {
    if (o.type === 'share') out.push(...declareShare(id, o));
    else out.push(...declareSurvival(id, o, minCell));
  }
  return out;
}

/** A result part with hidden numbers, and why (the reasons only: how many numbers a part has can depend on the data). */
export interface HiddenPart {
  part: string;
  label: string;
  reasons: Reason[];
}

export interface Suppression {
  min_cell: number;
  /** Share cells (weekly shares, both axes) whose share is hidden. */
  cells_hidden: number;
  /** Kaplan–Meier rows whose survival is hidden. */
  km_rows_hidden: number;
  /** Per-municipality effects whose estimate is hidden. */
  municipality_effects_hidden: number;
  /** Numbers hidden, per part and reason. */
  hidden: HiddenPart[];
}

/** Apply `--min-cell`: Results with every forbidden number hidden, and `suppression` saying what and why. */
export function disclose(r: Results, minCell: number, on: RuleSwitches = {}): Results {
  if (minCell <= 1)
    return {
      ...r,
      suppression: {
        ...r.suppression,
        min_cell: minCell,
        cells_hidden: 0,
        km_rows_hidden: 0,
        municipality_effects_hidden: 0,
        hidden: [],
      },
    };
  const decls = declarations(r, minCell);
  const decision = decide(decls, minCell, on);
  const out = apply(r, decls, decision, minCell);
  const hiddenAt = (...p: (string | number)[]) => decision.hidden.has(JSON.stringify(p));
  let cells = 0;
  let km = 0;
  let municipalities = 0;
  for (const [id, o] of Object.entries(r.outcomes)) {
    if (o.type === 'share') {
      o.cells.forEach((_, i) => {
        if (hiddenAt('outcomes', id, 'cells', i, 'share')) cells++;
      });
      o.cells_since_entry.forEach((_, i) => {
        if (hiddenAt('outcomes', id, 'cells_since_entry', i, 'share')) cells++;
      });
      o.municipalities.forEach((_, i) => {
        if (hiddenAt('outcomes', id, 'municipalities', i, 'estimate')) municipalities++;
      });
    } else {
      o.km.forEach((_, i) => {
        if (hiddenAt('outcomes', id, 'km', i, 'survival')) km++;
      });
    }
  }
  out.suppression = {
    ...r.suppression,
    min_cell: minCell,
    cells_hidden: cells,
    km_rows_hidden: km,
    municipality_effects_hidden: municipalities,
    hidden: [...decision.byPart.entries()]
      .map(([part, v]) => ({
        part,
        label: v.label,
        reasons: (Object.keys(v.counts) as Reason[]).filter((k) => v.counts[k] > 0),
      }))
      .filter((h) => h.reasons.length > 0),
  };
  return out;
}
