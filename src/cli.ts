/**
 * The commander program. One try/catch maps errors to exit codes (spec §5):
 * 0 ok, 1 policy failed, 2 bad input or usage, 70 a bug.
 */
import { Command, CommanderError } from 'commander';
import * as z from 'zod';
import { register as registerBreakeven } from './commands/breakeven.js';
import { register as registerComment } from './commands/comment.js';
import { register as registerCompare } from './commands/compare.js';
import { register as registerDiff } from './commands/diff.js';
import { register as registerEstimate } from './commands/estimate.js';
import { register as registerForecast } from './commands/forecast.js';
import { register as registerPricing } from './commands/pricing.js';
import { register as registerLevers } from './commands/levers.js';
import { register as registerSensitivity } from './commands/sensitivity.js';
import { register as registerSweep } from './commands/sweep.js';
import { register as registerWhatif } from './commands/whatif.js';
import { register as registerQuotes } from './commands/quotes.js';
import { register as registerSeats } from './commands/seats.js';
import { register as registerTokens } from './commands/tokens.js';
import { register as registerValidate } from './commands/validate.js';
import { register as registerSchema } from './commands/schema.js';
import { register as registerInit } from './commands/init.js';
import { register as registerCompletion } from './commands/completion.js';
import { EXIT, InputError, PolicyError } from './errors.js';

// Each schema runs once per process: zod's JIT (code generation on first parse) costs more than it saves.
z.config({ jitless: true });

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('aifinops')
    .description('Cost estimator and what-if modeller for AI (LLM) spend.')
    .version(__AIFINOPS_VERSION__, '-V, --version', 'print the version')
    .option('--no-color', 'disable colour (NO_COLOR is honoured too)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ aifinops estimate scenarios/rag-support-assistant.yaml
  $ aifinops estimate scenarios/*.yaml --group-by team -f json -o costs.json
  $ aifinops init
  $ aifinops <command> --help`,
    )
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  // commands:begin
  registerEstimate(program);
  registerPricing(program);
  registerTokens(program);
  registerBreakeven(program);
  registerWhatif(program);
  registerCompare(program);
  registerSweep(program);
  registerLevers(program);
  registerSensitivity(program);
  registerSeats(program);
  registerQuotes(program);
  registerValidate(program);
  registerSchema(program);
  registerInit(program);
  registerCompletion(program);
  registerForecast(program);
  registerDiff(program);
  registerComment(program);
  // commands:end
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    return handleError(err);
  }
}

export function handleError(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return EXIT.ok;
    return EXIT.input; // commander already printed the message
  }
  if (err instanceof InputError) {
    process.stderr.write(`aifinops: error: ${err.message}\n`);
    return EXIT.input;
  }
  if (err instanceof PolicyError) {
    process.stderr.write(`aifinops: policy failed: ${err.message}\n`);
    return EXIT.policy;
  }
  const e = err as Error;
  process.stderr.write(
    `aifinops: internal error (this is a bug, please report it with the command you ran):\n${e?.stack ?? String(err)}\n`,
  );
  return EXIT.bug;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
