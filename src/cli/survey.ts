/**
 * `effekt survey SPEC.json [--municipality-file FILE]`: the survey side only
 * (progression and fidelity), printed as two short tables; with
 * --municipality-file, the municipalities' fidelity changes written as a
 * municipality file that `"municipalityData"` of a later run reads as
 * moderators (columns municipality, one per element, fidelity_change).
 */
import path from 'node:path';
import { specInputs } from '../app/run.js';
import { discloseSurvey } from '../disclosure/index.js';
import { InputError } from '../errors.js';
import { alpha } from '../estimators/normal.js';
import { readForSpec } from '../pipeline/read.js';
import { evaluateSurvey } from '../pipeline/survey.js';
import { knownMunicipalities, readSurveyForSpec } from '../pipeline/surveyRead.js';
import { commitFile, prepareFile } from '../report/folder.js';
import { fixed, pValue } from '../report/format.js';
import { problemWords } from '../report/hidden.js';
import { fidelityModeratorCsv } from '../report/survey/files.js';
import type { SurveyResults } from '../results/results.js';
import { loadSpec } from '../spec/spec.js';

export interface SurveyOptions {
  municipalityFile?: string;
  minCell: number;
  json?: boolean;
}

export async function surveyCommand(specFile: string, o: SurveyOptions): Promise<number> {
  const spec = loadSpec(specFile);
  if (!spec.progression && !spec.fidelity) {
    throw new InputError(
      'the spec has no "progression" or "fidelity" block: nothing to do (see ' +
        'README, "Survey side")',
      { file: specFile },
    );
  }
  if (o.municipalityFile && !spec.fidelity) {
    throw new InputError('--municipality-file needs a "fidelity" block in the spec', {
      file: specFile,
    });
  }
  // The output place is checked before the work: an existing folder, never an input, never a file
  // effekt did not write.
  const target = o.municipalityFile
    ? prepareFile(o.municipalityFile, { inputs: specInputs(spec), what: '--municipality-file' })
    : null;
  // The register names the municipalities an answer may come from (as in `effekt run`).
  const x = await readForSpec(spec);
  const inputs = await readSurveyForSpec(spec, knownMunicipalities(spec, x.municipality.levels));
  // The same disclosure stage as `effekt run`, between the results and every output (file, JSON,
  // terminal).
  const s = discloseSurvey(
    evaluateSurvey(inputs, { level: spec.inference.level, agree: spec.fidelity?.agree ?? [] }),
    o.minCell,
  );
  if (target) {
    commitFile(
      target,
      fidelityModeratorCsv(
        s.fidelityByMunicipality ?? [],
        (s.fidelity ?? []).map((f) => f.element),
      ),
    );
  }
  if (o.json) process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
  else process.stdout.write(surveySummary(s, o.municipalityFile));
  return 0;
}

/** Two plain tables for the terminal. */
export function surveySummary(s: SurveyResults, municipalityFile?: string): string {
  const lines: string[] = [];
  if (s.progression) {
    lines.push(
      `Progression (${s.progression.length} items; Holm-adjusted Wilcoxon, ` +
        `significant at p < ${fixed(alpha(s.level), 2)})`,
    );
    for (const r of s.progression) {
      const change = r.change === null ? '–' : (r.change >= 0 ? '+' : '') + r.change.toFixed(2);
      lines.push(
        `  ${r.item.padEnd(14)} n ${String(r.n ?? '–').padStart(5)}  ` +
          `change ${change.padStart(6)}  Holm ${pValue(r.p_holm)}${r.significant ? '  *' : ''}${
            r.problem ? `  (${problemWords(r.problem, 'en', s.suppression.min_cell)})` : ''
          }`,
      );
    }
  }
  if (s.fidelity) {
    lines.push(
      `Fidelity (${s.fidelity.length} elements; change in percentage ` +
        `points, spread over municipalities)`,
    );
    for (const r of s.fidelity) {
      const ch =
        r.change_pp === null ? '–' : `${r.change_pp >= 0 ? '+' : ''}${r.change_pp.toFixed(1)}`;
      lines.push(
        `  ${r.element.padEnd(24)} ${ch.padStart(6)}  ${(r.colour ?? '–').padEnd(6)}  ${
          r.spread_min === null ? '' : `${r.spread_min.toFixed(1)} to ${r.spread_max!.toFixed(1)}`
        }${r.problem ? `  (${problemWords(r.problem, 'en', s.suppression.min_cell)})` : ''}`,
      );
    }
  }
  if (municipalityFile)
    lines.push(
      `Municipality file: ${path.relative(process.cwd(), path.resolve(municipalityFile))}`,
    );
  return `${lines.join('\n')}\n`;
}
