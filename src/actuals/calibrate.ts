/**
 * `aifinops calibrate`: write the scenario again with its inputs fitted from the matched actuals,
 * through the yaml Document API so comments and layout stay; every changed value carries a
 * comment with the old value and the evidence. With 28 days or more, requests a day becomes a
 * log-normal { p50, p90 } from the daily variation around the trend; with two months or more,
 * growth.monthly_rate comes from the trend and growth.start is the month after the data. Pure.
 */
import type { Document, Node } from 'yaml';
import { inputPerCall } from '../core/estimate.js';
import { Z90 } from '../core/distributions.js';
import type { Scenario } from '../core/model.js';
import { INPUT_PARTS } from '../schema/scenario.js';
import { yamlLib } from '../load/yaml-lib.js';
import { maxOf } from '../util/extent.js';
import type { Evidence, StageFit } from './fit.js';
import { fittedHitRate, inputScale, scenarioRequestsPerDay, stageTiers } from './fit.js';
import { missingTiers, type TierMix } from '../core/provider-rules.js';

/** Days of history needed to fit a distribution of requests a day. */
export const MIN_DAYS_FOR_DISTRIBUTION = 28;
/** Days of history (two months) needed to fit a growth rate. */
export const MIN_DAYS_FOR_GROWTH = 56;
export const DAYS_PER_MONTH = 365 / 12;

export interface Change {
  path: string;
  old: unknown;
  value: unknown;
}

export interface Calibration {
  text: string;
  changes: Change[];
  notes: string[];
}

export interface TrafficFit {
  /** The trend's level at the last day. */
  level: number;
  /** Log-normal p90 from the residual spread (null under MIN_DAYS_FOR_DISTRIBUTION). */
  p90: number | null;
  /** Monthly growth rate from the trend (null under MIN_DAYS_FOR_GROWTH). */
  monthlyRate: number | null;
  /** The month after the last day (YYYY-MM). */
  nextMonth: string;
}

/** Least squares on log(requests a day) against the day: level, spread and growth. */
export function fitTraffic(daily: readonly { day: string; requests: number }[]): TrafficFit | null {
  const pts = daily.filter((d) => d.requests > 0).map((d) => ({ x: Date.parse(`${d.day}T00:00:00Z`) / 86_400_000, y: Math.log(d.requests) }));
  if (pts.length === 0) return null;
  const n = pts.length;
  const mx = pts.reduce((a, p) => a + p.x, 0) / n;
  const my = pts.reduce((a, p) => a + p.y, 0) / n;
  const sxx = pts.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  const growth = n >= MIN_DAYS_FOR_GROWTH && sxx > 0;
  const b = growth ? pts.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / sxx : 0;
  const resid = pts.map((p) => p.y - (my + b * (p.x - mx)));
  const sd = n > 2 ? Math.sqrt(resid.reduce((a, r) => a + r * r, 0) / (n - (growth ? 2 : 1))) : 0;
  const last = maxOf(pts.map((p) => p.x));
  const level = growth ? Math.exp(my + b * (last - mx)) : Math.exp(my) * Math.exp((sd * sd) / 2);
  const lastDay = new Date(last * 86_400_000);
  const next = new Date(Date.UTC(lastDay.getUTCFullYear(), lastDay.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
  return {
    level,
    p90: n >= MIN_DAYS_FOR_DISTRIBUTION && sd > 0 ? (growth ? level : Math.exp(my)) * Math.exp(Z90 * sd) : null,
    monthlyRate: growth ? Math.exp(b * DAYS_PER_MONTH) - 1 : null,
    nextMonth: next,
  };
}

const isScalar = (n: unknown) => yamlLib().isScalar(n);
const isMap = (n: unknown) => yamlLib().isMap(n);
const isSeq = (n: unknown) => yamlLib().isSeq(n);
const isCollection = (n: unknown) => yamlLib().isCollection(n);

const round = (x: number, digits: number) => Number(x.toPrecision(digits));
const show = (v: unknown) => (v === undefined ? 'not set' : typeof v === 'object' ? JSON.stringify(v) : String(v));

class Writer {
  readonly changes: Change[] = [];
  constructor(private readonly doc: Document, private readonly evidence: string, private readonly stageNames: ReadonlyMap<number, string> = new Map()) {}

  /** A path as the summary shows it: stages by name (pipeline.answer.output), like --set paths. */
  private display(path: (string | number)[]): string {
    return path.map((p, i) => {
      if (i === 1 && path[0] === 'pipeline' && typeof p === 'number') return this.stageNames.get(p) ?? p;
      // an entry of a list-form model mix, by its model (pipeline.answer.models.gpt-5.share)
      if (i === 3 && path[2] === 'models' && typeof p === 'number') return String(this.doc.getIn([...path.slice(0, 4), 'id']) ?? p);
      return p;
    }).join('.');
  }

  /**
   * Set a value at `path` (creating it when missing); comment it with the old value and the
   * evidence. `inherited`: where a missing value takes its value from (the scenario's for a stage).
   */
  set(path: (string | number)[], value: unknown, what: string, inherited?: { from: string; value: unknown }): void {
    const existing = this.doc.getIn(path, true) as Node | undefined;
    const old = existing === undefined ? undefined : isScalar(existing) ? existing.value : (existing as { toJSON(): unknown }).toJSON();
    if (typeof old === 'number' && typeof value === 'number' && old === value) return;
    // a changed value inside a one-line { … } mapping: write that mapping as a block so the comment fits
    const parent = this.doc.getIn(path.slice(0, -1), true);
    if (isCollection(parent) && parent.flow) parent.flow = false;
    const prior = isScalar(existing) && existing.comment ? ` |${existing.comment}` : '';
    if (isScalar(existing) && typeof value !== 'object') existing.value = value;
    else this.doc.setIn(path, this.doc.createNode(value));
    const node = this.doc.getIn(path, true) as Node;
    const was = old === undefined && inherited && inherited.value !== undefined ? `${show(inherited.value)} (${inherited.from})` : show(old);
    const comment = ` calibrated (${what}): was ${was}; ${this.evidence}${prior}`;
    if (isScalar(node)) node.comment = comment;
    else (node as { commentBefore?: string | null }).commentBefore = comment;
    this.changes.push({ path: this.display(path), old, value });
  }
}

/** A model's entry in a list-form `models:` ([{ id, share, output? }]), by the name the scenario used. */
function listEntry(seq: unknown, name: string): { index: number; ownOutput: boolean } | null {
  if (!isSeq(seq)) return null;
  const index = seq.items.findIndex((it) => isMap(it) && it.get('id') === name);
  if (index < 0) return null;
  const item = seq.items[index] as { has(key: string): boolean };
  return { index, ownOutput: item.has('output') };
}

/** The index of a stage in the document's pipeline, by name. */
function stageIndex(doc: Document, name: string): number {
  const seq = doc.get('pipeline', true);
  if (!isSeq(seq)) return -1;
  return seq.items.findIndex((it) => isMap(it) && it.get('name') === name);
}

/**
 * The fitted tier mix as a scenario writes it: one tier when it has all the calls (at 3 digits),
 * else shares rounded to 3 digits whose largest takes the rounding so they sum to 1.
 */
export function tierValue(shares: TierMix): string | TierMix {
  const tiers = (['standard', 'flex', 'priority'] as const).filter((t) => round3(shares[t] ?? 0) > 0);
  if (tiers.length === 1) return tiers[0]!;
  const out: TierMix = {};
  for (const t of tiers) out[t] = round3(shares[t]!);
  const top = tiers.reduce((a, t) => (out[t]! > out[a]! ? t : a), tiers[0]!);
  out[top] = round3(1 - tiers.filter((t) => t !== top).reduce((a, t) => a + out[t]!, 0));
  return out;
}
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Whether two tier mixes are the same at 3 digits. */
function sameMix(a: TierMix, b: TierMix): boolean {
  return (['standard', 'flex', 'priority'] as const).every((t) => round3(a[t] ?? 0) === round3(b[t] ?? 0));
}

/** Write a stage's `service_tier` from the tiers its synchronous calls used (like batch_share: only when a tier other than standard is seen or set). */
function writeTiers(w: Writer, base: (string | number)[], st: Scenario['stages'][number], shares: TierMix, notes: string[], scenarioTier: unknown): void {
  const now = stageTiers(st);
  const nonStandard = (m: TierMix) => (m.flex ?? 0) > 0 || (m.priority ?? 0) > 0;
  if (!nonStandard(now) && !nonStandard(shares)) return;
  if (sameMix(now, shares)) return;
  const value = tierValue(shares);
  const mix: TierMix = typeof value === 'string' ? { [value]: 1 } : value;
  const unsold = st.models.flatMap((sm) => missingTiers(sm.model.prices, mix).map((t) => `${sm.model.ref} has no ${t} tier`));
  if (unsold.length) {
    notes.push(`stage ${st.name}: the calls used tiers its catalogue does not price (${unsold.join('; ')}): service_tier is not rewritten`);
    return;
  }
  w.set([...base, 'service_tier'], value, 'share of synchronous calls per service tier', { from: "the scenario's service_tier", value: scenarioTier });
}

export function calibrate(doc: Document, s: Scenario, fits: readonly StageFit[], evidence: Evidence, daily: readonly { day: string; requests: number }[]): Calibration {
  const ev = `actuals ${evidence.from} to ${evidence.to}, ${evidence.days} days${evidence.calls !== null ? `, ${Math.round(evidence.calls).toLocaleString('en-US')} calls` : ''}`;
  const w = new Writer(doc, ev, new Map(s.stages.map((st) => [stageIndex(doc, st.name), st.name] as const)));
  const notes: string[] = [];
  const rpd = scenarioRequestsPerDay(fits);
  if (rpd !== null && s.traffic.mode !== 'users') {
    const scale = daily.length ? rpd / (daily.reduce((a, d) => a + d.requests, 0) / daily.length) : 1;
    const t = fitTraffic(daily.map((d) => ({ day: d.day, requests: d.requests * scale })));
    const level = t ? t.level : rpd;
    const value = t && t.p90 !== null ? { p50: round(t.monthlyRate !== null ? level : level, 4), p90: round(t.p90, 4) } : round(level, 4);
    if (s.traffic.mode === 'requests_per_month') w.set(['traffic', 'requests_per_month'], typeof value === 'number' ? round(value * s.traffic.daysPerMonth, 4) : { p50: round(value.p50 * s.traffic.daysPerMonth, 4), p90: round(value.p90 * s.traffic.daysPerMonth, 4) }, 'requests a month');
    else w.set(['traffic', 'requests_per_day'], value, typeof value === 'number' ? 'requests a day' : 'requests a day, log-normal from the daily variation');
    if (t && t.monthlyRate !== null) {
      if (t.monthlyRate > -1 && t.monthlyRate <= 1) {
        w.set(['growth', 'monthly_rate'], round(t.monthlyRate, 3), 'the monthly trend');
        w.set(['growth', 'start'], t.nextMonth, 'forecast from the month after the data');
      } else notes.push(`the fitted monthly growth (${(t.monthlyRate * 100).toFixed(0)}%) is outside -100%..100%: growth is left as it was`);
    }
  } else if (s.traffic.mode === 'users') notes.push('traffic is given by users: requests a day is not written (set requests_per_user_per_day by hand)');
  else notes.push('no source counts calls for the matched usage: requests a day and the model mix are not fitted');

  s.stages.forEach((st, i) => {
    const f = fits[i]!;
    const at = stageIndex(doc, st.name);
    if (at < 0 || !f.calls) {
      if (at >= 0 && f.models.length) notes.push(`stage ${st.name}: tokens seen but no call counts: tokens per call are not fitted`);
      return;
    }
    const base: (string | number)[] = ['pipeline', at];
    const seen = st.models.map((sm) => ({ sm, m: f.models.find((x) => x.model === sm.model.ref) })).filter((x) => x.m && x.m.calls > 0);
    const calls = seen.reduce((a, x) => a + x.m!.calls, 0);
    if (calls === 0) return;
    const other = f.models.filter((m) => !st.models.some((sm) => sm.model.ref === m.model));
    if (other.length) notes.push(`stage ${st.name}: calls to ${other.map((m) => m.model).join(', ')} match it but the stage does not list them: add them to its models to fit their share`);
    // the model mix (shares of the models the stage lists)
    const node = doc.getIn([...base, 'models'], true);
    /** List form ([{ id, share, output? }]): the index of each model's entry, and whether it sets its own output. */
    const entries = isSeq(node) ? st.models.map((sm) => listEntry(node, sm.name)) : [];
    if (st.models.length > 1 && isMap(node)) {
      for (const { sm, m } of st.models.map((sm) => ({ sm, m: f.models.find((x) => x.model === sm.model.ref) }))) {
        w.set([...base, 'models', sm.name], round((m?.calls ?? 0) / calls, 3), 'share of the calls');
      }
    } else if (st.models.length > 1 && entries.every((e) => e !== null)) {
      st.models.forEach((sm, j) => {
        const m = f.models.find((x) => x.model === sm.model.ref);
        w.set([...base, 'models', entries[j]!.index, 'share'], round((m?.calls ?? 0) / calls, 3), 'share of the calls');
      });
    } else if (st.models.length > 1) notes.push(`stage ${st.name}: its models could not be found in the file; shares are not rewritten`);
    // tokens per call: output (a list entry's own output for its model, the stage's for the others), and the input parts scaled to the seen mean
    const ownOutput = (sm: (typeof st.models)[number]) => entries[st.models.indexOf(sm)]?.ownOutput === true;
    for (const { sm, m } of seen) {
      if (ownOutput(sm)) w.set([...base, 'models', entries[st.models.indexOf(sm)]!.index, 'output'], Math.round(m!.outputPerCall), `output tokens per call of ${sm.name}`);
    }
    const shared = seen.filter((x) => !ownOutput(x.sm));
    const sharedCalls = shared.reduce((a, x) => a + x.m!.calls, 0);
    if (sharedCalls > 0) w.set([...base, 'output'], Math.round(shared.reduce((a, x) => a + x.m!.outputPerCall * x.m!.calls, 0) / sharedCalls), 'output tokens per call');
    const inMean = seen.reduce((a, x) => a + x.m!.inputPerCall * x.m!.calls, 0) / calls;
    const sm0 = st.models[0]!;
    const modelled = inputPerCall(st, sm0);
    const growth = (st.contextGrowthPerStep * (st.agentSteps - 1)) / 2;
    const partsSum = modelled - growth;
    const raw = doc.getIn([...base, 'input'], true);
    const numeric = isMap(raw) && raw.items.every((p) => isScalar(p.value) && typeof p.value.value === 'number');
    if (partsSum > 0 && numeric && inMean > growth) {
      const k = inputScale(st, f);
      for (const part of INPUT_PARTS) {
        const v = st.input[part];
        if (v > 0 && doc.hasIn([...base, 'input', part])) w.set([...base, 'input', part], Math.round(v * k), `input scaled ×${k.toFixed(3)} to ${Math.round(inMean)} tokens a call`);
      }
    } else if (partsSum > 0) notes.push(`stage ${st.name}: its input is not plain numbers (prompt files or distributions): seen ${Math.round(inMean)} input tokens a call against ${Math.round(modelled)} modelled`);
    if (st.cache && f.hitRate !== null) {
      // measured against the cacheable prefix, as scaled to the input seen
      const hit = numeric && partsSum > 0 ? fittedHitRate(st, f)! : f.hitRate;
      if (hit <= 1) w.set([...base, 'cache', 'hit_rate'], round(hit, 3), 'cache reads of the cacheable prefix');
      else notes.push(`stage ${st.name}: more tokens were read from the cache than its cacheable parts hold (hit rate ${hit.toFixed(2)}): mark more parts cacheable`);
    }
    if (f.batchShare !== null && (st.batchShare > 0 || f.batchShare > 0)) w.set([...base, 'batch_share'], round(f.batchShare, 3), 'share of calls on the batch tier');
    if (f.tierShares !== null) writeTiers(w, base, st, f.tierShares, notes, (doc.get('service_tier', true) as { toJSON?: () => unknown } | undefined)?.toJSON?.());
    if (f.agentSteps !== null) w.set([...base, 'agent_steps'], round(f.agentSteps, 3), 'model calls per trace');
    if (f.retryRate !== null) w.set([...base, 'retry_rate'], round(f.retryRate, 3), 'failed calls per successful call');
  });
  return { text: doc.toString({ flowCollectionPadding: false }), changes: w.changes, notes };
}
