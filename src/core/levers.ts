/**
 * `levers`: the optimisation levers in the practitioners' order (observe → compress prompts →
 * route to cheaper tiers → context budget → caching → execution patterns and batch →
 * infrastructure → contracts), each priced alone and cumulatively. Every assumption is an explicit
 * parameter (`--lever id.key=value`). A lever is applied stage by stage and never where it would
 * raise a stage's cost (e.g. a shorter prefix falling below a cache minimum); the report says so.
 * Pure.
 */
import { InputError } from '../errors.js';
import { MODEL_TIERS } from '../schema/catalogue.js';
import { PERCENT_RE } from '../schema/common.js';
import { INPUT_PARTS } from '../schema/scenario.js';
import { WHATIF_SCHEMA_VERSION, type LeverEffect, type LeverReport, type LeversReport, type ScenarioRef } from '../schema/whatif-report.js';
import { didYouMean } from '../util/suggest.js';
import { estimateScenario } from './estimate.js';
import { LEVER_IDS, LEVERS } from './lever-defs.js';
import { cacheLoss, pct, stageCost, stageNames, TIER_LADDER, type Application, type LeverContext, type LeverDef, type LeverParams, type ParamDef } from './lever-base.js';
import type { PricedModel, Scenario } from './model.js';
import { quoted } from '../util/excerpt.js';

export { LEVER_IDS, leverParamHelp } from './lever-defs.js';
export { TIER_LADDER, type LeverContext, type LeverParams } from './lever-base.js';

// ── parsing `--lever id.key=value` ──────────────────────────────────────────────────────────

function parseRate(v: string): number | null {
  const t = v.trim();
  const n = PERCENT_RE.test(t) ? Number.parseFloat(t) / 100 : t === '' ? Number.NaN : Number(t);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : null;
}

function splitList(v: string): string[] {
  return v.split(',').map((x) => x.trim()).filter(Boolean);
}

function parseValue(lever: LeverDef, def: ParamDef, raw: string, s: Scenario, ctx: LeverContext): unknown {
  const flag = `--lever ${lever.id}.${def.key}`;
  const bad = (expected: string, fix: string): never => {
    throw new InputError({ path: flag, message: `expected ${expected}, got ${quoted(raw)}`, fix });
  };
  switch (def.kind) {
    case 'rate': {
      const n = parseRate(raw);
      return n ?? bad('a fraction in [0, 1] or a percent such as "50%"', `e.g. ${lever.id}.${def.key}=0.5`);
    }
    case 'tokens': {
      const n = Number(raw.replace(/_/g, ''));
      return raw.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : bad('a number of tokens ≥ 0', `e.g. ${lever.id}.${def.key}=2000`);
    }
    case 'whole': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : bad('a whole number ≥ 0', `e.g. ${lever.id}.${def.key}=1`);
    }
    case 'steps': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) && n >= 1 ? n : bad('a number ≥ 1', `e.g. ${lever.id}.${def.key}=8`);
    }
    case 'parts': {
      const parts = splitList(raw);
      for (const x of parts) if (!(INPUT_PARTS as readonly string[]).includes(x)) bad(`input parts (${INPUT_PARTS.join(', ')})`, didYouMean(x, INPUT_PARTS) || `use some of ${INPUT_PARTS.join(', ')}`);
      return parts.length ? [...new Set(parts)] : bad('at least one input part', `e.g. ${lever.id}.${def.key}=system,tools`);
    }
    case 'tiers': {
      const tiers = splitList(raw);
      for (const x of tiers) if (!(TIER_LADDER as readonly string[]).includes(x)) bad(`model tiers (${TIER_LADDER.join(', ')})`, didYouMean(x, MODEL_TIERS) || `use some of ${TIER_LADDER.join(', ')}`);
      return tiers.length ? [...new Set(tiers)] : bad('at least one tier', 'e.g. route.from=premium');
    }
    case 'stages': {
      if (raw.trim() === 'all') return 'all';
      const names = splitList(raw);
      const known = s.stages.map((st) => st.name);
      for (const x of names) if (!known.includes(x)) bad(`stage names of this scenario (${known.join(', ')}) or all`, didYouMean(x, known) || `stages: ${known.join(', ')}`);
      return names.length ? [...new Set(names)] : bad('at least one stage name, or all', `e.g. ${lever.id}.stages=${known[0] ?? 'answer'}`);
    }
    case 'model': {
      if (raw.trim() === 'auto') return 'auto';
      const r = ctx.registry.resolve(raw);
      if (!r.ok) throw new InputError({ path: flag, message: r.message, fix: r.fix });
      if (r.model.catalogue.currency !== s.currency) {
        throw new InputError({ path: flag, message: `${r.model.ref} is priced in ${r.model.catalogue.currency}, but the scenario's currency is ${s.currency}`, fix: 'route to a model priced in the scenario\'s currency' });
      }
      return r.model;
    }
    case 'providers': {
      if (raw.trim() === 'all') return 'all';
      const names = splitList(raw.toLowerCase());
      return names.length ? [...new Set(names)] : bad('provider ids or all', 'e.g. contracts.providers=anthropic,openai');
    }
  }
}

export interface ParsedLevers {
  params: Record<string, LeverParams>;
  off: Set<string>;
}

/** `--lever id.key=value` and `--lever id=off` → parameters per lever, defaults filled in. */
export function parseLeverOptions(texts: readonly string[], s: Scenario, ctx: LeverContext): ParsedLevers {
  const given = new Map<string, string>();
  const off = new Set<string>();
  for (const text of texts) {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new InputError({ path: '--lever', message: `expected id.key=value, got ${quoted(text)}`, fix: 'e.g. --lever route.share=0.5 or --lever batch=off' });
    const name = text.slice(0, eq).trim();
    const value = text.slice(eq + 1).trim();
    const dot = name.indexOf('.');
    const id = dot === -1 ? name : name.slice(0, dot);
    const lever = LEVERS.find((l) => l.id === id);
    if (!lever) throw new InputError({ path: `--lever ${name}`, message: `no lever ${quoted(id)}`, fix: didYouMean(id, LEVER_IDS) || `levers: ${LEVER_IDS.join(', ')}` });
    if (dot === -1) {
      if (value === 'off') off.add(id);
      else if (value !== 'on') throw new InputError({ path: `--lever ${name}`, message: `expected ${id}=off or ${id}.<key>=value, got ${quoted(text)}`, fix: `e.g. --lever ${id}=off` });
      continue;
    }
    const key = name.slice(dot + 1);
    if (!lever.params.some((p) => p.key === key)) {
      const keys = lever.params.map((p) => p.key);
      throw new InputError({ path: `--lever ${name}`, message: keys.length ? `lever ${id} has no parameter ${quoted(key)}` : `lever ${id} has no parameters`, fix: didYouMean(key, keys) || (keys.length ? `parameters: ${keys.map((k) => `${id}.${k}`).join(', ')}` : `it is listed for reference only`) });
    }
    given.set(`${id}.${key}`, value);
  }
  const params: Record<string, LeverParams> = {};
  for (const l of LEVERS) {
    const p: LeverParams = {};
    for (const d of l.params) {
      const raw = given.get(`${l.id}.${d.key}`);
      p[d.key] = raw === undefined ? defaultFor(l, d, s) : parseValue(l, d, raw, s, ctx);
    }
    params[l.id] = p;
  }
  return { params, off };
}

function defaultFor(l: LeverDef, d: ParamDef, s: Scenario): unknown {
  if (l.id === 'batch' && d.key === 'stages') return s.stages.filter((st) => st.batchShare > 0).map((st) => st.name);
  return d.def;
}

// ── applying and pricing ────────────────────────────────────────────────────────────────────

function applyLever(l: LeverDef, s: Scenario, p: LeverParams, ctx: LeverContext): Application {
  if (l.whole) return l.whole(s, p);
  // the stages are replaced below, and nothing else of the scenario changes: no deep copy
  const out: Scenario = { ...s, warnings: [...s.warnings] };
  const R = s.traffic.requestsPerMonth;
  const changes: string[] = [];
  const skips: { text: string; quiet: boolean }[] = [];
  const scope = new Set(stageNames(p, s));
  out.stages = s.stages.map((st) => {
    if (!scope.has(st.name)) return st;
    const r = l.stage!(st, p, s, ctx);
    if ('skip' in r) {
      skips.push({ text: `${st.name}: ${r.skip}`, quiet: r.quiet === true });
      return st;
    }
    const before = stageCost(st, R);
    const after = stageCost(r.stage, R);
    if (after > before) {
      const why = cacheLoss(st, r.stage);
      skips.push({ text: `${st.name}: it would raise the stage's cost${before > 0 ? ` by ${pct((after - before) / before)}` : ''}${why ? ` (${why})` : ''}`, quiet: false });
      return st;
    }
    changes.push(...r.changes.map((c) => `${st.name}: ${c}`));
    for (const n of r.notes ?? []) skips.push({ text: `${st.name}: ${n}`, quiet: false });
    return r.stage;
  });
  return { scenario: out, changes, skipped: skips.filter((k) => changes.length === 0 || !k.quiet).map((k) => k.text) };
}

export interface LeversOptions {
  scenario: Scenario;
  ref: ScenarioRef;
  parsed: ParsedLevers;
  ctx: LeverContext;
  toolVersion: string;
  /** The pricing date of the run (`--as-of`). */
  pricedAsOf: string;
}

export function priceLevers(o: LeversOptions): LeversReport {
  const base = o.scenario;
  const baseReport = estimateScenario(base);
  const baseTotal = baseReport.total_monthly_cost;
  const ratio = (x: number) => (baseTotal === 0 ? null : x / baseTotal);
  const notes: string[] = [];
  let running = base;
  let runningTotal = baseTotal;
  let totalSaving = 0;

  const levers: LeverReport[] = LEVERS.map((l) => {
    const p = o.parsed.params[l.id] ?? {};
    const shownParams = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v !== null && typeof v === 'object' && 'ref' in v ? (v as PricedModel).ref : v]));
    // one place builds the entry, so the JSON keys keep the order LeverReport declares
    const entry = (status: LeverReport['status'], more: Partial<Pick<LeverReport, 'reason' | 'reasons' | 'see' | 'alone' | 'cumulative'>> = {}): LeverReport => ({
      id: l.id,
      step: l.step,
      step_name: l.stepName,
      title: l.title,
      assumption: l.assumption(p, base),
      params: shownParams,
      status,
      reason: more.reason ?? null,
      reasons: more.reasons ?? [],
      see: more.see ?? null,
      alone: more.alone ?? null,
      cumulative: more.cumulative ?? null,
    });
    if (l.info) {
      const i = l.info(base, o.ctx);
      return entry(i.status, { reason: i.reason, see: i.see });
    }
    if (o.parsed.off.has(l.id)) return entry('off', { reason: `switched off with --lever ${l.id}=off` });
    const need = l.needs?.(p, base) ?? null;
    if (need !== null) {
      let reason = need;
      if (l.id === 'batch') {
        const all = applyLever(l, base, { ...p, stages: 'all' }, o.ctx);
        const saving = baseTotal - estimateScenario(all.scenario).total_monthly_cost;
        if (saving > 0 && baseTotal > 0) reason += `. If every stage could wait for batch results, this lever would save up to ${pct(saving / baseTotal)}`;
      }
      return entry('not_priced', { reason, see: l.id === 'contracts' ? `aifinops quotes ${o.ctx.file} QUOTE.yaml` : null });
    }
    const alone = applyLever(l, base, p, o.ctx);
    const cum = applyLever(l, running, p, o.ctx);
    if (alone.changes.length === 0 && cum.changes.length === 0) {
      const reasons = [...new Set(alone.skipped)];
      return entry('not_applicable', { reason: reasons.join('; ') || 'nothing to change', reasons });
    }
    const aloneTotal = estimateScenario(alone.scenario).total_monthly_cost;
    const cumTotal = estimateScenario(cum.scenario).total_monthly_cost;
    const aloneSaving = baseTotal - aloneTotal;
    const cumSaving = runningTotal - cumTotal;
    running = cum.scenario;
    runningTotal = cumTotal;
    totalSaving += cumSaving;
    const effect = (total: number, saving: number, a: Application): LeverEffect => ({ monthly_cost: total, saving, saving_ratio: ratio(saving), changes: a.changes, skipped: a.skipped });
    return entry('priced', { alone: effect(aloneTotal, aloneSaving, alone), cumulative: { ...effect(cumTotal, cumSaving, cum), total_saving: totalSaving } });
  });

  const priced = levers.filter((l) => l.status === 'priced');
  const sumAlone = priced.reduce((a, l) => a + (l.alone?.saving ?? 0), 0);
  if (priced.length > 1 && sumAlone > totalSaving * (1 + 1e-9)) {
    notes.push('Savings "alone" overlap (a cheaper model also makes caching save less), so they do not add up; the cumulative column is what the levers save together, in this order.');
  }
  notes.push('Each lever is applied stage by stage and never where it would raise a stage\'s cost; such stages are listed under the lever.');
  return {
    schema_version: WHATIF_SCHEMA_VERSION,
    tool_version: o.toolVersion,
    priced_as_of: o.pricedAsOf,
    kind: 'levers',
    scenario: o.ref,
    scenario_total_monthly_cost: baseTotal,
    final_monthly_cost: runningTotal,
    total_saving: totalSaving,
    total_saving_ratio: ratio(totalSaving),
    levers,
    notes,
    warnings: baseReport.warnings,
  };
}
