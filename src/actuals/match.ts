/**
 * Which actual usage belongs to a scenario or stage: the `match:` blocks (project, workspace,
 * api_key, model, tag), combined with the stage's own models. Pure.
 */
import type { ModelRegistry } from '../core/registry.js';
import type { Scenario } from '../core/model.js';
import { InputError } from '../errors.js';
import type { MatchParsed } from '../schema/scenario.js';
import type { AggregateRow } from './aggregate.js';

export interface Matcher {
  project?: Set<string>;
  workspace?: Set<string>;
  api_key?: Set<string>;
  /** Canonical model refs (and the names as written, for models no catalogue knows). */
  model?: Set<string>;
  tag?: Set<string>;
}

const set = (v: string | string[] | undefined) => (v === undefined ? undefined : new Set(Array.isArray(v) ? v : [v]));

export function matcherOf(m: MatchParsed | undefined, registry: ModelRegistry): Matcher {
  if (!m) return {};
  const models = set(m.model);
  let model: Set<string> | undefined;
  if (models) {
    model = new Set<string>();
    for (const name of models) {
      model.add(name);
      const r = registry.resolve(name);
      if (r.ok) model.add(r.model.ref);
    }
  }
  return { project: set(m.project), workspace: set(m.workspace), api_key: set(m.api_key), model, tag: set(m.tag) };
}

/** Every key of the matcher matches the row (a list: any of its values). */
export function matches(m: Matcher, r: AggregateRow): boolean {
  if (m.project && !(r.project !== null && m.project.has(r.project))) return false;
  if (m.workspace && !(r.workspace !== null && m.workspace.has(r.workspace))) return false;
  if (m.api_key && !(r.api_key !== null && m.api_key.has(r.api_key))) return false;
  if (m.model && !(r.model !== null && m.model.has(r.model))) return false;
  if (m.tag) {
    const tags = r.tags ? r.tags.split(';') : [];
    if (!tags.some((t) => m.tag!.has(t))) return false;
  }
  return true;
}

export function isEmpty(m: Matcher): boolean {
  return !m.project && !m.workspace && !m.api_key && !m.model && !m.tag;
}

export interface StageRows {
  stage: string;
  rows: AggregateRow[];
}

/**
 * The rows of each stage: those matching the scenario's block and the stage's block, on one of the
 * stage's models (unless the stage's block names models itself). Two stages without a block of
 * their own that share a model cannot be told apart: that is an error with a fix.
 */
export function rowsByStage(s: Scenario, scenarioMatch: Matcher, stageMatch: readonly Matcher[], rows: readonly AggregateRow[]): StageRows[] {
  const byModel = new Map<string, string[]>();
  s.stages.forEach((st, i) => {
    if (!isEmpty(stageMatch[i]!)) return;
    for (const sm of st.models) byModel.set(sm.model.ref, [...(byModel.get(sm.model.ref) ?? []), st.name]);
  });
  for (const [model, stages] of byModel) {
    if (stages.length > 1) {
      throw new InputError({ file: s.file, path: `pipeline.${stages[1]}.match`, message: `stages ${stages.join(' and ')} both call ${model}, so their actual usage cannot be told apart`, fix: 'give each of them a match: block (project, workspace, api_key or tag)' });
    }
  }
  return s.stages.map((st, i) => {
    const own = stageMatch[i]!;
    const models = own.model ?? new Set(st.models.map((sm) => sm.model.ref));
    return { stage: st.name, rows: rows.filter((r) => matches(scenarioMatch, r) && matches({ ...own, model: models }, r)) };
  });
}
