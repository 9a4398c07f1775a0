/**
 * Answers → scenario data (spec §2) with a comment for each line. Pure: the same answers always
 * give the same file, so it can be previewed (running estimate) and tested without a terminal.
 */
import type { PricedModel } from '../core/model.js';
import { unitPrice } from '../render/format.js';
import { INPUT_PARTS, type ScenarioInput } from '../schema/scenario.js';
import { isPromptFile, PRESETS, type WizardAnswers } from './answers.js';

export type Segment = string | number;

/** A comment attached to a key: `before` on the line(s) above it, `after` at the end of its line. */
export interface Note {
  path: Segment[];
  before?: string;
  after?: string;
}

export interface ScenarioDraft {
  data: ScenarioInput;
  notes: Note[];
}

/** "80%" from 80, "12.5%" from 12.5: rates are written as percent strings, as people say them. */
export function pct(percent: number): string {
  return `${+percent.toFixed(6)}%`;
}

/** One line about a model's list prices, for the comment next to it. */
export function modelNote(m: PricedModel): string {
  const p = m.prices;
  const cur = m.catalogue.currency;
  const parts = [`${unitPrice(p.input, cur)} in`, `${unitPrice(p.output, cur)} out`];
  if (p.cache_read !== undefined) parts.push(`${unitPrice(p.cache_read, cur)} cache read`);
  return `${parts.join(' · ')} per 1M tokens (${m.catalogue.file}, as of ${m.catalogue.as_of})`;
}

export function buildScenario(a: WizardAnswers, modelNotes: Record<string, string> = {}): ScenarioDraft {
  const preset = PRESETS[a.type];
  const notes: Note[] = [];
  const note = (path: Segment[], after?: string, before?: string) => notes.push({ path, ...(after ? { after } : {}), ...(before ? { before } : {}) });

  const data: Record<string, unknown> = { version: 1, name: a.name, description: `${preset.label} — ${preset.description}` };
  if (a.currency !== 'USD') data.currency = a.currency;
  if (a.pricing.length > 0) {
    data.pricing = [...a.pricing];
    note(['pricing'], undefined, 'extra catalogues (negotiated rates win over list prices), relative to this file');
  }

  // traffic
  const t = a.traffic;
  const traffic: Record<string, unknown> = {};
  const noun = preset.requestNoun;
  if (t.mode === 'requests_per_day') {
    traffic.requests_per_day = t.requestsPerDay;
    note(['traffic', 'requests_per_day'], `${noun}s per calendar day`);
  } else if (t.mode === 'requests_per_month') {
    traffic.requests_per_month = t.requestsPerMonth;
    note(['traffic', 'requests_per_month'], `${noun}s per month`);
  } else {
    traffic.requests_per_user_per_day = t.requestsPerUserPerDay;
    note(['traffic', 'requests_per_user_per_day'], `${noun}s one user makes per day`);
  }
  if (t.users !== null) {
    traffic.users = t.users;
    note(['traffic', 'users'], t.mode === 'users' ? 'people using it' : 'people using it (gives cost per user)');
  }
  if (t.daysPerMonth !== null) {
    traffic.days_per_month = t.daysPerMonth;
    note(['traffic', 'days_per_month'], t.daysPerMonth < 25 ? 'working days in a month' : 'days in a month');
  }
  if (a.timeProfile) {
    traffic.time_profile = { preset: a.timeProfile.preset, utc_offset: a.timeProfile.utcOffset };
    note(['traffic', 'time_profile'], 'when the requests come: prices the model\'s peak hours');
  }
  data.traffic = traffic;
  note(['traffic'], undefined, `how much traffic: one request is one ${noun}`);

  // the one stage
  const stage: Record<string, unknown> = { name: a.stageName };
  const sp = (k: string): Segment[] => ['pipeline', 0, k];
  if (a.models.length === 1) {
    stage.model = a.models[0]!.ref;
    note(sp('model'), modelNotes[a.models[0]!.ref]);
  } else {
    stage.models = Object.fromEntries(a.models.map((m) => [m.ref, pct(m.sharePercent)]));
    note(sp('models'), undefined, 'tier mix: share of the calls each model answers (shares add up to 100%)');
    for (const m of a.models) note(['pipeline', 0, 'models', m.ref], modelNotes[m.ref]);
  }
  if (a.agentSteps !== 1) {
    stage.agent_steps = a.agentSteps;
    note(sp('agent_steps'), `model calls per ${noun}, on average`);
  }
  const input: Record<string, number | { file: string }> = {};
  let files = false;
  for (const part of INPUT_PARTS) {
    const v = a.input[part];
    if (v === undefined) continue;
    const meaning = preset.parts[part] ?? part;
    if (isPromptFile(v)) {
      input[part] = { file: v.file };
      files = true;
      note(['pipeline', 0, 'input', part], `${meaning}, counted from the file`);
    } else {
      input[part] = v;
      note(['pipeline', 0, 'input', part], meaning);
    }
  }
  stage.input = input;
  note(sp('input'), `tokens per call, by part (about 4 characters of English per token)${files ? ', or a prompt file (docs/prompt-files.md)' : ''}`);
  if (a.contextGrowthPerStep > 0) {
    stage.context_growth_per_step = a.contextGrowthPerStep;
    note(sp('context_growth_per_step'), 'extra input tokens each further step adds (tool results, earlier steps)');
  }
  stage.output = a.output;
  note(sp('output'), 'tokens the model writes per call');
  if (a.webSearchPerCall && a.webSearchPerCall > 0) {
    stage.tool_calls = { web_search: a.webSearchPerCall };
    note(sp('tool_calls'), 'server-side tool uses per model call, billed per 1,000 on top of the tokens');
  }
  if (a.audio && (a.audio.input > 0 || a.audio.output > 0)) {
    stage.audio = { input: a.audio.input, output: a.audio.output };
    note(sp('audio'), 'audio tokens per call, at the model\'s audio rates');
  }
  if (a.reasoning > 0) {
    stage.reasoning = a.reasoning;
    note(sp('reasoning'), 'billed reasoning (thinking) tokens per call');
  }
  if (a.cache) {
    const cacheable = a.cache.cacheable.length > 0 ? a.cache.cacheable : ['system'];
    stage.cache = { hit_rate: pct(a.cache.hitRatePercent), cacheable: [...cacheable] };
    note(sp('cache'), undefined, 'prompt caching: the stable prefix is billed at the cheaper cache-read rate when it is a hit');
    note(['pipeline', 0, 'cache', 'hit_rate'], 'share of the cacheable prefix read from the cache');
    note(['pipeline', 0, 'cache', 'cacheable'], 'input parts that stay the same from call to call');
  }
  if (a.batchSharePercent > 0) {
    stage.batch_share = pct(a.batchSharePercent);
    note(sp('batch_share'), 'share of calls sent through the batch API (discounted, results within hours)');
  }
  if (a.retryRatePercent > 0) {
    stage.retry_rate = pct(a.retryRatePercent);
    note(sp('retry_rate'), 'share of attempts that fail and are sent again');
    if (a.maxRetries !== 1) {
      stage.max_retries = a.maxRetries;
      note(sp('max_retries'), 'sent again at most this many times');
    }
  }
  data.pipeline = [stage];
  note(['pipeline'], undefined, `the model calls one ${noun} makes`);

  if (a.fixedMonthly > 0) {
    data.costs = [{ name: a.fixedName, category: a.fixedCategory, monthly: a.fixedMonthly }];
    note(['costs'], undefined, 'costs besides the model calls (monthly, per_request, per_user, minutes + hourly_rate)');
  }
  if (a.outcomes) {
    const o: Record<string, unknown> = { name: a.outcomes.name, per_request: pct(a.outcomes.perRequestPercent) };
    if (a.outcomes.value !== null) o.value = a.outcomes.value;
    data.outcomes = o;
    note(['outcomes'], undefined, 'what the spend buys: gives cost per outcome');
    note(['outcomes', 'per_request'], `share of ${noun}s that end in one`);
    if (a.outcomes.value !== null) note(['outcomes', 'value'], 'worth of one outcome: gives net value and ROI');
  }
  if (a.budgetMonthly !== null) {
    data.budget = { monthly: a.budgetMonthly };
    note(['budget'], undefined, 'guardrail: estimate shows ok, alert (from 80%) or over');
  }
  return { data: data as unknown as ScenarioInput, notes };
}
