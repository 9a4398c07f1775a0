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
    env: { TZ: 'UTC', NO_COLOR: '1' },
    testTimeout: 30000,
    pool: 'forks',
  },
});
