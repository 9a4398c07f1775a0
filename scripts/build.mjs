// The one bundler config.
// - dist/cli.cjs: the CLI as one CommonJS bundle, wrapped in the module function. bin/aifinops.js
//   runs it through a V8 code cache (Node 20 has no built-in compile cache), which roughly halves
//   start-up work.
// - dist/index.js: the public API (ESM) for tests and other tools.
// Heavy optional packages stay external and load only when a command needs them
// (src/util/lazy.ts), so a plain `estimate` never parses them.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
export const LAZY_EXTERNALS = ['js-tiktoken', 'tiktoken', '@inquirer/prompts', '@pydantic/genai-prices', 'playwright-core'];

/**
 * Start-up trims for the CLI bundle. Each keeps the package's behaviour for everything aifinops
 * uses; they only stop a built-in module from loading when nothing will need it:
 * - chalk's colour detection (`#supports-color`) loads node:os and node:tty and inspects the
 *   terminal when chalk is imported. aifinops never asks chalk: src/render/style.ts decides colour
 *   (--no-color, NO_COLOR, FORCE_COLOR, a TTY) and builds every Chalk with an explicit level.
 * - commander loads node:child_process for executable subcommands (`program.command(name, desc)`
 *   with a description), which aifinops does not use; it is required on first use instead.
 */
const startupTrims = {
  name: 'aifinops-startup-trims',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color', namespace: 'aifinops-stub' }));
    b.onLoad({ filter: /^supports-color$/, namespace: 'aifinops-stub' }, () => ({
      contents: 'export default { stdout: false, stderr: false };',
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!text.includes(eager)) {
        return { contents: text, loader: 'js', warnings: [{ text: 'commander changed: node:child_process is loaded at start-up again (see startupTrims)' }] };
      }
      return {
        contents: text.replace(eager, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"),
        loader: 'js',
      };
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: process.env.AIFINOPS_NO_MINIFY ? false : true,
  legalComments: 'none',
  logLevel: 'warning',
  external: LAZY_EXTERNALS,
  define: { __AIFINOPS_VERSION__: JSON.stringify(pkg.version) },
};

rmSync(`${root}/dist`, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.cjs',
    format: 'cjs',
    plugins: [startupTrims],
    define: { ...common.define, 'import.meta.url': '__aifinopsImportMetaUrl' },
    // Written as the function Node would wrap a CommonJS module in, so bin/aifinops.js compiles
    // the file's text as it is (no 700 kB copy to add the wrapper), in strict mode like its sources.
    banner: { js: '(function (exports, require, module, __filename, __dirname) {"use strict";const __aifinopsImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    footer: { js: '})' },
  }),
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.js',
    format: 'esm',
    banner: { js: "import { createRequire as __aifinopsCreateRequire } from 'node:module'; const require = __aifinopsCreateRequire(import.meta.url);" },
  }),
]);

// The CLI bundle must be ASCII: one other character anywhere makes V8 hold the whole 700 kB
// source as two-byte text, decoded from UTF-8 on every start. esbuild escapes strings, not
// regular expressions, so write those with \u escapes. (An unminified build keeps comments,
// which are not ASCII: it is for profiling only.)
if (!process.env.AIFINOPS_NO_MINIFY) {
  const text = readFileSync(`${root}/dist/cli.cjs`, 'latin1');
  const at = text.search(/[^\x00-\x7f]/);
  if (at !== -1) {
    process.stderr.write(`build: dist/cli.cjs is not ASCII near "${text.slice(Math.max(0, at - 60), at + 20)}": escape the character in the source (\\uXXXX)\n`);
    process.exit(1);
  }
}

// Validate the bundled catalogues once and keep a JSON copy: run time then skips YAML parsing
// and schema checks of every catalogue (it falls back to the YAML if a file changes afterwards).
{
  const { readBundledCatalogues, BUNDLED_SNAPSHOT, BUNDLED_SNAPSHOT_TEXTS } = await import(`${pathToFileURL(root).href}dist/index.js`);
  try {
    const { snapshot, texts } = readBundledCatalogues();
    writeFileSync(`${root}/${BUNDLED_SNAPSHOT}`, JSON.stringify(snapshot));
    writeFileSync(`${root}/${BUNDLED_SNAPSHOT_TEXTS}`, texts);
    const { readBreakevenCatalogues, BREAKEVEN_SNAPSHOT } = await import(`${pathToFileURL(root).href}dist/index.js`);
    writeFileSync(`${root}/${BREAKEVEN_SNAPSHOT}`, JSON.stringify(readBreakevenCatalogues()));
  } catch (err) {
    process.stderr.write(`build: the bundled catalogues do not validate:\n${err.message}\n`);
    process.exit(1);
  }
}

// Warm the code cache on the main path — estimate in each format, on a bundled example and on
// one with prompt files (counted without the disk cache) — so the first real run is fast too.
// The cache holds what one process compiled, so all of them run in one process (src/cli.ts).
const examples = ['scenarios/rag-support-assistant.yaml', 'scenarios/support-prompt-files.yaml'].filter((f) => existsSync(`${root}/${f}`));
if (examples.length && existsSync(`${root}/pricing`)) {
  const warm = [['estimate', ...examples], ...['json', 'markdown', 'csv'].map((f) => ['estimate', examples[0], '-f', f])];
  const r = spawnSync(process.execPath, ['bin/aifinops.js'], {
    cwd: root,
    env: { ...process.env, AIFINOPS_CODE_CACHE: 'write', AIFINOPS_WARM_RUNS: JSON.stringify(warm), AIFINOPS_CACHE_DIR: 'off' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0) process.stderr.write(`build: warming the code cache failed (not fatal):\n${r.stderr}`);
}
