/**
 * OpenTelemetry GenAI spans as an OTLP JSON export (`ExportTraceServiceRequest`: resourceSpans →
 * scopeSpans → spans, attributes as `{ key, value: { stringValue | intValue | … } }`), one document
 * or one per line (the collector's file exporter). Attribute names from the GenAI semantic
 * conventions: `gen_ai.request.model`, `gen_ai.response.model`, `gen_ai.provider.name` (older:
 * `gen_ai.system`), `gen_ai.usage.input_tokens`, `gen_ai.usage.output_tokens`,
 * `gen_ai.usage.cache_read.input_tokens`, `gen_ai.usage.cache_creation.input_tokens` (both
 * included in input_tokens), `gen_ai.operation.name` (`execute_tool` spans are tool calls).
 * One row per model-call span; the trace id groups a request's agent steps. Pure.
 */
import { blankRow, tagString, type ActualRow } from './rows.js';
import { array, at, count, dayOfUnixNanos, excerpt, fail, isObject, object, text, type Where } from './fields.js';
import type { Resolve } from './parse-api.js';

export function sniffOtlp(doc: unknown): boolean {
  return isObject(doc) && Array.isArray(doc.resourceSpans);
}

type Attrs = Map<string, string | number | boolean>;

function attributes(w: Where, o: Record<string, unknown>): Attrs {
  const out: Attrs = new Map();
  if (o.attributes === undefined) return out;
  array(w, o, 'attributes').forEach((a0, i) => {
    const aw = at(w, `attributes[${i}]`);
    const a = object(aw, a0, 'an attribute { key, value }');
    const key = text(aw, a, 'key');
    const v = object(at(aw, 'value'), a.value, 'an attribute value');
    if (typeof v.stringValue === 'string') out.set(key, v.stringValue);
    else if (v.intValue !== undefined) out.set(key, count(at(aw, 'value'), v, 'intValue'));
    else if (typeof v.doubleValue === 'number') out.set(key, v.doubleValue);
    else if (typeof v.boolValue === 'boolean') out.set(key, v.boolValue);
  });
  return out;
}

function attrCount(w: Where, attrs: Attrs, key: string): number {
  const v = attrs.get(key);
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(w, `attributes["${key}"]`, `expected a whole number of tokens ≥ 0, got ${excerpt(v)}`);
  return v;
}

const str = (attrs: Attrs, key: string): string | null => {
  const v = attrs.get(key);
  return typeof v === 'string' && v !== '' ? v : null;
};

export function parseOtlp(w: Where, doc: Record<string, unknown>, resolve: Resolve, out: ActualRow[]): void {
  /** Tool-call spans per trace, attributed to the trace's first model call afterwards. */
  const tools = new Map<string, number>();
  const firstCall = new Map<string, ActualRow>();
  array(w, doc, 'resourceSpans').forEach((rs0, i) => {
    const rw = at(w, `resourceSpans[${i}]`);
    const rs = object(rw, rs0, 'a resourceSpans entry');
    const resource = rs.resource === undefined ? {} : object(at(rw, 'resource'), rs.resource, 'a resource');
    const res = attributes(at(rw, 'resource'), resource);
    const service = str(res, 'service.name');
    array(rw, rs, 'scopeSpans').forEach((ss0, j) => {
      const sw = at(rw, `scopeSpans[${j}]`);
      const ss = object(sw, ss0, 'a scopeSpans entry');
      array(sw, ss, 'spans').forEach((sp0, k) => {
        const pw = at(sw, `spans[${k}]`);
        const sp = object(pw, sp0, 'a span');
        const attrs = attributes(pw, sp);
        const traceId = text(pw, sp, 'traceId');
        const spanId = text(pw, sp, 'spanId');
        if (!/^[0-9a-fA-F]{32}$/.test(traceId)) fail(pw, 'traceId', `expected 32 hex digits, got ${excerpt(traceId)}`);
        if (!/^[0-9a-fA-F]{16}$/.test(spanId)) fail(pw, 'spanId', `expected 16 hex digits, got ${excerpt(spanId)}`);
        const operation = str(attrs, 'gen_ai.operation.name');
        if (operation === 'execute_tool') {
          tools.set(traceId, (tools.get(traceId) ?? 0) + 1);
          return;
        }
        const model = str(attrs, 'gen_ai.response.model') ?? str(attrs, 'gen_ai.request.model');
        if (!model && !attrs.has('gen_ai.usage.input_tokens')) return; // not a model call (an agent or HTTP span)
        if (!model) fail(pw, 'attributes["gen_ai.request.model"]', 'a span with gen_ai.usage.input_tokens must name its model');
        const day = dayOfUnixNanos(pw, sp, 'startTimeUnixNano');
        const inputTotal = attrCount(pw, attrs, 'gen_ai.usage.input_tokens');
        const cacheRead = attrCount(pw, attrs, 'gen_ai.usage.cache_read.input_tokens');
        const cacheWrite = attrCount(pw, attrs, 'gen_ai.usage.cache_creation.input_tokens');
        if (cacheRead + cacheWrite > inputTotal) {
          fail(pw, 'attributes["gen_ai.usage.cache_read.input_tokens"]', `cache tokens (${cacheRead + cacheWrite}) exceed gen_ai.usage.input_tokens (${inputTotal})`, 'the conventions include cache reads and writes in input_tokens');
        }
        const hint = str(attrs, 'gen_ai.provider.name') ?? str(attrs, 'gen_ai.system');
        const m = resolve(model, hint);
        const row = blankRow('otlp', `otlp|${traceId.toLowerCase()}|${spanId.toLowerCase()}`, day);
        row.provider = m.provider;
        row.model = m.model;
        row.model_raw = model;
        row.project = service;
        row.trace_id = traceId.toLowerCase();
        const traceKey = row.trace_id;
        const status = sp.status === undefined ? {} : object(at(pw, 'status'), sp.status, 'a status');
        row.failed = status.code === 2 || status.code === 'STATUS_CODE_ERROR' ? 1 : 0;
        row.traces = 0;
        row.tags = tagString({ operation: operation ?? undefined, env: str(res, 'deployment.environment.name') ?? str(res, 'deployment.environment') ?? undefined });
        row.requests = 1;
        row.input = inputTotal - cacheRead - cacheWrite;
        row.cache_read = cacheRead;
        row.cache_write_5m = cacheWrite;
        row.output = attrCount(pw, attrs, 'gen_ai.usage.output_tokens');
        out.push(row);
        if (!firstCall.has(traceKey)) {
          firstCall.set(traceKey, row);
          row.traces = 1;
        }
      });
    });
  });
  for (const [trace, n] of tools) {
    const row = firstCall.get(trace);
    if (row) row.tool_calls += n;
  }
}
