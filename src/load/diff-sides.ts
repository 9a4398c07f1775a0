/**
 * The two sides of `aifinops diff`: which scenarios each side has, and their reports.
 * - a JSON report (a baseline `estimate --format json` wrote, or the "after" report);
 * - a git ref: the same scenario paths evaluated as they are at that commit (GitSource);
 * - the working tree.
 * A scenario that fails to evaluate on either side is an input error, never skipped.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { estimateScenario } from '../core/estimate.js';
import { DEFAULT_SAMPLES, DEFAULT_SEED, withUncertainty, type SimulationOptions } from '../core/montecarlo.js';
import { uncertaintyOf } from './distributions.js';
import type { DiffInputScenario } from '../core/diff.js';
import { InputError } from '../errors.js';
import type { DiffSide } from '../schema/diff-report.js';
import { loadBaseline } from './baseline.js';
import { displayPath } from './catalogues.js';
import { GitSource } from './git.js';
import { diskProjectScenarios, expandProjectScenarios, type Project } from './project.js';
import { loadScenario } from './scenario.js';
import { diskSource, readYamlFile, type FileSource, type LoadedYaml } from './yaml.js';
import { excerpt, quoted } from '../util/excerpt.js';

export interface EvalOptions {
  /** The pricing date of evaluated sides (both sides of a git diff are priced on the same day). */
  asOf: string;
  maxPriceAgeDays?: number;
  pricing: readonly string[];
  set: readonly string[];
  variant: string | null;
  /** Monte Carlo samples and seed for scenarios with distributions (the same on both sides). */
  simulation?: SimulationOptions;
}

export interface Side {
  side: DiffSide;
  scenarios: DiffInputScenario[];
}

/** `--base X`: an existing file (or a *.json path) is a report; anything else a git ref. */
export function isReportPath(x: string): boolean {
  if (x.toLowerCase().endsWith('.json')) return true;
  try {
    return statSync(x).isFile();
  } catch {
    return false;
  }
}

export function reportSide(files: readonly string[]): Side {
  const scenarios: DiffInputScenario[] = [];
  const versions = new Set<string>();
  const dates = new Set<string | null>();
  for (const f of files) {
    const r = loadBaseline(f);
    versions.add(r.tool_version);
    dates.add(r.priced_as_of ?? null);
    for (const sc of r.scenarios) scenarios.push(sc); // one by one: a spread of a huge report overflows the stack
  }
  return {
    side: {
      kind: 'report',
      label: files.map((f) => displayPath(f)).join(', '),
      commit: null,
      tool_version: versions.size === 1 ? [...versions][0]! : null,
      priced_as_of: dates.size === 1 ? [...dates][0]! : null,
    },
    scenarios,
  };
}

/** Every string in the raw scenario that names an existing file next to it (catalogues, prompt files): read them in one batch. */
function referencedPaths(data: unknown, baseDir: string, out: Set<string>, depth = 0): void {
  if (depth > 20) return;
  if (typeof data === 'string') {
    if (data.length > 0 && data.length < 512 && !data.includes('\n') && /[./]/.test(data)) out.add(resolve(baseDir, data));
  } else if (Array.isArray(data)) {
    for (const x of data) referencedPaths(x, baseDir, out, depth + 1);
  } else if (typeof data === 'object' && data !== null) {
    for (const v of Object.values(data)) referencedPaths(v, baseDir, out, depth + 1);
  }
}

/**
 * Say which side a problem comes from, once: `file (at origin/main): …`. Messages from the git
 * source and the prompt-file reader name the ref themselves ("not found at origin/main"); the
 * location already does, so that phrase is dropped rather than said twice.
 */
function atRef(err: unknown, label: string): unknown {
  if (!(err instanceof InputError)) return err;
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const again = new RegExp(` at ${escaped}(?=[:;,)]|\\s|$)`, 'g');
  return new InputError(
    err.problems.map((p) => {
      const message = p.message.replace(again, '');
      return { ...p, file: p.file ? `${p.file} (at ${label})` : undefined, message: p.file ? message : `at ${label}: ${message}` };
    }),
  );
}

/** Evaluate scenario files through a source; `label` marks messages for a git side. */
export function evaluateScenarios(files: readonly string[], source: FileSource, opts: EvalOptions, label?: string): DiffInputScenario[] {
  const git = source instanceof GitSource ? source : null;
  try {
    const abs = files.map((f) => resolve(f));
    git?.prefetch(abs);
    const yamls: LoadedYaml[] = files.map((f) => readYamlFile(f, source, displayPath(f)));
    if (git) {
      const refs = new Set<string>();
      yamls.forEach((y, i) => referencedPaths(y.data, dirname(abs[i]!), refs));
      git.prefetch(refs);
    }
    const simulation = opts.simulation ?? { samples: DEFAULT_SAMPLES, seed: DEFAULT_SEED };
    return files.map((f, i) => {
      const s = loadScenario(f, {
        source,
        yaml: yamls[i]!,
        pricing: opts.pricing,
        set: opts.set,
        variant: opts.variant,
        asOf: opts.asOf,
        ...(opts.maxPriceAgeDays === undefined ? {} : { maxPriceAgeDays: opts.maxPriceAgeDays }),
      });
      // scenarios with distributions carry their percentiles (and a budget judged at budget.at), as estimate reports do
      return withUncertainty(estimateScenario(s), s, uncertaintyOf(s), simulation);
    });
  } catch (err) {
    throw label ? atRef(err, label) : err;
  }
}

export interface HeadSpec {
  /** Scenario files or JSON reports the user listed; empty: the project's globs. */
  inputs: readonly string[];
  /** `--head <ref>`: evaluate the head at a commit instead of the working tree. */
  headRef: string | null;
}

export interface Sides {
  base: Side;
  head: Side;
}

function uniqueFiles(list: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of list) {
    const k = resolve(f);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(f);
    }
  }
  return out;
}

/** Decide and evaluate both sides. */
export function loadSides(baseArg: string, head: HeadSpec, project: Project | null, opts: EvalOptions): Sides {
  const inputs = uniqueFiles(head.inputs);
  const jsonInputs = inputs.filter((f) => f.toLowerCase().endsWith('.json'));
  if (jsonInputs.length && jsonInputs.length !== inputs.length) {
    throw new InputError({ message: 'mix of JSON reports and scenario files', fix: 'diff either scenario files (evaluated now) or one report against another, not both' });
  }
  const headIsReport = jsonInputs.length > 0;
  const baseIsReport = isReportPath(baseArg);

  if (headIsReport) {
    if (head.headRef) throw new InputError({ path: '--head', message: '--head evaluates scenario files at a git ref; it does not apply to JSON reports' });
    if (!baseIsReport) throw new InputError({ path: '--base', message: `comparing reports needs a baseline report, and ${quoted(baseArg)} is not a JSON file`, fix: 'give --base old.json with new.json, or give scenario files with --base <git-ref>' });
    if (opts.set.length || opts.variant || opts.pricing.length) throw new InputError({ message: '--set, --variant and --pricing apply to scenario files, not to JSON reports' });
    return { base: reportSide([baseArg]), head: reportSide(inputs) };
  }

  const headGit = head.headRef ? GitSource.open(head.headRef, { flag: '--head' }) : null;
  const headSource: FileSource = headGit ?? diskSource;
  const headSide: DiffSide = headGit
    ? { kind: 'git', label: headGit.label, commit: headGit.commit, tool_version: null, priced_as_of: opts.asOf }
    : { kind: 'working-tree', label: 'working tree', commit: null, tool_version: null, priced_as_of: opts.asOf };

  if (baseIsReport) {
    if (!existsSync(baseArg)) throw new InputError({ path: '--base', file: displayPath(baseArg), message: 'baseline report not found', fix: 'make one with `aifinops estimate <scenario…> --format json -o baseline.json`, or give a git ref' });
    const base = reportSide([baseArg]);
    const files = inputs.length ? inputs : projectFiles(project, headGit);
    if (!inputs.length && files.length === 0) throw noScenarios(project, where(headSide));
    for (const f of files) if (!headSource.exists(resolve(f))) throw missingEverywhere(f, where(headSide), null);
    return { base, head: { side: headSide, scenarios: evaluateScenarios(files, headSource, opts, headGit?.label) } };
  }

  const baseGit = GitSource.open(baseArg, { flag: '--base' });
  const baseSide: DiffSide = { kind: 'git', label: baseGit.label, commit: baseGit.commit, tool_version: null, priced_as_of: opts.asOf };
  let headFiles: string[];
  let baseFiles: string[];
  if (inputs.length) {
    headFiles = [];
    baseFiles = [];
    for (const f of inputs) {
      const abs = resolve(f);
      const inHead = headSource.exists(abs);
      const inBase = baseGit.exists(abs);
      if (!inHead && !inBase) throw missingEverywhere(f, where(headSide), where(baseSide));
      if (inHead) headFiles.push(f);
      if (inBase) baseFiles.push(f);
    }
  } else {
    headFiles = projectFiles(project, headGit);
    baseFiles = projectFiles(project, baseGit);
    if (headFiles.length === 0 && baseFiles.length === 0) throw noScenarios(project, either(where(headSide), where(baseSide)));
  }
  return {
    base: { side: baseSide, scenarios: evaluateScenarios(baseFiles, baseGit, opts, baseGit.label) },
    head: { side: headSide, scenarios: evaluateScenarios(headFiles, headSource, opts, headGit?.label) },
  };
}

function projectFiles(project: Project | null, git: GitSource | null): string[] {
  if (!project) {
    throw new InputError({
      message: 'no scenario files given and no aifinops.yaml found',
      fix: 'list scenario files (aifinops diff scenarios/*.yaml --base …), or add an aifinops.yaml with scenarios: [globs] at the repository root (see docs/project-file.md)',
    });
  }
  if (project.scenarios.length === 0) {
    throw new InputError({ file: project.display, path: 'scenarios', message: 'no scenario globs, and no scenario files were given', fix: 'add scenarios: ["scenarios/**/*.yaml"] or list files on the command line' });
  }
  // (on disk, a matched symbolic link or linked folder may not lead out of the repository: docs/security.md)
  const files = git ? expandProjectScenarios(project, (rel: string) => git.listFiles(project.dir, rel)) : diskProjectScenarios(project);
  return files.map((f) => displayPath(f));
}

function noScenarios(project: Project | null, where: string): InputError {
  return new InputError({
    file: project?.display,
    path: 'scenarios',
    message: `the globs ${excerpt(JSON.stringify(project?.scenarios ?? []), 120)} match no files ${where}`,
    fix: 'check the globs; they are relative to the folder of aifinops.yaml',
  });
}

/** Where a side's files are, for messages: "in the working tree", "at origin/main". */
function where(side: DiffSide): string {
  return side.kind === 'git' ? `at ${side.label}` : `in the ${side.label}`;
}

/** "in the working tree or at main"; a ref named on both sides is named once. */
function either(a: string, b: string): string {
  return a === b ? a : `${a} or ${b}`;
}

function missingEverywhere(f: string, headWhere: string, baseWhere: string | null): InputError {
  return new InputError({
    file: displayPath(f),
    message: baseWhere && baseWhere !== headWhere ? `not found ${headWhere} nor ${baseWhere}` : `not found ${headWhere}`,
    fix: 'check the path (it is relative to the current folder)',
  });
}
