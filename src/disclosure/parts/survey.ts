/**
 * The survey side: what was read from each file, progression per item,
 * fidelity per element (overall and per municipality).
 *
 * Cells: an item's pairs (everything about the item rests on them), its
 * zero changes and its unpaired answers; a fidelity row's answers at each
 * wave, and among them those agreeing and those not (a share shows both to
 * anyone who knows n); answers left out by reason; respondents of one wave
 * only.
 *
 * Aggregates over hidden members are recomputed over the shown ones (the
 * report says so), the smallest loss that is safe, since the recomputed
 * figure is a function of published numbers:
 *  - Holm's adjustment runs over the items shown: a hidden item's p-value
 *    would otherwise move the shown items' adjusted p-values;
 *  - an element's overall fidelity row is the sum of the municipalities
 *    shown when any of its municipality rows is hidden (otherwise the
 *    overall row minus the shown rows gives the hidden one's counts), and
 *    the spread over municipalities is over the shown ones.
 * Left-out answers sum with the answers used to the file's rows: a hidden
 * reason's count takes the row count with it; the unknown municipalities'
 * ids rest on the count of answers left out for that reason.
 */
import { alpha } from '../../estimators/normal.js';
import { holmAdjust, spread } from '../../estimators/survey/index.js';
import { fidelityRow } from '../../pipeline/survey.js';
import type { SurveyFileSummary, SurveyResults } from '../../results/results.js';
import {
  type Cell,
  type Declaration,
  isSmall,
  type NumberDecl,
  type Path,
  type Relation,
} from '../rule.js';

const ITEM_FIELDS = [
  'n',
  'mean_start',
  'mean_follow',
  'change',
  'se',
  'ci_low',
  'ci_high',
  't',
  'df',
  'p_t',
  'v',
  'p_wilcoxon',
  'p_holm',
  'significant',
] as const;

/** `root`: where the survey results sit (['survey'] in Results, [] for `effekt survey --json`). */
export function declareSurvey(s: SurveyResults, root: Path, minCell: number): Declaration[] {
  const out: Declaration[] = [];
  const cells: Cell[] = [];
  for (const kind of ['progression', 'fidelity'] as const) {
    const f = s.files[kind];
    if (f) out.push(declareFile(f, kind, [...root, 'files', kind], cells));
  }
  if (s.progression) {
    const numbers: NumberDecl[] = [];
    s.progression.forEach((r, i) => {
      const at = [...root, 'progression', i];
      const key = `survey:item:${r.item}`;
      cells.push(
        { key, persons: r.n ?? 0 },
        { key: `${key}:zeros`, persons: r.zeros ?? 0 },
        { key: `${key}:unpaired-start`, persons: r.unpaired_start ?? 0 },
        { key: `${key}:unpaired-follow`, persons: r.unpaired_follow ?? 0 },
      );
      for (const f of ITEM_FIELDS) numbers.push({ path: [...at, f], restsOn: [key] });
      numbers.push({ path: [...at, 'problem'], restsOn: [key], text: true });
      numbers.push({ path: [...at, 'zeros'], restsOn: [key, `${key}:zeros`] });
      for (const f of ['unpaired_start', 'unpaired_follow'] as const)
        numbers.push({
          path: [...at, f],
          restsOn: [key, `${key}:${f === 'unpaired_start' ? 'unpaired-start' : 'unpaired-follow'}`],
        });
    });
    const level = s.level;
    out.push({
      part: 'survey:progression',
      label: 'survey: progression items',
      cells: [],
      numbers,
      recompute: (o, isHidden) => {
        const rows = (at(o, [...root, 'progression']) ?? []) as SurveyResults['progression'] & {};
        if (!rows.some((_, i) => isHidden([...root, 'progression', i, 'n']))) return null;
        const holm = holmAdjust(rows.map((r) => r.p_wilcoxon));
        rows.forEach((r, i) => {
          if (r.p_wilcoxon === null) return;
          r.p_holm = holm[i];
          r.significant = holm[i] === null ? null : (holm[i] as number) < alpha(level);
        });
        return 'holm-over-shown-items';
      },
    });
  }
  if (s.fidelity) {
    const numbers: NumberDecl[] = [];
    const wave = (key: string, n: number | null, share: number | null) => {
      const agree = n !== null && share !== null ? Math.round(share * n) : 0;
      cells.push(
        { key, persons: n ?? 0 },
        { key: `${key}:agree`, persons: agree },
        { key: `${key}:disagree`, persons: (n ?? 0) - agree },
      );
      return [key, `${key}:agree`, `${key}:disagree`];
    };
    const row = (
      at: Path,
      key: string,
      r: {
        n_start: number | null;
        n_end: number | null;
        share_start: number | null;
        share_end: number | null;
      },
    ) => {
      const start = wave(`${key}:start`, r.n_start, r.share_start);
      const end = wave(`${key}:end`, r.n_end, r.share_end);
      numbers.push(
        { path: [...at, 'n_start'], restsOn: [start[0]] },
        { path: [...at, 'n_end'], restsOn: [end[0]] },
        { path: [...at, 'share_start'], restsOn: start },
        { path: [...at, 'share_end'], restsOn: end },
        { path: [...at, 'change_pp'], restsOn: [...start, ...end] },
        { path: [...at, 'colour'], restsOn: [...start, ...end] },
        { path: [...at, 'problem'], restsOn: [...start, ...end], text: true },
      );
      return [...start, ...end];
    };
    (s.fidelityByMunicipality ?? []).forEach((r, i) => {
      row(
        [...root, 'fidelityByMunicipality', i],
        `survey:fidelity:${r.municipality}:${r.element}`,
        r,
      );
    });
    s.fidelity.forEach((r, i) => {
      const rests = row([...root, 'fidelity', i], `survey:fidelity:${r.element}`, r);
      // The spread is recomputed over the municipalities shown; a hidden overall row hides it too.
      for (const f of ['spread_min', 'spread_max'])
        numbers.push({ path: [...root, 'fidelity', i, f], restsOn: rests });
    });
    out.push({
      part: 'survey:fidelity',
      label: 'survey: fidelity per element and municipality',
      cells: [],
      numbers,
      recompute: (o, isHidden) => recomputeFidelity(o, s, root, isHidden, minCell),
    });
  }
  if (out.length > 0) out[0].cells = cells;
  return out;
}

/** What was read from one file: left-out answers by reason, one-wave respondents. */
function declareFile(f: SurveyFileSummary, kind: string, at: Path, cells: Cell[]): Declaration {
  const numbers: NumberDecl[] = [];
  const excluded = Object.entries(f.excluded);
  for (const [k, n] of excluded) {
    cells.push({ key: `survey:${kind}:excluded:${k}`, persons: n });
    numbers.push({ path: [...at, 'excluded', k], restsOn: [`survey:${kind}:excluded:${k}`] });
  }
  numbers.push({
    path: [...at, 'unknown_municipalities'],
    restsOn: [`survey:${kind}:excluded:unknown municipality`],
    hiddenValue: [],
  });
  for (const k of ['respondents_start_only', 'respondents_second_only'] as const) {
    cells.push({ key: `survey:${kind}:${k}`, persons: f[k] ?? 0 });
    numbers.push({ path: [...at, k], restsOn: [`survey:${kind}:${k}`] });
  }
  cells.push({ key: `survey:${kind}:respondents`, persons: f.respondents });
  numbers.push({ path: [...at, 'respondents'], restsOn: [`survey:${kind}:respondents`] });
  numbers.push({ path: [...at, 'rows'] }, { path: [...at, 'answers_used'] });
  const relations: Relation[] = [
    {
      what: 'rows = answers used + answers left out by reason',
      members: [
        [...at, 'rows'],
        [...at, 'answers_used'],
        ...excluded.map(([k]) => [...at, 'excluded', k]),
      ],
      counts: [f.rows, f.answers_used, ...excluded.map(([, n]) => n)],
      total: 1,
    },
  ];
  return {
    part: `survey:${kind}:file`,
    label: `survey: ${kind} file (answers left out, one-wave respondents)`,
    cells: [],
    numbers,
    relations,
  };
}

/** The value at a path, or undefined. */
function at(o: unknown, p: Path): unknown {
  let v = o;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/**
 * The overall rows of elements with hidden municipality rows. The overall
 * row minus the shown rows gives, per wave, the sum of the hidden answers,
 * agreeing and not agreeing answers: when any of these sums is small, the
 * overall row is recomputed as the sum over the municipality rows shown
 * whole; otherwise it stays as it is (nothing small follows from it).
 */
function recomputeFidelity(
  o: unknown,
  raw: SurveyResults,
  root: Path,
  isHidden: (p: Path) => boolean,
  minCell: number,
) {
  const s = at(o, root) as SurveyResults;
  const by = s.fidelityByMunicipality ?? [];
  const rawBy = raw.fidelityByMunicipality ?? [];
  const hid = (i: number, f: string) => isHidden([...root, 'fidelityByMunicipality', i, f]);
  const rowHidden = (i: number) =>
    ['n_start', 'n_end', 'share_start', 'share_end'].some((f) => hid(i, f));
  let any = false;
  for (const [j, r] of (s.fidelity ?? []).entries()) {
    const mine = by.map((m, i) => ({ m, i })).filter((x) => x.m.element === r.element);
    const shown = mine.filter((x) => !rowHidden(x.i)).map((x) => x.m);
    r.municipalities = shown.filter((m) => m.change_pp !== null).length;
    // A row hidden itself stays hidden (its spread with it).
    if (isHidden([...root, 'fidelity', j, 'change_pp'])) continue;
    r.spread_min = spread(shown.map((m) => m.change_pp)).min;
    r.spread_max = spread(shown.map((m) => m.change_pp)).max;
    if (shown.length === mine.length) continue;
    // What the overall row minus the published municipality rows gives, per wave.
    const residuals = (['start', 'end'] as const).flatMap((w) => {
      let n = 0;
      let agree = 0;
      let disagree = 0;
      for (const { i } of mine) {
        const m = rawBy[i];
        const count = w === 'start' ? m.n_start : m.n_end;
        const share = w === 'start' ? m.share_start : m.share_end;
        const k = count !== null && share !== null ? Math.round(share * count) : 0;
        if (hid(i, `n_${w}`)) n += count ?? 0;
        if (hid(i, `share_${w}`)) {
          agree += k;
          disagree += (count ?? 0) - k;
        }
      }
      return [n, agree, disagree];
    });
    if (!residuals.some((v) => isSmall(v, minCell))) continue;
    any = true;
    const sum = (w: 'start' | 'end') => {
      let answers = 0;
      let agree = 0;
      for (const m of shown) {
        const n = w === 'start' ? m.n_start : m.n_end;
        const sh = w === 'start' ? m.share_start : m.share_end;
        answers += n ?? 0;
        agree += n !== null && sh !== null ? Math.round(sh * n) : 0;
      }
      return { answers, agree };
    };
    Object.assign(r, fidelityRow(sum('start'), sum('end')));
  }
  return any ? ('fidelity-overall-over-shown-municipalities' as const) : null;
}
