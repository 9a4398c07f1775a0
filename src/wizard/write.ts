/** Write a new file atomically, and never over an existing one unless asked to. */
import { linkSync } from 'node:fs';
import { InputError } from '../errors.js';
import { discard, writeFileAtomic, writeTempBeside } from '../util/output.js';

/**
 * The text goes to a temporary file in the same folder first; then it is hard-linked to its name,
 * which fails if the name exists (no check-then-write race). With `force` it is the ordinary
 * atomic output writer (src/util/output.ts: links followed, mode kept, inputs and non-regular
 * files refused).
 */
export function writeNewFile(file: string, text: string, force: boolean, display = file): void {
  if (force) return writeFileAtomic(file, text, display);
  const tmp = writeTempBeside(file, text, display);
  try {
    linkSync(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsError(display);
    throw new InputError({ file: display, message: `cannot write the file (${code ?? String(err)})`, fix: 'check that the folder is writable' });
  } finally {
    discard(tmp);
  }
}

export function existsError(display: string): InputError {
  return new InputError({ file: display, message: 'already exists; nothing was written', fix: 'pass --force to overwrite it, or name another file' });
}
