/** Writing results: stdout, or a file written atomically (temporary file in the same folder, then rename). */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';

/**
 * Write `text` to a new temporary file beside `file` (same folder, so a rename is atomic) and return
 * its path; on failure nothing is left behind and the error names `display`.
 */
export function writeTempBeside(file: string, text: string, display = file): string {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    return tmp;
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError({ file: display, message: `cannot write the output file (${code ?? String(err)})`, fix: 'check that the folder exists and is writable' });
  }
}

export function writeFileAtomic(file: string, text: string): void {
  const tmp = writeTempBeside(file, text);
  try {
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError({ file, message: `cannot write the output file (${code ?? String(err)})`, fix: 'check that the folder exists and is writable' });
  }
}

/**
 * `-o FILE` (or stdout). A missing parent folder named on the command line is created (the help
 * examples write under `.aifinops/`, so trying them leaves nothing else in the current folder).
 */
export function emit(text: string, output?: string): void {
  if (output) {
    makeParents(output);
    writeFileAtomic(output, text);
  } else writeStdout(text);
}

/**
 * Write to standard output directly (fd 1), all of it, before going on. Node's process.stdout
 * would set up its whole stream machinery for one write at the end of a run. A reader that has
 * gone away (`aifinops … | head`) ends the output quietly; a non-blocking pipe that is full is
 * waited on.
 */
export function writeStdout(text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < buf.length) {
    try {
      done += writeSync(1, buf, done, buf.length - done);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); // the pipe is full: let the reader catch up
    }
  }
}

/**
 * Create the missing folders above `file`, one level at a time (Node's recursive mkdir can spin
 * forever on some file systems, e.g. under /proc). At most 32 new levels.
 */
function makeParents(file: string): void {
  const missing: string[] = [];
  for (let dir = dirname(file); !existsSync(dir) && missing.length <= 32; dir = dirname(dir)) {
    missing.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (err) {
      throw new InputError({ file, message: `cannot create the folder of the output file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, fix: 'check the path' });
    }
  }
}
