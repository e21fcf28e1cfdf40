// Size of the headline on simulated extracts without an effect (issue #22).
// Usage: npm run build && node scripts/size.mjs [replications] [persons] [scenario ...]
// (SIZE_FIRST=k starts at replication k, to extend an earlier run with new seeds.)
// Scenarios: s17 (the 17 participating municipalities of the seed), s5 (5 of them, 70–91
// thousand inhabitants each), kbh5 (København with Aarhus, Aalborg, Odense and Esbjerg: København
// 41 % of participants). Prints, per scenario and verdict source, the share of replications whose
// headline says "effect" (± Monte Carlo standard error), and G*.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluate } from '../dist/pipeline/evaluate.js';
import { readForSpec } from '../dist/pipeline/read.js';
import { resolveParams, simulateToFiles } from '../dist/simulate/index.js';
import { loadSpec } from '../dist/spec/spec.js';

const [reps = '40', persons = '20000', ...names] = process.argv.slice(2);
const SCENARIOS = {
  s17: {},
  s5: { treated: '157,316,540,615,740' },
  kbh5: { treated: '101,751,851,461,561' },
};
const first = Number(process.env.SIZE_FIRST ?? 0);
const dir = mkdtempSync(path.join(tmpdir(), 'effekt-size-'));
const se = (k, n) => Math.sqrt(((k / n) * (1 - k / n)) / n);
const pct = (k, n) => `${((100 * k) / n).toFixed(1)} ± ${(100 * se(k, n)).toFixed(1)} %`;
try {
  for (const name of names.length ? names : Object.keys(SCENARIOS)) {
    const tally = {};
    const add = (key, hit) => {
      tally[key] ??= { k: 0, n: 0 };
      tally[key].n++;
      if (hit) tally[key].k++;
    };
    const gstars = [];
    for (let r = first; r < first + Number(reps); r++) {
      const p = resolveParams('brf', Number(persons), 1000 + r, { effect: 0, ...SCENARIOS[name] });
      const out = path.join(dir, `${name}-${r}`);
      await simulateToFiles(p, out);
      const spec = loadSpec(path.join(out, 'spec.json'));
      spec.inference.bootstrap = 399;
      spec.inference.seed = r + 1;
      delete spec.progression;
      delete spec.fidelity;
      const res = evaluate(await readForSpec(spec), spec);
      rmSync(out, { recursive: true, force: true });
      for (const [id, o] of Object.entries(res.outcomes)) {
        const h = o.headline;
        add(`${id}: headline effect`, h.verdict === 'effect');
        add(`${id}: headline not-testable`, h.verdict === 'not-testable');
        if (o.type === 'share') {
          if (id === 'internship') gstars.push(o.pooled.effective_clusters?.gstar ?? NaN);
          add(`${id}: CR1 (normal) p < 0.05`, o.pooled.p !== null && o.pooled.p < 0.05);
          const b = o.pooled.bootstrap;
          add(`${id}: bootstrap p < 0.05 (${b?.weights})`, b?.p != null && b.p < 0.05);
          const a = o.pooled_adjusted?.bootstrap;
          if (a) add(`${id}: adjusted bootstrap p < 0.05`, a.p !== null && a.p < 0.05);
        } else
          add(`${id}: Cox clustered p < 0.05`, o.cox.robust_p !== null && o.cox.robust_p < 0.05);
      }
      for (const [id, es] of Object.entries(res.eventStudy ?? {})) {
        add(`es ${id}: pre-test bootstrap p < 0.05`, es.pretest.p !== null && es.pretest.p < 0.05);
        add(`es ${id}: pre-test F p_f < 0.05`, es.pretest.p_f != null && es.pretest.p_f < 0.05);
        const b = es.overall.bootstrap;
        add(`es ${id}: overall bootstrap p < 0.05`, b?.p != null && b.p < 0.05);
        add(`es ${id}: overall CR (normal) p < 0.05`, es.overall.p !== null && es.overall.p < 0.05);
      }
      process.stderr.write(`${name} ${r + 1 - first}/${reps}\r`);
    }
    gstars.sort((a, b) => a - b);
    console.log(
      `\n## ${name}: ${reps} replications, ${persons} persons, no effect; internship G* median ${gstars[gstars.length >> 1]?.toFixed(2)} (range ${gstars[0]?.toFixed(2)}–${gstars.at(-1)?.toFixed(2)})`,
    );
    for (const [key, { k, n }] of Object.entries(tally))
      console.log(`${key}: ${pct(k, n)} (${k}/${n})`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
