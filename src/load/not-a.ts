/** The check that a YAML file is the kind a command expects, apart from the schemas (seats loads it without the quote schema). */
import { InputError } from '../errors.js';

/**
 * One clear error when a file is not the kind expected (a catalogue passed as a quote, say),
 * instead of a schema error per key.
 */
export function notA(data: unknown, kind: 'quote' | 'seat-plans', file: string, fix: string): void {
  const obj = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  if (obj?.kind === kind) return;
  let what = '';
  if (obj && 'models' in obj && 'provider' in obj) what = ': it looks like a pricing catalogue (provider, models)';
  else if (obj && 'pipeline' in obj && 'traffic' in obj) what = ': it looks like a scenario (traffic, pipeline)';
  else if (obj && typeof obj.kind === 'string') what = `: it says kind: ${obj.kind}`;
  throw new InputError({ file, line: 1, column: 1, path: 'kind', message: `is not a ${kind === 'quote' ? 'quote' : 'seat-plan catalogue'} (expected kind: ${kind})${what}`, fix });
}
