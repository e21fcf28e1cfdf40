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
import { withHeadlines } from '../pipeline/headline.js';
import type { Inspection } from '../read/inspect.js';
import type { Recomputed, Results, SurveyResults } from '../results/results.js';
import {
  apply,
  type Decision,
  type Declaration,
  decide,
  pathKey,
  type Reason,
  type RuleSwitches,
} from './rule.js';

export type { Reason } from './rule.js';

import { declareBalance } from './parts/balance.js';
import { declareData } from './parts/data.js';
import { declareEventStudy } from './parts/eventstudy.js';
import { declareInspection } from './parts/inspect.js';
import { declareShare } from './parts/share.js';
import { declareStates } from './parts/states.js';
import { declareSurvey } from './parts/survey.js';
import { declareSurvival } from './parts/survival.js';

export { type Declaration, isSmall, type RuleSwitches } from './rule.js';

/** Every result part's declaration. */
export function declarations(r: Results, minCell: number): Declaration[] {
  const out: Declaration[] = [declareData(r), declareBalance(r), declareStates(r)];
  for (const [id, o] of Object.entries(r.outcomes)) {
    if (o.type === 'share') out.push(...declareShare(id, o));
    else out.push(...declareSurvival(id, o, minCell));
  }
  for (const [id, es] of Object.entries(r.eventStudy ?? {})) out.push(...declareEventStudy(id, es));
  if (r.survey) out.push(...declareSurvey(r.survey, ['survey'], minCell));
  return out;
}

/** Hide what the rule forbids, then let each part recompute its aggregates over what is shown. */
function hideAndRecompute<T>(
  value: T,
  decls: readonly Declaration[],
  minCell: number,
  on: RuleSwitches,
): { out: T; decision: Decision; recomputed: Recomputed[] } {
  const decision = decide(decls, minCell, on);
  const out = apply(value, decls, decision);
  const isHidden = (p: readonly (string | number)[]) => decision.hidden.has(pathKey(p));
  const recomputed: Recomputed[] = [];
  for (const d of decls) {
    if (!d.recompute || on.skipParts?.has(d.part)) continue;
    const what = d.recompute(out, isHidden);
    if (what) recomputed.push({ part: d.part, what });
  }
  return { out, decision, recomputed };
}

const byPart = (decision: Decision, only?: (part: string) => boolean): HiddenPart[] =>
  [...decision.byPart.entries()]
    .filter(([part]) => !only || only(part))
    .map(([part, v]) => ({
      part,
      label: v.label,
      reasons: (Object.keys(v.counts) as Reason[]).filter((k) => v.counts[k] > 0),
    }))
    .filter((h) => h.reasons.length > 0);

/**
 * `effekt survey --json` and its tables: the survey side alone through the
 * same rule (its declarations, without the register's).
 */
export function discloseSurvey(
  s: SurveyResults,
  minCell: number,
  on: RuleSwitches = {},
): SurveyResults {
  if (minCell <= 1) return { ...s, suppression: { ...s.suppression, min_cell: minCell } };
  const decls = declareSurvey(s, [], minCell);
  const { out, decision, recomputed } = hideAndRecompute(s, decls, minCell, on);
  out.suppression = surveySuppression(s, decision, [], minCell, recomputed);
  return out;
}

function surveySuppression(
  s: SurveyResults,
  decision: Decision,
  root: (string | number)[],
  minCell: number,
  recomputed: Recomputed[],
): SurveyResults['suppression'] {
  const hiddenAt = (...p: (string | number)[]) => decision.hidden.has(pathKey([...root, ...p]));
  return {
    min_cell: minCell,
    progression_items_hidden: (s.progression ?? []).filter((_, i) =>
      hiddenAt('progression', i, 'n'),
    ).length,
    fidelity_rows_hidden:
      (s.fidelity ?? []).filter((_, i) => hiddenAt('fidelity', i, 'change_pp')).length +
      (s.fidelityByMunicipality ?? []).filter((_, i) =>
        hiddenAt('fidelityByMunicipality', i, 'change_pp'),
      ).length,
    hidden: byPart(decision, (p) => p.startsWith('survey:')),
    recomputed: recomputed.filter((x) => x.part.startsWith('survey:')),
  };
}

/**
 * A result part with hidden numbers, and why (the reasons only: how many numbers a part has can
 * depend on the data).
 */
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

/**
 * Apply `--min-cell`: Results with every forbidden number hidden, and `suppression` saying what and
 * why.
 */
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
        event_study_hidden: 0,
        hidden: [],
      },
      ...(r.survey
        ? { survey: { ...r.survey, suppression: { ...r.survey.suppression, min_cell: minCell } } }
        : {}),
    };
  const decls = declarations(r, minCell);
  const { out, decision, recomputed } = hideAndRecompute(r, decls, minCell, on);
  const hiddenAt = (...p: (string | number)[]) => decision.hidden.has(pathKey(p));
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
  let eventStudy = 0;
  for (const [id, es] of Object.entries(r.eventStudy ?? {})) {
    const at = (...p: (string | number)[]) => hiddenAt('eventStudy', id, ...p);
    const n =
      es.att_gt.filter((_, i) => at('att_gt', i, 'estimate')).length +
      es.event_time.filter((_, k) => at('event_time', k, 'estimate')).length +
      (at('overall', 'estimate') ? 1 : 0);
    out.eventStudy![id].hidden = n;
    eventStudy += n;
  }
  if (r.survey && out.survey)
    out.survey.suppression = surveySuppression(r.survey, decision, ['survey'], minCell, recomputed);
  out.suppression = {
    ...r.suppression,
    min_cell: minCell,
    cells_hidden: cells,
    km_rows_hidden: km,
    municipality_effects_hidden: municipalities,
    event_study_hidden: eventStudy,
    hidden: byPart(decision),
    recomputed: recomputed.map((x) => ({
      part: x.part.startsWith('share:') ? x.part.split(':')[1] : x.part.split(':')[0],
      what: x.what,
    })),
  };
  // The one headline rule reads the numbers shown: a hidden estimate never leads.
  return withHeadlines(out);
}

/** `effekt inspect` through the same rule; `unsuppressed` is true without --min-cell (≤ 1). */
export interface DisclosedInspection extends Inspection {
  suppression: { min_cell: number; unsuppressed: boolean; hidden: HiddenPart[] };
}

export function discloseInspection(
  i: Inspection,
  minCell: number,
  on: RuleSwitches = {},
): DisclosedInspection {
  if (minCell <= 1)
    return { ...i, suppression: { min_cell: minCell, unsuppressed: true, hidden: [] } };
  const decls = [declareInspection(i)];
  const { out, decision } = hideAndRecompute(i, decls, minCell, on);
  return {
    ...out,
    suppression: { min_cell: minCell, unsuppressed: false, hidden: byPart(decision) },
  };
}
