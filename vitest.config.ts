import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __AIFINOPS_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ['test/**/*.test.ts'],
    // builds dist/ when a source is newer than it (the CLI tests spawn the built bin)
    globalSetup: ['test/setup/build.ts'],
    // A missing golden fails (as in CI) instead of being written silently; \`vitest run -u\` writes
    // and updates goldens. (vitest's default writes new snapshots unless CI is set.)
    update: 'none',
    // AIFINOPS_TODAY pins "today" (the default pricing date, src/util/clock.ts): the catalogues'
    // dated prices must not make a test depend on the day it runs. 2026-11-23 is the instant the
    // bundled catalogues were synced at (pricing/sync/models.yaml prices_at).
    env: { TZ: 'UTC', NO_COLOR: '1', AIFINOPS_TODAY: '2026-11-23' },
    testTimeout: 30000,
    pool: 'forks',
  },
});
