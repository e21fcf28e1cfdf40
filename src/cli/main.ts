/**
 * The `effekt` command line. Exit codes (README.md): 0 success, 1 a failed
 * check (verify), 2 bad input or usage — always with a one-line reason on
 * stderr and never a stack trace; 3 an internal error (a bug: please report).
 */
import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../errors.js';
import { REPORT_FORMATS, type ReportFormat } from '../spec/spec.js';
import { VERSION } from '../version.js';

function program(): Command {
  const p = new Command();
  p.name('effekt')
    .description(
      'Difference-in-differences evaluation of labour-market programmes on ' +
        'DREAM-style weekly register extracts.',
    )
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      outputError: (str, write) => write(`effekt: ${str.replace(/^error: /, '')}`),
    })
    .showSuggestionAfterError(true);

  p.command('run')
    .description(
      'read the extract, build cohorts, compute every outcome, estimate ' +
        'effects and write the report',
    )
    .argument('<SPEC.json>', 'evaluation spec (JSON); paths in it are relative to the spec file')
    .option('-o, --out <DIR>', 'report folder (default: reports/<spec name>/)')
    .option(
      '--min-cell <N>',
      'hide every count below N persons and every number resting on or ' +
        'revealing one (statistical disclosure control)',
      intArg,
      0,
    )
    .option(
      '--force',
      "write into an existing folder effekt did not write, replacing only effekt's own files",
    )
    .option(
      '--bootstrap <N>',
      'override inference.bootstrap (wild cluster bootstrap replications; 0 = off)',
      intArg,
    )
    .addOption(
      new Option(
        '--lang <LANG>',
        "language of the report and the summary (default: the spec's report.language, else en)",
      ).choices(['da', 'en']),
    )
    .option(
      '--bare-figures',
      'figures without title and note (for documents that caption them, e.g. Word)',
    )
    .option(
      '--figure-min-persons <N>',
      'leave out of share and effect figures the weeks where a cell has fewer ' +
        'than N persons (default 100)',
      intArg,
    )
    .option(
      '--formats <LIST>',
      `report files to write besides results.json and manifest.json, ` +
        `comma-separated: ${REPORT_FORMATS.join(',')} (default: the spec's ` +
        `report.formats, else all)`,
      formatsArg,
    )
    .option('-q, --quiet', 'no progress bars or summary')
    .option(
      '--strict',
      'treat warnings (nothing estimated, an empty cell, a treated ' +
        'municipality without members, an absent code) as errors: exit 2, ' +
        'nothing written',
    )
    .action(async (spec: string, o) => {
      process.exitCode = await (await import('./run.js')).runCommand(spec, o);
    });

  p.command('inspect')
    .description(
      'what is in an extract: persons, week range, code frequencies, columns found, problems',
    )
    .argument('<EXTRACT.csv>', 'wide (y_YYWW columns) or long (pnr,week,code[,hours]) extract')
    .option('--id <COLUMN>', 'person id column', 'pnr')
    .option('--municipality <COLUMN>', 'municipality column', 'kom')
    .option('--persons <FILE>', 'person file for a long-format extract')
    .addOption(
      new Option('--encoding <NAME>', 'text encoding of the extract')
        .choices(['utf-8', 'latin1', 'windows-1252'])
        .default('utf-8'),
    )
    .option('--top <N>', 'how many codes to list', intArg, 20)
    .option(
      '--min-cell <N>',
      'hide every count below N persons and every number resting on or ' +
        'revealing one (without it the output is unsuppressed)',
      intArg,
      0,
    )
    .option('--json', 'machine-readable output')
    .action(async (file: string, o) => {
      process.exitCode = await (await import('./inspect.js')).inspectCommand(file, o);
    });

  p.command('simulate')
    .description('write a synthetic DREAM-style extract (dream.csv) and its spec (spec.json)')
    .addOption(
      new Option('--preset <NAME>', 'data-generating process')
        .choices(['brf', 'none'])
        .default('brf'),
    )
    .option('--persons <N>', 'number of persons', intArg, 40000)
    .option('--seed <S>', 'random seed', intArg, 1)
    .option('--out <DIR>', 'output folder', 'data-samples/sim')
    .option(
      '--force',
      'write into an existing folder effekt did not write (its files are kept; none is replaced)',
    )
    .addOption(
      new Option(
        '--format <FORMAT>',
        'csv: dream.csv; parquet: dream.csv and dream.parquet (the same ' +
          'extract), spec.json reading the Parquet',
      )
        .choices(['csv', 'parquet'])
        .default('csv'),
    )
    .option(
      '--set <KEY=VALUE...>',
      'override a parameter of the process, e.g. --set effect=0 (see README)',
    )
    .option('-q, --quiet', 'no progress bar')
    .action(async (o) => {
      process.exitCode = await (await import('./simulate.js')).simulateCommand(o);
    });

  p.command('audit')
    .description(
      "how often this design's report claims an effect that is not there " +
        '(size), or finds one that is (--effect: power): simulated extracts ' +
        "with the spec's own municipalities, sizes and weeks",
    )
    .argument(
      '<SPEC.json>',
      'evaluation spec (JSON); its extract gives the municipalities and sizes',
    )
    .option('--replications <N>', 'simulated extracts to evaluate', positiveIntArg, 100)
    .option(
      '--effect <X>',
      "strength of the simulated effect: 0 none (size), 1 the simulator's " +
        'stated effect (internship hazard ratio 1.8)',
      numberArg,
      0,
    )
    .option('--seed <S>', 'seed of the first extract (extract r uses S + r)', intArg, 1)
    .option(
      '--bootstrap <N>',
      "bootstrap replications per evaluation (default: the spec's)",
      intArg,
    )
    .option(
      '--persons <N>',
      "persons per simulated extract (default: the extract's; sizes scaled in proportion)",
      positiveIntArg,
    )
    .option(
      '-o, --out <DIR>',
      'folder for audit.csv, audit.json, audit.svg (default: reports/<spec name>-audit/)',
    )
    .addOption(
      new Option('--lang <LANG>', "language of the table and figure (default: the spec's)").choices(
        ['da', 'en'],
      ),
    )
    .option(
      '--set <KEY=VALUE...>',
      'a parameter of the simulated process, as in `effekt simulate --set`',
    )
    .option('--json', 'print the audit as JSON (audit.json) instead of the table')
    .option('-q, --quiet', 'no progress bar or table')
    .action(async (spec: string, o) => {
      process.exitCode = await (await import('./audit.js')).auditCommand(spec, o);
    });

  p.command('survey')
    .description(
      'the survey side only: progression and fidelity; optionally write the ' +
        'fidelity changes as a municipality file (moderators)',
    )
    .argument('<SPEC.json>', 'evaluation spec with a "progression" and/or "fidelity" block')
    .option(
      '--municipality-file <FILE>',
      'write municipality,<element>…,fidelity_change (percentage points) for "municipalityData"',
    )
    .option('--min-cell <N>', 'hide figures resting on fewer than N respondents', intArg, 0)
    .option('--json', 'machine-readable output (results.survey)')
    .action(async (spec: string, o) => {
      process.exitCode = await (await import('./survey.js')).surveyCommand(spec, o);
    });

  p.command('verify')
    .description('compare results with expected figures and tolerances; exit 1 on any miss')
    .argument('<RESULTS.json>', 'results.json written by `effekt run`')
    .requiredOption('--expect <EXPECTED.json>', 'expected figures with tolerances and sources')
    .option('--json', 'machine-readable output')
    .option(
      '--junit <FILE>',
      'also write the checks as JUnit XML (one testcase per check) for CI systems',
    )
    .action(async (results: string, o) => {
      process.exitCode = await (await import('./verify.js')).verifyCommand(results, o);
    });

  p.command('spec')
    .description(
      "the evaluation spec's reference: its JSON Schema (default) or a table of every key",
    )
    .option('--schema', 'print the JSON Schema (draft 2020-12), generated from the validator')
    .option('--reference', 'print every key with type, default and meaning as a markdown table')
    .action(async (o) => {
      process.exitCode = await (await import('./spec.js')).specCommand(o);
    });
  for (const c of p.commands) {
    const lines = EXAMPLES[c.name()];
    if (lines) c.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
  }
  p.addHelpText('after', `\nExample:\n  $ effekt run data-samples/brf/spec.json --lang da\n`);
  return p;
}

/** "md,csv" → ['md', 'csv']; an unknown format is a usage error (exit 2). */
export function formatsArg(v: string): ReportFormat[] {
  const list = v
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  for (const f of list)
    if (!(REPORT_FORMATS as readonly string[]).includes(f))
      throw new InputError(
        `--formats: unknown format "${f}"; expected a comma-separated ` +
          `list of ${REPORT_FORMATS.join(', ')}`,
      );
  return [...new Set(list)] as ReportFormat[];
}

/** What `effekt <command> --help` shows after the options: commands to copy. */
const EXAMPLES: Record<string, string[]> = {
  run: [
    'effekt run data-samples/brf/spec.json                   # report in reports/brf/',
    'effekt run data-samples/brf/spec.json --lang da --out reports/brf-da',
    'effekt run spec.json --min-cell 5                       # output that ' +
      'may leave a secure environment',
  ],
  inspect: [
    'effekt inspect data-samples/brf/dream.csv --top 10',
    'effekt inspect dream.csv --encoding latin1 --json > extract.json',
  ],
  simulate: [
    'effekt simulate --persons 20000 --seed 1 --out data-samples/sim',
    'effekt simulate --preset none --persons 5000 --set programmeEffect=false --out sim-null',
  ],
  survey: [
    'effekt survey data-samples/brf/spec.json',
    'effekt survey data-samples/brf/spec.json --municipality-file fidelity-moderators.csv',
  ],
  verify: [
    'effekt verify reports/brf/results.json --expect data-samples/brf/expected.json',
    'effekt verify reports/brf/results.json --expect ' +
      'data-samples/brf/expected.json --junit verify.xml',
  ],
  spec: ['effekt spec --reference > spec-reference.md', 'effekt spec --schema > spec.schema.json'],
  audit: [
    'effekt audit data-samples/brf/spec.json --replications 100 --bootstrap 199   # size',
    'effekt audit data-samples/brf/spec.json --replications 100 --effect 1        # power',
    'effekt audit spec.json --replications 50 --persons 20000 --lang da',
  ],
};

function intArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InputError(`expected a whole number, got "${v}"`);
  return n;
}

function positiveIntArg(v: string): number {
  const n = intArg(v);
  if (n < 1) throw new InputError(`expected a whole number ≥ 1, got "${v}"`);
  return n;
}

function numberArg(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InputError(`expected a number ≥ 0, got "${v}"`);
  return n;
}

/** A reader that stops early (`effekt run --help | head`) ends the output, not with a stack trace. */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount('error') > 0) return;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`effekt: ${err.message}\n`);
    process.exit(3);
  });
}

export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe(process.stdout);
  try {
    await program().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; every other commander error is usage (already printed).
      return err.exitCode === 0 ||
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version'
        ? 0
        : 2;
    }
    if (err instanceof InputError) {
      process.stderr.write(`effekt: ${err.describe()}\n`);
      return 2;
    }
    const e = err as Error;
    process.stderr.write(
      `effekt: internal error: ${e?.message ? e.message : String(err)} ` +
        `(please report; set EFFEKT_DEBUG=1 for details)\n`,
    );
    if (process.env.EFFEKT_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
    return 3;
  }
}
