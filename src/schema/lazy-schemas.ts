/**
 * The builders of the schemas built on first use (common.ts `lazily`), so the build's code-cache
 * warm-up (src/cli.ts, AIFINOPS_WARM_RUNS) can build them all once its runs are done: their code is
 * then in the cache whichever blocks the warm runs' files had, and a run whose file has another
 * block does not compile that block's builder. No zod here: the CLI imports it.
 */
const builders: (() => unknown)[] = [];

export function registerLazySchema(build: () => unknown): void {
  builders.push(build);
}

/** Build every schema registered so far, and those their building registers. */
export function buildLazySchemas(): void {
  for (let i = 0; i < builders.length; i++) builders[i]!();
}
