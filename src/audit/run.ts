/**
 * `effekt audit`: how often would this design's report claim an effect when
 * there is none (size), or find one of a stated strength (power)? Simulate
 * extracts with the spec's own municipalities, persons per municipality,
 * participants and weeks; evaluate each in memory (results only: no report
 * files); count what each verdict says.
 */
import path from 'node:path';
import { InputError } from '../errors.js';
import { evaluate } from '../pipeline/evaluate.js';
import { readForSpec } from '../pipeline/read.js';
import type { AuditResult } from '../results/audit.js';
import { simulatedExtract } from '../simulate/index.js';
import { auditSpec as checkCodes, throwOnAuditErrors } from '../spec/audit.js';
import { checkSpecAgainstExtract, loadSpec, type Spec } from '../spec/spec.js';
import { type AuditDesign, auditDesign, auditParams, auditSpec, designPersons } from './design.js';
import { AuditTally } from './tally.js';
import { checksOf } from './verdicts.js';

export type { AuditResult } from '../results/audit.js';

export interface AuditOptions {
  replications: number;
  /** Strength of the simulated effect: 0 none (size), 1 the simulator's stated effect (power). */
  effect: number;
  /** Seed of the first replication; replication r uses seed + r. */
  seed: number;
  /** Bootstrap replications per evaluation (default: the spec's). */
  bootstrap?: number;
  /** Persons per simulated extract (default: the extract's; sizes scaled in proportion). */
  persons?: number;
  /** Simulator parameters, as `effekt simulate --set`. */
  overrides?: Record<string, unknown>;
  /** Called after each replication. */
  onReplication?: (done: number, total: number) => void;
  /** Called while the user's extract is read (bytes). */
  onRead?: (done: number, total: number) => void;
}

/** Simulator keys the audit takes from the spec, not from --set. */
const FROM_SPEC = ['municipalities', 'treated', 'exactSizes', 'persons', 'seed'];

/** Run an audit of a spec file (or loaded spec). */
export async function runAudit(specOrFile: string | Spec, o: AuditOptions): Promise<AuditResult> {
  if (!Number.isInteger(o.replications) || o.replications < 1)
    throw new InputError(`--replications: expected a whole number ≥ 1, got ${o.replications}`);
  if (!(o.effect >= 0) || !Number.isFinite(o.effect))
    throw new InputError(`--effect: expected a number ≥ 0, got ${o.effect}`);
  for (const k of Object.keys(o.overrides ?? {}))
    if (FROM_SPEC.includes(k))
      throw new InputError(
        `--set ${k}: the audit takes ` +
          `${k === 'persons' || k === 'seed' ? `--${k}` : 'the municipalities and participants'} ` +
          `from ${k === 'persons' || k === 'seed' ? 'its option' : 'the spec and its extract'}`,
      );
  const user = typeof specOrFile === 'string' ? loadSpec(specOrFile) : specOrFile;
  const extract = await readForSpec(user, o.onRead);
  const design = auditDesign(user, extract);
  const { spec, outcomesLeftOut } = auditSpec(user, design);
  if (o.bootstrap !== undefined) spec.inference.bootstrap = o.bootstrap;
  const persons = o.persons ?? designPersons(design);
  const tally = new AuditTally();
  for (let r = 0; r < o.replications; r++) {
    const params = auditParams(design, {
      seed: o.seed + r,
      effect: o.effect,
      persons,
      overrides: o.overrides,
    });
    const x = simulatedExtract(params);
    if (r === 0) {
      // The same checks as a run: a design the evaluation refuses is the user's to fix.
      checkSpecAgainstExtract(spec, x);
      throwOnAuditErrors(checkCodes(spec, x), user.file);
    }
    try {
      tally.add(checksOf(evaluate(x, spec, {})));
    } catch (e) {
      // A replication the estimators cannot handle (e.g. a cell without members) is counted, not
      // fatal.
      if (!(e instanceof InputError)) throw e;
      tally.fail(e.message);
    }
    o.onReplication?.(r + 1, o.replications);
  }
  return {
    spec: { name: user.name, file: path.basename(user.file) },
    design: describe(design),
    settings: {
      replications: o.replications,
      effect: o.effect,
      seed: o.seed,
      bootstrap: spec.inference.bootstrap,
      level: spec.inference.level,
      persons,
      overrides: o.overrides ?? {},
    },
    outcomes_left_out: outcomesLeftOut,
    rows: tally.result(),
    failures: tally.failures,
  };
}

function describe(d: AuditDesign): AuditResult['design'] {
  const treatedPersons = d.treated.map((c) => d.persons[c]);
  const sum = treatedPersons.reduce((a, b) => a + b, 0);
  let largest = 0;
  for (let i = 1; i < d.treated.length; i++)
    if (treatedPersons[i] > treatedPersons[largest]) largest = i;
  return {
    municipalities: Object.keys(d.persons).length,
    treated: d.treated,
    treated_without_persons: d.treatedWithoutPersons,
    persons: designPersons(d),
    persons_treated: sum,
    largest_treated_share: sum > 0 ? treatedPersons[largest] / sum : 0,
    largest_treated: d.treated[largest],
    first_week: d.firstWeek,
    last_week: d.lastWeek,
    inflow: [d.inflowFrom, d.inflowTo],
    effect_from: d.effectFrom,
  };
}
