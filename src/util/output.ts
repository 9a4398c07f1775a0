/**
 * Writing results: stdout, or `-o FILE` (docs/security.md).
 *
 * One temporary-file writer for atomic output: a regular file (new or existing) gets a temporary
 * file in its folder, then a rename over it, so a reader sees the old content or the new, never
 * half. Around that:
 * - an input of this run (scenario, catalogue, baseline, quote, prompt file: the same device and
 *   inode, so links count) is never overwritten;
 * - a symbolic link is followed: its target is replaced, the link stays;
 * - an existing file keeps its permission bits (600 stays 600);
 * - a character device (/dev/null, a terminal) and the process's own descriptors (/dev/stdout,
 *   /dev/stderr, /dev/fd/N) are written to directly, as a normal write;
 * - a FIFO, socket, folder or block device is refused (exit 2), as is a path whose folder is
 *   missing or is a file;
 * - temporary files follow src/util/temp.ts (cleaned on SIGINT/SIGTERM, and by the next run).
 */
import { closeSync, constants, fchmodSync, fstatSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync, type BigIntStats } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { outputSafe } from './excerpt.js';
import { fileKind, inputAt } from './read.js';
import { releaseTemp, removeStaleTemps, tempPathFor, trackTemp } from './temp.js';

type Target =
  | { kind: 'fd'; fd: number }
  | { kind: 'device'; path: string }
  /** A regular file to replace (mode: its permission bits) or to create (mode: null). */
  | { kind: 'file'; path: string; mode: number | null };

const errno = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;

function cannotWrite(display: string, err: unknown): InputError {
  return new InputError({ file: display, message: `cannot write the output file (${errno(err) ?? String(err)})`, fix: 'check that the folder exists and is writable' });
}

/** A path relative to the current folder when inside it. */
function shown(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

/** The process's own descriptors by name: written to as they are, never opened or replaced. */
function ownDescriptor(file: string): number | null {
  if (file === '/dev/stdout') return 1;
  if (file === '/dev/stderr') return 2;
  const m = /^\/(?:dev\/fd|proc\/self\/fd)\/(\d{1,4})$/.exec(file);
  return m ? Number(m[1]) : null;
}

/** The folder of a file to create must exist and be a folder. */
function checkFolder(path: string, display: string): void {
  const dir = dirname(path);
  let st;
  try {
    st = statSync(dir);
  } catch (err) {
    if (errno(err) === 'ENOENT') throw new InputError({ file: display, message: `cannot write the output file: the folder ${dir} does not exist`, fix: 'create the folder first, or name a file in an existing one' });
    if (errno(err) === 'ENOTDIR') throw parentIsFile(path, display);
    throw cannotWrite(display, err);
  }
  if (!st.isDirectory()) throw parentIsFile(path, display);
}

/** A folder on the path is a file (`-o file.yaml/out.json`): name it. */
function parentIsFile(path: string, display: string): InputError {
  let dir = dirname(path);
  for (let i = 0; i < 64; i++) {
    try {
      if (!statSync(dir).isDirectory()) break;
    } catch {
      /* keep going up */
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return new InputError({ file: display, message: `cannot write the output file: ${dir} is a file, not a folder`, fix: 'name a file inside an existing folder' });
}

/** Follow a symbolic link that leads nowhere (yet) to the path it names. */
function danglingTarget(file: string): string {
  let p = file;
  for (let hops = 0; hops < 40; hops++) {
    let l;
    try {
      l = lstatSync(p);
    } catch {
      return p;
    }
    if (!l.isSymbolicLink()) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw new InputError({ file, message: 'cannot write the output file: too many levels of symbolic links' });
}

/** What one write may do that others may not. */
export interface WriteOptions {
  /**
   * An input of this run that this write may replace (`calibrate --write` rewrites its scenario):
   * only when the output is that very file (same device and inode); any other input is still refused.
   */
  replacing?: string;
}

/** Whether `st` is the file at `path` (same device and inode). */
function sameFile(st: BigIntStats, path: string): boolean {
  try {
    const other = statSync(path, { bigint: true });
    return other.dev === st.dev && other.ino === st.ino;
  } catch {
    return false;
  }
}

function targetOf(file: string, display: string, opts: WriteOptions = {}): Target {
  const fd = ownDescriptor(file);
  if (fd !== null) return { kind: 'fd', fd };
  let st: BigIntStats;
  try {
    st = statSync(file, { bigint: true }); // follows symbolic links
  } catch (err) {
    if (errno(err) === 'ENOTDIR') throw parentIsFile(file, display);
    if (errno(err) !== 'ENOENT') throw cannotWrite(display, err);
    const path = danglingTarget(resolve(file));
    checkFolder(path, display);
    return { kind: 'file', path, mode: null };
  }
  if (st.isFile()) {
    const input = inputAt(st);
    if (input !== undefined && !(opts.replacing !== undefined && sameFile(st, opts.replacing))) {
      throw new InputError({
        file: display,
        path: '--output',
        message: input === resolve(file) ? 'is an input of this run; writing the output there would overwrite it' : `is the same file as ${shown(input)}, an input of this run; writing the output there would overwrite it`,
        fix: 'write the output to another file',
      });
    }
    return { kind: 'file', path: realpathSync.native(file), mode: Number(st.mode & 0o7777n) };
  }
  if (st.isCharacterDevice()) return { kind: 'device', path: file };
  throw new InputError({
    file: display,
    path: '--output',
    message: `is ${fileKind(st)}; the output is written to a regular file, or to a character device such as /dev/null`,
    fix: 'name a regular file (or leave out -o to write to stdout)',
  });
}

/**
 * Write `text` to a new temporary file beside `file` (same folder, so a rename is atomic) and return
 * its path; on failure nothing is left behind and the error names `display`. `mode` sets the
 * permission bits exactly (an existing file's); null leaves 0644 less the umask, as for any new file.
 * The caller renames or removes the file, then calls `releaseTemp`.
 */
export function writeTempBeside(file: string, text: string, display = file, mode: number | null = null): string {
  removeStaleTemps(file);
  const tmp = tempPathFor(file);
  trackTemp(tmp);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode === null ? 0o644 : 0o600);
    if (mode !== null) fchmodSync(fd, mode);
    writeAllFd(fd, Buffer.from(text, 'utf8'));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    return tmp;
  } catch (err) {
    discard(tmp, fd);
    throw cannotWrite(display, err);
  }
}

/** Close and remove a temporary file; never throws (it runs on the error path). */
export function discard(tmp: string, fd?: number): void {
  try {
    if (fd !== undefined) closeSync(fd);
  } catch {
    /* already closed */
  }
  try {
    rmSync(tmp, { force: true });
  } catch {
    /* nothing there, or not ours to remove */
  }
  releaseTemp(tmp);
}

/** Write `text` to `file` (see the top of this file for what is written how, and what is refused). */
export function writeFileAtomic(file: string, text: string, display = file, opts: WriteOptions = {}): void {
  const target = targetOf(file, display, opts);
  if (target.kind === 'fd') {
    try {
      return writeAllFd(target.fd, Buffer.from(text, 'utf8'), true);
    } catch (err) {
      throw cannotWrite(display, err);
    }
  }
  if (target.kind === 'device') return writeDevice(target.path, text, display);
  const tmp = writeTempBeside(target.path, text, display, target.mode);
  try {
    renameSync(tmp, target.path);
    releaseTemp(tmp);
  } catch (err) {
    discard(tmp);
    throw cannotWrite(display, err);
  }
}

/** A character device: opened for writing without creating or truncating anything, then checked again. */
function writeDevice(path: string, text: string, display: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_WRONLY | (constants.O_NOCTTY ?? 0));
    if (!fstatSync(fd).isCharacterDevice()) throw new InputError({ file: display, path: '--output', message: 'changed while it was opened; nothing was written', fix: 'run again' });
    writeAllFd(fd, Buffer.from(text, 'utf8'));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw cannotWrite(display, err);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether this run prints colour: set by render/style.ts `makeStyle` when colour is on. */
let colourOn = false;

/** Colour is on for this run: `emit` keeps SGR colour codes (and only those escape sequences). */
export function allowColourCodes(): void {
  colourOn = true;
}

/**
 * Write a command's result. Every character that could drive the terminal (controls, escape
 * sequences, bidi overrides) is escaped on the way out, whatever file supplied it
 * (util/excerpt.ts `outputSafe`); the colour codes of a colour run are kept.
 */
export function emit(text: string, output?: string): void {
  const safe = outputSafe(text, colourOn && !output);
  if (output) writeFileAtomic(output, safe);
  else writeStdout(safe);
}

/**
 * Write all of `buf` to `fd`. A full non-blocking pipe is waited on; with `quietEpipe`, a reader
 * that has gone away (`aifinops … | head`) ends the output quietly.
 */
function writeAllFd(fd: number, buf: Buffer, quietEpipe = false): void {
  let done = 0;
  while (done < buf.length) {
    try {
      done += writeSync(fd, buf, done, buf.length - done);
    } catch (err) {
      const code = errno(err);
      if (code === 'EPIPE' && quietEpipe) return;
      if (code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); // the pipe is full: let the reader catch up
    }
  }
}

/**
 * Write to standard output directly (fd 1), all of it, before going on. Node's process.stdout
 * would set up its whole stream machinery for one write at the end of a run. A reader that has
 * gone away (`aifinops … | head`) ends the output quietly; a non-blocking pipe that is full is
 * waited on.
 */
export function writeStdout(text: string): void {
  writeAllFd(1, Buffer.from(text, 'utf8'), true);
}

/** Standard error, as writeStdout writes standard output: all of it, and quietly nothing once the reader has gone. */
export function writeStderr(text: string): void {
  // error and policy messages quote input as escaped excerpts already; this guard holds for any that does not
  writeAllFd(2, Buffer.from(outputSafe(text, false), 'utf8'), true);
}
