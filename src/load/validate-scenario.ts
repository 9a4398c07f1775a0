/**
 * `aifinops validate` of a scenario (load/kinds.ts): every shape problem, then the semantic
 * rules; and, for a bundled example scenario whose text is exactly the one the build checked,
 * the build's copy of the shape step's result (dist/scenario-shapes.json) instead of parsing it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Segment } from '../core/paths.js';
import { InputError, type Problem } from '../errors.js';
import { scenarioSchema, type ScenarioParsed } from '../schema/scenario.js';
import { packageRoot } from './catalogues.js';
import { resolveDistributions } from './distributions.js';
import { dottedPath, issuesToProblems } from './issues.js';
import { detectKind, type Validated, type ValidateOptions } from './kinds.js';
import { loadScenario, scenarioKeysAt } from './scenario.js';
import { parseYamlText, type LoadedYaml } from './yaml.js';
import { quoted } from '../util/excerpt.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The shape step of a scenario that got through it: the data, offending values set aside, and the schema's output. */
export interface ScenarioShape {
  /** A copy of the YAML data, distributions as their point values, offending values removed. */
  data: Record<string, unknown>;
  /** `scenarioSchema`'s output for `data`. */
  checked: ScenarioParsed;
  /** The shape problems found on the way (none: the file passed the schema as written). */
  reported: Problem[];
  /** The paths of the values set aside. */
  removed: Segment[][];
}

/**
 * A scenario, with every problem: the shape problems (zod, all of them, not only the first 20),
 * then the semantic rules (models exist, shares sum to 1, traffic given one way, …). The
 * semantic rules also run when the shape is wrong: values that failed the shape are set aside
 * (an optional key is left out, a required one takes its parent with it) so one misspelt key
 * does not hide an unknown model three lines further down.
 */
export function validateScenarioFile(file: string, yaml: LoadedYaml, opts: ValidateOptions): Validated {
  if (!isObj(yaml.data)) return loadAndSummarise(file, yaml, opts);
  return finishScenario(file, yaml, scenarioShape(yaml), opts);
}

/**
 * The shape step of a scenario mapping (depends on its text alone). Throws an InputError when
 * nothing passes the schema (every problem found), or when a distribution is wrong.
 */
export function scenarioShape(yaml: LoadedYaml): ScenarioShape {
  const src = { file: yaml.file, locate: yaml.locate };
  const reported: Problem[] = [];
  const seen = new Set<string>();
  const removed: Segment[][] = [];
  const data: Record<string, unknown> = structuredClone(yaml.data as Record<string, unknown>);
  // distributions become their point values first, as the loader does (docs/uncertainty.md)
  try {
    resolveDistributions(data, src);
  } catch (err) {
    if (err instanceof InputError) return fail(err.problems);
    throw err;
  }
  let checked: ScenarioParsed | undefined; // the schema's output once the data, offending values set aside, passes it
  for (let round = 0; round < 12; round++) {
    const parsed = scenarioSchema.safeParse(data, { reportInput: true });
    if (parsed.success) {
      checked = parsed.data;
      break;
    }
    let progress = false;
    parsed.error.issues.forEach((issue) => {
      const path = issue.path as Segment[];
      const isRemovedOrBelow = removed.some((r) => r.length <= path.length && r.every((s, i) => s === path[i]));
      if (!isRemovedOrBelow) {
        for (const p of issuesToProblems([issue], src, scenarioKeysAt, [], yaml.data)) {
          const key = `${p.line}:${p.column}:${p.path}:${p.message}`;
          if (!seen.has(key)) {
            seen.add(key);
            reported.push(p);
          }
        }
      }
      // set the offending value aside for the next round
      if (issue.code === 'unrecognized_keys') {
        const parent = get(data, path);
        if (isObj(parent)) for (const k of issue.keys) delete parent[k];
        progress = true;
        return;
      }
      let p = path;
      if (isRemovedOrBelow) {
        // a required value we removed: remove the object holding it instead
        p = path.slice(0, -1);
        while (p.length > 0 && typeof p[p.length - 1] === 'number') p = p.slice(0, -1);
      }
      const last = p[p.length - 1];
      const parent = get(data, p.slice(0, -1));
      if (typeof last === 'string' && isObj(parent) && last in parent) {
        delete parent[last];
        removed.push(p);
        progress = true;
      }
    });
    if (!progress) return fail(reported);
  }
  if (!checked) return fail(reported);
  return { data, checked, reported, removed };
}

/** The semantic rules (the rest of the load) on the data the shape step accepted (not parsed a second time). */
export function finishScenario(file: string, yaml: LoadedYaml, shape: ScenarioShape, opts: ValidateOptions): Validated {
  const { data, checked, reported, removed } = shape;
  let summary: Validated;
  try {
    summary = loadAndSummarise(file, { ...yaml, data }, opts, checked);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    // semantic problems about values already reported as shape problems (or their parents) add nothing
    const gone = removed.map((r) => dottedPath(r, yaml.data));
    const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
    const extra = err.problems.filter((p) => p.path === undefined || !gone.some((g) => related(p.path!, g)));
    return fail([...reported, ...extra]);
  }
  return reported.length > 0 ? fail(reported) : summary;
}

function loadAndSummarise(file: string, yaml: LoadedYaml, opts: ValidateOptions, checked?: ScenarioParsed): Validated {
  const s = loadScenario(file, { yaml, pricing: opts.pricing ?? [], ...(checked ? { checked } : {}) });
  const models = new Set(s.stages.flatMap((st) => st.models.map((m) => m.model.ref)));
  return {
    summary: `scenario ${quoted(s.name)}: ${plural(s.stages.length, 'stage')}, ${plural(models.size, 'model')}${s.lineItems.length ? `, ${plural(s.lineItems.length, 'line item')}` : ''}`,
    warnings: s.warnings,
  };
}

function fail(problems: Problem[]): never {
  throw new InputError(problems.length ? problems : [{ message: 'invalid scenario' }]);
}

function get(data: unknown, path: readonly Segment[]): unknown {
  let node = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

// ---------------------------------------------------------------------------------------------
// The bundled example scenarios (scenarios/*.yaml of the package)

/** Where the build stores the shape step of each bundled scenario that passes it as written. */
export const SCENARIO_SHAPES_SNAPSHOT = 'dist/scenario-shapes.json';

interface ShapeEntry {
  /** The file's name in the package's scenarios/ folder. */
  name: string;
  /** The exact text the shape step ran on. */
  text: string;
  data: Record<string, unknown>;
  checked: ScenarioParsed;
}

/**
 * The shape step of every bundled scenario that is a scenario by its `$schema` line or keys and
 * passes the shape step without a problem, for the build (scripts/build.mjs). An entry is kept
 * only if JSON gives back exactly the same data (`same`: the build's deep-equality check).
 */
export function readScenarioShapes(same: (a: unknown, b: unknown) => boolean): ShapeEntry[] {
  const dir = join(packageRoot(), 'scenarios');
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort();
  } catch {
    return [];
  }
  const out: ShapeEntry[] = [];
  for (const name of names) {
    const text = readFileSync(join(dir, name), 'utf8');
    let entry: ShapeEntry;
    try {
      const yaml = parseYamlText(text, `scenarios/${name}`);
      if (!isObj(yaml.data) || detectKind(yaml, text).id !== 'scenario') continue;
      const shape = scenarioShape(yaml);
      if (shape.reported.length > 0) continue;
      entry = { name, text, data: shape.data, checked: shape.checked };
    } catch (err) {
      if (err instanceof InputError) continue; // a bundled scenario with a problem is validated from its YAML
      throw err;
    }
    if (same(JSON.parse(JSON.stringify(entry)), entry)) out.push(entry);
  }
  return out;
}

let shapes: Map<string, ShapeEntry> | null | undefined;

/** Read the snapshot again on next use (tests: every entry given out again). */
export function forgetScenarioShapes(): void {
  shapes = undefined;
}

/**
 * The build's shape step of the bundled scenario `file` when `text` is exactly the text it ran
 * on (it depends on the text alone), with positions parsed from the text only if a problem needs
 * one; else undefined. Each entry is given out once (a file named twice is parsed the second
 * time), so nothing the load does to the data can reach another file's result.
 */
export function bundledScenarioShape(file: string, text: string, display: string): { yaml: LoadedYaml; shape: ScenarioShape } | undefined {
  if (shapes === undefined) {
    try {
      const root = packageRoot();
      const list = JSON.parse(readFileSync(join(root, SCENARIO_SHAPES_SNAPSHOT), 'utf8')) as ShapeEntry[];
      shapes = new Map(list.map((e) => [join(root, 'scenarios', e.name), e]));
    } catch {
      shapes = null; // not built yet, or unreadable: parse the YAML
    }
  }
  if (shapes === null || shapes.size === 0) return undefined;
  const abs = resolve(file);
  const e = shapes.get(abs);
  if (!e || e.text !== text) return undefined;
  shapes.delete(abs);
  let full: LoadedYaml | undefined;
  const yaml: LoadedYaml = { file: display, data: e.data, locate: (path, which) => (full ??= parseYamlText(text, display)).locate(path, which) };
  return { yaml, shape: { data: e.data, checked: e.checked, reported: [], removed: [] } };
}
