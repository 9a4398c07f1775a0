/**
 * The one way aifinops reads an input file or standard input (docs/security.md).
 *
 * Input may come from a pull request, so a read must not hang, must not fill memory and must not
 * quietly change the text:
 * - only regular files are read: the path is stat'ed first, then opened with O_NONBLOCK (a FIFO
 *   opens at once instead of waiting for a writer) and the open descriptor is fstat'ed again, so
 *   swapping the file for a FIFO or a device between the two looks is caught;
 * - the size limit is applied while reading, so /dev/zero-like input stops at the limit + 1 byte;
 * - the text must be UTF-8: anything else is refused with the byte offset of the first bad byte
 *   (never turned into U+FFFD). A byte order mark is kept, as before.
 * Errors that the caller words itself (a missing file: ENOENT, EACCES…) are thrown as Node's
 * own errors; everything else is an InputError naming `display`.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type BigIntStats, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';

/** Scenarios, catalogues, quotes, project files and prompt files: at most 5 MiB each. */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;
/** JSON reports (baselines, diff reports), which hold many scenarios: at most 64 MiB each. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

const CHUNK = 64 * 1024;

/**
 * Every file this run has read as input, by device and inode (so a hard link or a symbolic link
 * to an input is the input): `-o` refuses to write over one (src/util/output.ts).
 */
const inputs = new Map<string, string>();

const inodeKey = (st: { dev: bigint | number; ino: bigint | number }): string => `${st.dev}:${st.ino}`;

/** Record `st` (a file this run reads, at absolute path `abs`) as an input. */
export function noteInput(st: { dev: bigint | number; ino: bigint | number }, abs: string): void {
  const key = inodeKey(st);
  if (!inputs.has(key)) inputs.set(key, abs);
}

/** Record the file at `path` as an input without reading it (a prompt file known from the cache). */
export function noteInputPath(path: string): void {
  try {
    noteInput(statSync(path, { bigint: true }), resolve(path));
  } catch {
    /* gone: nothing to protect */
  }
}

/** The input at this device and inode, if the run read one there: its absolute path. */
export function inputAt(st: { dev: bigint | number; ino: bigint | number }): string | undefined {
  return inputs.get(inodeKey(st));
}

/** What kind of thing a non-regular file is, for the message. */
export function fileKind(st: Pick<Stats, 'isDirectory' | 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket' | 'isSymbolicLink'>): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function notRegular(display: string, st: Stats | BigIntStats): InputError {
  if (st.isDirectory()) return new InputError({ file: display, message: 'is a folder, expected a file' });
  return new InputError({ file: display, message: `is ${fileKind(st)}, not a regular file`, fix: 'inputs are read from regular files only (copy the content into a file)' });
}

function tooLarge(display: string, limit: number, size?: number): InputError {
  const is = size === undefined ? `is larger than ${limit} bytes` : `is ${size} bytes`;
  return new InputError({ file: display, message: `${is}; inputs are limited to ${limit} bytes (${limit / 1024 / 1024} MiB)`, fix: 'split the file, or check that it is the file you meant' });
}

export interface ReadOptions {
  /** The most bytes to accept (default {@link MAX_INPUT_BYTES}). */
  limit?: number;
  /** How messages name the file (default: the path). */
  display?: string;
}

/** Read up to `limit` bytes from `fd`; more is an error. `wait` handles a non-blocking descriptor with no data yet. */
function readAll(fd: number, limit: number, display: string, expected = 0): Buffer {
  let buf = Buffer.allocUnsafe(Math.min(Math.max(expected + 1, CHUNK), limit + 1));
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      if (n > limit) throw tooLarge(display, limit);
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    let got: number;
    try {
      got = readSync(fd, buf, n, buf.length - n, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); // nothing yet on a pipe: wait a little
        continue;
      }
      if (code === 'EOF') break; // Windows pipes
      throw err;
    }
    if (got === 0) break;
    n += got;
    if (n > limit) throw tooLarge(display, limit);
  }
  return buf.subarray(0, n);
}

/** The byte offset of the first byte that is not part of well-formed UTF-8, or -1. */
export function invalidUtf8Offset(buf: Uint8Array): number {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `buf` as UTF-8 text; anything else is an InputError with the line and byte offset of the first bad byte. */
export function decodeUtf8(buf: Uint8Array, display: string): string {
  try {
    return decoder.decode(buf);
  } catch {
    const at = invalidUtf8Offset(buf);
    const offset = at < 0 ? 0 : at;
    let line = 1;
    for (let i = 0; i < offset; i++) if (buf[i] === 10) line++;
    const byte = buf[offset]?.toString(16).padStart(2, '0') ?? '??';
    throw new InputError({
      file: display,
      line,
      message: `is not valid UTF-8: byte 0x${byte} at byte offset ${offset}`,
      fix: 'save the file as UTF-8 (aifinops reads UTF-8 text only)',
    });
  }
}

/**
 * Read a regular file as UTF-8 text, within `limit` bytes. A missing or unreadable path throws
 * Node's error (code ENOENT, EACCES, …) for the caller to word; a folder, FIFO, device or socket,
 * an oversized file or non-UTF-8 bytes throw an InputError.
 */
export function readTextFile(path: string, opts: ReadOptions = {}): string {
  return decodeUtf8(readFileBytes(path, opts), opts.display ?? path);
}

/** The bytes of a regular file, within `limit` (see readTextFile). */
export function readFileBytes(path: string, opts: ReadOptions = {}): Buffer {
  const limit = opts.limit ?? MAX_INPUT_BYTES;
  const display = opts.display ?? path;
  const before = statSync(path); // follows symbolic links, like the open below
  if (!before.isFile()) throw notRegular(display, before);
  if (before.size > limit) throw tooLarge(display, limit, before.size);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (err) {
    // a socket cannot be opened (ENXIO); anything else is the caller's to word
    if ((err as NodeJS.ErrnoException).code === 'ENXIO') throw new InputError({ file: display, message: 'is a socket, not a regular file', fix: 'inputs are read from regular files only' });
    throw err;
  }
  try {
    const st = fstatSync(fd, { bigint: true }); // what was opened, not what the path pointed at a moment ago
    if (!st.isFile()) throw notRegular(display, st);
    if (st.size > BigInt(limit)) throw tooLarge(display, limit, Number(st.size));
    noteInput(st, resolve(path));
    return readAll(fd, limit, display, Number(st.size));
  } finally {
    closeSync(fd);
  }
}

/**
 * Standard input as UTF-8 text, within `limit` bytes (a pipe, a file or /dev/zero redirected in:
 * the read stops at the limit).
 */
export function readStdinText(opts: ReadOptions = {}): string {
  const limit = opts.limit ?? MAX_INPUT_BYTES;
  const display = opts.display ?? '(stdin)';
  return decodeUtf8(readAll(0, limit, display), display);
}
