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
import { isUtf8 } from 'node:buffer';
import { join, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';

/**
 * A path that Node's resolver would give back unchanged: absolute (POSIX), no empty, `.` or `..`
 * segment, no trailing slash (but the root). Tested by pattern, so a run that handles many paths
 * does not run path.resolve's character loop for each (hot enough, it is optimised on a
 * background thread: several milliseconds of CPU for a short command).
 */
const NOT_RESOLVED = /\/\/|\/\.\.?(?:\/|$)|.\/$/;
const isResolved = (p: string): boolean => p.charCodeAt(0) === 0x2f && !NOT_RESOLVED.test(p);

/** `path.resolve(from, to)` (`to` alone against the current folder): the same string, cheaper for plain paths. */
export function resolvePath(from: string, to?: string): string {
  if (sep === '/') {
    if (to === undefined) {
      if (isResolved(from)) return from;
      if (from.charCodeAt(0) !== 0x2f) {
        const cwd = process.cwd();
        const joined = cwd === '/' ? `/${from}` : `${cwd}/${from}`;
        if (from !== '' && isResolved(cwd) && isResolved(joined)) return joined;
      }
    } else if (to.charCodeAt(0) === 0x2f) {
      if (isResolved(to)) return to;
    } else if (to !== '' && isResolved(from)) {
      const joined = from === '/' ? `/${to}` : `${from}/${to}`;
      if (isResolved(joined)) return joined;
    }
  }
  return to === undefined ? resolve(from) : resolve(from, to);
}

/** `path.join(dir, name)` for a file `name` in folder `dir`: the same string, cheaper when `dir` is resolved and `name` a plain name. */
export function joinPath(dir: string, name: string): string {
  if (sep === '/' && isResolved(dir) && name !== '' && name !== '.' && name !== '..' && !name.includes('/')) return dir === '/' ? `/${name}` : `${dir}/${name}`;
  return join(dir, name);
}

/** Scenarios, catalogues, quotes, project files and prompt files: at most 5 MiB each. */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;
/**
 * JSON reports (baselines, diff reports), which hold many scenarios: at most 32 MiB each (15,000
 * scenarios of a plain estimate report). Reading and checking one takes about eleven times its
 * size in memory: a 59 MB baseline ran `diff` out of a 512 MB heap, a 32 MB one peaks near 360 MB.
 */
export const MAX_REPORT_BYTES = 32 * 1024 * 1024;

// Chunks grow from 64 KiB to 8 MiB: small inputs stay cheap, and a large one is held in a few large
// mappings (thousands of small buffers, or doubling copies, can exhaust a memory-limited CI job's
// address space long before the bytes themselves would).
const FIRST_CHUNK = 64 * 1024;
const MAX_CHUNK = 8 * 1024 * 1024;

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
    noteInput(statSync(path, { bigint: true }), resolvePath(path));
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

/**
 * Read up to `limit` bytes from `fd` as a list of chunks (no doubling and copying: a run near the
 * limit holds the bytes once); one byte more than `limit` is an error. The first chunk is the
 * expected size (a regular file is read in one call); a pipe with no data yet is waited on.
 */
function readChunks(fd: number, limit: number, display: string, expected = 0): { chunks: Buffer[]; size: number } {
  const chunks: Buffer[] = [];
  let size = 0; // bytes in full chunks
  // a file of known size in one buffer of its size + 1 (room to see that it grew): a small
  // one comes from Node's shared pool instead of a 64 KiB allocation of its own
  let next = expected > 0 ? expected + 1 : FIRST_CHUNK;
  let buf: Buffer | null = null;
  let at = 0; // bytes in `buf`
  for (;;) {
    if (buf === null) {
      try {
        buf = Buffer.allocUnsafe(Math.min(next, limit + 1 - size));
      } catch {
        throw new InputError({ file: display, message: `cannot be read: out of memory after ${size} bytes`, fix: 'check that it is the file you meant' });
      }
      next = Math.min(Math.max(next, buf.length * 2), MAX_CHUNK);
      at = 0;
    }
    let got: number;
    try {
      got = readSync(fd, buf, at, buf.length - at, null);
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
    at += got;
    if (size + at > limit) throw tooLarge(display, limit);
    if (at === buf.length) {
      chunks.push(buf);
      size += at;
      buf = null;
    }
  }
  if (buf !== null && at > 0) {
    chunks.push(buf.subarray(0, at));
    size += at;
  }
  return { chunks, size };
}

/** Chunks as UTF-8 text, decoded as they come (no joined copy of the bytes unless they are not UTF-8). */
function decodeChunks(chunks: readonly Buffer[], size: number, display: string): string {
  if (chunks.length === 1) return decodeUtf8(chunks[0]!, display);
  const stream = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let out = '';
  try {
    for (const c of chunks) out += stream.decode(c, { stream: true });
    return out + stream.decode();
  } catch {
    return decodeUtf8(Buffer.concat(chunks, size), display); // throws, with the offset
  }
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

/**
 * `buf` as UTF-8 text (a byte-order mark kept, as a fatal TextDecoder with ignoreBOM gives it);
 * anything else is an InputError with the line and byte offset of the first bad byte. Checked by
 * `buffer.isUtf8` and decoded by Buffer: a TextDecoder costs an ICU converter at every start.
 */
export function decodeUtf8(buf: Uint8Array, display: string): string {
  if (isUtf8(buf)) return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8');
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

/**
 * Read a regular file as UTF-8 text, within `limit` bytes. A missing or unreadable path throws
 * Node's error (code ENOENT, EACCES, …) for the caller to word; a folder, FIFO, device or socket,
 * an oversized file or non-UTF-8 bytes throw an InputError.
 */
export function readTextFile(path: string, opts: ReadOptions = {}): string {
  const limit = opts.limit ?? MAX_INPUT_BYTES;
  const display = opts.display ?? path;
  const { fd, size } = openRegular(path, limit, display);
  let read: { chunks: Buffer[]; size: number };
  try {
    read = readChunks(fd, limit, display, size);
  } finally {
    closeSync(fd);
  }
  return decodeChunks(read.chunks, read.size, display);
}

/**
 * Open `path` for reading if it is a regular file within `limit` bytes, checked before opening and
 * again on what was opened (fstat: not what the path pointed at a moment ago), and note it as an
 * input so `-o` cannot overwrite it. The caller closes the descriptor.
 */
function openRegular(path: string, limit: number, display: string): { fd: number; size: number } {
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
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile()) throw notRegular(display, st);
    if (st.size > BigInt(limit)) throw tooLarge(display, limit, Number(st.size));
    noteInput(st, resolvePath(path));
    return { fd, size: Number(st.size) };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/**
 * Check an input file that another reader will read itself (DuckDB reads CSV and Parquet tables):
 * the same rules as {@link readTextFile} (a regular file, checked again once opened, within
 * `limit` bytes, noted as an input so `-o` cannot overwrite it), without reading it all. Returns
 * its size and its first `head` bytes (for format detection). Text checks are the caller's: a
 * Parquet file is binary.
 */
export function inspectFile(path: string, opts: ReadOptions & { head: number }): { size: number; head: Buffer } {
  const { fd, size } = openRegular(path, opts.limit ?? MAX_INPUT_BYTES, opts.display ?? path);
  try {
    const head = Buffer.alloc(Math.min(opts.head, size));
    let at = 0;
    while (at < head.length) {
      const got = readSync(fd, head, at, head.length - at, at);
      if (got === 0) break;
      at += got;
    }
    return { size, head: head.subarray(0, at) };
  } finally {
    closeSync(fd);
  }
}

/**
 * The start of a longer UTF-8 text as text: a character cut at the end of `head` is dropped,
 * any other byte that is not UTF-8 is an InputError with its line and byte offset (as {@link decodeUtf8}).
 */
export function decodeUtf8Head(head: Buffer, whole: boolean, display: string): string {
  const bad = whole ? -1 : invalidUtf8Offset(head);
  return decodeUtf8(bad >= 0 && cutCharacter(head, bad) ? head.subarray(0, bad) : head, display);
}

/** Whether the bytes from `at` to the end are the start of one multi-byte UTF-8 character (cut short). */
function cutCharacter(buf: Buffer, at: number): boolean {
  const b = buf[at]!;
  const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
  if (need === 0 || buf.length - at > need) return false;
  for (let i = at + 1; i < buf.length; i++) if (buf[i]! < 0x80 || buf[i]! > 0xbf) return false;
  return true;
}

/**
 * Check that a whole file is UTF-8 without holding it: read in 8 MiB chunks, each checked natively
 * (`buffer.isUtf8`), a character cut by a chunk's end carried into the next. Anything else is an
 * InputError with the line and byte offset of the first bad byte, as {@link decodeUtf8}.
 */
export function assertUtf8File(path: string, display: string): void {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(display, st);
    const buf = Buffer.allocUnsafe(MAX_CHUNK + 4);
    let carry = 0; // bytes of a cut character at the start of buf
    let offset = 0; // file offset of buf[0]
    for (;;) {
      const got = readSync(fd, buf, carry, MAX_CHUNK, null);
      const end = carry + got;
      let upTo = end;
      if (got > 0) {
        // leave a character cut by the chunk's end for the next round
        let k = end - 1;
        while (k > 0 && end - k < 4 && buf[k]! >= 0x80 && buf[k]! <= 0xbf) k--;
        if (buf[k]! >= 0xc2 && cutCharacter(buf.subarray(0, end), k)) upTo = k;
      }
      const part = buf.subarray(0, upTo);
      if (!isUtf8(part)) {
        const at = invalidUtf8Offset(part);
        const line = linesBefore(fd, offset + at);
        throw new InputError({ file: display, line, message: `is not valid UTF-8: byte 0x${part[at]!.toString(16).padStart(2, '0')} at byte offset ${offset + at}`, fix: 'save the file as UTF-8 (aifinops reads UTF-8 text only)' });
      }
      if (got === 0) return;
      buf.copy(buf, 0, upTo, end);
      carry = end - upTo;
      offset += upTo;
    }
  } finally {
    closeSync(fd);
  }
}

/** The 1-based line of byte `offset` of an open file (newlines before it, counted natively). */
function linesBefore(fd: number, offset: number): number {
  const buf = Buffer.allocUnsafe(MAX_CHUNK);
  let line = 1;
  for (let at = 0; at < offset;) {
    const got = readSync(fd, buf, 0, Math.min(MAX_CHUNK, offset - at), at);
    if (got === 0) break;
    for (let i = buf.indexOf(10, 0); i !== -1 && i < got; i = buf.indexOf(10, i + 1)) line++;
    at += got;
  }
  return line;
}

/**
 * Standard input as UTF-8 text, within `limit` bytes (a pipe, a file or /dev/zero redirected in:
 * the read stops at the limit).
 */
export function readStdinText(opts: ReadOptions = {}): string {
  const limit = opts.limit ?? MAX_INPUT_BYTES;
  const display = opts.display ?? '(stdin)';
  const { chunks, size } = readChunks(0, limit, display);
  return decodeChunks(chunks, size, display);
}
