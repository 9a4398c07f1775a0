/**
 * A loaded scenario changed at a few dotted paths (spec §2) without loading it again: `sweep`,
 * `sensitivity` and `levers` evaluate one scenario at dozens of points, and a full reload (copy of
 * the raw data, every override again, the whole schema, every stage, the rules, two estimates) was
 * most of their time. Only the plain numbers whose effect is local are patched here — a stage's
 * counts and rates, a cache's hit rate, a numeric input part, a model's share or tokens in a mix,
 * a traffic volume, a line item's amount — each checked by the schema of its own key (the check
 * the full load would make of it) and written into copies of the objects on its path only. Any
 * other change, or anything the full load would reject or warn about differently, gives
 * `undefined`: the caller then reloads in full, which gives the exact result or error message.
 * test/whatif/scenario-patch.test.ts checks, for random paths and values, that a patched report
 * is the report of a full reload.
 */
import type { Scenario, Stage, StageModel, LineItem } from '../core/model.js';
import { SHARE_TOLERANCE } from '../core/model.js';
import { estimateScenario } from '../core/estimate.js';
import { applyOverride, type KeysAt, type Segment } from '../core/paths.js';
import type { ScenarioReport } from '../schema/report.js';
import { INPUT_PARTS, scenarioSchemas } from '../schema/scenario.js';
import { rate } from '../schema/common.js';
import { buildTraffic } from './scenario.js';
import { reportFinite } from './report-finite.js';

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Checker {
  safeParse(v: unknown): { success: true; data: unknown } | { success: false };
}
const shapeOf = (s: unknown): Record<string, Checker> => (s as { def: { shape: Record<string, Checker> } }).def.shape;

/** Stage keys that set one number of the resolved stage (load/scenario.ts buildStages). */
const STAGE_FIELDS: Record<string, keyof Stage> = {
  share_of_requests: 'shareOfRequests',
  agent_steps: 'agentSteps',
  context_growth_per_step: 'contextGrowthPerStep',
  response_cache_hit_rate: 'responseCacheHitRate',
  batch_share: 'batchShare',
  retry_rate: 'retryRate',
  max_retries: 'maxRetries',
};
/** Line item keys and the field each sets (only when the item already gives the key: its kind stays). */
const ITEM_FIELDS: Record<string, string> = {
  monthly: 'monthly',
  per_request: 'perRequest',
  per_user: 'perUser',
  minutes: 'minutes',
  hourly_rate: 'hourlyRate',
  share_of_requests: 'shareOfRequests',
  tokens_per_month: 'tokensPerMonth',
};
const TRAFFIC_KEYS = new Set(['requests_per_day', 'requests_per_month', 'users', 'requests_per_user_per_day', 'days_per_month']);

const same = (a: readonly Segment[], b: readonly Segment[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/** A number the key's schema accepts (its output, e.g. "35%" → 0.35), or undefined. */
function checked(schema: Checker | undefined, v: unknown): number | undefined {
  // distributions and other shapes are the full load's to resolve
  if (schema === undefined || (typeof v !== 'number' && typeof v !== 'string')) return undefined;
  const r = schema.safeParse(v);
  return r.success && typeof r.data === 'number' ? r.data : undefined;
}

function valueAt(root: unknown, path: readonly Segment[]): unknown {
  let node = root;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === 'number') node = node[seg];
    else if (isObj(node)) node = node[String(seg)];
    else return undefined;
  }
  return node;
}

export class ScenarioPatcher {
  private readonly resolvedOf = new Map<string, Segment[] | null>();
  /** A copy of the raw data to run the override engine on (resolve). */
  private scratch: Raw | undefined;

  /**
   * @param base the scenario as loaded (after --variant and --set), with no distributions
   * @param raw the raw data it was loaded from, after the same overrides (never changed here)
   */
  constructor(
    readonly base: Scenario,
    private readonly raw: Raw,
    private readonly keysAt: KeysAt,
  ) {}

  /** The estimate of the scenario with these assignments made after its own, or undefined: reload in full. */
  estimate(assignments: readonly { path: string; value: unknown }[]): ScenarioReport | undefined {
    const s = this.scenario(assignments);
    if (!s) return undefined;
    const report = estimateScenario(s);
    // an overflow is the full load's to report, with its message (findOverflow finds none in a report of finite numbers)
    return reportFinite(report) ? report : undefined;
  }

  /** The scenario with these assignments made, as a full reload would resolve it, or undefined. */
  scenario(assignments: readonly { path: string; value: unknown }[]): Scenario | undefined {
    // Only a traffic key runs the override engine again (on copies along its path): setting one
    // volume removes the others, and the traffic block is checked whole. Every other patched key is
    // a number at the end of a path whose containers the raw data has (resolve checks that once), which
    // the engine would only write there, so its value is taken as it is.
    let root: Raw = this.raw;
    const touched: Touched[] = [];
    for (const { path, value } of assignments) {
      const resolved = this.resolve(path);
      if (!resolved) return undefined;
      if (resolved[0] === 'traffic') {
        const copy = copyAlong(root, resolved);
        if (!copy) return undefined;
        root = copy;
        const r = applyOverride(root, path, value, this.keysAt);
        if (!r.ok || !same(r.resolved, resolved)) return undefined;
      }
      touched.push({ path: resolved, value });
    }
    return this.patch(root, lastValues(touched));
  }

  /**
   * Where a path lands in the raw data, once per path: the override engine run on a scratch copy of
   * the raw data, whose changed container is then copied back from the raw data (a run that fails,
   * or creates a block the raw data lacks, drops the scratch copy instead).
   */
  private resolve(path: string): Segment[] | undefined {
    let r = this.resolvedOf.get(path);
    if (r === undefined) {
      const scratch = (this.scratch ??= structuredClone(this.raw));
      const out = applyOverride(scratch, path, 0, this.keysAt);
      // a path that crosses something the raw data lacks would create it: the full load's case
      r = out.ok && containersExist(this.raw, out.resolved) ? out.resolved : null;
      this.resolvedOf.set(path, r);
      if (!r || !restore(scratch, this.raw, r)) this.scratch = undefined;
    }
    return r ?? undefined;
  }

  private patch(root: Raw, touched: readonly Touched[]): Scenario | undefined {
    const base = this.base;
    const stages = base.stages.slice();
    const lineItems = base.lineItems.slice();
    let traffic = base.traffic;
    const mixes = new Set<number>();
    const schemas = scenarioSchemas();
    for (const { path, value } of touched) {
      const [top, i, key, sub, leaf] = path;
      if (top === 'traffic' && path.length === 2 && TRAFFIC_KEYS.has(String(i))) {
        const t = schemas.trafficSchema.safeParse(root.traffic);
        if (!t.success) return undefined;
        let ok = true;
        const built = buildTraffic({ traffic: t.data }, () => (ok = false));
        if (!ok || !built) return undefined;
        if (built.users === null && lineItems.some((li) => li.kind === 'per_user')) return undefined;
        traffic = built;
        continue;
      }
      if (top === 'costs' && typeof i === 'number' && path.length === 3) {
        const field = ITEM_FIELDS[String(key)];
        const before = (this.raw.costs as unknown[])[i];
        const item = lineItems[i];
        if (!field || !item || !isObj(before) || before[String(key)] === undefined || item.name !== before.name || !(field in item)) return undefined;
        const v = checked(shapeOf(schemas.lineItemSchema)[String(key)], value);
        if (v === undefined) return undefined;
        lineItems[i] = { ...item, [field]: v } as LineItem;
        continue;
      }
      if (top !== 'pipeline' || typeof i !== 'number') return undefined;
      const rawStage = (this.raw.pipeline as unknown[])[i];
      const stage = stages[i];
      if (!stage || !isObj(rawStage) || rawStage.name !== stage.name) return undefined;
      // a stage with prompt files counts its input per model: the full load's to do
      if (isObj(rawStage.input) && INPUT_PARTS.some((p) => isObj((rawStage.input as Raw)[p]))) return undefined;
      const field = STAGE_FIELDS[String(key)];
      if (field && path.length === 3) {
        const v = checked(shapeOf(schemas.stageSchema)[String(key)], value);
        if (v === undefined) return undefined;
        stages[i] = { ...stage, [field]: v };
      } else if ((key === 'output' || key === 'reasoning') && path.length === 3) {
        const v = checked(shapeOf(schemas.stageSchema)[key], value);
        if (v === undefined) return undefined;
        // models without tokens of their own take the stage's (buildStages); a model given its own by
        // this change keeps it, before or after the stage's (the change's last value is applied below)
        const own = Array.isArray(rawStage.models) ? rawStage.models.map((e) => (isObj(e) ? e[key] : undefined)) : [];
        const setOwn = (k: number) => touched.some((t) => t.path.length === 5 && t.path[1] === i && t.path[2] === 'models' && t.path[3] === k && t.path[4] === key);
        const models = stage.models.map((sm, k) => (own[k] === undefined && !setOwn(k) ? { ...sm, [key]: v } : sm));
        stages[i] = { ...stage, [key]: v, models };
      } else if (key === 'cache' && sub === 'hit_rate' && path.length === 4 && stage.cache) {
        const v = checked(shapeOf(schemas.cacheSchema).hit_rate, value);
        if (v === undefined) return undefined;
        stages[i] = { ...stage, cache: { ...stage.cache, hitRate: v } };
      } else if (key === 'input' && path.length === 4 && (INPUT_PARTS as readonly unknown[]).includes(sub)) {
        const v = checked(schemas.inputPartSchema, value);
        if (v === undefined) return undefined;
        stages[i] = { ...stage, input: { ...stage.input, [sub as string]: v } };
      } else if (key === 'models' && isObj(rawStage.models) && path.length === 4) {
        const k = Object.keys(rawStage.models).indexOf(String(sub));
        const v = checked(rate(), value);
        if (k < 0 || v === undefined || stage.models[k]?.name !== sub) return undefined;
        stages[i] = { ...stage, models: withModel(stage.models, k, { share: v }) };
        mixes.add(i);
      } else if (key === 'models' && Array.isArray(rawStage.models) && typeof sub === 'number' && path.length === 5 && (leaf === 'share' || leaf === 'output' || leaf === 'reasoning')) {
        const v = checked(shapeOf(schemas.modelEntrySchema)[leaf], value);
        if (v === undefined || !stage.models[sub]) return undefined;
        stages[i] = { ...stage, models: withModel(stage.models, sub, { [leaf]: v }) };
        mixes.add(i);
      } else return undefined;
    }
    // the shares of a changed mix still sum to 1 (buildStages' check, in its order)
    for (const i of mixes) {
      const sum = stages[i]!.models.reduce((a, m) => a + m.share, 0);
      if (Math.abs(sum - 1) > SHARE_TOLERANCE) return undefined;
    }
    return { ...base, traffic, stages, lineItems, warnings: [...base.warnings] };
  }
}

interface Touched {
  /** The resolved data path (stage and item names as indices). */
  path: Segment[];
  value: unknown;
}

/**
 * Each path once, where it was first set, with the value it was set to last (as the override engine
 * leaves the raw data: a later assignment to a path replaces an earlier one).
 */
function lastValues(touched: Touched[]): Touched[] {
  if (touched.length < 2) return touched;
  const at = new Map<string, number>();
  const out: Touched[] = [];
  for (const t of touched) {
    const key = t.path.join('\u0000');
    const k = at.get(key);
    if (k === undefined) {
      at.set(key, out.length);
      out.push(t);
    } else out[k] = { path: out[k]!.path, value: t.value };
  }
  return out;
}

/** Whether every container along `path` (all but its last segment) is in `raw`: an override along it creates nothing. */
function containersExist(raw: Raw, path: readonly Segment[]): boolean {
  let node: unknown = raw;
  for (let k = 0; k < path.length - 1; k++) {
    const seg = path[k]!;
    node = Array.isArray(node) ? node[seg as number] : isObj(node) ? node[String(seg)] : undefined;
    if (typeof node !== 'object' || node === null) return false;
  }
  return true;
}

function withModel(models: readonly StageModel[], k: number, change: Partial<StageModel>): StageModel[] {
  const out = models.slice();
  out[k] = { ...out[k]!, ...change };
  return out;
}

/**
 * Puts back in `scratch` (a deep copy of `raw`) the container an override along `path` changed: a
 * copy of the raw data's. False when the path crosses something the raw data lacks.
 */
function restore(scratch: Raw, raw: Raw, path: readonly Segment[]): boolean {
  let into: unknown = scratch;
  let from: unknown = raw;
  for (let k = 0; k < path.length - 2; k++) {
    into = valueAt(into, [path[k]!]);
    from = valueAt(from, [path[k]!]);
    if (typeof from !== 'object' || from === null || typeof into !== 'object' || into === null) return false;
  }
  const seg = path[path.length - 2]!;
  const original = valueAt(from, [seg]);
  if (typeof original !== 'object' || original === null) return false;
  (into as Record<string | number, unknown>)[seg] = structuredClone(original);
  return true;
}

/**
 * `root` with every object on `path` (all but its last segment) copied, so an override along it
 * changes the copies only; undefined when the path crosses something missing (the override would
 * create it: the full load's case).
 */
function copyAlong(root: Raw, path: readonly Segment[]): Raw | undefined {
  const top: Raw = { ...root };
  let node: Raw | unknown[] = top;
  for (let k = 0; k < path.length - 1; k++) {
    const seg = path[k]!;
    const child: unknown = Array.isArray(node) ? node[seg as number] : node[String(seg)];
    let copy: Raw | unknown[];
    if (Array.isArray(child)) copy = child.slice();
    else if (isObj(child)) copy = { ...child };
    else return undefined;
    if (Array.isArray(node)) node[seg as number] = copy;
    else node[String(seg)] = copy;
    node = copy;
  }
  return top;
}
