/**
 * The design an audit copies from the user's spec and extract: the
 * municipalities with their persons, which of them participate, the
 * extract's weeks and the entry windows; and the spec the evaluation of a
 * simulated extract runs with (the user's cohorts, pooled weeks, inference
 * settings and event study, over the outcomes the simulator can produce).
 */
import path from 'node:path';
import { formatSerial } from '../calendar/isoweek.js';
import { lastWeekOfPeriod } from '../design/periods.js';
import { InputError } from '../errors.js';
import type { Extract } from '../read/extract.js';
import {
  checkParams,
  resolveParams,
  type SimParams,
  simulatedCodesBlock,
  simulatedDataBlock,
} from '../simulate/index.js';
import { neededWeeks } from '../spec/compile.js';
import { resolveSpec, type Spec } from '../spec/spec.js';

export interface AuditDesign {
  /** Persons per municipality (code as the extract writes it), every municipality with a person. */
  persons: Record<string, number>;
  /** Participating municipalities with at least one person, in the spec's order. */
  treated: string[];
  /** Listed as participating but without a person in the extract (left out of the audit). */
  treatedWithoutPersons: string[];
  /** The extract weeks simulated (ISO labels). */
  firstWeek: string;
  lastWeek: string;
  /** Weeks in which programme spells start: every entry window (cohorts and event study). */
  inflowFrom: string;
  inflowTo: string;
  /** The programme's first week: where a stated effect starts. */
  effectFrom: string;
}

/** Weeks kept before the first week the evaluation needs: spells begun earlier start there. */
const LEAD_WEEKS = 104;

/** The design of a spec and its extract (as read for the spec). */
export function auditDesign(spec: Spec, x: Extract): AuditDesign {
  const counts = new Float64Array(x.municipality.levels.length);
  for (let p = 0; p < x.persons; p++) counts[x.municipality.codes[p]]++;
  const persons: Record<string, number> = {};
  x.municipality.levels.forEach((code, i) => {
    if (code !== '' && counts[i] > 0) persons[code] = counts[i];
  });
  const treated = spec.treated.filter((c) => persons[c] > 0);
  const treatedWithoutPersons = spec.treated.filter((c) => !(persons[c] > 0));
  if (treated.length === 0)
    throw new InputError(
      'treated: no participating municipality has a person in the extract, so ' +
        'there is no design to audit',
      { file: spec.file },
    );
  if (treated.length === Object.keys(persons).length)
    throw new InputError(
      'treated: every municipality in the extract participates, so there is ' +
        'no comparison group to audit',
      { file: spec.file },
    );
  const need = neededWeeks(spec);
  const first = Math.max(x.fileWeeks.first, need.from - LEAD_WEEKS);
  const last = Math.min(x.fileWeeks.last, need.to);
  const { before, during } = spec.cohorts;
  let inflowFrom = Math.min(before.entryFrom, during.entryFrom);
  let inflowTo = Math.max(before.entryTo, during.entryTo);
  const es = spec.eventStudy;
  if (es) {
    inflowFrom = Math.min(inflowFrom, es.entry.from);
    inflowTo = Math.max(inflowTo, lastWeekOfPeriod(es.entry, es.entry.periods - 1));
  }
  const starts = es ? Object.values(es.startWeek) : [];
  const effectFrom = starts.length > 0 ? Math.min(...starts) : during.entryFrom;
  return {
    persons,
    treated,
    treatedWithoutPersons,
    firstWeek: formatSerial(first),
    lastWeek: formatSerial(Math.max(first, last)),
    inflowFrom: formatSerial(Math.max(first, inflowFrom)),
    inflowTo: formatSerial(Math.min(last, inflowTo)),
    effectFrom: formatSerial(effectFrom),
  };
}

/** Total persons of a design. */
export function designPersons(d: AuditDesign): number {
  return Object.values(d.persons).reduce((a, b) => a + b, 0);
}

/**
 * The simulator's parameters for one replication: the calibrated `brf`
 * process (municipality levels and drifts, so clustering matters as in a
 * register) on the design's municipalities, sizes (exactly, or scaled to
 * `persons`) and weeks; `effect` 0 = no effect, 1 = the preset's stated
 * effect (internship hazard ratio 1.8 in participating municipalities);
 * `overrides` as `effekt simulate --set`.
 */
export function auditParams(
  d: AuditDesign,
  o: { seed: number; effect: number; persons?: number; overrides?: Record<string, unknown> },
): SimParams {
  const persons = o.persons ?? designPersons(d);
  const p = resolveParams('brf', persons, o.seed, {
    title: 'effekt audit',
    exactSizes: true,
    firstWeek: d.firstWeek,
    lastWeek: d.lastWeek,
    inflowFrom: d.inflowFrom,
    inflowTo: d.inflowTo,
    effectFrom: d.effectFrom,
    programmeEffect: o.effect > 0,
    effect: o.effect,
    ...(o.overrides ?? {}),
  });
  // Set directly (not through --set's text form): municipality codes may hold any character.
  p.municipalities = { ...d.persons };
  p.treated = [...d.treated];
  checkParams(p);
  return p;
}

/** Built-in states the simulator produces (codes 772; monthly hours). */
const SIMULATED_STATES = new Set(['internship', 'hours']);

export interface AuditSpec {
  spec: Spec;
  /**
   * Outcome ids of the user's spec that the audit leaves out (they measure a state the simulator
   * does not produce).
   */
  outcomesLeftOut: string[];
}

/**
 * The spec evaluated on each simulated extract: the user's spec with the
 * simulator's columns and codes, participating municipalities with
 * persons, and only the outcomes over internship or hours (all of the
 * simulator's own when none is left). No municipality file, no survey.
 */
export function auditSpec(spec: Spec, d: AuditDesign): AuditSpec {
  const raw = structuredClone(spec.raw) as Record<string, unknown>;
  const outcomes = (raw.outcomes as Record<string, unknown>[]) ?? [];
  const simulable = (o: Record<string, unknown>) =>
    SIMULATED_STATES.has(String(o.type === 'survival' ? o.event : o.state));
  let kept = outcomes.filter(simulable);
  const outcomesLeftOut = outcomes.filter((o) => !simulable(o)).map((o) => String(o.id));
  if (kept.length === 0)
    kept = [
      { id: 'internship', type: 'share', state: 'internship', population: 'in-programme' },
      { id: 'time-to-internship', type: 'survival', event: 'internship' },
    ];
  const keptIds = new Set(kept.map((o) => String(o.id)));
  const out: Record<string, unknown> = {
    ...raw,
    data: simulatedDataBlock('simulated.csv'),
    codes: simulatedCodesBlock(),
    treated: d.treated,
    outcomes: kept,
  };
  delete out.states;
  delete out.municipalityData;
  delete out.progression;
  delete out.fidelity;
  const es = raw.eventStudy as Record<string, unknown> | undefined;
  if (es) {
    const esOutcomes = ((es.outcomes as string[]) ?? []).filter((id) => keptIds.has(id));
    const share = kept.filter((o) => o.type === 'share').map((o) => String(o.id));
    const start =
      typeof es.start === 'string'
        ? es.start
        : Object.fromEntries(
            Object.entries(es.start as Record<string, string>).filter(([m]) =>
              d.treated.includes(m),
            ),
          );
    if (share.length === 0) delete out.eventStudy;
    else
      out.eventStudy = {
        ...es,
        start,
        outcomes: esOutcomes.length > 0 ? esOutcomes : share,
      };
  }
  return {
    spec: resolveSpec(out, path.join(path.dirname(spec.file), 'audit.json')),
    outcomesLeftOut,
  };
}
