/**
 * The questions the wizard can ask, behind a small interface: the terminal implementation loads
 * @inquirer/prompts only when `init` runs interactively (no other command pays for it).
 */
import { importLazy } from '../util/lazy.js';

export interface Choice<T extends string> {
  value: T;
  name: string;
  /** Shown once answered (default: name). */
  short?: string;
  description?: string;
}

export interface Prompter {
  select<T extends string>(q: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  /** A filterable list: `source(term)` gives the choices for what has been typed. */
  search(q: { message: string; source: (term: string | undefined) => Choice<string>[] }): Promise<string>;
  input(q: { message: string; default?: string; validate?: (v: string) => true | string }): Promise<string>;
  /** A number; `optional` allows an empty answer (null). */
  number(q: { message: string; default?: number; min?: number; max?: number; integer?: boolean; optional?: boolean }): Promise<number | null>;
  confirm(q: { message: string; default: boolean }): Promise<boolean>;
}

/** Thrown when the person presses Ctrl+C. */
export class WizardCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'WizardCancelled';
  }
}

export async function terminalPrompter(): Promise<Prompter> {
  const inq = await importLazy<typeof import('@inquirer/prompts')>('@inquirer/prompts');
  const guard = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (err) {
      if ((err as Error)?.name === 'ExitPromptError' || (err as Error)?.name === 'AbortPromptError') throw new WizardCancelled();
      throw err;
    }
  };
  return {
    select: (q) => guard(inq.select({ message: q.message, choices: q.choices, default: q.default, pageSize: 8, loop: false })),
    search: (q) => guard(inq.search({ message: q.message, source: (term) => q.source(term), pageSize: 10 })),
    input: (q) =>
      guard(
        inq.input({
          message: q.message,
          ...(q.default !== undefined ? { default: q.default } : {}),
          ...(q.validate ? { validate: q.validate } : {}),
        }),
      ),
    number: (q) =>
      guard(
        inq.number({
          message: q.message,
          ...(q.default !== undefined ? { default: q.default } : {}),
          ...(q.min !== undefined ? { min: q.min } : {}),
          ...(q.max !== undefined ? { max: q.max } : {}),
          step: q.integer ? 1 : 'any',
          required: !q.optional,
        }),
      ).then((v) => (v === undefined ? null : v)),
    confirm: (q) => guard(inq.confirm({ message: q.message, default: q.default })),
  };
}
