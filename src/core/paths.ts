/**
 * Dotted override paths (spec §2) for `variants`, `--set` and sweeps, applied to the raw scenario
 * data before validation. A pipeline stage and a line item are addressed by name, a model in a
 * mix by its name; segments are matched greedily against the names that exist, so model ids with
 * dots (`gpt-4.1-mini`) need no quoting. A path that names nothing is an error, never a no-op.
 */
import { RESERVED_KEY_FIX, RESERVED_KEYS, reservedKeyMessage } from '../util/reserved.js';
import { didYouMean } from '../util/suggest.js';
import { excerptList, quoted } from '../util/excerpt.js';

export type Segment = string | number;
export type KeysAt = (schemaPath: readonly Segment[]) => readonly string[];

export interface OverrideResult {
  ok: boolean;
  /** The resolved data path (stage/item names replaced by indices). */
  resolved: Segment[];
  message?: string;
  fix?: string;
}

/** Keys whose setting replaces their mutually exclusive siblings. */
const EXCLUSIVE: Record<string, Record<string, string[]>> = {
  traffic: {
    requests_per_day: ['requests_per_month', 'requests_per_user_per_day'],
    requests_per_month: ['requests_per_day', 'requests_per_user_per_day'],
    requests_per_user_per_day: ['requests_per_day', 'requests_per_month'],
  },
  stage: { model: ['models'], models: ['model'] },
  outcomes: { per_request: ['per_month'], per_month: ['per_request'] },
  // a stage's cache storage (fees beyond text tokens): its hours are given one way
  cache_storage: { hours_per_month: ['hours_per_day'], hours_per_day: ['hours_per_month'] },
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The longest candidate that `rest` equals or starts with followed by a dot. */
function matchHead(rest: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const c of candidates) {
    if ((rest === c || rest.startsWith(`${c}.`)) && (best === undefined || c.length > best.length)) best = c;
  }
  return best;
}

function fail(resolved: Segment[], message: string, fix?: string): OverrideResult {
  return { ok: false, resolved, message, ...(fix ? { fix } : {}) };
}

/**
 * Set `path` to `value` in `root` (mutated). `keysAt` gives the schema keys allowed at a schema
 * path, so a key the file leaves to its default can still be set.
 */
export function applyOverride(root: Record<string, unknown>, path: string, value: unknown, keysAt: KeysAt): OverrideResult {
  const resolved: Segment[] = [];
  let node: unknown = root;
  let rest = path.trim();
  let context: 'root' | 'stage' | 'traffic' | 'outcomes' | 'other' = 'root';
  if (rest === '') return fail(resolved, 'the path is empty', 'write a dotted path such as traffic.requests_per_day');
  const reserved = rest.split('.').find((seg) => RESERVED_KEYS.has(seg.trim()));
  if (reserved !== undefined) return fail(resolved, reservedKeyMessage(reserved.trim()), RESERVED_KEY_FIX);

  while (rest !== '') {
    const here = resolved.join('.') || '(top level)';
    if (Array.isArray(node)) {
      // pipeline stages and cost line items are addressed by name
      const names = node.map((el) => (isObj(el) && typeof el.name === 'string' ? el.name : '')).filter(Boolean);
      const head = matchHead(rest, names);
      if (head === undefined) {
        const first = rest.split('.')[0]!;
        const hint = didYouMean(first, names);
        return fail(resolved, `no entry named ${quoted(first)} under ${here}`, hint || `names here: ${excerptList(names) || 'none'}`);
      }
      const idx = node.findIndex((el) => isObj(el) && el.name === head);
      resolved.push(idx);
      node = node[idx];
      rest = rest.slice(head.length + 1);
      context = resolved[0] === 'pipeline' ? 'stage' : 'other';
      if (rest === '') return fail(resolved, `${path} names a whole entry`, 'name one of its keys, e.g. ' + `${path}.${resolved[0] === 'pipeline' ? 'output' : 'monthly'}`);
      continue;
    }
    if (!isObj(node)) return fail(resolved, `${here} is not a mapping, so ${path} names nothing`);

    const schemaKeys = keysAt(resolved);
    const last = resolved[resolved.length - 1];
    const parent = resolved[resolved.length - 2];
    const freeKeys = last === 'tags';
    // model mixes: record form (model → share) or list form ({ id, share, … })
    const isModels = last === 'models' && typeof parent === 'number';
    const candidates = new Set<string>(isModels ? Object.keys(node) : [...schemaKeys, ...(freeKeys ? Object.keys(node) : [])]);
    if (freeKeys) {
      const key = rest;
      resolved.push(key);
      node[key] = value;
      return { ok: true, resolved };
    }
    const head = matchHead(rest, candidates);
    if (head === undefined) {
      const first = rest.split('.')[0]!;
      const hint = didYouMean(first, candidates);
      return fail(
        resolved,
        `${path} names nothing: no key ${quoted(first)} under ${here}`,
        hint || (candidates.size ? `keys here: ${excerptList(candidates)}` : undefined),
      );
    }
    rest = rest.slice(head.length + 1);
    resolved.push(head);
    if (rest === '') {
      const excl = EXCLUSIVE[context === 'stage' ? 'stage' : (last as string)]?.[head];
      if (excl && (context === 'stage' || context === 'traffic' || context === 'outcomes' || (last === 'cache_storage' && typeof parent === 'number'))) for (const k of excl) delete node[k];
      node[head] = value;
      return { ok: true, resolved };
    }
    let child = node[head];
    if (Array.isArray(child) && head === 'models') {
      // list-form mix: `models.<id>` sets its share, `models.<id>.<key>` a per-model key
      const ids = child.map((el) => (isObj(el) && typeof el.id === 'string' ? el.id : ''));
      const id = matchHead(rest, ids.filter(Boolean));
      if (id === undefined) {
        const hint = didYouMean(rest, ids);
        return fail(resolved, `no model ${quoted(rest)} in ${resolved.join('.')}`, hint || `models here: ${excerptList(ids)}`);
      }
      const idx = ids.indexOf(id);
      resolved.push(idx);
      rest = rest.slice(id.length + 1);
      const entry = child[idx] as Record<string, unknown>;
      const key = rest === '' ? 'share' : rest;
      if (!['share', 'output', 'reasoning', 'id'].includes(key)) {
        return fail(resolved, `${path} names nothing: a model entry has id, share, output, reasoning`, didYouMean(key, ['share', 'output', 'reasoning', 'id']) || undefined);
      }
      resolved.push(key);
      entry[key] = value;
      return { ok: true, resolved };
    }
    if (child === undefined || child === null) {
      // a block the file leaves out (e.g. `cache`) is created when a key inside it is set
      if (keysAt(resolved).length === 0) return fail(resolved, `${path} names nothing: ${resolved.join('.')} is not set in the scenario`);
      child = {};
      node[head] = child;
    }
    context = head === 'traffic' ? 'traffic' : head === 'outcomes' ? 'outcomes' : 'other';
    node = child;
  }
  return fail(resolved, `${path} names nothing`);
}

/** Parse `path=value`; the value is read as YAML (numbers, "35%", true, { a: 1 }, [x, y]). */
export function splitAssignment(text: string): { path: string; raw: string } | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0) return undefined;
  return { path: text.slice(0, eq).trim(), raw: text.slice(eq + 1).trim() };
}
