/** Write a new file atomically, and never over an existing one unless asked to. */
import { linkSync, renameSync, rmSync } from 'node:fs';
import { InputError } from '../errors.js';
import { writeTempBeside } from '../util/output.js';

/**
 * The text goes to a temporary file in the same folder first; then it is hard-linked to its name,
 * which fails if the name exists (no check-then-write race), or renamed over it with `force`.
 */
export function writeNewFile(file: string, text: string, force: boolean, display = file): void {
  const tmp = writeTempBeside(file, text, display);
  try {
    if (force) renameSync(tmp, file);
    else {
      linkSync(tmp, file);
      rmSync(tmp, { force: true });
    }
  } catch (err) {
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsError(display);
    throw new InputError({ file: display, message: `cannot write the file (${code ?? String(err)})`, fix: 'check that the folder is writable' });
  }
}

export function existsError(display: string): InputError {
  return new InputError({ file: display, message: 'already exists; nothing was written', fix: 'pass --force to overwrite it, or name another file' });
}
