// The one bundler config.
// - dist/cli.cjs: the CLI as one CommonJS bundle, wrapped in the module function. bin/aifinops.js
//   runs it through a V8 code cache (Node 20 has no built-in compile cache), which roughly halves
//   start-up work.
// - dist/index.js: the public API (ESM) for tests and other tools.
// Heavy optional packages stay external and load only when a command needs them
// (src/util/lazy.ts), so a plain `estimate` never parses them.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { COMMAND_BUNDLES } from './command-bundles.mjs';
import { emojiCandidateClass } from './emoji-candidates.mjs';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
export const LAZY_EXTERNALS = ['js-tiktoken', 'tiktoken', '@inquirer/prompts', '@pydantic/genai-prices', 'playwright-core', '@duckdb/node-api'];

/**
 * Start-up trims for the CLI bundle. Each keeps the package's behaviour for everything aifinops
 * uses; they only stop a built-in module from loading when nothing will need it:
 * - chalk's colour detection (`#supports-color`) loads node:os and node:tty and inspects the
 *   terminal when chalk is imported. aifinops never asks chalk: src/render/style.ts decides colour
 *   (--no-color, NO_COLOR, FORCE_COLOR, a TTY) and builds every Chalk with an explicit level.
 * - commander loads node:child_process for executable subcommands (`program.command(name, desc)`
 *   with a description), which aifinops does not use; it is required on first use instead.
 * - cli-table3's string-width replaces emoji with a pattern of some 10 KB on every call (every cell,
 *   several times): a string holding none of the code units an emoji match needs
 *   (scripts/emoji-candidates.mjs) skips that replace, which cannot change it.
 */
/**
 * src/schema/zod.ts loads zod/mini with require() when the first schema node is built: in every
 * bundle (the CLI's, dist/index.js, the report engine) that is src/schema/zod-mini.ts, the names the
 * schemas use from zod's ES module build (the build every import of zod bundles: one copy), not
 * zod's CommonJS build (all of zod again, a second copy: the bundles twice their size).
 */
const zodMiniOnDemand = {
  name: 'aifinops-zod-mini-on-demand',
  setup(b) {
    b.onResolve({ filter: /^zod\/mini$/ }, (args) => (args.kind === 'require-call' ? { path: join(root, 'src/schema/zod-mini.ts') } : undefined));
  },
};

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
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      const text = readFileSync(args.path, 'utf8');
      const replace = "string = string.replace(emojiRegex(), '  ');";
      if (!text.includes(replace)) return { contents: text, loader: 'js', warnings: [{ text: 'string-width changed: every call runs the emoji pattern again (see startupTrims)' }] };
      const emojiRegex = createRequire(args.path)('emoji-regex');
      const candidates = emojiCandidateClass(emojiRegex);
      return {
        contents: text.replace(replace, `if (/${candidates}/.test(string)) ${replace}`),
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
/** A CLI bundle: CommonJS, wrapped in the module function, run by bin/aifinops.js through its code cache. */
const cliBundle = (entry, outfile) =>
  build({
    ...common,
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: entry }),
    outfile,
    format: 'cjs',
    plugins: [startupTrims, zodMiniOnDemand],
    // import.meta.url is worked out when first read (a getter): node:url's pathToFileURL costs
    // a few hundred microseconds, and most runs never ask (src/load/catalogues.ts uses __filename)
    define: { ...common.define, 'import.meta.url': '__aifinopsImportMeta.url' },
    // Written as the function Node would wrap a CommonJS module in, so bin/aifinops.js compiles
    // the file's text as it is (no copy to add the wrapper), in strict mode like its sources.
    banner: {
      js: '(function (exports, require, module, __filename, __dirname) {"use strict";let __aifinopsUrl;const __aifinopsImportMeta = { get url() { return (__aifinopsUrl ??= require("node:url").pathToFileURL(__filename).href); } };',
    },
    footer: { js: '})' },
  });

/** A command's own bundle (scripts/command-bundles.mjs): the CLI with that command alone. */
const commandEntry = (name) => ({
  contents: `import { run } from './src/cli.ts';\nvoid run([[${JSON.stringify(name)}, () => import('./src/commands/${name}.ts')]]);\n`,
  resolveDir: root,
  sourcefile: `main-${name}.ts`,
  loader: 'ts',
});

/** The CLI bundles: every command, `estimate` alone (the most common run, from a third of the code), and each of COMMAND_BUNDLES alone. */
const CLI_BUNDLES = [
  ['src/main.ts', 'dist/cli.cjs'],
  ['src/main-estimate.ts', 'dist/estimate.cjs'],
  ...COMMAND_BUNDLES.map((name) => [commandEntry(name), `dist/cmd-${name}.cjs`]),
];

await Promise.all([
  ...CLI_BUNDLES.map(([entry, out]) => cliBundle(entry, out)),
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.js',
    format: 'esm',
    banner: { js: "import { createRequire as __aifinopsCreateRequire } from 'node:module'; const require = __aifinopsCreateRequire(import.meta.url);" },
    plugins: [zodMiniOnDemand],
  }),
]);

// ── The what-if page's engine (`aifinops report`, docs/report.md) ─────────────────────────────
// dist/report-engine.js: the pure core (core/estimate.ts, core/levers.ts, …) and the page's script
// for the browser, one minified IIFE that `aifinops report` inlines into each page. Nothing of
// Node may reach it: an import of a Node built-in fails the build, naming the importer.
export const REPORT_ENGINE = 'dist/report-engine.js';
{
  const noNode = {
    name: 'aifinops-report-no-node',
    setup(b) {
      b.onResolve({ filter: /^(node:|fs$|path$|os$|url$|child_process$|crypto$|module$|util$|stream$|tty$|process$)/ }, (args) => ({
        errors: [{ text: `${args.path} is imported by ${args.importer.slice(root.length)}: the report engine runs in a browser and may import no Node module (keep src/report/browser.ts on the pure core)` }],
      }));
    },
  };
  await build({
    absWorkingDir: root,
    entryPoints: ['src/report/browser.ts'],
    outfile: REPORT_ENGINE,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    charset: 'ascii',
    plugins: [noNode, zodMiniOnDemand],
    define: { __AIFINOPS_VERSION__: JSON.stringify(pkg.version) },
  });
}

// The CLI bundles must be ASCII: one other character anywhere makes V8 hold the whole
// source as two-byte text, decoded from UTF-8 on every start. esbuild escapes strings, not
// regular expressions, so write those with \u escapes. (An unminified build keeps comments,
// which are not ASCII: it is for profiling only.)
if (!process.env.AIFINOPS_NO_MINIFY) for (const [, out] of CLI_BUNDLES) {
  const text = readFileSync(`${root}/${out}`, 'latin1');
  const at = text.search(/[^\x00-\x7f]/);
  if (at !== -1) {
    process.stderr.write(`build: ${out} is not ASCII near "${text.slice(Math.max(0, at - 60), at + 20)}": escape the character in the source (\\uXXXX)\n`);
    process.exit(1);
  }
}

// Validate the bundled catalogues once and keep a JSON copy: run time then skips YAML parsing
// and schema checks of every catalogue (it falls back to the YAML if a file changes afterwards).
{
  const { readBundledCatalogues, BUNDLED_SNAPSHOT, BUNDLED_SNAPSHOT_TEXTS } = await import(`${pathToFileURL(root).href}dist/index.js`);
  try {
    const { snapshot, texts, json } = readBundledCatalogues();
    // (its layout: src/load/catalogue-snapshot.ts)
    writeFileSync(`${root}/${BUNDLED_SNAPSHOT}`, json);
    writeFileSync(`${root}/${BUNDLED_SNAPSHOT_TEXTS}`, texts);
    writeCatalogueNotes(snapshot);
    const { readBreakevenCatalogues, BREAKEVEN_SNAPSHOT } = await import(`${pathToFileURL(root).href}dist/index.js`);
    writeFileSync(`${root}/${BREAKEVEN_SNAPSHOT}`, JSON.stringify(readBreakevenCatalogues()));
    // pricing/seats.yaml, validated, for `seats` (src/load/seats.ts); kept only if JSON gives back exactly the same data
    const { readSeatSnapshot, SEATS_SNAPSHOT } = await import(`${pathToFileURL(root).href}dist/index.js`);
    const seats = readSeatSnapshot();
    if (seats && isDeepStrictEqual(JSON.parse(JSON.stringify(seats)), seats)) writeFileSync(`${root}/${SEATS_SNAPSHOT}`, JSON.stringify(seats));
    else if (seats) process.stderr.write(`build: pricing/seats.yaml does not survive JSON exactly; ${SEATS_SNAPSHOT} not written (seats parses the YAML)\n`);
  } catch (err) {
    process.stderr.write(`build: the bundled catalogues do not validate:\n${err.message}\n`);
    process.exit(1);
  }
}

/**
 * `validate`'s plausibility notes (its warnings) on each bundled token catalogue, as the CLI itself
 * gives them: they depend on the catalogue's text alone, so `validate` of a catalogue whose text is
 * the snapshot's takes them from here (src/load/kinds.ts) instead of running the checks.
 * Each is kept with the length of the text it was made from.
 */
function writeCatalogueNotes(snapshot) {
  const out = `${root}/dist/catalogue-notes.json`;
  rmSync(out, { force: true }); // the run below checks the catalogues itself
  const files = snapshot.catalogues.map((c) => c.file);
  if (files.length === 0) return; // no bundled token catalogue (validate without files would check the project's scenarios)
  const lengths = new Map(snapshot.files.map((f) => [`pricing/${f.name}`, f.length]));
  const r = spawnSync(process.execPath, ['bin/aifinops.js', 'validate', '--kind', 'catalogue', '--format', 'json', ...files], {
    cwd: root,
    env: { ...process.env, AIFINOPS_CODE_CACHE: 'off', AIFINOPS_CACHE_DIR: 'off', NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) {
    // not fatal: without notes, validate runs the checks itself
    process.stderr.write(`build: validate of the bundled catalogues failed (exit ${r.status}); ${out} not written:\n${r.stderr}`);
    return;
  }
  const notes = {};
  for (const f of JSON.parse(r.stdout).files) {
    if (f.ok && f.kind === 'catalogue' && lengths.has(f.file)) notes[f.file] = { length: lengths.get(f.file), warnings: f.warnings };
  }
  writeFileSync(out, JSON.stringify({ notes }));
}

// Answers that change only with a build: `--version`, `--help` (also -V, -h, help) and
// `completion bash|zsh|fish`. bin/aifinops.js prints the stored text for exactly these command lines
// instead of loading the CLI (dist/answers/). Each is what the CLI itself printed into a pipe,
// captured here with the static answers turned off; help is wrapped to the output's width, so the
// bin prints the stored help only into a pipe or a file (src/util/terminal.ts).
{
  const answers = join(root, 'dist', 'answers');
  mkdirSync(answers, { recursive: true });
  const capture = (args) => {
    const r = spawnSync(process.execPath, ['bin/aifinops.js', ...args], {
      cwd: root,
      env: { ...process.env, AIFINOPS_STATIC_ANSWERS: 'off', AIFINOPS_CODE_CACHE: 'off', AIFINOPS_CACHE_DIR: 'off', AIFINOPS_TTY_COLUMNS: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0 || r.stderr.length > 0) {
      process.stderr.write(`build: aifinops ${args.join(' ')} did not answer cleanly (exit ${r.status}):\n${r.stderr}`);
      process.exit(1);
    }
    return r.stdout;
  };
  const store = (name, args) => writeFileSync(join(answers, `${name}.txt`), capture(args));
  store('version', ['--version']);
  store('help', ['--help']);
  for (const shell of ['bash', 'zsh', 'fish']) store(`completion-${shell}`, ['completion', shell]);
}

// Warm each bundle's code cache so the first real run is fast too. A cache holds what one process
// compiled, so each bundle's runs happen in one process (AIFINOPS_WARM_RUNS, src/cli.ts); the bin
// picks the bundle from the command line it is given.
// - estimate: in each format, on a bundled example and on one with prompt files (counted without
//   the disk cache), and on one with distributions (the Monte Carlo);
// - every other command, once each, on the bundled examples.
function warm(bundle, argv, runs) {
  const r = spawnSync(process.execPath, ['bin/aifinops.js', ...argv], {
    cwd: root,
    env: { ...process.env, AIFINOPS_CODE_CACHE: 'write', AIFINOPS_WARM_RUNS: JSON.stringify(runs), AIFINOPS_CACHE_DIR: 'off', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0) process.stderr.write(`build: warming the code cache of ${bundle} failed (not fatal):\n${r.stderr}`);
}
const has = (...files) => files.every((f) => existsSync(`${root}/${f}`));
if (has('pricing', 'scenarios/rag-support-assistant.yaml', 'scenarios/support-prompt-files.yaml')) {
  const rag = 'scenarios/rag-support-assistant.yaml';
  // (and a scenario with distributions, so the Monte Carlo's code is in the cache too)
  const uncertain = existsSync(`${root}/scenarios/rag-support-uncertain.yaml`) ? [['estimate', 'scenarios/rag-support-uncertain.yaml']] : [];
  warm('dist/estimate.cjs', ['estimate'], [['estimate', rag, 'scenarios/support-prompt-files.yaml'], ...uncertain, ...['json', 'markdown', 'csv'].map((f) => ['estimate', rag, '-f', f])]);
  const baseline = join(tmpdir(), `aifinops-warm-${process.pid}.json`);
  const others = [
    ['estimate', rag, '-f', 'json', '-o', baseline],
    ['pricing', 'list'],
    ['validate', rag],
    ['whatif', rag, '--set', 'traffic.requests_per_day=20000'],
    ['compare', rag, '--variants', 'all'],
    ['sweep', rag, '--param', 'pipeline.answer.cache.hit_rate', '--values', '0,50%,85%'],
    ['levers', rag],
    ['sensitivity', rag],
    ['diff', rag, '--base', baseline],
    ['forecast', 'scenarios/coding-agent-growth.yaml'],
    ['breakeven', 'scenarios/self-hosting-triage.yaml', '-d', 'llama-3.1-8b-fp8-h100-trtllm', '--replaces', 'triage'],
    ['seats', 'scenarios/coding-agent-seats.yaml', '--plan', 'github-copilot-business'],
    ['quotes', 'scenarios/procurement-contract-review.yaml', ...(existsSync(`${root}/quotes`) ? readdirSync(`${root}/quotes`).filter((f) => f.endsWith('.yaml')).map((f) => `quotes/${f}`) : [])],
  ];
  warm('dist/cli.cjs', [], others);
  // each command's own bundle, on its own runs
  for (const name of COMMAND_BUNDLES) {
    const runs = others.filter((argv) => argv[0] === name);
    if (name === 'init') runs.push(['init', '--yes', '--type', 'rag', '--model', 'gpt-5.4-mini', '--requests-per-day', '3000', '--force', '-o', join(tmpdir(), `aifinops-warm-${process.pid}.yaml`)]);
    if (name === 'tokens') runs.push(['tokens', 'scenarios/prompts/support-system.md', '--model', 'gpt-5.4-mini']);
    if (name === 'validate') runs.push(['validate', 'scenarios/', 'pricing/', ...(existsSync(`${root}/quotes`) ? ['quotes/'] : [])]);
    if (runs.length > 0) warm(`dist/cmd-${name}.cjs`, [name], runs);
  }
  rmSync(baseline, { force: true });
  rmSync(join(tmpdir(), `aifinops-warm-${process.pid}.yaml`), { force: true });
}
