/** Writing results: stdout, or a file written atomically (temporary file in the same folder, then rename). */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';

export function writeFileAtomic(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError({ file, message: `cannot write the output file (${code ?? String(err)})`, fix: 'check that the folder exists and is writable' });
  }
}

export function emit(text: string, output?: string): void {
  if (output) writeFileAtomic(output, text);
  else process.stdout.write(text);
}
