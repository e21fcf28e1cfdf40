// biome-ignore-all lint/suspicious/noExplicitAny: this test reads and edits free-form JSON (specs made wrong on purpose, results.json by path)
/**
 * A fuzz corpus of the mistakes and accidents effekt meets where register
 * data live, generated from compact tables: bad input files, spec mistakes,
 * output problems, disclosure cases and interrupted writes. Every case must
 * end with exit 0 or 2 — on 2 exactly one line on stderr, no stack trace,
 * never an internal error — within a time limit, lose no file the user had,
 * and (disclosure cases) publish no small cell in any output file or on the
 * terminal.
 *
 * The CLI runs in-process (its `main`), so 150+ cases fit in the time
 * budget; a handful are spawned as real processes to check the real exit
 * codes, pipes and devices.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { testHooks } from '../../src/report/folder.js';
import {
  baseGroups,
  cellSizes,
  extractCsv,
  type Group,
  persons,
  specJson,
  treatedIn,
} from '../disclosure/corpus.js';
import { cli, type Outcome } from '../helpers/inprocess.js';
import { repoRoot, tmpFolder } from '../helpers/tmp.js';

const root = tmpFolder('effekt-fuzz-');
let seq = 0;

/**
 * The corpus's spec: every format is written (a case may break any file), the PNGs at
 * 30 dpi (189 px wide): the same code path as 300 dpi at a hundredth of the pixels, so
 * 150+ runs stay cheap; test/report checks the print size.
 */
function fuzzSpec(treated: string[]): string {
  return JSON.stringify(
    { ...JSON.parse(specJson('fuzz', 0, treated)), report: { dpi: 30 } },
    null,
    2,
  );
}

/** A fresh case folder with the valid small extract and spec, then the case's changes. */
function folder(
  files: Record<string, string | Buffer> = {},
  groups: Group[] = baseGroups(),
): string {
  const dir = path.join(root, `case${seq++}`);
  mkdirSync(dir);
  const ps = persons(groups);
  writeFileSync(path.join(dir, 'dream.csv'), extractCsv(ps));
  writeFileSync(path.join(dir, 'spec.json'), fuzzSpec(treatedIn(ps)));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const VALID_CSV = extractCsv(persons(baseGroups()));
const [HEADER, ...ROWS] = VALID_CSV.trimEnd().split('\n');
const csv = (head: string, rows: string[]) => `${[head, ...rows].join('\n')}\n`;
const SPEC = JSON.parse(fuzzSpec(treatedIn(persons(baseGroups()))));
const spec = (change: (s: any) => void): string => {
  const s = structuredClone(SPEC);
  change(s);
  return JSON.stringify(s);
};

/** Every file under a folder with its bytes, for "nothing the user had was lost". */
function snapshot(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) m.set(r, readFileSync(path.join(dir, r), 'latin1'));
    }
  };
  if (existsSync(dir)) walk('');
  return m;
}

type Expect = 0 | 2;
interface Case {
  cls: 'input' | 'spec' | 'output' | 'disclosure' | 'interrupt';
  name: string;
  expect: Expect;
  /**
   * Prepare and return the arguments (after `run`), and the folders whose user files must survive.
   */
  run: () => { args: string[]; keep?: string[]; after?: (o: Outcome) => void };
}

const cases: Case[] = [];
const add = (cls: Case['cls'], name: string, expect: Expect, run: Case['run']) =>
  cases.push({ cls, name, expect, run });

// ---------------------------------------------------------------- bad input files
const withData =
  (content: string | Buffer, extra: Record<string, string | Buffer> = {}) =>
  () => {
    const dir = folder({ 'dream.csv': content, ...extra });
    return { args: [path.join(dir, 'spec.json'), '--out', path.join(dir, 'out'), '--quiet'] };
  };
const rowWith = (i: number, col: number, v: string) =>
  ROWS.map((r, j) =>
    j === i
      ? r
          .split(',')
          .map((f, k) => (k === col ? v : f))
          .join(',')
      : r,
  );
const weekCol = HEADER.split(',').indexOf('y_1702');
const inputTable: [string, string | Buffer][] = [
  ['empty file', ''],
  ['header only', `${HEADER}\n`],
  ['no header (a data row first)', csv(ROWS[0], ROWS.slice(1))],
  [
    'binary (PNG bytes)',
    Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]),
  ],
  ['no id column', csv(HEADER.replace('pnr,', 'id,'), ROWS)],
  ['no municipality column', csv(HEADER.replace(',kom,', ',kommune,'), ROWS)],
  ['malformed week column', csv(HEADER.replace('y_1702', 'y_17x2'), ROWS)],
  ['week 53 in a year without it', csv(HEADER.replace('y_1702', 'y_1753'), ROWS)],
  ['week 00', csv(HEADER.replace('y_1702', 'y_1700'), ROWS)],
  [
    'row with an extra field',
    csv(HEADER, [...ROWS.slice(0, 5), `${ROWS[5]},771`, ...ROWS.slice(6)]),
  ],
  [
    'row with a missing field',
    csv(HEADER, [
      ...ROWS.slice(0, 5),
      ROWS[5].slice(0, ROWS[5].lastIndexOf(',')),
      ...ROWS.slice(6),
    ]),
  ],
  ['duplicate person id', csv(HEADER, [...ROWS, ROWS[3]])],
  ['duplicate column name', csv(HEADER.replace('alder', 'koen'), ROWS)],
  ['unbalanced quote', csv(HEADER, [...ROWS.slice(0, 2), `"${ROWS[2]}`, ...ROWS.slice(3)])],
  [
    'NUL byte in a row',
    csv(HEADER, [...ROWS.slice(0, 2), ROWS[2].replace(',', ',\0'), ...ROWS.slice(3)]),
  ],
  [
    'empty column name',
    csv(
      `${HEADER},`,
      ROWS.map((r) => `${r},`),
    ),
  ],
  [
    'only separators on a row',
    csv(HEADER, [...ROWS.slice(0, 4), ','.repeat(HEADER.split(',').length - 1), ...ROWS.slice(4)]),
  ],
  [
    'hours not a number',
    csv(
      `${HEADER},h_1702`,
      ROWS.map((r, i) => `${r},${i === 7 ? 'abc' : '0'}`),
    ),
  ],
  [
    'hours negative',
    csv(
      `${HEADER},h_1702`,
      ROWS.map((r, i) => `${r},${i === 7 ? '-3' : '0'}`),
    ),
  ],
  [
    'monthly hours column for month 13',
    csv(
      `${HEADER},timer_2017_13`,
      ROWS.map((r) => `${r},0`),
    ),
  ],
  [
    'malformed hours column name',
    csv(
      `${HEADER},h_17x2`,
      ROWS.map((r) => `${r},0`),
    ),
  ],
  [
    'persons but no weeks in the windows',
    csv('pnr,kom,alder,koen,y_1501,y_1502', ['1,201,40,k,771,771', '2,202,41,m,,771']),
  ],
  ['no week columns at all', csv('pnr,kom,alder,koen', ['1,201,40,k', '2,202,41,m'])],
  ['id column empty on a row', csv(HEADER, rowWith(4, 0, ''))],
  [
    'a code with a separator inside quotes (valid, exit 0 expected below)',
    csv(HEADER, rowWith(4, weekCol, '"771"')),
  ],
  [
    'Latin-1 bytes without a declared encoding',
    Buffer.from(csv(HEADER, rowWith(3, 3, 'æ')), 'latin1'),
  ],
  [
    'hours written in hexadecimal',
    csv(
      `${HEADER},h_1702`,
      ROWS.map((r, i) => `${r},${i === 7 ? '0x10' : '0'}`),
    ),
  ],
  [
    'hours with 400 digits',
    csv(
      `${HEADER},h_1702`,
      ROWS.map((r, i) => `${r},${i === 7 ? '9'.repeat(400) : '0'}`),
    ),
  ],
  ['two week columns differing only in case', csv(HEADER.replace('y_1703', 'Y_1702'), ROWS)],
];
for (const [name, content] of inputTable)
  add('input', name, name.includes('valid') ? 0 : 2, withData(content));
// valid variants that must run: CRLF, BOM, semicolons
add('input', 'Windows line ends (valid)', 0, withData(VALID_CSV.replace(/\n/g, '\r\n')));
add('input', 'UTF-8 byte order mark (valid)', 0, withData(`\ufeff${VALID_CSV}`));
add('input', 'semicolon separator (valid)', 0, withData(VALID_CSV.replace(/,/g, ';')));
add('input', 'extract path is a folder', 2, () => {
  const dir = folder();
  mkdirSync(path.join(dir, 'adir'));
  writeFileSync(
    path.join(dir, 'spec.json'),
    spec((s) => (s.data.path = 'adir')),
  );
  return { args: [path.join(dir, 'spec.json'), '--out', path.join(dir, 'out'), '--quiet'] };
});
add('input', 'extract path missing', 2, () => {
  const dir = folder();
  writeFileSync(
    path.join(dir, 'spec.json'),
    spec((s) => (s.data.path = 'nope.csv')),
  );
  return { args: [path.join(dir, 'spec.json'), '--out', path.join(dir, 'out'), '--quiet'] };
});
add('input', 'extract path is a named pipe (refused, never a hang)', 2, () => {
  const dir = folder();
  execFileSync('mkfifo', [path.join(dir, 'pipe.csv')]);
  writeFileSync(
    path.join(dir, 'spec.json'),
    spec((s) => (s.data.path = 'pipe.csv')),
  );
  return { args: [path.join(dir, 'spec.json'), '--out', path.join(dir, 'out'), '--quiet'] };
});
add('input', 'extract path /dev/zero (refused, never a hang)', 2, () => {
  const dir = folder();
  writeFileSync(
    path.join(dir, 'spec.json'),
    spec((s) => (s.data.path = '/dev/zero')),
  );
  return { args: [path.join(dir, 'spec.json'), '--out', path.join(dir, 'out'), '--quiet'] };
});
add('input', 'extract path /dev/null', 2, () => {
  const dir = folder();
  writeFileSync(
    path.join(dir, 'spec.json'),
    spec((s) => (s.data.path = '/dev/null')),
  );
  return { args: [path.join(dir, 'spec.json'), '--out', path.join(dir, 'out'), '--quiet'] };
});
// long format
const longRows = ['pnr,week,code', '1,2017-W01,771', '1,2017-W02,772', '2,2017-W02,771'];
const longCase = (name: string, rows: string[], personsFile: string | null) =>
  add('input', `long format: ${name}`, 2, () => {
    const dir = folder({
      'long.csv': `${rows.join('\n')}\n`,
      ...(personsFile !== null ? { 'persons.csv': personsFile } : {}),
    });
    writeFileSync(
      path.join(dir, 'spec.json'),
      spec((s) => {
        s.data.path = 'long.csv';
        s.data.persons = 'persons.csv';
        s.data.covariates = [];
      }),
    );
    return { args: [path.join(dir, 'spec.json'), '--out', path.join(dir, 'out'), '--quiet'] };
  });
longCase('week 2017-W60', [...longRows, '2,2017-W60,771'], 'pnr,kom\n1,201\n2,101\n');
longCase('two rows for one person-week', [...longRows, '2,1702,772'], 'pnr,kom\n1,201\n2,101\n');
longCase('person file missing', longRows, null);
longCase('person file without municipality column', longRows, 'pnr,region\n1,x\n2,y\n');
longCase('week written 17-01', [...longRows, '2,17-01,771'], 'pnr,kom\n1,201\n2,101\n');
longCase('duplicate person in the person file', longRows, 'pnr,kom\n1,201\n1,101\n2,101\n');
longCase('hours column with text', ['pnr,week,code,hours', '1,2017-W01,771,x'], 'pnr,kom\n1,201\n');

// ---------------------------------------------------------------- spec mistakes
const withSpec = (text: string | Buffer) => () => {
  const dir = folder({ 'spec.json': text });
  return { args: [path.join(dir, 'spec.json'), '--out', path.join(dir, 'out'), '--quiet'] };
};
const specTable: [string, string | Buffer][] = [
  ['not JSON', '{ name: brf'],
  ['empty file', ''],
  ['a JSON array', '[]'],
  ['a JSON string', '"brf"'],
  ['binary', Buffer.from([0, 1, 2, 3, 255])],
  ['unknown top-level key', spec((s) => (s.extra = 1))],
  [
    'misspelt key (outcome)',
    spec((s) => {
      s.outcome = s.outcomes;
      delete s.outcomes;
    }),
  ],
  ['missing name', spec((s) => delete s.name)],
  ['name ".."', spec((s) => (s.name = '..'))],
  ['name "."', spec((s) => (s.name = '.'))],
  ['name with a slash', spec((s) => (s.name = 'a/b'))],
  ['name empty', spec((s) => (s.name = ''))],
  ['name absolute path', spec((s) => (s.name = '/tmp/x'))],
  ['outcome id ".."', spec((s) => (s.outcomes[0].id = '..'))],
  ['outcome id with a slash', spec((s) => (s.outcomes[0].id = '../../escape'))],
  ['outcome id empty', spec((s) => (s.outcomes[0].id = ''))],
  ['codes as numbers', spec((s) => (s.codes.programme = [771, 772]))],
  ['programme codes empty', spec((s) => (s.codes.programme = []))],
  ['treated empty', spec((s) => (s.treated = []))],
  ['treated as numbers', spec((s) => (s.treated = [101]))],
  ['entry window reversed', spec((s) => (s.cohorts.before.entry = ['2017-W04', '2017-W01']))],
  ['week 53 of 2018', spec((s) => (s.cohorts.during.entry = ['2018-W01', '2018-W53']))],
  ['malformed week', spec((s) => (s.cohorts.during.until = '2018/20'))],
  ['until before the window ends', spec((s) => (s.cohorts.during.until = '2018-W02'))],
  ['overlapping entry windows', spec((s) => (s.cohorts.during.entry = ['2017-W03', '2018-W04']))],
  [
    'entry window outside the extract',
    spec((s) => (s.cohorts.before.entry = ['2014-W01', '2014-W04'])),
  ],
  ['missing cohort', spec((s) => delete s.cohorts.during)],
  ['unknown state', spec((s) => (s.outcomes[0].state = 'fleksjob'))],
  ['state "constructor"', spec((s) => (s.outcomes[0].state = 'constructor'))],
  ['state "toString"', spec((s) => (s.outcomes[1].event = 'toString'))],
  ['state "__proto__"', spec((s) => (s.outcomes[0].state = '__proto__'))],
  ['outcome type "mean"', spec((s) => (s.outcomes[0].type = 'mean'))],
  ['population "all"', spec((s) => (s.outcomes[0].population = 'all'))],
  ['no outcomes', spec((s) => (s.outcomes = []))],
  ['pooled weeks from 0', spec((s) => (s.pooled.weeks = [0, 5]))],
  ['pooled weeks reversed', spec((s) => (s.pooled.weeks = [10, 5]))],
  ['pooled weeks past follow-up', spec((s) => (s.pooled.weeks = [5, 500]))],
  ['level 95', spec((s) => (s.inference.level = 95))],
  ['level 0', spec((s) => (s.inference.level = 0))],
  ['level 1', spec((s) => (s.inference.level = 1))],
  ['bootstrap negative', spec((s) => (s.inference.bootstrap = -1))],
  ['bootstrap fractional', spec((s) => (s.inference.bootstrap = 9.5))],
  ['seed as text', spec((s) => (s.inference.seed = '1'))],
  ['cluster by person', spec((s) => (s.inference.cluster = 'person'))],
  ['covariate not in the extract', spec((s) => (s.data.covariates = ['income']))],
  ['id column not in the extract', spec((s) => (s.data.id = 'cpr'))],
  ['hoursAbove negative', spec((s) => (s.states = { many: { hoursAbove: -1 } }))],
  ['state without codes or hours', spec((s) => (s.states = { empty: {} }))],
  ['data not an object', spec((s) => (s.data = 'dream.csv'))],
  ['unknown key in a cohort', spec((s) => (s.cohorts.before.start = '2017-W01'))],
];
for (const [name, text] of specTable) add('spec', name, 2, withSpec(text));
add('spec', 'spec file missing', 2, () => ({
  args: [path.join(root, 'no-such-spec.json'), '--quiet'],
}));
add('spec', 'spec is a folder', 2, () => {
  const dir = folder();
  return { args: [dir, '--quiet'] };
});
add('spec', 'spec is /dev/null', 2, () => ({ args: ['/dev/null', '--quiet'] }));
add('spec', '--min-cell not a number', 2, () => {
  const dir = folder();
  return {
    args: [path.join(dir, 'spec.json'), '--min-cell', 'five', '--out', path.join(dir, 'out')],
  };
});
add('spec', '--min-cell negative', 2, () => {
  const dir = folder();
  return {
    args: [path.join(dir, 'spec.json'), '--min-cell', '-3', '--out', path.join(dir, 'out')],
  };
});
add('spec', '--bootstrap fractional', 2, () => {
  const dir = folder();
  return {
    args: [path.join(dir, 'spec.json'), '--bootstrap', '1.5', '--out', path.join(dir, 'out')],
  };
});

// ---------------------------------------------------------------- output problems
const runTo =
  (out: (dir: string) => string, setup?: (dir: string) => void, extra: string[] = []) =>
  () => {
    const dir = folder();
    setup?.(dir);
    const o = out(dir);
    return { args: [path.join(dir, 'spec.json'), '--out', o, '--quiet', ...extra], keep: [dir] };
  };
add(
  'output',
  '--out is a file',
  2,
  runTo((d) => path.join(d, 'dream.csv')),
);
add(
  'output',
  '--out parent missing',
  2,
  runTo((d) => path.join(d, 'no', 'such', 'out')),
);
add(
  'output',
  '--out parent is a file',
  2,
  runTo((d) => path.join(d, 'dream.csv', 'out')),
);
add(
  'output',
  '--out /dev/null',
  2,
  runTo(() => '/dev/null'),
);
add(
  'output',
  '--out under /proc',
  2,
  runTo(() => '/proc/self/effekt-out'),
);
add(
  'output',
  '--out under /sys',
  2,
  runTo(() => '/sys/effekt-out'),
);
add(
  'output',
  '--out /',
  2,
  runTo(() => '/'),
);
add(
  'output',
  '--out is a named pipe',
  2,
  runTo(
    (d) => path.join(d, 'pipe'),
    (d) => execFileSync('mkfifo', [path.join(d, 'pipe')]),
  ),
);
add(
  'output',
  '--out is a symbolic link',
  2,
  runTo(
    (d) => path.join(d, 'link'),
    (d) => {
      mkdirSync(path.join(d, 'real'));
      symlinkSync(path.join(d, 'real'), path.join(d, 'link'));
    },
  ),
);
add(
  'output',
  "--out is the case folder itself (holds the user's files)",
  2,
  runTo((d) => d),
);
add(
  'output',
  "--out a folder with the user's subfolders named like effekt's",
  2,
  runTo(
    (d) => path.join(d, 'mine'),
    (d) => {
      for (const sub of ['figures', 'series', 'effects', 'survival']) {
        mkdirSync(path.join(d, 'mine', sub), { recursive: true });
        writeFileSync(path.join(d, 'mine', sub, 'precious.txt'), sub);
      }
    },
  ),
);
add(
  'output',
  "--force into the user's folder keeps the user's files",
  0,
  runTo(
    (d) => path.join(d, 'mine'),
    (d) => {
      mkdirSync(path.join(d, 'mine', 'figures'), { recursive: true });
      writeFileSync(path.join(d, 'mine', 'figures', 'precious.svg'), 'mine');
      writeFileSync(path.join(d, 'mine', 'thesis.docx'), 'mine');
    },
    ['--force'],
  ),
);
add(
  'output',
  "a manifest naming paths outside is not effekt's",
  2,
  runTo(
    (d) => path.join(d, 'fake'),
    (d) => {
      mkdirSync(path.join(d, 'fake'));
      writeFileSync(
        path.join(d, 'fake', 'manifest.json'),
        JSON.stringify({ tool: { name: 'effekt' }, files: ['../dream.csv'] }),
      );
    },
  ),
);
add(
  'output',
  "a corrupt manifest is not effekt's",
  2,
  runTo(
    (d) => path.join(d, 'fake'),
    (d) => {
      mkdirSync(path.join(d, 'fake'));
      writeFileSync(path.join(d, 'fake', 'manifest.json'), '{ "tool": ');
    },
  ),
);
add(
  'output',
  'an empty folder is fine',
  0,
  runTo(
    (d) => path.join(d, 'empty'),
    (d) => mkdirSync(path.join(d, 'empty')),
  ),
);
add(
  'output',
  'a trailing slash is fine',
  0,
  runTo((d) => `${path.join(d, 'out')}/`),
);
add(
  'output',
  'a nested new folder whose parent exists',
  0,
  runTo((d) => path.join(d, 'out')),
);
/**
 * Runs twice into the same folder; the second run sees an effekt folder with the user's additions.
 */
const rerun = (
  name: string,
  expect: Expect,
  addUserFiles: (out: string) => void,
  extra: string[] = [],
) =>
  add('output', name, expect, () => {
    const dir = folder();
    const out = path.join(dir, 'out');
    return {
      args: [path.join(dir, 'spec.json'), '--out', out, '--quiet', ...extra],
      keep: [dir],
      before: async () => {
        const first = await cli([`run`, path.join(dir, 'spec.json'), '--out', out, '--quiet']);
        if (first.code !== 0) throw new Error(`first run failed: ${first.stderr}`);
        addUserFiles(out);
      },
    } as ReturnType<Case['run']>;
  });
rerun("rerun into an earlier report keeps the user's notes", 0, (o) =>
  writeFileSync(path.join(o, 'notes.txt'), 'mine'),
);
rerun('rerun keeps a user file inside figures/', 0, (o) =>
  writeFileSync(path.join(o, 'figures', 'my-edit.svg'), 'mine'),
);
rerun("rerun refuses when report.md was replaced by a folder of the user's", 2, (o) => {
  execFileSync('rm', ['-f', path.join(o, 'report.md')]);
  mkdirSync(path.join(o, 'report.md'));
  writeFileSync(path.join(o, 'report.md', 'inside.txt'), 'mine');
});
rerun('rerun refuses when a user file takes the place of figures/', 2, (o) => {
  execFileSync('rm', ['-rf', path.join(o, 'figures')]);
  writeFileSync(path.join(o, 'figures'), 'mine');
});
rerun("rerun after the manifest was deleted refuses (no longer recognisably effekt's)", 2, (o) =>
  execFileSync('rm', [path.join(o, 'manifest.json')]),
);
rerun(
  "rerun with --force after the manifest was deleted: effekt's names are " +
    'no longer known as its own, so nothing is replaced',
  2,
  (o) => {
    execFileSync('rm', [path.join(o, 'manifest.json')]);
    writeFileSync(path.join(o, 'notes.txt'), 'mine');
  },
  ['--force'],
);

// ---------------------------------------------------------------- interrupted writes
const FILES = [
  'results.json',
  'series/internship.csv',
  'effects/internship.csv',
  'report.md',
  'manifest.json',
  'survival/time-to-internship.csv',
];
/**
 * One earlier report, made once and copied into every case that needs one (a copy costs far less
 * than a run).
 */
let earlier: string | null = null;
async function earlierReport(): Promise<string> {
  if (earlier !== null) return earlier;
  const dir = folder();
  const out = path.join(dir, 'out');
  const r = await cli(['run', path.join(dir, 'spec.json'), '--out', out, '--quiet']);
  if (r.code !== 0) throw new Error(`the earlier report failed: ${r.stderr}`);
  earlier = out;
  return out;
}
for (const failing of FILES) {
  for (const [why, code] of [
    ['ENOSPC', 'no space'],
    ['EIO', 'input/output'],
    ['EROFS', 'read-only'],
  ] as const) {
    add('interrupt', `${why} while writing ${failing} after an earlier report`, 2, () => {
      const dir = folder();
      const out = path.join(dir, 'out');
      return {
        args: [path.join(dir, 'spec.json'), '--out', out, '--quiet'],
        keep: [dir],
        before: async () => {
          cpSync(await earlierReport(), out, { recursive: true });
          writeFileSync(path.join(out, 'notes.txt'), 'mine');
          testHooks.beforeWrite = (rel) => {
            if (rel === failing) throw Object.assign(new Error(`${why}: simulated`), { code: why });
          };
        },
        after: (o: Outcome) => {
          testHooks.beforeWrite = undefined;
          expect(o.stderr).toMatch(new RegExp(code));
          expect(readdirSync(dir).filter((f) => f.includes('effekt-new'))).toEqual([]);
        },
      } as ReturnType<Case['run']>;
    });
  }
}
add('interrupt', 'a disk error on a first run leaves no folder', 2, () => {
  const dir = folder();
  const out = path.join(dir, 'out');
  testHooks.beforeWrite = (rel) => {
    if (rel === 'report.md') throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
  };
  return {
    args: [path.join(dir, 'spec.json'), '--out', out, '--quiet'],
    keep: [dir],
    after: () => {
      testHooks.beforeWrite = undefined;
      expect(existsSync(out)).toBe(false);
    },
  };
});

// ---------------------------------------------------------------- disclosure
/**
 * A whole cell replaced by k persons (see test/disclosure), run with --min-cell N; every output
 * file is scanned.
 */
const CELL_OF: { cohort: 0 | 1; kom: string; treated: boolean; label: string }[] = [
  { cohort: 0, kom: '203', treated: false, label: 'Comparison, before' },
  { cohort: 1, kom: '204', treated: false, label: 'Comparison, during' },
  { cohort: 0, kom: '102', treated: true, label: 'Participants, before' },
  { cohort: 1, kom: '101', treated: true, label: 'Participants, during' },
];
const smallCell = (c: number, k: number, variant: number): Group[] => {
  const keep = baseGroups().filter(
    (g) =>
      !(
        g.cohort === CELL_OF[c].cohort &&
        ['101', '102', '103'].includes(g.kom) === CELL_OF[c].treated
      ),
  );
  return [
    ...keep,
    {
      kom: CELL_OF[c].kom,
      cohort: CELL_OF[c].cohort,
      count: k,
      seed: 300 + 17 * variant + k,
      age: variant ? 81 : 23,
      internship: variant ? 0.7 : 0.05,
    },
  ];
};
/** Every output file's text with the input's name and checksum and the timings masked. */
function published(out: string, stdout: string): Map<string, string> {
  const m = snapshot(out);
  m.set('<stdout>', stdout);
  // Word and Excel files are zips: compare their parts' text (the checksums in them are masked like
  // everywhere else).
  for (const f of [...m.keys()].filter((k) => /\.(docx|xlsx)$/.test(k))) {
    const parts = unzipSync(new Uint8Array(readFileSync(path.join(out, f))));
    m.set(
      f,
      Object.keys(parts)
        .sort()
        .map(
          (name) =>
            `${name}\n${/\.(xml|rels)$/.test(name) ? strFromU8(parts[name]) : Buffer.from(parts[name]).toString('base64')}`,
        )
        .join('\n'),
    );
  }
  for (const [k, v] of m) {
    let t = v
      .replace(/[0-9a-f]{64}/g, '<sha>')
      .replace(/`[0-9a-f]{16}/g, '`<sha>')
      .replace(/(?<![0-9a-f])[0-9a-f]{16}(?![0-9a-f])/g, '<sha16>');
    if (k === 'manifest.json')
      t = JSON.stringify({
        ...JSON.parse(t),
        timings_ms: null,
        input: { ...JSON.parse(t).input, bytes: null },
      });
    t = t.replace(/\(\d+ files, [\d.]+ s\)/, '').replace(/Report: .*/, '');
    m.set(k, t);
  }
  return m;
}
for (const N of [2, 3, 5]) {
  for (let c = 0; c < 4; c++) {
    const sizes = [...Array(N - 1)]
      .map((_, i) => i + 1)
      .filter((_k, i, all) => i === 0 || i === all.length - 1);
    for (const k of sizes) {
      add(
        'disclosure',
        `--min-cell ${N}: cell ${c} of ${k} person(s), every file and the terminal`,
        0,
        () => {
          const a = folder({}, smallCell(c, k, 0));
          const b = folder({}, smallCell(c, k === 1 ? N - 1 : 1, 1));
          return {
            args: [
              path.join(a, 'spec.json'),
              '--out',
              path.join(a, 'out'),
              '--min-cell',
              String(N),
            ],
            after: async (o: Outcome) => {
              const other = await cli([
                'run',
                path.join(b, 'spec.json'),
                '--out',
                path.join(b, 'out'),
                '--min-cell',
                String(N),
              ]);
              expect(other.code).toBe(0);
              const pa = published(path.join(a, 'out'), o.stdout);
              const pb = published(path.join(b, 'out'), other.stdout);
              expect([...pa.keys()].sort()).toEqual([...pb.keys()].sort());
              for (const [f, text] of pa) {
                const la = text.split('\n');
                const lb = (pb.get(f) ?? '').split('\n');
                const i = la.findIndex((l, j) => l !== lb[j]);
                if (i >= 0 || la.length !== lb.length) {
                  // Long lines (Office XML): show where they part.
                  const x =
                    i >= 0 ? [...(la[i] ?? '')].findIndex((ch, j) => ch !== (lb[i] ?? '')[j]) : 0;
                  throw new Error(
                    `${f} depends on the small cell's members, line ${i + 1}: ${(la[i] ?? '').slice(Math.max(0, x - 80), x + 80)} ` +
                      `| ${(lb[i] ?? '').slice(Math.max(0, x - 80), x + 80)}`,
                  );
                }
              }
              // And by value: the small cell's size never appears where its count is printed.
              const res = JSON.parse(pa.get('results.json')!);
              expect(res.data.cells[c].persons).toBeNull();
              // The persons table's row of that cell ("Participating municipalities, before cohort
              // 2016 | – |").
              const [group, cohort] = CELL_OF[c].label.split(', ');
              const row =
                `\\| ${group === 'Participants' ? 'Participating' : 'Comparison'} ` +
                `municipalities, ${cohort} cohort [^|]*\\| – \\|`;
              expect(readFileSync(path.join(a, 'out', 'report.md'), 'utf8')).toMatch(
                new RegExp(row),
              );
              expect(cellSizes(persons(smallCell(c, k, 0)))[c]).toBe(k);
            },
          } as ReturnType<Case['run']>;
        },
      );
    }
  }
}

// ---------------------------------------------------------------- running the table
describe('fuzz corpus', () => {
  beforeAll(() => {
    chmodSync(root, 0o755);
  });

  it(`has at least 150 cases in every class`, () => {
    const per = (cls: Case['cls']) => cases.filter((c) => c.cls === cls).length;
    expect(cases.length).toBeGreaterThanOrEqual(150);
    for (const cls of ['input', 'spec', 'output', 'disclosure', 'interrupt'] as const)
      expect(per(cls), cls).toBeGreaterThanOrEqual(10);
  });

  for (const cls of ['input', 'spec', 'output', 'interrupt', 'disclosure'] as const) {
    it(`${cls}: exit 0 or 2, one clear line, no lost file`, async () => {
      const failures: string[] = [];
      for (const c of cases.filter((x) => x.cls === cls)) {
        const plan = c.run() as ReturnType<Case['run']> & { before?: () => Promise<void> };
        await plan.before?.();
        const kept = (plan.keep ?? []).map((d) => ({ d, files: snapshot(d) }));
        let o: Outcome;
        try {
          o = await cli(['run', ...plan.args]);
        } catch (e) {
          failures.push(`${c.name}: ${(e as Error).message}`);
          continue;
        }
        const lines = o.stderr.split('\n').filter((l) => l !== '');
        if (o.code !== c.expect)
          failures.push(`${c.name}: exit ${o.code}, expected ${c.expect}: ${o.stderr.trim()}`);
        else if (
          o.code === 2 &&
          (lines.length !== 1 ||
            /internal error|\n\s+at /.test(o.stderr) ||
            !lines[0].startsWith('effekt: '))
        )
          failures.push(`${c.name}: stderr ${JSON.stringify(o.stderr)}`);
        else if (o.code === 0 && lines.length > 0)
          failures.push(`${c.name}: exit 0 with stderr ${JSON.stringify(o.stderr)}`);
        for (const { d, files } of kept) {
          const now = snapshot(d);
          for (const [f, bytes] of files) {
            // effekt's own earlier report files may be replaced; everything else must be exactly as
            // it was
            if (
              /(^|\/)out\/((results\.json|manifest\.json|report\.md)$|(series|effects|survival)\/[^/]+$|figures\/(?!my-edit)[^/]+$)/.test(
                f,
              )
            )
              continue;
            if (now.get(f) !== bytes) failures.push(`${c.name}: user file ${f} lost or changed`);
          }
        }
        try {
          await plan.after?.(o);
        } catch (e) {
          failures.push(`${c.name}: ${(e as Error).message.split('\n')[0]}`);
        }
      }
      expect(failures).toEqual([]);
      // A guard against a hang, far above the expected time on a loaded machine.
    }, 900_000);
  }
});

describe('real processes', () => {
  const bin = path.join(repoRoot, 'bin', 'effekt');
  const spawn = (args: string[], input?: string) =>
    spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      timeout: 300_000,
      input,
      env: { ...process.env, FORCE_COLOR: '0' },
    });

  it('exit codes 0 and 2 as a shell sees them, one line on stderr', () => {
    const dir = folder();
    const ok = spawn([
      'run',
      path.join(dir, 'spec.json'),
      '--out',
      path.join(dir, 'out'),
      '--quiet',
    ]);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toBe('');
    const bad = spawn(['run', path.join(dir, 'spec.json'), '--out', path.join(dir, 'dream.csv')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/dream\.csv: is a file, not a folder/);
  });

  it('an output problem is reported before the analysis (no progress, no partial folder)', () => {
    const dir = folder();
    const started = Date.now();
    const r = spawn(['run', path.join(dir, 'spec.json'), '--out', '/proc/self/x']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(120_000);
  });

  it('a spec named ".." cannot make the working folder the report folder', () => {
    const dir = folder();
    mkdirSync(path.join(dir, 'figures'));
    writeFileSync(path.join(dir, 'figures', 'keep.svg'), 'mine');
    writeFileSync(
      path.join(dir, 'spec.json'),
      spec((s) => (s.name = '..')),
    );
    const r = spawnSync(process.execPath, [bin, 'run', 'spec.json'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(r.status).toBe(2);
    expect(readFileSync(path.join(dir, 'figures', 'keep.svg'), 'utf8')).toBe('mine');
    expect(statSync(path.join(dir, 'figures')).isDirectory()).toBe(true);
  });
});
