/**
 * External programs some tests drive (tmux, zsh, fish, python3, chromium). On a developer's
 * machine a missing one skips those tests, with a note; in CI nothing may be skipped: .ci/run
 * installs them and sets AIFINOPS_REQUIRE_TOOLS=1, and a missing tool then fails the test file.
 * (AIFINOPS_REQUIRE_TMUX=1 still requires tmux alone.)
 */
import { spawnSync } from 'node:child_process';

export function toolsRequired(tool: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return env.AIFINOPS_REQUIRE_TOOLS === '1' || (tool === 'tmux' && env.AIFINOPS_REQUIRE_TMUX === '1');
}

/** Whether `tool` runs (`probe` are arguments that exit 0); throws when it is missing but required. */
export function hasTool(tool: string, probe: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const ok = spawnSync(tool, probe, { stdio: 'ignore', timeout: 10_000 }).status === 0;
  if (!ok && toolsRequired(tool, env)) {
    throw new Error(`${tool} is required (AIFINOPS_REQUIRE_TOOLS=1, as .ci/run sets it) but is not installed: install it, or unset the variable to skip its tests`);
  }
  if (!ok) process.stderr.write(`note: ${tool} is not installed: its tests are skipped (CI installs it and runs them)\n`);
  return ok;
}
