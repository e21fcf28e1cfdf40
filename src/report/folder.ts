/**
 * The report folder, written safely.
 *
 * 1. `prepareOutput` (before the analysis): every problem that can be
 *    known early — the target is a file or a device, its parent is missing
 *    or a file, the place is not writable, a system folder, an existing
 *    folder that effekt did not write — is an OutputError (exit 2, one
 *    line, the path and the reason). It creates a fresh temporary folder
 *    beside the target, which is also the real test that the place is
 *    writable.
 * 2. `FolderWriter.put` writes the new files into that temporary folder
 *    only (never over an existing file), each synced to disk (the report's
 *    writer syncs them all together at the end: `deferSync`).
 * 3. `commitOutput` (after every file is written): files in the old folder
 *    that effekt did not write (anything not listed in its manifest) are
 *    carried into the new folder as hard links (copies where a link is not
 *    possible), then the old folder is renamed aside, the new one into
 *    place, and the old one removed. An interruption or a disk error before
 *    the renames leaves the old folder untouched (the temporary folder is
 *    removed when the error is caught); between the two renames both stay
 *    on disk under their temporary names.
 *
 * An existing folder is recognised as effekt's own by its manifest.json
 * (`tool.name` "effekt", a `files` list of plain relative paths and, since
 * 0.x, the `sha256` of each file it wrote: a file changed since is no
 * longer effekt's). Any other non-empty folder is refused unless `force`.
 * A file that is not effekt's is never replaced, with or without `force`:
 * when the new report needs its name the run stops (exit 2) and names it.
 * The inputs of the run are never effekt's: a folder holding one is refused
 * unless `force` (the inputs are then kept like any user file).
 *
 * New folders get the mode the umask gives (as mkdir does); a replaced
 * folder keeps its mode. Single files (`survey --municipality-file`,
 * `verify --junit`) go through `prepareFile`/`commitFile`: the same
 * promises for one file.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';

/** A problem with the output place: exit 2 with the path and the reason. */
export class OutputError extends InputError {
  constructor(message: string, file: string) {
    super(message, { file });
    this.name = 'OutputError';
  }
}

export interface OutputPlan {
  /** Absolute path of the report folder. */
  target: string;
  /** The temporary folder beside it that receives the new files. */
  temp: string;
  /** What is at the target now. */
  existing: 'none' | 'empty' | 'effekt' | 'foreign';
  /** Relative paths of files in the existing folder that effekt wrote (from its manifest). */
  ownFiles: Set<string>;
  /** Relative paths of the run's inputs inside the existing folder (kept, never replaced). */
  inputs: Set<string>;
  force: boolean;
  /** Mode of the existing folder, given to the new one; null for a new folder (umask). */
  mode: number | null;
}

export interface PrepareOptions {
  /** Replace effekt's files inside a folder effekt did not write, keeping the rest. */
  force?: boolean;
  /**
   * Create missing parent folders (the default `reports/<name>`); an explicit --out must have its
   * parent.
   */
  createParents?: boolean;
  /**
   * Files the command reads: never replaced, and a folder holding one is refused unless `force`.
   */
  inputs?: readonly string[];
}

/** The report's fixed names, checked before the analysis so that a clash stops the run early. */
const FIXED = [
  'results.json',
  'manifest.json',
  'report.md',
  'report.html',
  'report.docx',
  'tables.xlsx',
];

const SYSTEM = ['/proc', '/sys', '/dev'];

function statOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new OutputError(`cannot look at this path: ${reason(e)}`, p);
  }
}

/** A system error in plain words. */
export function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ENOENT':
      return 'no such file or folder';
    case 'EISDIR':
      return 'is a folder';
    case 'EEXIST':
      return 'already exists';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EIO':
      return 'input/output error';
    default:
      return err?.message
        ? err.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')
        : String(e);
  }
}

/**
 * The files an earlier effekt run wrote into `dir`, or null when `dir` holds no effekt manifest.
 */
export function effektFiles(dir: string): Set<string> | null {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  } catch {
    return null;
  }
  const m = manifest as { tool?: { name?: unknown }; files?: unknown };
  if (!m || typeof m !== 'object' || m.tool?.name !== 'effekt' || !Array.isArray(m.files))
    return null;
  if (!m.files.every((f) => typeof f === 'string' && isPlainRelative(f))) return null;
  // A file changed since effekt wrote it (its checksum differs) is the user's now.
  const sums = (manifest as { sha256?: unknown }).sha256;
  const files = (m.files as string[]).filter((f) => {
    const want =
      sums && typeof sums === 'object' ? (sums as Record<string, unknown>)[f] : undefined;
    if (typeof want !== 'string') return true;
    try {
      return sha256(readFileSync(path.join(dir, f))) === want;
    } catch {
      return true;
    }
  });
  return new Set([...files, 'manifest.json']);
}

export function sha256(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Real paths (symbolic links resolved) of the files that exist. */
function realInputs(inputs: readonly string[]): string[] {
  return inputs.flatMap((f) => {
    try {
      return [realpathSync(f)];
    } catch {
      return [];
    }
  });
}

/**
 * A folder created with the mode mkdir gives (0777 less the umask), under a name nobody else uses.
 */
function freshFolder(parent: string, base: string): string {
  for (;;) {
    const p = path.join(parent, `.${base}.effekt-new-${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(p, { mode: 0o777 });
      return p;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** A relative path that stays inside its folder: no absolute path, no `..`, no empty part. */
export function isPlainRelative(rel: string): boolean {
  if (rel === '' || path.isAbsolute(rel) || rel.includes('\\') || rel.includes('\0')) return false;
  return rel.split('/').every((p) => p !== '' && p !== '.' && p !== '..');
}

/** Check the output place and create the temporary folder beside it. Call before the analysis. */
export function prepareOutput(target: string, opts: PrepareOptions = {}): OutputPlan {
  const abs = path.resolve(target);
  if (SYSTEM.some((s) => abs === s || abs.startsWith(`${s}/`)))
    throw new OutputError(
      'cannot write a report folder under a system folder (/proc, /sys, /dev)',
      target,
    );
  if (abs === path.parse(abs).root)
    throw new OutputError('cannot use the root folder as the report folder', target);
  const st = statOrNull(abs);
  let existing: OutputPlan['existing'] = 'none';
  let ownFiles = new Set<string>();
  const inputs = new Set<string>();
  if (st) {
    if (st.isSymbolicLink())
      throw new OutputError('is a symbolic link; give the folder it points to', target);
    if (!st.isDirectory())
      throw new OutputError(
        `is ${st.isFile() ? 'a file' : 'a device or special file'}, not a folder`,
        target,
      );
    let entries: string[];
    try {
      entries = readdirSync(abs);
    } catch (e) {
      throw new OutputError(`cannot read the existing folder: ${reason(e)}`, target);
    }
    const own = effektFiles(abs);
    const real = realpathSync(abs);
    for (const f of realInputs(opts.inputs ?? []))
      if (f.startsWith(`${real}/`)) inputs.add(path.relative(real, f).split(path.sep).join('/'));
    if (inputs.size > 0 && !opts.force)
      throw new OutputError(
        `holds ${[...inputs][0]}, an input of this run; choose another ` +
          `--out, or add --force to write beside the inputs (they are kept, ` +
          `never replaced)`,
        target,
      );
    if (own) for (const f of inputs) own.delete(f);
    if (entries.length === 0) existing = 'empty';
    else if (own) {
      existing = 'effekt';
      ownFiles = own;
    } else {
      existing = 'foreign';
      if (!opts.force)
        throw new OutputError(
          'exists and is not an effekt report folder (no effekt manifest.json); ' +
            'choose another --out, or add --force to write into it (every file that ' +
            "is not effekt's is kept)",
          target,
        );
    }
  }
  const parent = path.dirname(abs);
  const pst = statOrNull(parent);
  if (!pst) {
    if (!opts.createParents)
      throw new OutputError(`the parent folder ${parent} does not exist`, target);
    // Find the first existing ancestor: it must be a folder.
    let up = parent;
    while (statOrNull(up) === null) up = path.dirname(up);
    if (!statSync(up).isDirectory()) throw new OutputError(`${up} is a file, not a folder`, target);
    try {
      mkdirSync(parent, { recursive: true });
    } catch (e) {
      throw new OutputError(`cannot create the parent folder ${parent}: ${reason(e)}`, target);
    }
  } else if (!statSync(parent).isDirectory()) {
    throw new OutputError(`the parent ${parent} is a file, not a folder`, target);
  }
  // A user's file under one of the report's fixed names stops the run now, not after the analysis.
  if (existing === 'foreign' || existing === 'effekt') {
    const clash = FIXED.find((f) => statOrNull(path.join(abs, f)) !== null && !ownFiles.has(f));
    if (clash) throw new OutputError(clashMessage(clash, inputs), target);
  }
  let temp: string;
  try {
    temp = freshFolder(parent, path.basename(abs));
    if (st) chmodSync(temp, st.mode & 0o7777);
  } catch (e) {
    throw new OutputError(`cannot write here: ${reason(e)}`, target);
  }
  if (existing === 'foreign' || existing === 'effekt') {
    // Everything the tool did not write must be carried over: refuse now what cannot be.
    const special = userFiles(abs, ownFiles).find((f) => f.kind === 'other');
    if (special) {
      rmSync(temp, { recursive: true, force: true });
      throw new OutputError(
        `holds ${special.rel}, a special file effekt cannot keep; move it or choose another --out`,
        target,
      );
    }
  }
  return {
    target: abs,
    temp,
    existing,
    ownFiles,
    inputs,
    force: opts.force ?? false,
    mode: st ? st.mode & 0o7777 : null,
  };
}

/** Why a file cannot be replaced: it is not effekt's (or it is an input). */
function clashMessage(rel: string, inputs: ReadonlySet<string>): string {
  return `would replace ${rel}, ${
    inputs.has(rel)
      ? 'an input of this run'
      : 'which effekt did not write (or which was changed since)'
  }; move it or choose another --out (--force never replaces such a file)`;
}

interface UserEntry {
  rel: string;
  kind: 'file' | 'link' | 'dir' | 'other';
}

/**
 * Every entry under `dir` that is not one of effekt's files (folders only when they hold such
 * entries or are empty).
 */
function userFiles(dir: string, own: Set<string>): UserEntry[] {
  const out: UserEntry[] = [];
  const walk = (rel: string): boolean => {
    let kept = false;
    const here = path.join(dir, rel);
    const names = readdirSync(here).sort();
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path.join(dir, r));
      if (st.isDirectory()) {
        const before = out.length;
        const inner = walk(r);
        if (!inner && readdirSync(path.join(dir, r)).length === 0)
          out.splice(before, 0, { rel: r, kind: 'dir' });
        kept = kept || inner || readdirSync(path.join(dir, r)).length === 0;
      } else if (!own.has(r)) {
        out.push({ rel: r, kind: st.isFile() ? 'file' : st.isSymbolicLink() ? 'link' : 'other' });
        kept = true;
      }
    }
    return kept;
  };
  walk('');
  return out;
}

/** Test hook: called before each file is written (throw to simulate a failing disk). */
export type BeforeWrite = (rel: string) => void;

/** Where tests inject a failing disk into a whole run (unset in normal use). */
export const testHooks: { beforeWrite?: BeforeWrite } = {};

/** Writes the new report's files into the plan's temporary folder. */
export class FolderWriter {
  readonly written: string[] = [];
  /** SHA-256 of each file written through `put`, for the manifest. */
  readonly sums: Record<string, string> = {};
  /** Files `put` wrote and `sync` has yet to flush (with `deferSync`). */
  private readonly unsynced: string[] = [];
  /**
   * `deferSync`: `put` leaves the fsync to `sync`, which flushes every file
   * together (one fsync per file, concurrently, so the disk commits them in a few
   * batches: ~0.1 s for a report's ~90 files where one after another took 0.4–1.1 s
   * on a busy machine). The caller must `await sync()` before `commitOutput`.
   */
  constructor(
    private readonly plan: OutputPlan,
    private readonly beforeWrite?: BeforeWrite,
    private readonly deferSync = false,
  ) {}

  put(rel: string, content: string | Uint8Array): void {
    if (!isPlainRelative(rel))
      throw new OutputError(
        `refusing to write "${rel}": not a plain file name inside the report folder`,
        this.plan.target,
      );
    const p = path.join(this.plan.temp, rel);
    try {
      (this.beforeWrite ?? testHooks.beforeWrite)?.(rel);
      mkdirSync(path.dirname(p), { recursive: true });
      const fd = openSync(p, 'wx');
      try {
        const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
        let off = 0;
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
        if (this.deferSync) this.unsynced.push(rel);
        else fsyncSync(fd);
        this.sums[rel] = sha256(bytes);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      throw new OutputError(
        `could not write ${rel}: ${reason(e)}; the report folder was left as it was`,
        this.plan.target,
      );
    }
    this.written.push(rel);
  }

  /**
   * With `deferSync`: every file `put` wrote, on disk (fsync) together, before
   * `commitOutput` renames the folder into place.
   */
  async sync(): Promise<void> {
    const files = this.unsynced.splice(0);
    await Promise.all(
      files.map(async (rel) => {
        try {
          const h = await open(path.join(this.plan.temp, rel), 'r+');
          try {
            await h.sync();
          } finally {
            await h.close();
          }
        } catch (e) {
          throw new OutputError(
            `could not write ${rel}: ${reason(e)}; the report folder was left as it was`,
            this.plan.target,
          );
        }
      }),
    );
  }

  /** The path a file that is written by streaming (a large extract) goes to, counted as written. */
  claim(rel: string): string {
    if (!isPlainRelative(rel))
      throw new OutputError(`refusing to write "${rel}"`, this.plan.target);
    const p = path.join(this.plan.temp, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    this.written.push(rel);
    return p;
  }
}

/**
 * Files the new report would write over although effekt did not write them
 * (refused without force): a user's file of the same name, or a user's file
 * standing where the new report needs a folder.
 */
export function collisions(plan: OutputPlan, files: readonly string[]): string[] {
  if (plan.existing !== 'effekt' && plan.existing !== 'foreign') return [];
  const out: string[] = [];
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const rel = parts.slice(0, i).join('/');
      const st = statOrNull(path.join(plan.target, rel));
      if (!st) break;
      const isLast = i === parts.length;
      if (isLast ? !plan.ownFiles.has(rel) : !st.isDirectory()) {
        out.push(rel);
        break;
      }
    }
  }
  return [...new Set(out)];
}

/** Move the finished folder into place, keeping every file effekt did not write. */
export function commitOutput(plan: OutputPlan, writer: FolderWriter): void {
  const fresh = new Set(writer.written);
  try {
    if (plan.existing === 'effekt' || plan.existing === 'foreign') {
      // A file that is not effekt's is never replaced, --force or not.
      const clash = collisions(plan, writer.written);
      if (clash.length > 0) throw new OutputError(clashMessage(clash[0], plan.inputs), plan.target);
      for (const e of userFiles(plan.target, plan.ownFiles)) {
        if (fresh.has(e.rel)) continue;
        const from = path.join(plan.target, e.rel);
        const to = path.join(plan.temp, e.rel);
        if (e.kind === 'dir') {
          mkdirSync(to, { recursive: true });
          continue;
        }
        mkdirSync(path.dirname(to), { recursive: true });
        if (e.kind === 'link') symlinkSync(readlinkSync(from), to);
        else {
          try {
            linkSync(from, to);
          } catch {
            copyFileSync(from, to);
          }
        }
      }
    }
  } catch (e) {
    abandonOutput(plan);
    if (e instanceof OutputError) throw e;
    throw new OutputError(
      `could not keep the existing files: ${reason(e)}; the report folder was left as it was`,
      plan.target,
    );
  }
  const aside = plan.existing === 'none' ? null : `${plan.temp}-old`;
  try {
    if (aside) renameSync(plan.target, aside);
  } catch (e) {
    abandonOutput(plan);
    throw new OutputError(
      `could not replace the folder: ${reason(e)}; it was left as it was`,
      plan.target,
    );
  }
  try {
    renameSync(plan.temp, plan.target);
  } catch (e) {
    // Put the old folder back; the new one stays beside it under its temporary name.
    if (aside) renameSync(aside, plan.target);
    throw new OutputError(
      `could not move the new report into place: ${reason(e)}; the new files are in ${plan.temp}`,
      plan.target,
    );
  }
  // The old folder: effekt's files and second links to the kept files.
  if (aside) rmSync(aside, { recursive: true, force: true });
}

/** Remove the temporary folder (after an error): the target is untouched. */
export function abandonOutput(plan: OutputPlan): void {
  rmSync(plan.temp, { recursive: true, force: true });
}

/** One file to write safely: where it goes and how the old one (if any) was recognised. */
export interface FilePlan {
  target: string;
  /** Also record the file in a sidecar manifest (`.NAME.effekt.json`) so a rerun may replace it. */
  sidecar: boolean;
}

/** The sidecar manifest of a single file effekt wrote: `.NAME.effekt.json` beside it. */
function sidecarOf(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.effekt.json`);
}

/**
 * Whether `file` is, byte for byte, the file effekt last wrote there (its sidecar manifest says
 * so).
 */
export function writtenByEffekt(file: string): boolean {
  try {
    const m = JSON.parse(readFileSync(sidecarOf(file), 'utf8')) as {
      tool?: { name?: unknown };
      sha256?: unknown;
    };
    return m?.tool?.name === 'effekt' && m.sha256 === sha256(readFileSync(file));
  } catch {
    return false;
  }
}

/**
 * Check the place of a single output file before the work: its folder must
 * exist; it must not be a folder, a link, a device or an input; an existing
 * file is replaced only when `isOwn` recognises it as effekt's (default:
 * its sidecar manifest). Throws OutputError (exit 2) naming the file.
 */
export function prepareFile(
  file: string,
  opts: { inputs?: readonly string[]; isOwn?: (file: string) => boolean; what: string },
): FilePlan {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const dst = statOrNull(dir);
  if (!dst) throw new OutputError(`${opts.what}: the folder ${dir} does not exist`, file);
  if (!statSync(dir).isDirectory())
    throw new OutputError(`${opts.what}: ${dir} is a file, not a folder`, file);
  const st = statOrNull(abs);
  if (st) {
    if (st.isSymbolicLink())
      throw new OutputError(`${opts.what}: is a symbolic link; name the file itself`, file);
    if (st.isDirectory())
      throw new OutputError(`${opts.what}: is a folder; name a file inside it`, file);
    if (!st.isFile()) throw new OutputError(`${opts.what}: is not a regular file`, file);
    const real = realpathSync(abs);
    if (realInputs(opts.inputs ?? []).includes(real))
      throw new OutputError(`${opts.what}: is an input of this command; choose another name`, file);
    if (!(opts.isOwn ?? writtenByEffekt)(abs))
      throw new OutputError(
        `${opts.what}: the file exists and effekt did not write it (or ` +
          `it was changed since); choose another name or remove it`,
        file,
      );
  }
  return { target: abs, sidecar: opts.isOwn === undefined };
}

/**
 * Write the file beside its target and rename it into place: a reader sees the old file or the
 * whole new one.
 */
export function commitFile(plan: FilePlan, content: string | Uint8Array): void {
  const put = (target: string, bytes: string | Uint8Array) => {
    const tmp = path.join(
      path.dirname(target),
      `.${path.basename(target)}.effekt-${randomBytes(6).toString('hex')}.tmp`,
    );
    try {
      const fd = openSync(tmp, 'wx');
      try {
        const b = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
        let off = 0;
        while (off < b.length) off += writeSync(fd, b, off, b.length - off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, target);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new OutputError(`could not write: ${reason(e)}; the file was left as it was`, target);
    }
  };
  put(plan.target, content);
  if (plan.sidecar) {
    const sidecar = {
      tool: { name: 'effekt' },
      file: path.basename(plan.target),
      sha256: sha256(content),
    };
    put(sidecarOf(plan.target), `${JSON.stringify(sidecar, null, 2)}\n`);
  }
}
