/**
 * The project file `aifinops.yaml`: which scenario files a repository has (globs), the default
 * thresholds and the per-tag budgets `aifinops diff` enforces. Found in the current folder or the
 * nearest parent up to the repository root (the folder holding `.git`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, type Problem } from '../errors.js';
import { parseThreshold, type BudgetGate, type Policy, type TagBudget, type Threshold } from '../core/policy.js';
import { PROJECT_FILE_NAMES, projectSchema } from '../schema/project.js';
import { displayPath } from './catalogues.js';
import { issuesToProblems, keysFromSchema, type KeysAt } from './issues.js';
import { diskSource, readYamlFile } from './yaml.js';
import { checkRealPath, PROJECT_SCENARIO_REF, repoRootFor } from '../tokens/guard.js';
import { GlobError, pathMatcher } from '../util/glob.js';
import { quoted } from '../util/excerpt.js';

export interface Project {
  /** Absolute path of the project file. */
  file: string;
  display: string;
  /** Absolute folder the globs are relative to. */
  dir: string;
  scenarios: string[];
  exclude: string[];
  currency: string;
  failOnIncrease: Threshold[] | null;
  failOnBudgetOver: BudgetGate | null;
  tagBudgets: TagBudget[];
  /** `max_price_age_days`, when the file sets it. */
  maxPriceAgeDays: number | null;
}

const keysAt: KeysAt = (path) => keysFromSchema(projectSchema())(path);

/** The nearest project file from `start` upwards, stopping at the repository root. */
export function findProjectFile(start = process.cwd()): string | null {
  let dir = resolve(start);
  for (;;) {
    for (const name of PROJECT_FILE_NAMES) {
      const f = join(dir, name);
      if (existsSync(f)) return f;
    }
    if (existsSync(join(dir, '.git'))) return null;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

export function loadProject(file: string): Project {
  const abs = resolve(file);
  const display = displayPath(abs);
  const y = readYamlFile(abs, undefined, display);
  const parsed = projectSchema().safeParse(y.data ?? {}, { reportInput: true });
  if (!parsed.success) throw new InputError(issuesToProblems(parsed.error.issues, { file: display, locate: y.locate }, keysAt, [], y.data));
  const p = parsed.data;
  const problems: Problem[] = [];
  const currency = p.currency ?? 'USD';

  let failOnIncrease: Threshold[] | null = null;
  const raw = p.thresholds?.fail_on_increase;
  if (raw !== undefined) {
    const list = Array.isArray(raw) ? raw : [raw];
    failOnIncrease = [];
    list.forEach((v, i) => {
      const t = parseThreshold(v);
      const path = Array.isArray(raw) ? ['thresholds', 'fail_on_increase', i] : ['thresholds', 'fail_on_increase'];
      if ('error' in t) problems.push({ file: display, ...(y.locate(path) ?? {}), path: path.join('.'), message: t.error, fix: 'e.g. fail_on_increase: "10%" or fail_on_increase: 500' });
      // An amount in the project file is in the project's currency.
      else failOnIncrease!.push(t.kind === 'amount' && t.currency === null ? { ...t, currency, text: `${t.amount} ${currency}` } : t);
    });
  }
  const tagBudgets: TagBudget[] = [];
  for (const [key, values] of Object.entries(p.budgets ?? {})) {
    for (const [value, monthly] of Object.entries(values)) tagBudgets.push({ key, value, monthly, currency });
  }
  for (const [k, list] of [['scenarios', p.scenarios ?? []], ['exclude', p.exclude ?? []]] as const) {
    list.forEach((g, i) => {
      const bad = checkGlob(g);
      if (bad) problems.push({ file: display, ...(y.locate([k, i]) ?? {}), path: `${k}[${i}]`, message: bad, fix: 'write globs relative to the folder of aifinops.yaml, e.g. scenarios/**/*.yaml' });
    });
  }
  if (problems.length) throw new InputError(problems);
  return {
    file: abs,
    display,
    dir: dirname(abs),
    scenarios: p.scenarios ?? [],
    exclude: p.exclude ?? [],
    currency,
    failOnIncrease,
    failOnBudgetOver: gate(p.thresholds?.fail_on_budget_over),
    tagBudgets,
    maxPriceAgeDays: p.max_price_age_days ?? null,
  };
}

/** `fail_on_budget_over`: true is the default gate (change), false switches budgets off (never). */
function gate(v: boolean | BudgetGate | undefined): BudgetGate | null {
  if (v === undefined) return null;
  if (v === true) return 'change';
  if (v === false) return 'never';
  return v;
}

/** The project's policy, with the command-line thresholds (when given) replacing its defaults. */
export function projectPolicy(project: Project | null, flags: { failOnIncrease: Threshold[] | null; failOnBudgetOver: BudgetGate | null }): Policy {
  const fromFlags = flags.failOnIncrease !== null;
  return {
    failOnIncrease: flags.failOnIncrease ?? project?.failOnIncrease ?? [],
    failOnBudgetOver: flags.failOnBudgetOver ?? project?.failOnBudgetOver ?? 'change',
    tagBudgets: project?.tagBudgets ?? [],
    thresholdsFrom: fromFlags || !project ? '--fail-on-increase' : `${project.display} thresholds.fail_on_increase`,
  };
}

// ── globs ───────────────────────────────────────────────────────────────────────────────────────

function checkGlob(g: string): string | null {
  try {
    pathMatcher(g);
  } catch (err) {
    if (err instanceof GlobError) return `${quoted(g)}: ${err.message}`;
    throw err;
  }
  if (isAbsolute(g) || /^[A-Za-z]:[\\/]/.test(g) || g.startsWith('~')) return `${quoted(g)} is an absolute path`;
  if (g.replace(/\\/g, '/').split('/').includes('..')) return `${quoted(g)} leaves the project folder (..)`;
  return null;
}

/**
 * A glob (`*`, `?`, `[…]`, `{a,b}`, `**`) as a matcher on `/`-separated relative paths, in
 * bounded time (src/util/glob.ts: no regular expression, no exponential backtracking).
 */
export function globMatcher(glob: string): { test(path: string): boolean } {
  return pathMatcher(glob);
}

/** The folder part of a glob before its first wildcard (where a walk can start). */
function literalPrefix(glob: string): string {
  const segs = glob.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
  const out: string[] = [];
  for (let i = 0; i < segs.length - 1; i++) {
    if (/[*?[\]{}]/.test(segs[i]!)) break;
    out.push(segs[i]!);
  }
  return out.join('/');
}

const SKIP_DIRS = new Set(['node_modules']);
const MAX_WALK = 200_000;
/** The project globs may select at most this many scenario files (docs/project-file.md). */
export const MAX_PROJECT_SCENARIOS = 10_000;

/** Files under `dir` (absolute), as `/`-separated paths relative to `root`; hidden folders and node_modules skipped. */
function walkDisk(root: string, dir: string, out: string[], budget: { left: number }): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  budget.left -= entries.length;
  if (budget.left < 0) throw new InputError({ message: `the project globs walk more than ${MAX_WALK} files`, fix: 'narrow the globs in aifinops.yaml' });
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
      walkDisk(root, p, out, budget);
    } else if (e.isFile() || e.isSymbolicLink()) out.push(relative(root, p).split(sep).join('/'));
  }
}

/** Files a lister offers: relative `/` paths under the project folder. */
export type FileLister = (relDir: string) => string[];

/**
 * The files under each folder of the project on disk. A folder whose real path leaves the
 * repository `root` (a glob's literal folder that is a symbolic link, or under one) is refused
 * before anything in it is listed; the walk itself never enters a linked folder.
 */
export function diskLister(projectDir: string, root: string = repoRootFor(join(projectDir, PROJECT_FILE_NAMES[0])), file?: string): FileLister {
  return (relDir) => {
    const start = join(projectDir, relDir);
    if (relDir !== '') {
      const g = checkRealPath(root, start, relDir, diskSource, undefined, PROJECT_SCENARIO_REF);
      if (!g.ok) throw new InputError({ file, path: 'scenarios', message: g.message, fix: g.fix });
    }
    const out: string[] = [];
    walkDisk(projectDir, start, out, { left: MAX_WALK });
    return out;
  };
}

/**
 * The scenario files the project's globs select on disk (absolute paths), each matched symbolic
 * link checked to stay in the repository (docs/security.md), as its folders are by `diskLister`.
 */
export function diskProjectScenarios(project: Project): string[] {
  const root = repoRootFor(project.file);
  const files = expandProjectScenarios(project, diskLister(project.dir, root, project.display));
  for (const f of files) {
    const g = checkRealPath(root, f, relative(project.dir, f).split(sep).join('/'), diskSource, undefined, PROJECT_SCENARIO_REF);
    if (!g.ok) throw new InputError({ file: project.display, path: 'scenarios', message: g.message, fix: g.fix });
  }
  return files;
}

/**
 * The scenario files a command run without any takes (`estimate`, `validate`, `compare`,
 * `forecast`): what the globs of the nearest project file select, as paths relative to the current
 * folder. null when there is no project file (the command then asks for files, as it always did);
 * an input error when the project has no globs or they match nothing.
 */
export function projectScenarioFiles(start = process.cwd()): string[] | null {
  const found = findProjectFile(start);
  if (!found) return null;
  const project = loadProject(found);
  if (project.scenarios.length === 0) {
    throw new InputError({ file: project.display, path: 'scenarios', message: 'no scenario globs, and no scenario files were given', fix: 'add scenarios: ["scenarios/**/*.yaml"] or list files on the command line' });
  }
  const files = diskProjectScenarios(project).map((f) => displayPath(f));
  if (files.length === 0) {
    throw new InputError({ file: project.display, path: 'scenarios', message: `the globs ${JSON.stringify(project.scenarios)} match no files`, fix: 'check the globs; they are relative to the folder of aifinops.yaml' });
  }
  return files;
}

/** Scenario files the project's globs select (absolute paths, sorted), minus `exclude`. */
export function expandProjectScenarios(project: Pick<Project, 'dir' | 'scenarios' | 'exclude'>, list: FileLister): string[] {
  const include = project.scenarios.map((g) => ({ re: globMatcher(g), prefix: literalPrefix(g) }));
  const exclude = project.exclude.map(globMatcher);
  const found = new Set<string>();
  const listed = new Map<string, string[]>();
  for (const g of include) {
    let files = listed.get(g.prefix);
    if (!files) listed.set(g.prefix, (files = list(g.prefix)));
    for (const f of files) {
      if (g.re.test(f) && !exclude.some((x) => x.test(f)) && !(PROJECT_FILE_NAMES as readonly string[]).includes(f)) found.add(f);
      if (found.size > MAX_PROJECT_SCENARIOS) {
        throw new InputError({ path: 'scenarios', message: `the project globs match more than ${MAX_PROJECT_SCENARIOS} scenario files`, fix: 'narrow the globs in aifinops.yaml (or add exclude: globs)' });
      }
    }
  }
  return [...found].sort().map((f) => join(project.dir, ...f.split('/')));
}
