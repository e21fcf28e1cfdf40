/**
 * The safe report folder: refusals before the analysis, a temporary folder
 * renamed into place, user files kept, and a failing disk leaving the old
 * folder as it was.
 */

import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  abandonOutput,
  commitOutput,
  FolderWriter,
  isPlainRelative,
  OutputError,
  prepareOutput,
} from '../../src/report/folder.js';
import { tmpFolder } from '../helpers/tmp.js';

const root = tmpFolder('effekt-folder-');
let n = 0;
const fresh = () => path.join(root, `case${n++}`);

/** Write a report as effekt would: files, then a manifest listing them. */
function writeReport(
  target: string,
  files: Record<string, string>,
  opts: { force?: boolean; fail?: string } = {},
) {
  const plan = prepareOutput(target, { force: opts.force });
  const w = new FolderWriter(plan, (rel) => {
    if (rel === opts.fail)
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  });
  try {
    for (const [rel, text] of Object.entries(files)) w.put(rel, text);
    w.put(
      'manifest.json',
      JSON.stringify({
        tool: { name: 'effekt' },
        files: Object.keys(files).concat('manifest.json').sort(),
      }),
    );
  } catch (e) {
    abandonOutput(plan);
    throw e;
  }
  commitOutput(plan, w);
}

const tree = (dir: string): string[] => {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out.sort();
};

const message = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OutputError);
    return (e as OutputError).describe();
  }
  throw new Error('expected an OutputError');
};

describe('prepareOutput refuses early', () => {
  it('a file, a missing parent, a parent that is a file, a system folder, /dev/null', () => {
    const f = path.join(root, 'a-file');
    writeFileSync(f, 'x');
    expect(message(() => prepareOutput(f))).toMatch(/a-file: is a file, not a folder/);
    expect(message(() => prepareOutput(path.join(root, 'no', 'such', 'out')))).toMatch(
      /parent folder .* does not exist/,
    );
    expect(message(() => prepareOutput(path.join(f, 'out')))).toMatch(/is a file, not a folder/);
    expect(
      message(() => prepareOutput(path.join(f, 'deeper', 'out'), { createParents: true })),
    ).toMatch(/is a file, not a folder/);
    expect(message(() => prepareOutput('/proc/self/out'))).toMatch(/system folder/);
    expect(message(() => prepareOutput('/dev/null'))).toMatch(/system folder/);
    expect(message(() => prepareOutput('/'))).toMatch(/root folder/);
  });

  it('a folder effekt did not write, unless --force; an empty folder is fine', () => {
    const t = fresh();
    mkdirSync(t);
    writeFileSync(path.join(t, 'thesis.docx'), 'mine');
    expect(message(() => prepareOutput(t))).toMatch(/not an effekt report folder/);
    const empty = fresh();
    mkdirSync(empty);
    const plan = prepareOutput(empty);
    expect(plan.existing).toBe('empty');
    abandonOutput(plan);
    expect(readdirSync(root).filter((x) => x.includes('effekt-new'))).toEqual([]);
  });

  it("a manifest naming paths outside the folder does not make it effekt's", () => {
    const t = fresh();
    mkdirSync(t);
    writeFileSync(
      path.join(t, 'manifest.json'),
      JSON.stringify({ tool: { name: 'effekt' }, files: ['../outside.txt'] }),
    );
    expect(message(() => prepareOutput(t))).toMatch(/not an effekt report folder/);
  });
});

describe('writing and replacing', () => {
  it('a new folder holds exactly the files written, and no temporary folder stays behind', () => {
    const t = fresh();
    writeReport(t, { 'results.json': '{}', 'figures/a.svg': '<svg/>' });
    expect(tree(t)).toEqual(['figures/a.svg', 'manifest.json', 'results.json']);
    expect(readdirSync(root).filter((x) => x.includes('effekt-new'))).toEqual([]);
  });

  it("a rerun replaces effekt's files, drops its stale ones, and keeps the user's", () => {
    const t = fresh();
    writeReport(t, { 'results.json': 'old', 'series/gone.csv': 'stale', 'figures/a.svg': 'old' });
    writeFileSync(path.join(t, 'notes.txt'), 'my notes');
    mkdirSync(path.join(t, 'figures', 'mine'));
    writeFileSync(path.join(t, 'figures', 'mine', 'edit.svg'), 'my figure');
    symlinkSync('notes.txt', path.join(t, 'link-to-notes'));
    writeReport(t, { 'results.json': 'new', 'figures/a.svg': 'new' });
    expect(tree(t)).toEqual([
      'figures/a.svg',
      'figures/mine/edit.svg',
      'link-to-notes',
      'manifest.json',
      'notes.txt',
      'results.json',
    ]);
    expect(readFileSync(path.join(t, 'results.json'), 'utf8')).toBe('new');
    expect(readFileSync(path.join(t, 'notes.txt'), 'utf8')).toBe('my notes');
    expect(readFileSync(path.join(t, 'figures', 'mine', 'edit.svg'), 'utf8')).toBe('my figure');
  });

  it('a user file where the new report writes one is refused without --force', () => {
    const t = fresh();
    writeReport(t, { 'results.json': 'old' });
    writeFileSync(path.join(t, 'report.md'), 'my own report');
    expect(message(() => writeReport(t, { 'results.json': 'new', 'report.md': 'effekt' }))).toMatch(
      /would replace report.md/,
    );
    expect(readFileSync(path.join(t, 'report.md'), 'utf8')).toBe('my own report');
    expect(readFileSync(path.join(t, 'results.json'), 'utf8')).toBe('old');
  });

  it("--force into a foreign folder writes beside the user's files and never replaces one", () => {
    const t = fresh();
    mkdirSync(path.join(t, 'series'), { recursive: true });
    writeFileSync(path.join(t, 'series', 'mine.csv'), 'keep');
    writeFileSync(path.join(t, 'results.json'), 'theirs');
    // The user's results.json would be replaced: refused even with --force.
    expect(
      message(() =>
        writeReport(t, { 'results.json': 'effekt', 'series/x.csv': 'effekt' }, { force: true }),
      ),
    ).toMatch(/would replace results.json, which effekt did not write/);
    expect(readFileSync(path.join(t, 'results.json'), 'utf8')).toBe('theirs');
    rmSync(path.join(t, 'results.json'));
    writeFileSync(path.join(t, 'thesis.docx'), 'my own Word file');
    writeReport(t, { 'results.json': 'effekt', 'series/x.csv': 'effekt' }, { force: true });
    expect(tree(t)).toEqual([
      'manifest.json',
      'results.json',
      'series/mine.csv',
      'series/x.csv',
      'thesis.docx',
    ]);
    expect(readFileSync(path.join(t, 'series', 'mine.csv'), 'utf8')).toBe('keep');
    expect(readFileSync(path.join(t, 'thesis.docx'), 'utf8')).toBe('my own Word file');
  });

  it(
    'a file of an earlier report that the user changed since is kept (its ' + 'checksum differs)',
    () => {
      const t = fresh();
      const plan = prepareOutput(t);
      const w = new FolderWriter(plan);
      w.put('report.md', 'effekt wrote this');
      w.put(
        'manifest.json',
        JSON.stringify({
          tool: { name: 'effekt' },
          files: ['manifest.json', 'report.md'],
          sha256: w.sums,
        }),
      );
      commitOutput(plan, w);
      writeFileSync(path.join(t, 'report.md'), 'the user edited it');
      expect(message(() => writeReport(t, { 'report.md': 'new' }))).toMatch(
        /would replace report.md/,
      );
      expect(readFileSync(path.join(t, 'report.md'), 'utf8')).toBe('the user edited it');
    },
  );

  it('new folders take their mode from the umask, not 0700', () => {
    const t = fresh();
    const old = process.umask(0o022);
    try {
      writeReport(t, { 'results.json': 'x', 'figures/a.svg': 'x' });
    } finally {
      process.umask(old);
    }
    expect(statSync(t).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(t, 'figures')).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(t, 'results.json')).mode & 0o777).toBe(0o644);
  });

  it('a folder holding an input of the run is refused, and with --force the input is kept', () => {
    const t = fresh();
    mkdirSync(path.join(t, 'survey'), { recursive: true });
    const input = path.join(t, 'survey', 'progression.csv');
    writeFileSync(input, 'answers');
    expect(message(() => prepareOutput(t, { inputs: [input] }))).toMatch(
      /holds survey\/progression.csv, an input of this run/,
    );
    const plan = prepareOutput(t, { inputs: [input], force: true });
    const w = new FolderWriter(plan);
    w.put('survey/progression.csv', 'result table');
    expect(() => commitOutput(plan, w)).toThrow(/an input of this run/);
    abandonOutput(plan);
    expect(readFileSync(input, 'utf8')).toBe('answers');
  });

  it('a disk error mid-way leaves the old folder exactly as it was', () => {
    const t = fresh();
    writeReport(t, { 'results.json': 'old', 'report.md': 'old report', 'figures/a.svg': 'old' });
    const before = tree(t).map((f) => [f, readFileSync(path.join(t, f), 'utf8')]);
    expect(
      message(() =>
        writeReport(
          t,
          { 'results.json': 'new', 'report.md': 'new', 'figures/a.svg': 'new' },
          { fail: 'report.md' },
        ),
      ),
    ).toMatch(/could not write report.md: no space left on the device/);
    expect(tree(t).map((f) => [f, readFileSync(path.join(t, f), 'utf8')])).toEqual(before);
    expect(readdirSync(root).filter((x) => x.includes('effekt-new'))).toEqual([]);
    // and a failure on a first run leaves nothing
    const t2 = fresh();
    expect(() => writeReport(t2, { 'results.json': 'new' }, { fail: 'results.json' })).toThrow(
      OutputError,
    );
    expect(existsSync(t2)).toBe(false);
  });
});

describe('isPlainRelative', () => {
  it('accepts folder/file names and refuses escapes', () => {
    expect(['a.csv', 'figures/a.svg'].map(isPlainRelative)).toEqual([true, true]);
    expect(
      ['', '..', '../a', 'a/../b', '/etc/passwd', 'a//b', './a', 'a\\b'].map(isPlainRelative),
    ).toEqual(Array(8).fill(false));
  });
});
