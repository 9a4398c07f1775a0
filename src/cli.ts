/**
 * The commander program. One try/catch maps errors to exit codes (spec §5):
 * 0 ok, 1 policy failed, 2 bad input or usage, 70 a bug.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, InputError, PolicyError } from './errors.js';
import { writeStderr, writeStdout } from './util/output.js';
import { redact } from './util/redact.js';
import { helpWidth } from './util/terminal.js';

// (zod is configured — jitless, English messages — when a schema first loads it: schema/zod.ts)

/** A command's module: it adds the command to the program. */
export type CommandModule = { register(program: Command): void };
/** Commands by name, each loaded on demand (src/main.ts has them all). */
export type CommandTable = readonly (readonly [name: string, load: () => Promise<CommandModule>])[];

/** The first word of a command line that is not an option: the command it names, if any. */
export function commandName(argv: readonly string[]): string | undefined {
  return argv.find((a) => !a.startsWith('-'));
}

/** The command modules a run needs: the one named first on the command line, or all of them. */
function commandsFor(argv: readonly string[], commands: CommandTable): CommandTable {
  const first = commandName(argv);
  const one = commands.find(([name]) => name === first);
  return one && first !== 'completion' && first !== 'help' ? [one] : commands;
}

/** The line under every help: where the examples' output files go. */
export const WRITES_NOTE = 'Examples that write a file write it where they say, relative to the current\nfolder: run them from a scratch folder (cd "$(mktemp -d)") to keep a\ncheckout clean.';

export async function buildProgram(argv: readonly string[], commands: CommandTable): Promise<Command> {
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
    // examples that write a file (-o, --out-dir) write it where they say, relative to the current
    // folder: every help says so, so trying one in a checkout does not litter it unannounced
    .addHelpText('afterAll', `\n${WRITES_NOTE}`)
    .exitOverride()
    // help and --version go through writeStdout too, so `aifinops --help | head -1` ends quietly
    // when the reader goes away; help wraps at the width tables fit (util/terminal.ts)
    .configureOutput({
      writeOut: (s) => writeStdout(s),
      writeErr: (s) => writeStderr(s),
      getOutHelpWidth: () => helpWidth(),
    })
    // the command list names each command and its arguments (its options are in its own help),
    // and its descriptions wrap like a command's options do
    .configureHelp({
      minWidthToWrap: 20,
      subcommandTerm: (cmd) =>
        [cmd.name(), ...cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`))].join(' '),
    });
  for (const mod of await Promise.all(commandsFor(argv, commands).map(([, load]) => load()))) mod.register(program);
  return program;
}

export async function main(argv: string[], commands: CommandTable): Promise<number> {
  const program = await buildProgram(argv, commands);
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
    // every message passes the credential scrubber on its way out (issue 13)
    writeStderr(`aifinops: error: ${redact(err.message)}\n`);
    return EXIT.input;
  }
  if (err instanceof PolicyError) {
    writeStderr(`aifinops: policy failed: ${redact(err.message)}\n`);
    return EXIT.policy;
  }
  const e = err as Error;
  writeStderr(
    `aifinops: internal error (this is a bug, please report it with the command you ran):\n${redact(e?.stack ?? String(err))}\n`,
  );
  return EXIT.bug;
}

/**
 * The command line to run; or, while the build warms the V8 code cache (bin/aifinops.js,
 * scripts/build.mjs), each of AIFINOPS_WARM_RUNS (a JSON list of argument lists) in turn, so the
 * one cache written at exit holds the code of all of them.
 */
function runs(): string[][] {
  const warm = process.env.AIFINOPS_CODE_CACHE === 'write' ? process.env.AIFINOPS_WARM_RUNS : undefined;
  return warm ? (JSON.parse(warm) as string[][]) : [process.argv.slice(2)];
}

/** Run the process's command line with these commands and set the exit code. */
export async function run(commands: CommandTable): Promise<void> {
  // A reader that went away (`aifinops … 2>&1 | head -1`) makes a later write to process.stderr
  // fail with EPIPE, reported as an uncaught error: end quietly with the run's exit code instead.
  process.on('uncaughtException', (err) => {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok);
    process.exit(handleError(err));
  });
  let code: number = EXIT.ok;
  for (const argv of runs()) code = Math.max(code, await main(argv, commands));
  process.exitCode = code;
}
