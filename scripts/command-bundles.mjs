/**
 * Commands with a bundle of their own, dist/cmd-<name>.cjs (scripts/build.mjs): the CLI with that
 * command alone, as src/main-estimate.ts is for `estimate`. A run reads, compiles (through a
 * smaller code cache) and initialises only what its command needs; bin/aifinops.js picks the
 * bundle by the command name, the way src/cli.ts picks the one command it registers, so the
 * program is the same (test/cli/startup.test.ts compares their output with the whole CLI's).
 */
export const COMMAND_BUNDLES = ['pricing', 'tokens', 'breakeven', 'whatif', 'compare', 'sweep', 'levers', 'sensitivity', 'seats', 'quotes', 'validate', 'init', 'forecast'];
