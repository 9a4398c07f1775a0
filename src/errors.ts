/**
 * The few typed errors aifinops throws, and the one exit-code table (spec §5).
 * Only `cli.ts` turns these into exit codes.
 */
import { shortPath } from './util/excerpt.js';

export const EXIT = {
  ok: 0,
  /** A policy failed: budget over, diff threshold breached. */
  policy: 1,
  /** Bad input or usage. */
  input: 2,
  /** Anything else is a bug. */
  bug: 70,
} as const;

/** Where in an input a problem is. Every field is optional: say what is known. */
export interface Location {
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
  /** Dotted key path, e.g. `pipeline.answer.cache.hit_rate`. */
  path?: string | undefined;
}

export interface Problem extends Location {
  /** What is wrong, e.g. `expected a fraction in [0, 1], got 1.5`. */
  message: string;
  /** How to fix it, e.g. `write 0.8 or "80%"`. */
  fix?: string | undefined;
}

export function formatProblem(p: Problem): string {
  let where = '';
  if (p.file) {
    // (a path from the command line or a file may be of any length: its start and end name it)
    where = shortPath(p.file, 300);
    if (p.line !== undefined) where += `:${p.line}` + (p.column !== undefined ? `:${p.column}` : '');
    where += ': ';
  }
  const path = p.path ? `${p.path}: ` : '';
  const fix = p.fix ? ` — ${p.fix}` : '';
  return `${where}${path}${p.message}${fix}`;
}

/** Bad input or usage: exit 2, message on stderr, no stack trace. */
export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem | Problem[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
}

/** A policy failed (budget over, threshold breached): exit 1 after the report is printed. */
export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}
