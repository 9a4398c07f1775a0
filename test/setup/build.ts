/**
 * vitest globalSetup: the CLI tests spawn bin/aifinops.js, which runs dist/. Build dist/ first
 * whenever any of its inputs (src/, bin/, pricing/, scripts/build.mjs, package.json) is newer than
 * the oldest bundle, so `npx vitest run` never tests a stale build and `npm test` builds once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUTPUTS = ['dist/cli.cjs', 'dist/estimate.cjs', 'dist/index.js', 'dist/catalogues.json', 'dist/report-engine.js'];
const INPUTS = ['src', 'bin', 'pricing', 'scripts/build.mjs', 'scripts/command-bundles.mjs', 'package.json'];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs; // a deleted file changes its folder
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

/** Why dist/ must be rebuilt, or null when it is up to date. */
export function staleReason(root = ROOT): string | null {
  const missing = OUTPUTS.find((o) => !existsSync(join(root, o)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...OUTPUTS.map((o) => statSync(join(root, o)).mtimeMs));
  const changed = INPUTS.find((i) => existsSync(join(root, i)) && newest(join(root, i)) > built);
  return changed ? `${changed} changed after the last build` : null;
}

export default function setup(): void {
  const why = staleReason();
  if (!why) return;
  process.stderr.write(`test setup: building dist/ (${why})\n`);
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`test setup: npm run build failed (exit ${r.status}); the CLI tests would run a stale or missing dist/`);
  const still = staleReason();
  if (still) throw new Error(`test setup: dist/ is still stale after building (${still})`);
}
