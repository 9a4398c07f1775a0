// One bundler config: src/cli.ts → dist/cli.js (ESM, Node 20), with code splitting so that
// heavy, rarely used modules (tokenizers, interactive prompts) are loaded only on demand.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(`${root}/dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __AIFINOPS_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies bundled into ESM need a `require` for Node built-ins.
  banner: {
    js: "import { createRequire as __aifinopsCreateRequire } from 'node:module'; const require = __aifinopsCreateRequire(import.meta.url);",
  },
});
