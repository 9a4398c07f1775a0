/**
 * The providers' usage and cost API pages, as saved JSON (one page, a list of pages, or one page
 * per line): field names exactly as the providers document them (docs/actuals.md cites each).
 * - OpenAI `GET /v1/organization/usage/completions`: page → buckets (`start_time`) → results
 *   `organization.usage.completions.result`.
 * - OpenAI `GET /v1/organization/costs`: results `organization.costs.result` (`amount.value`, `amount.currency`, `line_item`).
 * - Anthropic `GET /v1/organizations/usage_report/messages`: buckets (`starting_at`) → results
 *   with `uncached_input_tokens`, `cache_read_input_tokens`, `cache_creation.ephemeral_5m/1h_input_tokens`, …
 * - Anthropic `GET /v1/organizations/cost_report`: results with `amount` (a decimal string in cents), `currency`, `token_type`, …
 * Pure: parsed JSON in, rows out (or an InputError naming file, path and field).
 */
import { blankRow, type ActualRow, type Source } from './rows.js';
import { array, at, bool, count, dayOfRfc3339, dayOfUnixSeconds, fail, isObject, money, object, text, type Where } from './fields.js';
import type { CanonicalModel } from './models.js';

export type Resolve = (raw: string, providerHint: string | null) => CanonicalModel;

/** Which API page a parsed JSON document is, by the documented `object` discriminators and field names. */
export function sniffApiPage(doc: unknown): Source | 'empty-page' | null {
  if (!isObject(doc) || !Array.isArray(doc.data)) return null;
  for (const bucket of doc.data) {
    if (!isObject(bucket) || !Array.isArray(bucket.results)) continue;
    for (const r of bucket.results) {
      if (!isObject(r)) continue;
      if (r.object === 'organization.usage.completions.result') return 'openai-usage';
      if (r.object === 'organization.costs.result') return 'openai-costs';
      if ('uncached_input_tokens' in r || 'cache_creation' in r) return 'anthropic-usage';
      if ('amount' in r && 'currency' in r) return 'anthropic-cost';
    }
  }
  if (doc.object === 'page' && doc.data.every((b) => isObject(b) && b.object === 'bucket')) return 'empty-page';
  if (doc.data.every((b) => isObject(b) && 'starting_at' in b)) return 'empty-page';
  return null;
}

/**
 * A row's identity: its fields joined with `|`, each with `\` and `|` escaped (`\\`, `\|`) so
 * two different rows never share one ("u|k" + "m" is not "u" + "k|m"). A field with neither
 * character is written as it is, so every identity stored before the escaping was added is
 * unchanged and a re-import does not count those rows twice. null is written as "".
 */
export const keyOf = (...parts: (string | number | boolean | null)[]): string => parts.map((p) => identityPart(p === null ? '' : String(p))).join('|');

/** One field of an identity: `\` → `\\`, `|` → `\|`. */
export const identityPart = (s: string): string => (/[|\\]/.test(s) ? s.replace(/[|\\]/g, (c) => `\\${c}`) : s);

function buckets(w: Where, page: Record<string, unknown>): { w: Where; bucket: Record<string, unknown>; results: unknown[] }[] {
  return array(w, page, 'data').map((b, i) => {
    const bw = at(w, `data[${i}]`);
    const bucket = object(bw, b, 'a time bucket');
    return { w: bw, bucket, results: array(bw, bucket, 'results') };
  });
}

export function parseOpenAiUsage(w: Where, page: Record<string, unknown>, resolve: Resolve, out: ActualRow[]): void {
  for (const { w: bw, bucket, results } of buckets(w, page)) {
    const day = dayOfUnixSeconds(bw, bucket, 'start_time');
    const start = bucket.start_time as number;
    results.forEach((r0, j) => {
      const rw = at(bw, `results[${j}]`);
      const r = object(rw, r0, 'a usage result');
      if (r.object !== 'organization.usage.completions.result') fail(rw, 'object', `expected "organization.usage.completions.result" (only completions usage is read), got ${JSON.stringify(String(r.object)).slice(0, 60)}`);
      const inputTotal = count(rw, r, 'input_tokens');
      const cached = count(rw, r, 'input_cached_tokens', true);
      const written = count(rw, r, 'input_cache_write_tokens', true);
      if (cached + written > inputTotal) fail(rw, 'input_cached_tokens', `cached (${cached}) and cache-write (${written}) tokens exceed input_tokens (${inputTotal})`, 'input_tokens includes cached and cache-write tokens');
      const model = text(rw, r, 'model', true);
      const project = text(rw, r, 'project_id', true);
      const apiKey = text(rw, r, 'api_key_id', true);
      const user = text(rw, r, 'user_id', true);
      const batch = bool(rw, r, 'batch');
      const tier = text(rw, r, 'service_tier', true);
      const row = blankRow('openai-usage', keyOf('openai-usage', start, project, user, apiKey, model, batch, tier), day);
      const m = model ? resolve(model, 'openai') : null;
      row.provider = m?.provider ?? 'openai';
      row.model = m?.model ?? null;
      row.model_raw = model;
      row.project = project;
      row.api_key = apiKey;
      row.tags = user ? `user=${user.replace(/[;=]/g, ',')}` : null;
      row.service_tier = batch ? 'batch' : tier;
      row.requests = count(rw, r, 'num_model_requests');
      row.input = inputTotal - cached - written;
      row.cache_read = cached;
      row.cache_write_5m = written;
      row.output = count(rw, r, 'output_tokens');
      row.audio = count(rw, r, 'input_audio_tokens', true) + count(rw, r, 'input_cached_audio_tokens', true) + count(rw, r, 'output_audio_tokens', true);
      out.push(row);
    });
  }
}

export function parseOpenAiCosts(w: Where, page: Record<string, unknown>, resolve: Resolve, out: ActualRow[]): void {
  for (const { w: bw, bucket, results } of buckets(w, page)) {
    const day = dayOfUnixSeconds(bw, bucket, 'start_time');
    const start = bucket.start_time as number;
    results.forEach((r0, j) => {
      const rw = at(bw, `results[${j}]`);
      const r = object(rw, r0, 'a costs result');
      if (r.object !== 'organization.costs.result') fail(rw, 'object', 'expected "organization.costs.result"');
      const aw = at(rw, 'amount');
      const amount = object(aw, r.amount, 'an amount { value, currency }');
      const value = money(aw, amount, 'value');
      const currency = text(aw, amount, 'currency').toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency)) fail(aw, 'currency', `expected a three-letter currency code such as "usd", got ${JSON.stringify(currency).slice(0, 20)}`);
      const lineItem = text(rw, r, 'line_item', true);
      const project = text(rw, r, 'project_id', true);
      const apiKey = text(rw, r, 'api_key_id', true);
      const row = blankRow('openai-costs', keyOf('openai-costs', start, project, apiKey, lineItem), day);
      // A line item reads "<model>, <token kind>" (e.g. "gpt-4o-mini-2024-07-18, input"): the model is
      // taken from it only when the catalogues know that name.
      const named = lineItem ? lineItem.split(',')[0]!.trim() : '';
      const m = named ? resolve(named, 'openai') : null;
      row.provider = 'openai';
      row.model = m?.known ? m.model : null;
      row.model_raw = lineItem;
      row.project = project;
      row.api_key = apiKey;
      row.billed_cost = value;
      row.currency = currency;
      out.push(row);
    });
  }
}

export function parseAnthropicUsage(w: Where, page: Record<string, unknown>, resolve: Resolve, out: ActualRow[]): void {
  for (const { w: bw, bucket, results } of buckets(w, page)) {
    const day = dayOfRfc3339(bw, bucket, 'starting_at');
    const start = bucket.starting_at as string;
    results.forEach((r0, j) => {
      const rw = at(bw, `results[${j}]`);
      const r = object(rw, r0, 'a usage result');
      const cw = at(rw, 'cache_creation');
      const creation = r.cache_creation === undefined || r.cache_creation === null ? {} : object(cw, r.cache_creation, 'cache_creation { ephemeral_1h_input_tokens, ephemeral_5m_input_tokens }');
      const tools = r.server_tool_use === undefined || r.server_tool_use === null ? {} : object(at(rw, 'server_tool_use'), r.server_tool_use, 'server_tool_use { web_search_requests }');
      const model = text(rw, r, 'model', true);
      const apiKey = text(rw, r, 'api_key_id', true);
      const workspace = text(rw, r, 'workspace_id', true);
      const tier = text(rw, r, 'service_tier', true);
      const window = text(rw, r, 'context_window', true);
      const row = blankRow('anthropic-usage', keyOf('anthropic-usage', start, apiKey, workspace, model, tier, window), day);
      const m = model ? resolve(model, 'anthropic') : null;
      row.provider = m?.provider ?? 'anthropic';
      row.model = m?.model ?? null;
      row.model_raw = model;
      row.api_key = apiKey;
      row.workspace = workspace;
      row.service_tier = tier;
      row.tags = window ? `context_window=${window}` : null;
      row.input = count(rw, r, 'uncached_input_tokens');
      row.cache_read = count(rw, r, 'cache_read_input_tokens', true);
      row.cache_write_5m = count(cw, creation, 'ephemeral_5m_input_tokens', true);
      row.cache_write_1h = count(cw, creation, 'ephemeral_1h_input_tokens', true);
      row.output = count(rw, r, 'output_tokens');
      row.tool_calls = count(at(rw, 'server_tool_use'), tools, 'web_search_requests', true);
      out.push(row);
    });
  }
}

export function parseAnthropicCost(w: Where, page: Record<string, unknown>, resolve: Resolve, out: ActualRow[]): void {
  for (const { w: bw, bucket, results } of buckets(w, page)) {
    const day = dayOfRfc3339(bw, bucket, 'starting_at');
    const start = bucket.starting_at as string;
    results.forEach((r0, j) => {
      const rw = at(bw, `results[${j}]`);
      const r = object(rw, r0, 'a cost result');
      // "Cost amount in lowest currency units (e.g. cents) as a decimal string"
      const cents = money(rw, r, 'amount', true);
      const currency = text(rw, r, 'currency').toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency)) fail(rw, 'currency', `expected a three-letter currency code such as "USD"`);
      const model = text(rw, r, 'model', true);
      const workspace = text(rw, r, 'workspace_id', true);
      const description = text(rw, r, 'description', true);
      const tier = text(rw, r, 'service_tier', true);
      const tokenType = text(rw, r, 'token_type', true);
      const costType = text(rw, r, 'cost_type', true);
      const window = text(rw, r, 'context_window', true);
      const row = blankRow('anthropic-cost', keyOf('anthropic-cost', start, workspace, description, model, tier, tokenType, costType, window), day);
      const m = model ? resolve(model, 'anthropic') : null;
      row.provider = m?.provider ?? 'anthropic';
      row.model = m?.model ?? null;
      row.model_raw = model;
      row.workspace = workspace;
      row.service_tier = tier;
      row.tags = [costType ? `cost_type=${costType}` : '', tokenType ? `token_type=${tokenType}` : ''].filter(Boolean).join(';') || null;
      row.billed_cost = cents / 100;
      row.currency = currency;
      out.push(row);
    });
  }
}

export const API_PARSERS: Record<'openai-usage' | 'openai-costs' | 'anthropic-usage' | 'anthropic-cost', (w: Where, page: Record<string, unknown>, resolve: Resolve, out: ActualRow[]) => void> = {
  'openai-usage': parseOpenAiUsage,
  'openai-costs': parseOpenAiCosts,
  'anthropic-usage': parseAnthropicUsage,
  'anthropic-cost': parseAnthropicCost,
};
