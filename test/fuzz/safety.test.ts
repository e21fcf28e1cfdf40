// biome-ignore-all lint/suspicious/noExplicitAny: this test edits free-form JSON (specs and Parquet footers made wrong on purpose)
/**
 * The fuzz corpus, second part (the first is corpus.test.ts): every
 * command's writer, Parquet files that lie, spec numbers out of bounds and
 * survey and extract fields of extreme length. Every case must end with its
 * expected exit (0 or 2), on 2 with exactly one line on stderr and no
 * internal error, leave every file the user had byte for byte as it was, and
 * finish (no hang). Most cases fail fast before any analysis, so the corpus
 * runs the CLI in-process; only a handful run a whole evaluation.
 */

import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../src/read/limits.js';
import { baseGroups, extractCsv, persons, specJson, treatedIn } from '../disclosure/corpus.js';
import { cli, type Outcome } from '../helpers/inprocess.js';
import { lie, type Page } from '../helpers/parquetLies.js';
import { fixturesDir, referenceDir, repoRoot, tmpFolder } from '../helpers/tmp.js';

const root = tmpFolder('effekt-fuzz2-');
let seq = 0;

const PERSONS = persons(baseGroups());
const CSV = extractCsv(PERSONS);
const SPEC = JSON.parse(specJson('fuzz2', 0, treatedIn(PERSONS)));
/**
 * An event study the small extract supports: two yearly entry periods, the programme from the
 * second.
 */
const EVENT_STUDY = {
  entry: { from: '2017-W01', periods: 2, length: 52 },
  start: '2018-W01',
  horizon: [0, 3],
  outcomes: ['internship'],
  comparison: 'never-treated',
};

/**
 * The extract as Parquet, written with hyparquet-writer from the CSV text: every column text, empty
 * codes null.
 */
function parquetOf(csv: string, codec: 'UNCOMPRESSED' | 'GZIP' = 'UNCOMPRESSED'): Uint8Array {
  const [header, ...rows] = csv
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const columnData = header.map((name, c) => ({
    name,
    type: 'STRING' as const,
    data: rows.map((r) => (name.startsWith('y_') && r[c] === '' ? null : r[c])),
  }));
  return new Uint8Array(
    parquetWriteBuffer({
      columnData,
      codec,
      compressors: { GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)) },
      rowGroupSize: Math.ceil(rows.length / 2),
    }),
  );
}
const PARQUET = parquetOf(CSV);
const PARQUET_GZIP = parquetOf(CSV, 'GZIP');

/** A fresh case folder with the valid extract (CSV and Parquet) and a spec (changed by `edit`). */
function folder(
  edit: (s: any) => void = () => {},
  files: Record<string, string | Uint8Array> = {},
) {
  const dir = path.join(root, `case${seq++}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'dream.csv'), CSV);
  writeFileSync(path.join(dir, 'dream.parquet'), PARQUET);
  const s = structuredClone(SPEC);
  edit(s);
  writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(s));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Every file under a folder with its bytes (symbolic links as their targets). */
function snapshot(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) m.set(r, readFileSync(path.join(dir, r), 'latin1'));
      else if (e.isSymbolicLink()) m.set(r, `-> ${readFileSync(path.join(dir, r), 'latin1')}`);
    }
  };
  if (existsSync(dir)) walk('');
  return m;
}

type Cls = 'writer' | 'parquet' | 'spec' | 'fields';
interface Case {
  cls: Cls;
  name: string;
  expect: 0 | 2;
  /** Prepare; returns the arguments, the folders whose files must stay as they were, and checks. */
  run: () => {
    args: string[];
    keep?: string[];
    /**
     * Files effekt may write or replace in the kept folders (relative paths, regular expression).
     */
    ours?: RegExp;
    before?: () => Promise<void>;
    after?: (o: Outcome) => void;
  };
}
const cases: Case[] = [];
const add = (cls: Cls, name: string, expect: 0 | 2, run: Case['run']) =>
  cases.push({ cls, name, expect, run });

// ------------------------------------------------------------------ each command's writer
const runIn = (dir: string, out: string, ...extra: string[]) => [
  'run',
  path.join(dir, 'spec.json'),
  '--out',
  out,
  '--quiet',
  ...extra,
];
add('writer', 'run --out <the data folder>: refused (it holds the inputs)', 2, () => {
  const d = folder();
  return { args: runIn(d, d), keep: [d], after: (o) => expect(o.stderr).toMatch(/an input/) };
});
add(
  'writer',
  'run --out <data folder> --force: an input named like a report file is kept',
  2,
  () => {
    const d = folder((s) => (s.data.path = 'results.json'), { 'results.json': CSV });
    return {
      args: runIn(d, d, '--force'),
      keep: [d],
      after: (o) => expect(o.stderr).toMatch(/results\.json, an input of this run/),
    };
  },
);
for (const own of ['report.docx', 'tables.xlsx', 'report.html', 'report.md', 'manifest.json'])
  add('writer', `--force keeps the user's own ${own} (refused, before the analysis)`, 2, () => {
    const d = folder();
    const out = path.join(d, 'mine');
    mkdirSync(out);
    writeFileSync(path.join(out, own), 'the user wrote this');
    return { args: runIn(d, out, '--force'), keep: [d] };
  });
add('writer', "--force writes beside the user's files and keeps them", 0, () => {
  const d = folder();
  const out = path.join(d, 'mine');
  mkdirSync(path.join(out, 'figures'), { recursive: true });
  writeFileSync(path.join(out, 'thesis.docx'), 'mine');
  writeFileSync(path.join(out, 'figures', 'my.svg'), 'mine');
  return { args: runIn(d, out, '--force'), keep: [d], ours: /^mine\/(?!thesis|figures\/my)/ };
});
add('writer', 'a report file the user edited after the run is kept (rerun refused)', 2, () => {
  const d = folder();
  const out = path.join(d, 'out');
  return {
    args: runIn(d, out),
    before: async () => {
      expect((await cli(runIn(d, out))).code).toBe(0);
      writeFileSync(path.join(out, 'report.md'), 'my edits');
    },
    keep: [d],
    after: (o) => expect(o.stderr).toMatch(/would replace report\.md/),
  };
});
add('writer', 'report folders take their mode from the umask', 0, () => {
  const d = folder();
  const out = path.join(d, 'out');
  let old = 0;
  return {
    args: runIn(d, out),
    before: async () => {
      old = process.umask(0o027);
    },
    after: () => {
      process.umask(old);
      expect(statSync(out).mode & 0o777).toBe(0o750);
      expect(statSync(path.join(out, 'figures')).mode & 0o777).toBe(0o750);
    },
  };
});

// survey --municipality-file: the reference extract with the survey fixtures
const surveyDir = path.join(fixturesDir, 'variation-survey');
const refSpec = JSON.parse(readFileSync(path.join(referenceDir, 'spec.json'), 'utf8'));
function surveyCase(): string {
  const d = path.join(root, `case${seq++}`);
  mkdirSync(d);
  writeFileSync(
    path.join(d, 'spec.json'),
    JSON.stringify({
      ...refSpec,
      data: { ...refSpec.data, path: path.join(referenceDir, refSpec.data.path) },
      treated: ['155', '161', '169', '185', '190', '201', '210'],
      inference: { ...refSpec.inference, bootstrap: 0 },
      fidelity: { path: path.join(surveyDir, 'fidelity.csv'), agree: [4, 5] },
    }),
  );
  writeFileSync(path.join(d, 'kommuner.csv'), 'municipality,x\n155,1\n');
  return d;
}
const survey = (d: string, file: string) => [
  'survey',
  path.join(d, 'spec.json'),
  '--municipality-file',
  file,
];
add('writer', 'survey --municipality-file into a missing folder', 2, () => {
  const d = surveyCase();
  return { args: survey(d, path.join(d, 'nope', 'm.csv')), keep: [d] };
});
add('writer', 'survey --municipality-file onto a folder', 2, () => {
  const d = surveyCase();
  mkdirSync(path.join(d, 'sub'));
  return { args: survey(d, path.join(d, 'sub')), keep: [d] };
});
add('writer', "survey --municipality-file onto the user's kommuner.csv", 2, () => {
  const d = surveyCase();
  return { args: survey(d, path.join(d, 'kommuner.csv')), keep: [d] };
});
add('writer', 'survey --municipality-file onto the spec (an input)', 2, () => {
  const d = surveyCase();
  return { args: survey(d, path.join(d, 'spec.json')), keep: [d] };
});
add('writer', 'survey --municipality-file through a symbolic link', 2, () => {
  const d = surveyCase();
  symlinkSync(path.join(d, 'kommuner.csv'), path.join(d, 'link.csv'));
  return { args: survey(d, path.join(d, 'link.csv')), keep: [d] };
});
add(
  'writer',
  'survey --municipality-file: a new file, then a rerun replaces its own file',
  0,
  () => {
    const d = surveyCase();
    const f = path.join(d, 'm.csv');
    return {
      args: survey(d, f),
      before: async () => expect((await cli(survey(d, f))).code).toBe(0),
      after: () => expect(readFileSync(f, 'utf8')).toMatch(/^municipality,/),
    };
  },
);
add('writer', 'survey --municipality-file: a file the user edited since is kept', 2, () => {
  const d = surveyCase();
  const f = path.join(d, 'm.csv');
  return {
    args: survey(d, f),
    before: async () => {
      expect((await cli(survey(d, f))).code).toBe(0);
      writeFileSync(f, 'municipality,mine\n155,1\n');
    },
    keep: [d],
  };
});

// simulate --out
const simulate = (out: string) => [
  'simulate',
  '--persons',
  '200',
  '--seed',
  '3',
  '--out',
  out,
  '--quiet',
];
for (const mine of ['dream.csv', 'kommuner.csv', 'progression.csv', 'fidelity.csv', 'notes.txt'])
  add('writer', `simulate --out a folder with the user's ${mine}`, 2, () => {
    const d = path.join(root, `case${seq++}`);
    mkdirSync(d);
    writeFileSync(path.join(d, mine), 'the user wrote this');
    return { args: simulate(d), keep: [d] };
  });
add('writer', 'simulate --out a new folder, then again: its own folder is replaced', 0, () => {
  const d = path.join(root, `case${seq++}`, 'sim');
  mkdirSync(path.dirname(d));
  return {
    args: simulate(d),
    before: async () => {
      expect((await cli(simulate(d))).code).toBe(0);
      writeFileSync(path.join(d, 'notes.txt'), 'mine');
    },
    keep: [path.dirname(d)],
    ours: /^sim\/(?!notes)/,
    after: () => {
      expect(readFileSync(path.join(d, 'notes.txt'), 'utf8')).toBe('mine');
      expect(JSON.parse(readFileSync(path.join(d, 'manifest.json'), 'utf8')).files).toContain(
        'dream.csv',
      );
    },
  };
});
add('writer', 'simulate --out a file', 2, () => {
  const d = path.join(root, `case${seq++}`);
  mkdirSync(d);
  writeFileSync(path.join(d, 'f'), 'mine');
  return { args: simulate(path.join(d, 'f')), keep: [d] };
});

// verify --junit
function verifyCase(): string {
  const d = path.join(root, `case${seq++}`);
  mkdirSync(d);
  writeFileSync(path.join(d, 'results.json'), JSON.stringify({ outcomes: { a: { x: 1 } } }));
  writeFileSync(
    path.join(d, 'expect.json'),
    JSON.stringify({
      checks: [{ id: 'x', result: 'outcomes.a.x', expected: 1, tolerance: 0.1, source: 'test' }],
    }),
  );
  writeFileSync(path.join(d, 'mine.xml'), '<mine/>');
  return d;
}
const verify = (d: string, junit: string) => [
  'verify',
  path.join(d, 'results.json'),
  '--expect',
  path.join(d, 'expect.json'),
  '--junit',
  junit,
];
for (const [name, target] of [
  ['onto results.json (an input)', 'results.json'],
  ['onto the expectations (an input)', 'expect.json'],
  ["onto the user's XML file", 'mine.xml'],
  ['into a missing folder', 'nope/j.xml'],
  ['onto a folder', '.'],
] as const)
  add('writer', `verify --junit ${name}`, 2, () => {
    const d = verifyCase();
    return { args: verify(d, path.join(d, target)), keep: [d] };
  });
add('writer', 'verify --junit through a symbolic link', 2, () => {
  const d = verifyCase();
  symlinkSync(path.join(d, 'mine.xml'), path.join(d, 'j.xml'));
  return { args: verify(d, path.join(d, 'j.xml')), keep: [d] };
});
add('writer', 'verify --junit: a new file, then a rerun replaces its own', 0, () => {
  const d = verifyCase();
  return {
    args: verify(d, path.join(d, 'j.xml')),
    before: async () => expect((await cli(verify(d, path.join(d, 'j.xml')))).code).toBe(0),
  };
});

// ------------------------------------------------------------------ Parquet lies
const parquetRun = (bytes: Uint8Array, match?: RegExp) => () => {
  const d = folder((s) => (s.data.path = 'dream.parquet'), { 'dream.parquet': bytes });
  return {
    args: runIn(d, path.join(d, 'out')),
    keep: [d],
    ours: /^out\//,
    after: (o: Outcome) => {
      if (match) expect(o.stderr).toMatch(match);
    },
  };
};
const footer = (f: (m: any) => void) => lie(PARQUET, { footer: f });
const page = (column: string, f: (p: Page, i: number) => Page | undefined, file = PARQUET) =>
  lie(file, { page: (c, _g, p, i) => (c === column ? f(p, i) : undefined) });
const dataPage = (p: Page) => p.header.type !== 'DICTIONARY_PAGE';
add('parquet', 'the valid file (rewritten without a lie) is read', 0, parquetRun(lie(PARQUET, {})));
add(
  'parquet',
  'footer claims 2^40 rows',
  2,
  parquetRun(
    footer((m) => (m.num_rows = 2n ** 40n)),
    /rows/,
  ),
);
add(
  'parquet',
  'footer claims −1 rows',
  2,
  parquetRun(
    footer((m) => (m.num_rows = -1n)),
    /rows/,
  ),
);
add(
  'parquet',
  'footer and row group under-state the rows (1 of 2 groups halved)',
  2,
  parquetRun(
    footer((m) => {
      const g = m.row_groups[0];
      const half = g.num_rows / 2n;
      m.num_rows -= g.num_rows - half;
      g.num_rows = half;
      for (const c of g.columns) c.meta_data.num_values = half;
    }),
    /pages of its column/,
  ),
);
add(
  'parquet',
  'footer and row group over-state the rows by 3',
  2,
  parquetRun(
    footer((m) => {
      const g = m.row_groups[1];
      g.num_rows += 3n;
      m.num_rows += 3n;
      for (const c of g.columns) c.meta_data.num_values += 3n;
    }),
    /pages of its column/,
  ),
);
add(
  'parquet',
  'the row groups do not add up to the footer',
  2,
  parquetRun(
    footer((m) => (m.num_rows += 1n)),
    /row groups hold/,
  ),
);
add(
  'parquet',
  "the schema's root claims one child fewer",
  2,
  parquetRun(footer((m) => (m.schema[0].num_children -= 1))),
);
add(
  'parquet',
  'the schema names a column the row groups do not hold',
  2,
  parquetRun(footer((m) => (m.schema[2].name = 'y_9999x'))),
);
add(
  'parquet',
  'a column chunk runs past the end of the file',
  2,
  parquetRun(
    footer((m) => (m.row_groups[0].columns[0].meta_data.total_compressed_size = 10n ** 9n)),
  ),
);
add(
  'parquet',
  'a 60 kB file whose pages claim 2 GiB each (refused before allocating)',
  2,
  parquetRun(
    page('y_1702', (p) =>
      dataPage(p)
        ? { ...p, header: { ...p.header, uncompressed_page_size: 2 ** 31 - 1 } }
        : undefined,
    ),
    /claims 2147483647 bytes/,
  ),
);
/** A column whose dictionary page claims `entries` entries (its bytes unchanged). */
const dictionaryClaims = (column: string, entries: number) =>
  page(column, (p) =>
    p.header.type === 'DICTIONARY_PAGE'
      ? {
          ...p,
          header: {
            ...p.header,
            dictionary_page_header: { ...p.header.dictionary_page_header!, num_values: entries },
          },
        }
      : undefined,
  );
add('parquet', 'a dictionary claiming 10^9 entries', 2, parquetRun(dictionaryClaims('kom', 1e9)));
add(
  'parquet',
  'a dictionary index out of range (the dictionary cut to one entry)',
  2,
  parquetRun(dictionaryClaims('kom', 1), /dictionary/),
);
// The same lies in a week column, which effekt's own decoder (src/read/parquetFlat.ts) reads.
add(
  'parquet',
  'a week column whose dictionary is cut to one entry (our decoder)',
  2,
  parquetRun(dictionaryClaims('y_1702', 1), /dictionary/),
);
add(
  'parquet',
  "a week page whose definition levels claim more bytes than the page's",
  2,
  parquetRun(
    page('y_1702', (p) =>
      dataPage(p)
        ? {
            ...p,
            header: {
              ...p.header,
              data_page_header_v2: {
                ...p.header.data_page_header_v2!,
                definition_levels_byte_length: 10 ** 6,
              },
            },
          }
        : undefined,
    ),
    /cannot read this Parquet file/,
  ),
);
add(
  'parquet',
  'a week page cut short (its values end early; sizes say so)',
  2,
  parquetRun(
    page('y_1702', (p) => {
      if (!dataPage(p)) return undefined;
      const data = p.data.subarray(0, p.header.data_page_header_v2!.definition_levels_byte_length);
      return {
        header: {
          ...p.header,
          compressed_page_size: data.length,
          uncompressed_page_size: data.length,
        },
        data,
      };
    }),
    /cannot read this Parquet file/,
  ),
);
add(
  'parquet',
  'a gzip page bomb (inflates to 20 MB, claims its real size)',
  2,
  parquetRun(
    page(
      'y_1702',
      (p) => {
        if (!dataPage(p)) return undefined;
        const v2 = p.header.data_page_header_v2!;
        const levels = v2.definition_levels_byte_length + v2.repetition_levels_byte_length;
        const bomb = gzipSync(new Uint8Array(20e6));
        const data = new Uint8Array(levels + bomb.length);
        data.set(p.data.subarray(0, levels));
        data.set(bomb, levels);
        return { header: { ...p.header, compressed_page_size: data.length }, data };
      },
      PARQUET_GZIP,
    ),
  ),
);
add(
  'parquet',
  'a page header that claims more values than the row group',
  2,
  parquetRun(
    page('pnr', (p) =>
      dataPage(p)
        ? {
            ...p,
            header: {
              ...p.header,
              data_page_header_v2: {
                ...p.header.data_page_header_v2!,
                num_values: 10 ** 6,
                num_rows: 10 ** 6,
              },
            },
          }
        : undefined,
    ),
  ),
);
add('parquet', 'truncated in the middle of a page', 2, parquetRun(PARQUET.slice(0, 4000)));

// ------------------------------------------------------------------ spec bounds
const specCase =
  (edit: (s: any) => void, match?: RegExp, extra: string[] = []) =>
  () => {
    const d = folder(edit);
    return {
      args: runIn(d, path.join(d, 'out'), ...extra),
      keep: [d],
      ours: /^out\//,
      after: (o: Outcome) => {
        if (match) expect(o.stderr).toMatch(match);
      },
    };
  };
const es = (change: (e: any) => void) => (s: any) => {
  s.eventStudy = structuredClone(EVENT_STUDY);
  change(s.eventStudy);
};
add('spec', 'the event study as given runs', 0, specCase(es(() => {})));
add(
  'spec',
  'eventStudy.entry.periods 10^8',
  2,
  specCase(
    es((e) => (e.entry.periods = 1e8)),
    /periods/,
  ),
);
add(
  'spec',
  'eventStudy.entry.length 10^9',
  2,
  specCase(
    es((e) => (e.entry.length = 1e9)),
    /5218/,
  ),
);
add(
  'spec',
  'eventStudy periods × length beyond 100 years',
  2,
  specCase(
    es((e) => {
      e.entry.periods = 600;
      e.entry.length = 52;
    }),
    /100 years/,
  ),
);
add(
  'spec',
  'eventStudy.horizon [0, 10^7]',
  2,
  specCase(
    es((e) => (e.horizon = [0, 1e7])),
    /5218/,
  ),
);
add(
  'spec',
  'pooled.weeks [1, 10^9]',
  2,
  specCase((s) => (s.pooled.weeks = [1, 1e9]), /5218/),
);
add(
  'spec',
  'report.tableWeeks [10^9]',
  2,
  specCase((s) => (s.report = { tableWeeks: [1e9] })),
);
add(
  'spec',
  'inference.bootstrap 10^9',
  2,
  specCase((s) => (s.inference.bootstrap = 1e9)),
);
add(
  'spec',
  '--bootstrap 10^9',
  2,
  specCase(() => {}, /--bootstrap/, ['--bootstrap', '1000000000']),
);
add(
  'spec',
  'a "__proto__" municipality in the start map',
  2,
  specCase((s) => {
    es((e) => {
      // fromEntries makes "__proto__" an own key, as JSON.parse does.
      e.start = Object.fromEntries([
        ...s.treated.map((m: string) => [m, '2018-W01']),
        ['__proto__', '2018-W01'],
      ]);
    })(s);
  }, /__proto__/),
);
add('spec', 'a "__proto__" state', 2, () => {
  const d = folder();
  // JSON text, because an object literal's "__proto__" would set the prototype instead of a key.
  const text = readFileSync(path.join(d, 'spec.json'), 'utf8').replace(
    /^\{/,
    '{"states": {"__proto__": {"codes": ["771"]}},',
  );
  writeFileSync(path.join(d, 'spec.json'), text);
  return {
    args: runIn(d, path.join(d, 'out')),
    keep: [d],
    after: (o) => expect(o.stderr).toMatch(/__proto__/),
  };
});
add(
  'spec',
  '--strict: an event study that estimates nothing (horizon after the extract ends)',
  2,
  specCase(
    es((e) => (e.horizon = [40, 45])),
    /--strict: .*estimates nothing/,
    ['--strict'],
  ),
);

// ------------------------------------------------------------------ field lengths
const long = (n: number) => 'x'.repeat(n);
add('fields', `an extract field over ${MAX_LINE_BYTES / 2 ** 20} MiB`, 2, () => {
  const [header, first, ...rest] = CSV.trimEnd().split('\n');
  const row = first.split(',');
  row[0] = long(MAX_LINE_BYTES + 1024);
  const d = folder(() => {}, { 'dream.csv': [header, row.join(','), ...rest, ''].join('\n') });
  return {
    args: runIn(d, path.join(d, 'out')),
    keep: [d],
    after: (o) => expect(o.stderr).toMatch(/longer than/),
  };
});
add('fields', 'a header field over the line limit', 2, () => {
  const [header, ...rest] = CSV.trimEnd().split('\n');
  const d = folder(() => {}, {
    'dream.csv': [`${header},${long(MAX_LINE_BYTES + 1)}`, ...rest, ''].join('\n'),
  });
  return { args: runIn(d, path.join(d, 'out')), keep: [d] };
});
for (const [name, size, expect] of [
  ['a survey answer field of 16 MiB (read in linear time)', 16 * 2 ** 20, 2],
  [`a survey field over ${MAX_LINE_BYTES / 2 ** 20} MiB`, MAX_LINE_BYTES + 1024, 2],
] as const)
  add('fields', name, expect, () => {
    const d = surveyCase();
    const text = readFileSync(path.join(surveyDir, 'fidelity.csv'), 'utf8').trimEnd().split('\n');
    const cells = text[1].split(',');
    cells[cells.length - 1] = long(size);
    writeFileSync(
      path.join(d, 'fidelity.csv'),
      [text[0], cells.join(','), ...text.slice(2), ''].join('\n'),
    );
    const spec = JSON.parse(readFileSync(path.join(d, 'spec.json'), 'utf8'));
    spec.fidelity.path = path.join(d, 'fidelity.csv');
    writeFileSync(path.join(d, 'spec.json'), JSON.stringify(spec));
    return { args: ['survey', path.join(d, 'spec.json')], keep: [d] };
  });

// ------------------------------------------------------------------ running the table
describe('fuzz corpus, part 2', () => {
  it('has cases in every class', () => {
    for (const cls of ['writer', 'parquet', 'spec', 'fields'] as const)
      expect(cases.filter((c) => c.cls === cls).length, cls).toBeGreaterThanOrEqual(4);
  });

  for (const cls of ['writer', 'parquet', 'spec', 'fields'] as const) {
    // The limit is a guard against a hang, far above the expected time on a loaded machine.
    it(`${cls}: exit 0 or 2, one clear line, no user file lost`, async () => {
      const failures: string[] = [];
      for (const c of cases.filter((x) => x.cls === cls)) {
        let plan: ReturnType<Case['run']>;
        try {
          plan = c.run();
          await plan.before?.();
        } catch (e) {
          failures.push(`${c.name}: setting up: ${(e as Error).message.split('\n')[0]}`);
          continue;
        }
        const kept = (plan.keep ?? []).map((d) => ({ d, files: snapshot(d) }));
        let o: Outcome;
        try {
          o = await cli(plan.args);
        } catch (e) {
          failures.push(`${c.name}: ${(e as Error).message}`);
          continue;
        }
        const lines = o.stderr.split('\n').filter((l) => l !== '');
        if (o.code !== c.expect)
          failures.push(
            `${c.name}: exit ${o.code}, expected ${c.expect}: ${o.stderr.trim().slice(0, 300)}`,
          );
        else if (
          o.code === 2 &&
          (lines.length !== 1 ||
            /internal error|\n\s+at /.test(o.stderr) ||
            !lines[0].startsWith('effekt: ') ||
            // one readable line: a 16 MiB field is quoted by its start and length, not whole
            lines[0].length > 2000)
        )
          failures.push(`${c.name}: stderr ${JSON.stringify(o.stderr.slice(0, 300))}`);
        for (const { d, files } of kept) {
          const now = snapshot(d);
          for (const [f, bytes] of files)
            if (!plan.ours?.test(f) && now.get(f) !== bytes)
              failures.push(`${c.name}: user file ${f} lost or changed`);
        }
        try {
          plan.after?.(o);
        } catch (e) {
          failures.push(`${c.name}: ${(e as Error).message.split('\n')[0]}`);
        }
      }
      expect(failures).toEqual([]);
    }, 900_000);
  }
});

describe('a real process', () => {
  it('a Parquet file whose pages claim 2 GiB: exit 2 as a shell sees it', () => {
    const d = folder((s) => (s.data.path = 'dream.parquet'), {
      'dream.parquet': lie(PARQUET, {
        page: (c, _g, p) =>
          c === 'y_1702' && p.header.type !== 'DICTIONARY_PAGE'
            ? { ...p, header: { ...p.header, uncompressed_page_size: 2 ** 31 - 1 } }
            : undefined,
      }),
    });
    let status = 0;
    let stderr = '';
    try {
      execFileSync(
        process.execPath,
        [path.join(repoRoot, 'bin', 'effekt'), ...runIn(d, path.join(d, 'out'))],
        {
          encoding: 'utf8',
          stdio: 'pipe',
          timeout: 300_000,
        },
      );
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = (e as { stderr: string }).stderr;
    }
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  }, 400_000);
});
