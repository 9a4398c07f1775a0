#!/usr/bin/env node
// Writes realistic usage exports, in every format `aifinops actuals import` reads, from a known
// traffic pattern with noise (seeded: the same seed writes the same files), plus one damaged
// variant per format. Field names follow the providers' documentation (docs/actuals.md).
//   node scripts/actuals-fixtures.mjs [out-dir] [--days N] [--start YYYY-MM-DD] [--seed N]   (FOCUS Parquet needs @duckdb/node-api)
//   node scripts/actuals-fixtures.mjs --litellm-rows N out.csv   (a large request-level log, streamed)
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
const USAGE = `usage: node scripts/actuals-fixtures.mjs [out-dir] [--days N] [--start YYYY-MM-DD] [--seed N]
       node scripts/actuals-fixtures.mjs --scenario FILE [--days N] [--start YYYY-MM-DD] [--growth R] [--noise R]
                                         [--format openai-usage|otlp] [--project ID] [--requests N] out-file
       node scripts/actuals-fixtures.mjs --litellm-rows N out.csv`;
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const opt = (name, def) => {
  const i = args.indexOf(name);
  if (i === -1) return def;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const days = Number(opt('--days', '3'));
const start = opt('--start', '2025-06-01');
const seed = Number(opt('--seed', '7'));
const bigRows = opt('--litellm-rows', null);
const scenarioFile = opt('--scenario', null);
const growth = Number(opt('--growth', '0'));
const spread = Number(opt('--noise', '0.1'));
const format = opt('--format', 'openai-usage');
const project = opt('--project', 'proj_roundtrip');
const requests = Number(opt('--requests', '300'));
if (format !== 'openai-usage' && format !== 'otlp') {
  console.error(`actuals-fixtures: --format is openai-usage or otlp, got ${JSON.stringify(String(format).slice(0, 40))}`);
  process.exit(2);
}
const unknown = args.find((a) => a.startsWith('-'));
if (unknown !== undefined) {
  console.error(`actuals-fixtures: unknown option ${JSON.stringify(unknown.slice(0, 40))}\n${USAGE}`);
  process.exit(2);
}

/** A small seeded generator (mulberry32). */
function rng(s) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(seed);
/** Multiplicative noise around 1 with the given relative spread. */
const noise = (spread) => 1 + (rand() * 2 - 1) * spread;
const hex = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const dayMs = 86_400_000;
const t0 = Date.parse(`${start}T00:00:00Z`);
const dayOf = (d) => new Date(t0 + d * dayMs).toISOString().slice(0, 10);

/** The known traffic: calls a day, tokens per call, cache hit rate, per model. */
export const TRUTH = {
  openai: [
    { model: 'gpt-5-mini-2025-08-07', calls: 1200, input: 1800, cached: 0.6, output: 300, project: 'proj_support', key: 'key_support' },
    { model: 'gpt-5-2025-08-07', calls: 150, input: 2400, cached: 0.4, output: 500, project: 'proj_support', key: 'key_support' },
  ],
  anthropic: [
    { model: 'claude-haiku-4-5-20251001', calls: 900, input: 500, cacheRead: 3000, write5m: 400, write1h: 0, output: 280, workspace: 'wrkspc_support', key: 'apikey_support' },
    { model: 'claude-sonnet-4-6', calls: 100, input: 700, cacheRead: 3000, write5m: 500, write1h: 200, output: 420, workspace: 'wrkspc_support', key: 'apikey_support' },
  ],
};
/** Prices per 1M tokens used for the cost exports (the bundled catalogue's, at the time of writing). */
const PRICE = {
  'gpt-5-mini-2025-08-07': { input: 0.25, cached: 0.025, output: 2 },
  'gpt-5-2025-08-07': { input: 1.25, cached: 0.125, output: 10 },
  'claude-haiku-4-5-20251001': { input: 1, cache_read: 0.1, write5m: 1.25, write1h: 2, output: 5 },
  'claude-sonnet-4-6': { input: 3, cache_read: 0.3, write5m: 3.75, write1h: 6, output: 15 },
};

function openaiUsage() {
  const data = [];
  for (let d = 0; d < days; d++) {
    const st = t0 / 1000 + d * 86400;
    const results = TRUTH.openai.map((m) => {
      const n = Math.round(m.calls * noise(0.1));
      const input = Math.round(n * m.input * noise(0.03));
      const cached = Math.round(input * m.cached * noise(0.02));
      return {
        object: 'organization.usage.completions.result',
        input_tokens: input, output_tokens: Math.round(n * m.output * noise(0.03)), input_cached_tokens: cached,
        input_audio_tokens: 0, output_audio_tokens: 0, num_model_requests: n,
        project_id: m.project, user_id: null, api_key_id: m.key, model: m.model, batch: false, service_tier: null,
      };
    });
    data.push({ object: 'bucket', start_time: st, end_time: st + 86400, results });
  }
  return { object: 'page', data, has_more: false, next_page: null };
}

function openaiCosts(usage) {
  const data = usage.data.map((b) => ({
    object: 'bucket', start_time: b.start_time, end_time: b.end_time,
    results: b.results.flatMap((r) => {
      const p = PRICE[r.model];
      const lines = [
        [`${r.model}, input`, ((r.input_tokens - r.input_cached_tokens) * p.input) / 1e6],
        [`${r.model}, cached input`, (r.input_cached_tokens * p.cached) / 1e6],
        [`${r.model}, output`, (r.output_tokens * p.output) / 1e6],
      ];
      return lines.map(([line_item, value]) => ({ object: 'organization.costs.result', amount: { value: Number(value.toFixed(6)), currency: 'usd' }, line_item, project_id: r.project_id, api_key_id: null }));
    }),
  }));
  return { object: 'page', data, has_more: false, next_page: null };
}

function anthropicUsage() {
  const data = [];
  for (let d = 0; d < days; d++) {
    const results = TRUTH.anthropic.map((m) => {
      const n = m.calls * noise(0.1);
      return {
        api_key_id: m.key,
        cache_creation: { ephemeral_1h_input_tokens: Math.round(n * m.write1h * noise(0.05)), ephemeral_5m_input_tokens: Math.round(n * m.write5m * noise(0.05)) },
        cache_read_input_tokens: Math.round(n * m.cacheRead * noise(0.03)),
        context_window: '0-200k', model: m.model, output_tokens: Math.round(n * m.output * noise(0.03)),
        server_tool_use: { web_search_requests: 0 }, service_tier: 'standard',
        uncached_input_tokens: Math.round(n * m.input * noise(0.03)), workspace_id: m.workspace,
      };
    });
    data.push({ starting_at: `${dayOf(d)}T00:00:00Z`, ending_at: `${dayOf(d + 1)}T00:00:00Z`, results });
  }
  return { data, has_more: false, next_page: null };
}

/** The cost report for the usage above; `overcharge` multiplies one day's amounts (a billing error to audit). */
function anthropicCost(usage, overcharge = { day: 1, factor: 1.03 }) {
  const data = usage.data.map((b, d) => ({
    starting_at: b.starting_at, ending_at: b.ending_at,
    results: b.results.flatMap((r) => {
      const p = PRICE[r.model];
      const f = d === overcharge.day ? overcharge.factor : 1;
      const items = [
        ['uncached_input_tokens', 'Input Tokens', r.uncached_input_tokens * p.input],
        ['cache_read_input_tokens', 'Cache Read Input Tokens', r.cache_read_input_tokens * p.cache_read],
        ['cache_creation.ephemeral_5m_input_tokens', 'Cache Write (5m) Input Tokens', r.cache_creation.ephemeral_5m_input_tokens * p.write5m],
        ['cache_creation.ephemeral_1h_input_tokens', 'Cache Write (1h) Input Tokens', r.cache_creation.ephemeral_1h_input_tokens * p.write1h],
        ['output_tokens', 'Output Tokens', r.output_tokens * p.output],
      ];
      return items.map(([token_type, what, dollarsPerM]) => ({
        amount: ((dollarsPerM / 1e6) * 100 * f).toFixed(5), context_window: '0-200k', cost_type: 'tokens', currency: 'USD',
        description: `${r.model} Usage - ${what}`, model: r.model, service_tier: 'standard', token_type, workspace_id: r.workspace_id,
      }));
    }),
  }));
  return { data, has_more: false, next_page: null };
}

const FOCUS_HEADER = ['BilledCost', 'BillingAccountId', 'BillingCurrency', 'ChargeCategory', 'ChargeDescription', 'ChargePeriodEnd', 'ChargePeriodStart', 'ConsumedQuantity', 'ConsumedUnit', 'EffectiveCost', 'ListCost', 'ProviderName', 'ResourceId', 'ServiceName', 'SkuId', 'SubAccountId', 'SubAccountName', 'Tags'];
const csvCell = (v) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

function focusCsv() {
  const rows = [FOCUS_HEADER.join(',')];
  const resource = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0';
  for (let d = 0; d < days; d++) {
    const n = 400 * noise(0.1);
    // the bundled catalogue's In-Region Bedrock prices for Claude Haiku 4.5: $1.10 / $5.50 per 1M
    for (const [kind, per, price] of [['input', 2500, 1.1], ['output', 250, 5.5]]) {
      const qty = Math.round(n * per * noise(0.03));
      const cost = ((qty / 1e6) * price).toFixed(6);
      rows.push([cost, '123456789012', 'USD', 'Usage', `Claude Haiku 4.5 ${kind} tokens`, `${dayOf(d + 1)}T00:00:00Z`, `${dayOf(d)}T00:00:00Z`, qty, 'Tokens', cost, cost, 'AWS', resource, 'Amazon Bedrock', `USE1-ClaudeHaiku45-${kind}-tokens`, '210987654321', 'support-prod', '{"team":"support","env":"prod"}'].map(csvCell).join(','));
    }
    rows.push(['0.42', '123456789012', 'USD', 'Usage', 'EC2 t3.small', `${dayOf(d + 1)}T00:00:00Z`, `${dayOf(d)}T00:00:00Z`, 24, 'Hours', '0.42', '0.50', 'AWS', 'i-0abc', 'Amazon Elastic Compute Cloud', 'USE1-BoxUsage:t3.small', '210987654321', 'support-prod', '{}'].map(csvCell).join(','));
  }
  return `${rows.join('\n')}\n`;
}

const LITELLM_HEADER = ['request_id', 'call_type', 'api_key', 'spend', 'total_tokens', 'prompt_tokens', 'completion_tokens', 'startTime', 'endTime', 'model', 'model_group', 'custom_llm_provider', 'user', 'metadata', 'cache_hit', 'request_tags', 'team_id', 'organization_id', 'end_user', 'session_id', 'status'];

function litellmRow(i, dayIndex, r = rand) {
  const m = r() < 0.8 ? { model: 'gpt-5-mini', p: PRICE['gpt-5-mini-2025-08-07'] } : { model: 'gpt-5', p: PRICE['gpt-5-2025-08-07'] };
  const failed = r() < 0.03;
  // a failed call (status failure) consumed no tokens and cost nothing
  const prompt = failed ? 0 : Math.round(1800 * (0.8 + r() * 0.4));
  const completion = failed ? 0 : Math.round(300 * (0.8 + r() * 0.4));
  const ts = new Date(t0 + dayIndex * dayMs + Math.floor(r() * dayMs));
  const spend = failed ? 0 : (prompt * m.p.input + completion * m.p.output) / 1e6;
  const session = `sess-${Math.floor(i / 2)}`;
  return [`req-${i}`, 'acompletion', '88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b', spend.toFixed(8), prompt + completion, prompt, completion,
    ts.toISOString(), new Date(ts.getTime() + 1500).toISOString(), m.model, m.model, 'openai', 'user-1', '{}', 'False', '["feature:search"]', 'team-support', 'org-acme', '', session, failed ? 'failure' : 'success'].map(csvCell).join(',');
}

function litellmCsv(n) {
  const rows = [LITELLM_HEADER.join(',')];
  for (let i = 0; i < n; i++) rows.push(litellmRow(i, i % days));
  return `${rows.join('\n')}\n`;
}

function otlp() {
  const spans = [];
  const attr = (key, v) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } });
  for (let t = 0; t < 6; t++) {
    const traceId = hex(32);
    const d = t % days;
    let ns = BigInt(t0 + d * dayMs + 3_600_000 * (t + 1)) * 1_000_000n;
    const steps = 2 + (t % 2);
    for (let s = 0; s < steps; s++) {
      const retry = t === 1 && s === 0;
      for (const failed of retry ? [true, false] : [false]) {
        spans.push({
          traceId, spanId: hex(16), name: 'chat claude-haiku-4-5', kind: 3, startTimeUnixNano: String(ns), endTimeUnixNano: String(ns + 900_000_000n),
          attributes: [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.provider.name', 'anthropic'), attr('gen_ai.request.model', 'claude-haiku-4-5'),
            attr('gen_ai.usage.input_tokens', failed ? 0 : 3900 + s * 400), attr('gen_ai.usage.cache_read.input_tokens', failed || s === 0 ? 0 : 3000), attr('gen_ai.usage.cache_creation.input_tokens', s === 0 && !failed ? 3000 : 0), attr('gen_ai.usage.output_tokens', failed ? 0 : 250)],
          status: failed ? { code: 2, message: 'overloaded' } : { code: 1 },
        });
        ns += 1_000_000_000n;
      }
      if (s < steps - 1) {
        spans.push({ traceId, spanId: hex(16), name: 'execute_tool search_help_centre', kind: 1, startTimeUnixNano: String(ns), endTimeUnixNano: String(ns + 200_000_000n), attributes: [attr('gen_ai.operation.name', 'execute_tool'), attr('gen_ai.tool.name', 'search_help_centre')], status: {} });
        ns += 300_000_000n;
      }
    }
  }
  return { resourceSpans: [{ resource: { attributes: [attr('service.name', 'support-bot'), attr('deployment.environment.name', 'prod')] }, scopeSpans: [{ scope: { name: 'opentelemetry.instrumentation.anthropic' }, spans }] }] };
}

/** The FOCUS CSV as Parquet, the columns typed as a FOCUS Parquet export types them (costs and quantities as decimals, periods as timestamps). */
async function writeFocusParquet(csv, out) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const c = await db.connect();
  await c.run("SET TimeZone = 'UTC'");
  const q = (s) => `'${s.replace(/'/g, "''")}'`;
  await c.run(`COPY (SELECT * REPLACE (CAST(BilledCost AS DECIMAL(18, 6)) AS BilledCost, CAST(EffectiveCost AS DECIMAL(18, 6)) AS EffectiveCost,
      CAST(ListCost AS DECIMAL(18, 6)) AS ListCost, CAST(ConsumedQuantity AS DECIMAL(24, 6)) AS ConsumedQuantity,
      CAST(ChargePeriodStart AS TIMESTAMPTZ) AS ChargePeriodStart, CAST(ChargePeriodEnd AS TIMESTAMPTZ) AS ChargePeriodEnd)
    FROM read_csv(${q(csv)}, header = true, all_varchar = true)) TO ${q(out)} (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
}

/** Standard normal draw (Box–Muller). */
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

/**
 * Usage exports generated from a scenario (through the built package's loader and estimate), with
 * log-normal day-to-day noise of relative spread `--noise`, monthly growth `--growth`, and 2% noise
 * on tokens per call. `--format openai-usage`: daily buckets, one page per month, as a JSON list of
 * pages. `--format otlp`: `--requests` requests as traces: each stage's agent steps, a failed
 * attempt before a retry at the stage's retry rate, tokens per call at the stage's means.
 */
async function fromScenario(file, out) {
  const { loadScenario, estimateScenario } = await import(new URL('../dist/index.js', import.meta.url).href);
  const s = loadScenario(file);
  const report = estimateScenario(s);
  const dpm = s.traffic.daysPerMonth;
  const raw = (m) => m.replace(/^[^/]+\//, '');
  if (format === 'openai-usage') {
    const pages = [];
    let page = null;
    for (let d = 0; d < days; d++) {
      const day = dayOf(d);
      if (!page || !day.startsWith(page.month)) pages.push((page = { month: day.slice(0, 7), data: [] }));
      const k = (1 + growth) ** (d / dpm) * Math.exp(spread * gauss() - (spread * spread) / 2);
      const results = [];
      report.stages.forEach((st, i) => {
        // a stage with a service-tier mix: one result per tier, as a page grouped by service_tier
        // reports them (OpenAI's names: default for standard, flex, priority)
        const tiers = s.stages[i].models[0]?.model.rules?.tiers ?? null;
        for (const m of st.models) {
          const n = Math.round((m.calls_per_month / dpm) * k);
          const split = tiers ? Object.entries(tiers).filter(([, q]) => q > 0) : [[null, 1]];
          let left = n;
          split.forEach(([tier, q], j) => {
            const nt = j === split.length - 1 ? left : Math.round(n * q);
            left -= nt;
            const per = (x) => (m.calls_per_month > 0 ? x / m.calls_per_month : 0);
            const t = (x) => Math.round(nt * per(x) * noise(0.02));
            const cached = t(m.tokens.cache_read);
            // OpenAI bills no cache write: a miss of the prefix is plain input
            const input = t(m.tokens.input + m.tokens.cache_write) + cached;
            const serviceTier = tier === null ? null : tier === 'standard' ? 'default' : tier;
            results.push({ object: 'organization.usage.completions.result', input_tokens: input, output_tokens: t(m.tokens.output + m.tokens.reasoning), input_cached_tokens: cached, input_audio_tokens: 0, output_audio_tokens: 0, num_model_requests: nt, project_id: project, user_id: null, api_key_id: null, model: raw(m.model), batch: null, service_tier: serviceTier });
          });
        }
      });
      const st0 = t0 / 1000 + d * 86400;
      page.data.push({ object: 'bucket', start_time: st0, end_time: st0 + 86400, results });
    }
    writeFileSync(out, `${JSON.stringify(pages.map((p, i) => ({ object: 'page', data: p.data, has_more: i < pages.length - 1, next_page: i < pages.length - 1 ? `page_${i + 1}` : null })))}\n`);
    return;
  }
  // otlp: request-level traces
  const spans = [];
  const attr = (key, v) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } });
  for (let q = 0; q < requests; q++) {
    const traceId = hex(32);
    let ns = BigInt(t0 + (q % days) * dayMs + Math.floor(rand() * 80_000_000)) * 1_000_000n;
    s.stages.forEach((st, i) => {
      if (rand() >= st.shareOfRequests) return;
      const steps = Math.floor(st.agentSteps) + (rand() < st.agentSteps - Math.floor(st.agentSteps) ? 1 : 0);
      const sr = report.stages[i];
      for (let step = 0; step < steps; step++) {
        let u = rand();
        const m = sr.models.find((x) => (u -= x.share) < 0) ?? sr.models.at(-1);
        const per = (x) => x / m.calls_per_month;
        for (let attempt = 0; attempt <= st.maxRetries; attempt++) {
          const failed = attempt < st.maxRetries && rand() < st.retryRate;
          const read = failed ? 0 : Math.round(per(m.tokens.cache_read) * noise(0.02));
          const write = failed ? 0 : Math.round(per(m.tokens.cache_write) * noise(0.02));
          const fresh = failed ? 0 : Math.round(per(m.tokens.input) * noise(0.02));
          spans.push({ traceId, spanId: hex(16), name: `chat ${raw(m.model)}`, kind: 3, startTimeUnixNano: String(ns), endTimeUnixNano: String(ns + 500_000_000n),
            attributes: [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.provider.name', m.model.split('/')[0]), attr('gen_ai.request.model', raw(m.model)),
              attr('gen_ai.usage.input_tokens', fresh + read + write), attr('gen_ai.usage.cache_read.input_tokens', read), attr('gen_ai.usage.cache_creation.input_tokens', write),
              attr('gen_ai.usage.output_tokens', failed ? 0 : Math.round(per(m.tokens.output + m.tokens.reasoning) * noise(0.02)))],
            status: failed ? { code: 2 } : { code: 1 } });
          ns += 600_000_000n;
          if (!failed) break;
        }
      }
    });
  }
  writeFileSync(out, `${JSON.stringify({ resourceSpans: [{ resource: { attributes: [attr('service.name', project)] }, scopeSpans: [{ scope: { name: 'aifinops-fixtures' }, spans }] }] })}\n`);
}

if (scenarioFile !== null) {
  // the README's walk-through writes into exports/, which a fresh folder does not have
  mkdirSync(dirname(args[0] ?? 'usage.json'), { recursive: true });
  await fromScenario(scenarioFile, args[0] ?? 'usage.json');
} else if (bigRows !== null) {
  // a large request-level log, streamed so memory stays flat
  const out = args[0] ?? 'litellm-big.csv';
  const n = Number(bigRows);
  const perDay = Math.max(1, Math.ceil(n / days));
  const ws = createWriteStream(out);
  ws.write(`${LITELLM_HEADER.join(',')}\n`);
  let i = 0;
  const pump = () => {
    let ok = true;
    while (i < n && ok) {
      let chunk = '';
      for (let k = 0; k < 1000 && i < n; k++, i++) chunk += `${litellmRow(i, Math.floor(i / perDay))}\n`;
      ok = ws.write(chunk);
    }
    if (i < n) ws.once('drain', pump);
    else ws.end();
  };
  pump();
} else {
  const dir = args[0] ?? 'test/actuals/fixtures';
  mkdirSync(dir, { recursive: true });
  const json = (v) => `${JSON.stringify(v, null, 1)}\n`;
  const ou = openaiUsage();
  const au = anthropicUsage();
  const files = {
    'openai-usage.json': json(ou),
    'openai-costs.json': json(openaiCosts(ou)),
    'anthropic-usage.json': json(au),
    'anthropic-cost.json': json(anthropicCost(au)),
    'focus.csv': focusCsv(),
    'litellm.csv': litellmCsv(40),
    'otlp.json': json(otlp()),
  };
  // damaged variants: one field each, as a truncated or hand-edited export would have
  const damaged = {
    'openai-usage.damaged.json': files['openai-usage.json'].replace(/"output_tokens": \d+/, '"output_tokens": -5'),
    'openai-costs.damaged.json': files['openai-costs.json'].replace(/"currency": "usd"/, '"currency": 12'),
    'anthropic-usage.damaged.json': files['anthropic-usage.json'].replace(/"cache_read_input_tokens": \d+/, '"cache_read_input_tokens": "lots"'),
    'anthropic-cost.damaged.json': files['anthropic-cost.json'].replace(/"amount": "[^"]*"/, '"amount": "12,5"'),
    'focus.damaged.csv': files['focus.csv'].split('\n').map((l, i) => (i === 3 ? l.replace(/^[^,]*/, 'n/a') : l)).join('\n'),
    'litellm.damaged.csv': files['litellm.csv'].split('\n').map((l, i) => (i === 5 ? l.replace(/,(\d+),(\d+),(\d+),/, ',$1,$2,-$3,') : l)).join('\n'),
    'otlp.damaged.json': files['otlp.json'].replace(/"traceId": "[0-9a-f]{32}"/, '"traceId": "not-a-trace"'),
  };
  for (const [name, text] of Object.entries({ ...files, ...damaged })) writeFileSync(join(dir, name), text);
  // FOCUS as Parquet (how the AWS CUR 2.0 FOCUS export and others deliver it): the CSV's rows with
  // typed columns, written by DuckDB; the damaged variant is the file cut short (its footer lost)
  const parquet = join(dir, 'focus.parquet');
  await writeFocusParquet(join(dir, 'focus.csv'), parquet);
  const whole = readFileSync(parquet);
  writeFileSync(join(dir, 'focus.damaged.parquet'), whole.subarray(0, Math.floor(whole.length / 2)));
  process.stdout.write(`wrote ${Object.keys(files).length + 1} fixtures and ${Object.keys(damaged).length + 1} damaged variants to ${dir}\n`);
}
