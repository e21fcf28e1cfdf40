/**
 * `effekt audit SPEC.json`: how often this design's report would claim an
 * effect that is not there (or, with --effect, find one that is). Prints
 * the table, writes audit.csv, audit.json and audit.svg into --out.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runAudit } from '../audit/run.js';
import { InputError } from '../errors.js';
import { auditCsv, auditFigure, auditText } from '../report/audit.js';
import type { Lang } from '../report/document.js';
import { loadSpec } from '../spec/spec.js';
import { progressBar } from './progress.js';
import { parseOverrides } from './simulate.js';

export interface AuditCommandOptions {
  replications: number;
  effect: number;
  seed: number;
  out?: string;
  json?: boolean;
  bootstrap?: number;
  persons?: number;
  lang?: Lang;
  set?: string[];
  quiet?: boolean;
}

export async function auditCommand(specFile: string, o: AuditCommandOptions): Promise<number> {
  const spec = loadSpec(specFile);
  const lang: Lang = o.lang ?? spec.report.language;
  const out = path.resolve(o.out ?? path.join('reports', `${spec.name}-audit`));
  const show = !o.quiet && !o.json;
  const reading = progressBar('Reading extract', 1, 'bytes', show);
  let bar: ReturnType<typeof progressBar> | null = null;
  const result = await runAudit(spec, {
    replications: o.replications,
    effect: o.effect,
    seed: o.seed,
    bootstrap: o.bootstrap,
    persons: o.persons,
    overrides: parseOverrides(o.set),
    onRead: (d, t) => reading.update(d, t),
    onReplication: (d, t) => {
      if (!bar) {
        reading.stop();
        bar = progressBar('Auditing', t, 'count', show);
      }
      bar.update(d, t);
    },
  });
  (bar as ReturnType<typeof progressBar> | null)?.stop();
  try {
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'audit.json'), `${JSON.stringify(result, null, 2)}\n`);
    await writeFile(path.join(out, 'audit.csv'), auditCsv(result));
    await writeFile(path.join(out, 'audit.svg'), auditFigure(lang, result));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError(`cannot write the audit (${err.code ?? err.message})`, { file: out });
  }
  if (o.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (!o.quiet)
    process.stdout.write(
      `${[...auditText(lang, result), '', `audit.csv, audit.json, audit.svg: ${out}`].join(
        '\n',
      )}\n`,
    );
  return 0;
}
