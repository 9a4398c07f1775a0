/** Flag helpers shared by the commands. */
import { Option, type Command } from 'commander';
import { InputError } from '../errors.js';
import { makeStyle, wantColor, type Style } from '../render/style.js';
import { didYouMean } from '../util/suggest.js';

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function formatOption(formats: readonly string[], def = 'table'): Option {
  return new Option('-f, --format <format>', `output format: ${formats.join(', ')}`).default(def).argParser((v) => {
    if (!formats.includes(v)) {
      const hint = didYouMean(v, formats);
      throw new InputError({ path: '--format', message: `unknown format "${v}"`, fix: hint || `use one of ${formats.join(', ')}` });
    }
    return v;
  });
}

/** Colour for this run: terminal output only, and never when --no-color or NO_COLOR says so. */
export function styleFor(cmd: Command, toFile: boolean): Style {
  const globals = cmd.optsWithGlobals() as { color?: boolean };
  return makeStyle(!toFile && wantColor(globals.color, process.stdout.isTTY, process.env));
}

/** The flags `scenarioOptions` adds. */
export interface ScenarioFlags {
  pricing?: string[];
  set?: string[];
  variant?: string;
}

/** Standard options every scenario-reading command takes. */
export function scenarioOptions(cmd: Command): Command {
  return cmd
    .option('-p, --pricing <file>', 'extra pricing catalogue, loaded after the bundled ones and the scenario\'s (repeatable)', collect)
    .option('-s, --set <path=value>', 'override a scenario value, e.g. traffic.requests_per_day=20000 (repeatable)', collect)
    .option('--variant <name>', 'apply one of the scenario\'s named variants');
}
