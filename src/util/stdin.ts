/**
 * Standard input, read whole but capped: `estimate -` takes a scenario from a pipe, which in CI may
 * come from a pull request. At most `max` bytes are read; more is an input error, never a run that
 * eats memory. A non-blocking pipe that is empty for now is waited on, as writeStdout does.
 */
import { readSync } from 'node:fs';
import { InputError } from '../errors.js';

export const STDIN_NAME = '<stdin>';

export function readStdinCapped(max: number, fd = 0): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EOF') break; // Windows: the pipe was closed
      throw new InputError({ file: STDIN_NAME, message: `cannot be read (${code ?? String(err)})`, fix: 'pipe a scenario in, e.g. cat scenario.yaml | aifinops estimate -' });
    }
    if (n === 0) break;
    total += n;
    if (total > max) throw new InputError({ file: STDIN_NAME, message: `is larger than ${max} bytes, the limit for YAML inputs`, fix: 'pipe one scenario file' });
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}
