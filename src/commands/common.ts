/** Flag helpers shared by the commands. */
import { Option, type Command } from 'commander';
import { pricingDateProblem } from '../core/dates.js';
import { DEFAULT_MAX_PRICE_AGE_DAYS } from '../core/prices-at.js';
import { today } from '../util/clock.js';
import { DEFAULT_SAMPLES, DEFAULT_SEED, MAX_SAMPLES } from '../core/montecarlo.js';
import { InputError } from '../errors.js';
import { projectScenarioFiles } from '../load/project.js';
import { fitLines } from '../render/fit.js';
import { makeStyle, wantColor, type Style } from '../render/style.js';
import { grouped } from '../util/number.js';
import { outputWidth, processStdout } from '../util/terminal.js';
import { didYouMean } from '../util/suggest.js';
import { quoted } from '../util/excerpt.js';

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function formatOption(formats: readonly string[], def = 'table'): Option {
  return new Option('-f, --format <format>', `output format: ${formats.join(', ')}`).default(def).argParser((v) => {
    if (!formats.includes(v)) {
      const hint = didYouMean(v, formats);
      throw new InputError({ path: '--format', message: `unknown format ${quoted(v)}`, fix: hint || `use one of ${formats.join(', ')}` });
    }
    return v;
  });
}

/**
 * Colour and width for this run's tables: colour for terminal output only, never when
 * --no-color, NO_COLOR or TERM=dumb says so; the terminal's width unless --wide or the output
 * goes to a file or a pipe (util/terminal.ts).
 */
export function styleFor(cmd: Command, toFile: boolean): Style {
  const globals = cmd.optsWithGlobals() as { color?: boolean; wide?: boolean };
  const color = !toFile && wantColor(globals.color, processStdout.isTTY, process.env);
  return makeStyle(color, outputWidth({ wide: globals.wide, toFile }, process.env, processStdout));
}

/** The help of `--wide`, which every command that prints a table takes. */
export const WIDE = 'print tables at full width even when they are wider than the terminal';

/** A table report as the run shows it: rendered with the run's style, every line within its width (render/fit.ts). */
export function showTable(cmd: Command, toFile: boolean, render: (style: Style) => string): string {
  const style = styleFor(cmd, toFile);
  return fitLines(render(style), style.width);
}

/** The flags `scenarioOptions` adds. */
export interface ScenarioFlags extends PricingDateFlags {
  pricing?: string[];
  set?: string[];
  variant?: string;
}

/** The flags `pricingDateOptions` adds. */
export interface PricingDateFlags {
  asOf?: string;
  maxPriceAge?: number;
}

function parseAsOf(v: string): string {
  const s = v.trim();
  const problem = pricingDateProblem(s);
  if (problem) throw new InputError({ path: '--as-of', message: `${problem}, got ${quoted(v)}`, fix: 'e.g. --as-of 2027-01-01' });
  return s;
}

function parseMaxAge(v: string): number {
  const n = /^\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n > 36_500) {
    throw new InputError({ path: '--max-price-age', message: `expected a whole number of days from 0 to 36500, got "${v.slice(0, 40)}"`, fix: `e.g. --max-price-age ${DEFAULT_MAX_PRICE_AGE_DAYS}` });
  }
  return n;
}

/** `--as-of` alone, for commands that show prices without pricing a scenario. */
export function asOfOption(): Option {
  return new Option('--as-of <YYYY-MM-DD>', 'the rates in force on this date (default: today in UTC)').argParser(parseAsOf);
}

/** `--as-of` and `--max-price-age`, for every command that prices tokens (docs/cost-model.md, "The pricing date"). */
export function pricingDateOptions(cmd: Command): Command {
  return cmd
    .option('--as-of <YYYY-MM-DD>', 'price at the catalogue rates in force on this date (default: today in UTC)', parseAsOf)
    .option('--max-price-age <days>', `warn when a model's prices were checked more than this many days before the pricing date (default ${DEFAULT_MAX_PRICE_AGE_DAYS})`, parseMaxAge);
}

/** The pricing date of this run: --as-of, else today in UTC (AIFINOPS_TODAY pins it). */
export function pricingDate(flags: PricingDateFlags): string {
  return flags.asOf ?? today();
}

/** The load options every scenario-reading command passes on. */
export function scenarioLoad(flags: ScenarioFlags): { pricing: string[]; set: string[]; variant: string | null; asOf: string; maxPriceAgeDays?: number } {
  return {
    pricing: flags.pricing ?? [],
    set: flags.set ?? [],
    variant: flags.variant ?? null,
    asOf: pricingDate(flags),
    ...(flags.maxPriceAge === undefined ? {} : { maxPriceAgeDays: flags.maxPriceAge }),
  };
}

/** Standard options every scenario-reading command takes. */
export function scenarioOptions(cmd: Command): Command {
  return pricingDateOptions(
    cmd
      .option('-p, --pricing <file>', 'extra pricing catalogue, loaded after the bundled ones and the scenario\'s (repeatable)', collect)
      .option('-s, --set <path=value>', 'override a scenario value, e.g. traffic.requests_per_day=20000 (repeatable)', collect)
      .option('--variant <name>', 'apply one of the scenario\'s named variants'),
  );
}

export interface UncertaintyFlags {
  samples?: number;
  seed?: number;
}

function parseSamples(v: string): number {
  const n = /^\d[\d_]*$/.test(v.trim()) ? Number(v.trim().replace(/_/g, '')) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_SAMPLES) {
    throw new InputError({ path: '--samples', message: `expected a whole number of samples from 1 to ${grouped(MAX_SAMPLES, 0)}, got ${quoted(v)}`, fix: `e.g. --samples ${DEFAULT_SAMPLES}` });
  }
  return n;
}

function parseSeed(v: string): number {
  const n = /^\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n > 0xffffffff) {
    throw new InputError({ path: '--seed', message: `expected a whole number from 0 to 4294967295, got ${quoted(v)}`, fix: 'e.g. --seed 42' });
  }
  return n;
}

/** `--samples` and `--seed`, for every command that runs the Monte Carlo. */
export function uncertaintyOptions(cmd: Command): Command {
  return cmd
    .option('--samples <n>', `Monte Carlo samples when the scenario has distributions (default ${DEFAULT_SAMPLES})`, parseSamples)
    .option('--seed <n>', `random seed; the same seed gives the same numbers (default ${DEFAULT_SEED})`, parseSeed);
}

export function simulationOptions(flags: UncertaintyFlags): { samples: number; seed: number } {
  return { samples: flags.samples ?? DEFAULT_SAMPLES, seed: flags.seed ?? DEFAULT_SEED };
}

/**
 * The files a command was given, or — when none — the scenarios of the project file
 * (aifinops.yaml, docs/project-file.md). Without either, the usage error commander gives for a
 * missing argument.
 */
export function filesOrProject(files: readonly string[], cmd: Command, argument: string): string[] {
  if (files.length) return [...files];
  const fromProject = projectScenarioFiles();
  if (fromProject) return fromProject;
  return cmd.error(`error: missing required argument '${argument}'`, { exitCode: 2, code: 'commander.missingArgument' });
}
