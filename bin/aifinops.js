#!/usr/bin/env node
// Tiny shim: runs the bundled CLI (built by `npm install` via `prepare`) through a V8 code cache
// kept beside it (<bundle>.v8cache), so start-up skips most JS compilation. `aifinops estimate`
// runs dist/estimate.cjs, the CLI with that command alone (less to read, compile and set up);
// a command with a bundle of its own (dist/cmd-<name>.cjs, scripts/build.mjs COMMAND_BUNDLES)
// runs that; everything else runs dist/cli.cjs. `--version`, `--help` and `completion <shell>` print what the
// build stored (dist/answers/) without loading either.
// The cache is checked by V8 (version, flags, source) and rebuilt when rejected; if it cannot be
// written (read-only install), the CLI simply runs uncached. A run with Node options keeps its own
// (<bundle>.<hash>.v8cache). AIFINOPS_CODE_CACHE=off disables it.
// This file is CommonJS (bin/package.json says so): Node starts a CommonJS entry point without
// its ES module loader, which is a noticeable part of a short run.
'use strict';
const { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, renameSync, writeFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const vm = require('node:vm');

const dist = join(__dirname, '..', 'dist');
const args = process.argv.slice(2);

// `--version`, `--help` and `completion <shell>` print text that changes only with a build. The build
// stores what the CLI printed for each (scripts/build.mjs, dist/answers/), and these exact command
// lines print it without loading the CLI. Help is wrapped to the output's width (src/util/terminal.ts):
// the stored help, made for a pipe, is printed only into a pipe or a file, and not when
// AIFINOPS_TTY_COLUMNS sets a width. AIFINOPS_STATIC_ANSWERS=off always asks the CLI.
if (process.env.AIFINOPS_STATIC_ANSWERS !== 'off') {
  const answer = staticAnswer(args);
  if (answer !== null) {
    try {
      const text = readFileSync(join(dist, 'answers', `${answer}.txt`));
      if (answer !== 'help' || (process.env.AIFINOPS_TTY_COLUMNS === undefined && !require('node:tty').isatty(1))) {
        writeAll(text);
        return;
      }
    } catch {
      // not built with answers: the CLI answers
    }
  }
}

/** The stored answer for this command line, if it has one. */
function staticAnswer(a) {
  if (a.length === 1) return a[0] === '--version' || a[0] === '-V' ? 'version' : a[0] === '--help' || a[0] === '-h' || a[0] === 'help' ? 'help' : null;
  return a.length === 2 && a[0] === 'completion' && (a[1] === 'bash' || a[1] === 'zsh' || a[1] === 'fish') ? `completion-${a[1]}` : null;
}

/** All of `buf` to fd 1, as the CLI writes (src/util/output.ts writeStdout): a reader gone away ends it quietly. */
function writeAll(buf) {
  const { writeSync } = require('node:fs');
  let done = 0;
  while (done < buf.length) {
    try {
      done += writeSync(1, buf, done, buf.length - done);
    } catch (err) {
      if (err.code === 'EPIPE') return;
      if (err.code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

// The command is the first word that is not an option (as src/cli.ts reads it).
const command = args.find((a) => !a.startsWith('-'));
const own = command !== undefined && /^[a-z]+$/.test(command) ? `cmd-${command}.cjs` : null;
const bundle = command === 'estimate' ? 'estimate.cjs' : own !== null && existsSync(join(dist, own)) ? own : 'cli.cjs';
const file = join(dist, bundle);
if (!existsSync(file)) {
  process.stderr.write('aifinops: the CLI is not built yet. Run `npm install` (or `npm run build`) in the package folder.\n');
  process.exit(70);
}
// Optional heavy packages are loaded through this hook (see src/util/lazy.ts).
globalThis.__aifinopsImport = (specifier) => import(specifier);

const mode = process.env.AIFINOPS_CODE_CACHE ?? 'on';
// V8 accepts a cache only under the flags it was made with, and a rejected cache is rewritten from
// what that one run compiled. A run with Node options (`node --max-old-space-size=… bin/aifinops.js`,
// NODE_OPTIONS, a profiler) therefore keeps a cache of its own beside the build's, named by a hash
// of those options, so it neither rejects nor narrows the cache the build warmed for plain runs.
const cacheFile = `${file}${cacheKey(process.execArgv, process.env.NODE_OPTIONS)}.v8cache`;

/** '' for a plain `node`; otherwise '.' and 8 hex digits of an FNV-1a hash of the options. */
function cacheKey(execArgv, nodeOptions) {
  if (execArgv.length === 0 && !nodeOptions) return '';
  const text = JSON.stringify([execArgv, nodeOptions ?? '']);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `.${(h >>> 0).toString(16).padStart(8, '0')}`;
}
// One buffer, as long as the larger of the two files, holds the bundle's bytes and then (once they
// are text) the code cache: every fresh page a run touches costs a page fault, and a Buffer of its
// own for the bundle would be garbage at once.
const sourceFd = openSync(file, 'r');
let cacheFd;
if (mode === 'on') {
  try {
    cacheFd = openSync(cacheFile, 'r');
  } catch {
    cacheFd = undefined; // not built yet or unreadable: run uncached and try to write one
  }
}
const sizes = [sourceFd, cacheFd].map((fd) => (fd === undefined ? 0 : fstatSync(fd).size));
let buf = Buffer.allocUnsafeSlow(Math.max(...sizes) + 1);
/** All the bytes of `fd` (then closed), in `buf` (grown if the file grew since its size was taken). */
function readAll(fd) {
  try {
    let n = 0;
    for (let r; (r = readSync(fd, buf, n, buf.length - n, null)) > 0; ) {
      n += r;
      if (n === buf.length) {
        const more = Buffer.allocUnsafeSlow(buf.length * 2);
        buf.copy(more, 0, 0, n);
        buf = more;
      }
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
// The build keeps the bundle ASCII, so reading it as latin1 gives the same text without UTF-8 decoding.
const source = readAll(sourceFd).toString('latin1');
let cachedData;
if (cacheFd !== undefined) {
  try {
    cachedData = readAll(cacheFd);
  } catch {
    cachedData = undefined; // unreadable: run uncached and try to write one
  }
}
// The file is the CommonJS module function itself (scripts/build.mjs writes the wrapper).
// The script is named by its place in the package, not its path on disk: V8 keeps the name it was
// compiled under inside the code cache (and shows it in stack traces), so an absolute name would
// carry the build machine's folder into every install. A cache from another Node or V8 version
// (or other V8 flags) is rejected by V8 itself (script.cachedDataRejected) and the run compiles
// from source, as without a cache.
// (joined, not concatenated: V8 would keep a concatenation's two parts apart in the cache)
const script = new vm.Script(source, { filename: ['aifinops', 'dist', bundle].join('/'), cachedData });
if (mode === 'write' || (mode === 'on' && (cachedData === undefined || script.cachedDataRejected))) {
  process.once('beforeExit', () => {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        /* nothing to clean */
      }
    }
  });
}
const cjsModule = { exports: {} };
script.runInThisContext()(cjsModule.exports, require('node:module').createRequire(file), cjsModule, file, dist);
