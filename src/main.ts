/**
 * The CLI with every command (dist/cli.cjs). `aifinops estimate` runs from its own bundle with
 * only that command (src/main-estimate.ts, dist/estimate.cjs): the same program, built from less
 * code, so the most common run starts faster; bin/aifinops.js picks the bundle.
 */
import { run, type CommandTable } from './cli.js';

/**
 * Every command, in help order, loaded on demand: a run parses and initialises only the modules
 * (and zod schemas) of the command it runs. Help, completion and unknown commands load them all.
 */
export const COMMANDS: CommandTable = [
  ['estimate', () => import('./commands/estimate.js')],
  ['pricing', () => import('./commands/pricing.js')],
  ['tokens', () => import('./commands/tokens.js')],
  ['breakeven', () => import('./commands/breakeven.js')],
  ['whatif', () => import('./commands/whatif.js')],
  ['compare', () => import('./commands/compare.js')],
  ['sweep', () => import('./commands/sweep.js')],
  ['levers', () => import('./commands/levers.js')],
  ['report', () => import('./commands/report.js')],
  ['sensitivity', () => import('./commands/sensitivity.js')],
  ['seats', () => import('./commands/seats.js')],
  ['quotes', () => import('./commands/quotes.js')],
  ['validate', () => import('./commands/validate.js')],
  ['schema', () => import('./commands/schema.js')],
  ['init', () => import('./commands/init.js')],
  ['completion', () => import('./commands/completion.js')],
  ['forecast', () => import('./commands/forecast.js')],
  ['diff', () => import('./commands/diff.js')],
  ['comment', () => import('./commands/comment.js')],
  ['actuals', () => import('./commands/actuals.js')],
  ['calibrate', () => import('./commands/calibrate.js')],
];

void run(COMMANDS);
