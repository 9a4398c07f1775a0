/**
 * The console blocks of README.md and docs/*.md: found, run and compared (test/docs/console-blocks.test.ts),
 * or rewritten from real runs (`npm run docs:update`, scripts/docs-update.mjs).
 *
 * A console block is a fenced block marked `console`. Each line starting with `$ ` is a command;
 * the lines after it, up to the next command, are its output (stdout and stderr as a terminal
 * shows them). Commands run from the repository root with bash (globs expand), `aifinops` being
 * the bin built from this checkout, in a fixed environment: TZ=UTC, NO_COLOR=1, output to a pipe
 * (so tables are full width, as in a file, a pipe or a CI log: docs/terminal.md), a fresh
 * token-count cache. HTML comments on the lines right above the fence change that:
 *   <!-- excerpt -->          the block shows only some lines: each shown line must appear in the
 *                             real output, in order; a line `…` stands for lines left out.
 *   <!-- temp-dir -->         the commands write files: they run in a new temporary folder that
 *                             links to the repository's scenarios/, pricing/, quotes/, examples/,
 *                             scripts/ and node_modules/.
 *   <!-- cwd: FOLDER -->      run in this folder of the repository instead of its root.
 *   <!-- not-run: REASON -->  not run (it needs a network, a service, a person): counted and listed with REASON.
 * Trailing spaces are not compared (editors strip them).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The pricing date the docs are shown at. */
export const DOCS_TODAY = '2026-11-23';
const LINKED = ['scenarios', 'pricing', 'quotes', 'examples', 'scripts', 'node_modules'];
export const ELLIPSIS = '…';

/** README.md and docs/*.md, relative to the root. */
export function docFiles(root = ROOT) {
  return ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
}

/**
 * @typedef {{ command: string, output: string[] }} Step
 * @typedef {{ file: string, line: number, start: number, end: number, info: string, excerpt: boolean, tempDir: boolean, cwd: string | null, notRun: string | null, steps: Step[], dollarLines: boolean }} Block
 */

/** Every fenced block of a markdown text that is a console block or shows `$ ` commands. */
export function parseBlocks(text, file) {
  const lines = text.split('\n');
  /** @type {Block[]} */
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1];
    let end = i + 1;
    while (end < lines.length && lines[end].trim() !== '```') end++;
    const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l));
    const markers = [];
    for (let j = i - 1; j >= 0 && /^\s*<!--.*-->\s*$/.test(lines[j]); j--) markers.push(lines[j].trim());
    const steps = [];
    for (const l of body) {
      if (l.startsWith('$ ')) steps.push({ command: l.slice(2), output: [] });
      else if (steps.length) steps[steps.length - 1].output.push(l);
    }
    const notRun = markers.map((m) => /^<!--\s*not-run:\s*(.*?)\s*-->$/.exec(m)).find(Boolean);
    const cwd = markers.map((m) => /^<!--\s*cwd:\s*(\S+?)\s*-->$/.exec(m)).find(Boolean);
    blocks.push({
      file,
      line: i + 1,
      start: i,
      end,
      info: open[2],
      excerpt: markers.some((m) => /^<!--\s*excerpt\s*-->$/.test(m)),
      tempDir: markers.some((m) => /^<!--\s*temp-dir\s*-->$/.test(m)),
      cwd: cwd ? cwd[1] : null,
      notRun: notRun ? notRun[1] : null,
      steps,
      dollarLines: steps.length > 0,
    });
    i = end;
  }
  return blocks.filter((b) => b.info === 'console' || b.dollarLines);
}

const trimEnd = (l) => l.replace(/\s+$/, '');

/** The environment the blocks run in (the file comment says why). */
function environment(cache) {
  // the docs show prices on one pinned day (the day the bundled catalogues were synced, as in
  // vitest.config.ts), so a dated price change or a price's age cannot make them stale overnight
  const env = { ...process.env, TZ: 'UTC', NO_COLOR: '1', LC_ALL: 'C.UTF-8', AIFINOPS_CACHE_DIR: cache, AIFINOPS_ROOT: ROOT, AIFINOPS_TODAY: DOCS_TODAY };
  for (const k of ['FORCE_COLOR', 'COLUMNS', 'AIFINOPS_TTY_COLUMNS', 'CI', 'GITHUB_ACTIONS', 'GITLAB_CI']) delete env[k];
  return env;
}

const PRELUDE = [
  'exec 2>&1',
  'aifinops() { node "$AIFINOPS_ROOT/bin/aifinops.js" "$@"; }',
  'npx() { if [ "$1" = aifinops ]; then shift; aifinops "$@"; else command npx "$@"; fi; }',
].join('\n');

/** Run a block's commands in turn (one folder, so a later command sees what an earlier one wrote); each command's output as lines. */
export function runBlock(block, root = ROOT) {
  const cache = mkdtempSync(join(tmpdir(), 'aifinops-docs-cache-'));
  let cwd = block.cwd ? join(root, block.cwd) : root;
  if (block.tempDir) {
    cwd = mkdtempSync(join(tmpdir(), 'aifinops-docs-'));
    for (const d of LINKED) symlinkSync(join(root, d), join(cwd, d));
  }
  try {
    return block.steps.map((s) => {
      const r = spawnSync('bash', ['-c', `${PRELUDE}\n${s.command}`], { cwd, env: environment(cache), encoding: 'utf8', timeout: 120_000 });
      if (r.error) throw r.error;
      const out = r.stdout.replace(/\n$/, '').split('\n').map(trimEnd);
      return out.length === 1 && out[0] === '' ? [] : out;
    });
  } finally {
    rmSync(cache, { recursive: true, force: true });
    if (block.tempDir) rmSync(cwd, { recursive: true, force: true });
  }
}

/** Whether the shown lines are the real ones (all of them, or for an excerpt each shown line in order). */
export function matches(shown, real, excerpt) {
  const s = shown.map(trimEnd);
  if (!excerpt) return s.length === real.length && s.every((l, i) => l === real[i]);
  let at = 0;
  for (const l of s) {
    if (l.trim() === ELLIPSIS) continue;
    while (at < real.length && real[at] !== l) at++;
    if (at === real.length) return false;
    at++;
  }
  return true;
}

/**
 * The shown lines brought up to date. A full block becomes the real output. An excerpt keeps its
 * shape: each run of shown lines between `…` lines is replaced by as many real lines, starting at
 * the real line equal to the run's first line (its anchor); null when an anchor is gone (then the
 * excerpt needs a person).
 */
export function updated(shown, real, excerpt) {
  if (!excerpt) return real;
  if (matches(shown, real, true)) return shown.map(trimEnd);
  const out = [];
  let at = 0;
  let run = [];
  const flush = () => {
    if (!run.length) return true;
    const anchor = real.indexOf(run[0], at);
    if (anchor < 0) return false;
    out.push(...real.slice(anchor, anchor + run.length));
    at = anchor + run.length;
    run = [];
    return true;
  };
  for (const l of shown.map(trimEnd)) {
    if (l.trim() === ELLIPSIS) {
      if (!flush()) return null;
      out.push(l);
    } else run.push(l);
  }
  return flush() ? out : null;
}

/** A markdown text with one block's body replaced by these steps. */
export function replaceBlock(text, block, steps) {
  const lines = text.split('\n');
  const indent = /^(\s*)/.exec(lines[block.start])[1];
  const body = steps.flatMap((s) => [`$ ${s.command}`, ...s.output]).map((l) => (l === '' ? '' : indent + l));
  lines.splice(block.start + 1, block.end - block.start - 1, ...body);
  return lines.join('\n');
}

/** Read a doc file. */
export function readDoc(file, root = ROOT) {
  return readFileSync(join(root, file), 'utf8');
}

