/**
 * The what-if page's script (dist/report-engine.js, built by scripts/build.mjs for the browser):
 * the CLI's own cost engine (core/estimate.ts, core/levers.ts, core/prices-at.ts) driven by the
 * page's controls. It reads the data `aifinops report` embedded and writes only into the page.
 */
import { estimateScenario } from '../core/estimate.js';
import { parseLeverOptions, priceLevers } from '../core/levers.js';
import type { PricedModel, Scenario } from '../core/model.js';
import { scenarioModels, scheduleWarnings, staleWarnings } from '../core/prices-at.js';
import { ModelRegistry, type LoadedCatalogue } from '../core/registry.js';
import { money, percent } from '../render/format.js';
import type { ScenarioReport } from '../schema/report.js';
import { applyControls, mixProblem, reproduceCommand, setFlags, withDerivedShares, type Control } from './controls.js';
import { curveSvg } from './chart-dom.js';
import type { ReportPayload } from './payload.js';

type Values = Record<string, number | string>;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) (k === 'text' ? (e.textContent = v) : e.setAttribute(k, v));
  for (const k of kids) e.append(k);
  return e;
};

const data = JSON.parse($('aifinops-data').textContent ?? '{}') as ReportPayload;
const registry = new ModelRegistry(data.catalogues as unknown as LoadedCatalogue[], data.priced_as_of);
const resolveModel = (ref: string): PricedModel => {
  const r = registry.resolve(ref);
  if (!r.ok) throw new Error(r.message);
  return r.model;
};

let viewIndex = 0;
let values: Values = {};
/** The control the chart follows: the one last moved. */
let charted: Control | undefined;

const view = () => data.views[viewIndex]!;
const controls = () => view().controls;
const currency = () => view().scenario.currency;

function startValues(): Values {
  return Object.fromEntries(controls().map((c) => [c.id, c.value]));
}

/** Why the values describe no scenario (a mix's shares above 100%, a model twice in a mix), or null. */
function problem(vals: Values = values): string | null {
  if (withDerivedShares(controls(), vals) === null) return 'The tier shares of a mix add up to more than 100%: lower one of them.';
  return mixProblem(controls(), vals);
}

/** The scenario the controls describe, or null when they describe none (`problem`). */
function current(vals: Values = values): Scenario | null {
  const full = withDerivedShares(controls(), vals);
  return full === null || mixProblem(controls(), vals) !== null ? null : applyControls(view().scenario, controls(), full, resolveModel);
}

// ── controls ────────────────────────────────────────────────────────────────────────────────

function buildControls(): void {
  const box = $('controls');
  box.replaceChildren();
  const groups = new Map<string, HTMLFieldSetElement>();
  for (const c of controls()) {
    let fs = groups.get(c.group);
    if (!fs) {
      fs = el('fieldset', {}, el('legend', { text: c.group }));
      groups.set(c.group, fs);
      box.append(fs);
    }
    const row = el('div', { class: 'ctl' });
    const label = el('label', { for: c.id, text: c.label, ...(c.help ? { title: c.help } : {}) });
    row.append(label);
    const described = [`${c.id}-unit`, ...(c.help ? [`${c.id}-help`] : [])].join(' ');
    if (c.help) row.append(el('span', { id: `${c.id}-help`, class: 'sr-only', text: c.help }));
    if (c.kind === 'model') {
      const sel = el('select', { id: c.id, 'data-path': c.path, ...(c.help ? { 'aria-describedby': `${c.id}-help` } : {}) });
      for (const o of c.options ?? []) sel.append(el('option', { value: o, text: o }));
      sel.value = String(values[c.id]);
      sel.addEventListener('change', () => changed(c, sel.value));
      row.append(sel);
    } else {
      const num = el('input', { id: c.id, type: 'number', min: String(c.min), max: String(c.max), step: 'any', 'data-path': c.path, inputmode: 'decimal', 'aria-describedby': described });
      const range = el('input', { id: `${c.id}-range`, type: 'range', min: String(c.min), max: String(Math.max(c.sliderMax, Number(values[c.id]))), step: String(c.step), 'aria-label': `${c.label} (slider)` });
      num.value = String(values[c.id]);
      range.value = String(values[c.id]);
      if (c.derived) {
        num.readOnly = true;
        range.disabled = true;
        num.setAttribute('aria-readonly', 'true');
      }
      num.addEventListener('input', () => {
        const v = num.value.trim() === '' ? Number.NaN : Number(num.value);
        if (!Number.isFinite(v) || v < c.min || v > c.max) {
          num.setAttribute('aria-invalid', 'true');
          status(`${c.label}: expected a number from ${c.min} to ${c.max}`);
          return;
        }
        num.removeAttribute('aria-invalid');
        range.value = String(v);
        changed(c, v);
      });
      range.addEventListener('input', () => {
        num.value = range.value;
        num.removeAttribute('aria-invalid');
        changed(c, Number(range.value));
      });
      row.append(num, el('span', { id: `${c.id}-unit`, class: 'unit', text: c.unit }), range);
    }
    fs.append(row);
  }
}

function changed(c: Control, v: number | string): void {
  values[c.id] = v;
  if (c.kind !== 'model') charted = c;
  update();
}

function status(text: string): void {
  $('status').textContent = text;
}

// ── output ──────────────────────────────────────────────────────────────────────────────────

const cell = (text: string, num = false) => el('td', num ? { class: 'num', text } : { text });
function table(id: string, head: string[], rows: (string | number)[][], numeric: boolean[]): void {
  const t = $(id);
  const thead = el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { scope: 'col', ...(numeric[i] ? { class: 'num' } : {}), text: h }))));
  const tbody = el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((x, i) => cell(String(x), numeric[i])))));
  t.replaceChildren(thead, tbody);
}

/** The price-date warnings loading gives for these models (core/prices-at.ts), as the CLI adds them. */
function priceWarnings(s: Scenario): string[] {
  return [...scheduleWarnings(s, data.priced_as_of), ...staleWarnings(scenarioModels(s), data.priced_as_of, data.max_price_age_days ?? undefined)];
}

/** The warnings `aifinops estimate` gives for the current view: the engine's, with the price-date ones of the models now chosen. */
function showWarnings(s: Scenario, rep: ScenarioReport): void {
  const loaded = new Set(priceWarnings(view().scenario));
  const all = new Set<string>(rep.warnings.filter((w) => !loaded.has(w)));
  for (const w of priceWarnings(s)) all.add(w);
  const ul = $('warnings');
  ul.replaceChildren(...[...all].map((w) => el('li', { text: w })));
  $('warnings-none').hidden = all.size > 0;
}

function showPricedBy(s: Scenario): void {
  const rows = scenarioModels(s).map((m) => [m.ref, m.catalogue.file, m.catalogue.as_of, m.effectiveFrom ?? 'base rates', m.catalogue.source]);
  table('priced-by', ['Model', 'Catalogue', 'Checked', 'Rates from', 'Source'], rows, [false, false, false, false, false]);
}

function showLevers(s: Scenario): void {
  const ctx = { registry, file: data.file };
  const rep = priceLevers({ scenario: s, ref: { name: s.name, file: s.file, variant: s.variant, currency: s.currency, set: [] }, parsed: parseLeverOptions([], s, ctx), ctx, toolVersion: data.tool_version, pricedAsOf: data.priced_as_of });
  const priced = rep.levers.filter((l) => l.status === 'priced' && l.alone).sort((a, b) => b.alone!.saving - a.alone!.saving);
  table('levers', ['Lever', 'Assumption', 'Saves alone', 'Share'], priced.map((l) => [l.title, l.assumption, money(l.alone!.saving, s.currency), percent(l.alone!.saving_ratio)]), [false, false, true, true]);
  $('levers-none').hidden = priced.length > 0;
}

function showVariants(rep: ScenarioReport): void {
  const sec = $('variants-section');
  if (data.views.length < 2) {
    sec.hidden = true;
    return;
  }
  const cur = currency();
  const rows = data.views.map((v) => {
    const r = estimateScenario(v.scenario);
    return [v.variant ?? '(as written)', money(r.total_monthly_cost, v.scenario.currency), money(r.cost_per_request, v.scenario.currency), money(r.cost_per_user, v.scenario.currency), r.budget ? r.budget.status : '—'];
  });
  rows.push([`current view (${view().variant ?? 'as written'} with the controls)`, money(rep.total_monthly_cost, cur), money(rep.cost_per_request, cur), money(rep.cost_per_user, cur), rep.budget ? rep.budget.status : '—']);
  table('variants', ['Variant', 'Monthly', 'Per request', 'Per user', 'Budget'], rows, [false, true, true, true, false]);
}

/** The CLI's Monte Carlo figures at the starting point, for a scenario with distributions. */
function showUncertainty(cur: string): void {
  const u = view().uncertainty;
  const box = $('uncertainty');
  box.hidden = u === null;
  if (!u) return;
  const m = u.monthly_cost;
  const parts = [
    el('strong', { text: 'Uncertain inputs. ' }),
    `At the starting point aifinops estimate runs ${u.samples.toLocaleString('en-US')} Monte Carlo samples (seed ${u.seed}): mean ${money(m.mean, cur)}, P50 ${money(m.p50, cur)}, P80 ${money(m.p80, cur)}, P95 ${money(m.p95, cur)} a month`,
  ];
  if (u.budget?.at) parts.push(`; it judges the budget at ${u.budget.at.toUpperCase()}: ${u.budget.status} (${percent(u.budget.used)} of ${money(u.budget.monthly, cur)})`);
  parts.push('. The figures above are the point estimate, which the controls move; run the command below for the percentiles of a changed view.');
  box.replaceChildren(...parts);
}

function showChart(): void {
  const c = charted ?? controls().find((x) => x.kind !== 'model' && !x.derived);
  const box = $('chart');
  if (!c) {
    box.replaceChildren();
    return;
  }
  const lo = c.min;
  const hi = Math.max(c.sliderMax, Number(values[c.id]));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i <= 40; i++) {
    const x = lo + ((hi - lo) * i) / 40;
    const s = current({ ...values, [c.id]: x });
    if (s === null) continue;
    xs.push(x);
    ys.push(estimateScenario(s).total_monthly_cost);
  }
  const now = current();
  const y0 = now ? estimateScenario(now).total_monthly_cost : null;
  $('chart-title').textContent = `Monthly cost against ${c.group === 'Traffic' ? '' : `${c.group}: `}${c.label} (${c.unit})`;
  box.replaceChildren(curveSvg({ xs, ys, x: Number(values[c.id]), y: y0, budget: view().scenario.budget?.monthly ?? null, fmt: (v) => money(v, currency()), label: `${c.label}, ${c.unit}` }));
}

function update(): void {
  const s = current();
  if (s === null) {
    status(problem() ?? '');
    return;
  }
  status('');
  const rep = estimateScenario(s);
  const cur = s.currency;
  const total = $('total');
  total.textContent = money(rep.total_monthly_cost, cur);
  total.dataset.value = String(rep.total_monthly_cost);
  $('per-request').textContent = money(rep.cost_per_request, cur);
  $('per-user').textContent = money(rep.cost_per_user, cur);
  $('per-outcome').textContent = rep.cost_per_outcome === null ? '—' : `${money(rep.cost_per_outcome, cur)}`;
  $('requests').textContent = Math.round(rep.requests_per_month).toLocaleString('en-US');
  const b = rep.budget;
  const bs = $('budget');
  const u = view().uncertainty;
  const atPoint = u?.budget?.at ? ' (at the point estimate)' : '';
  bs.textContent = b ? `${b.status === 'over' ? 'Over budget' : b.status === 'alert' ? 'Near budget' : 'Within budget'}${atPoint}: ${percent(b.used)} of ${money(b.monthly, cur)}` : 'No budget set';
  bs.className = `budget ${b ? b.status : 'none'}`;
  showUncertainty(cur);

  const stageRows: (string | number)[][] = [];
  for (const st of rep.stages) for (const m of st.models) stageRows.push([st.name, m.model, percent(m.share), Math.round(m.calls_per_month).toLocaleString('en-US'), money(m.monthly_cost, cur)]);
  for (const li of rep.line_items) stageRows.push([li.name, li.model ?? li.category, '', '', money(li.monthly_cost, cur)]);
  table('by-stage', ['Stage / item', 'Model / category', 'Share', 'Calls a month', 'Monthly'], stageRows, [false, false, true, true, true]);
  table('by-category', ['Category', 'Monthly'], Object.entries(rep.by_category).map(([k, v]) => [k, money(v, cur)]), [false, true]);

  const full = withDerivedShares(controls(), values) ?? values;
  for (const c of controls()) {
    if (!c.derived) continue;
    ($(c.id) as HTMLInputElement).value = String(full[c.id]);
    ($(`${c.id}-range`) as HTMLInputElement).value = String(full[c.id]);
  }
  const flags = setFlags(controls(), full);
  const cmd = reproduceCommand(data.command, view().variant, flags);
  $('flags').textContent = cmd;

  showWarnings(s, rep);
  showPricedBy(s);
  showLevers(s);
  showVariants(rep);
  showChart();
}

function reset(): void {
  values = startValues();
  charted = undefined;
  buildControls();
  update();
}

function init(): void {
  const pick = $<HTMLSelectElement>('view');
  if (data.views.length > 1) {
    for (const [i, v] of data.views.entries()) pick.append(el('option', { value: String(i), text: v.variant ?? '(as written)' }));
    pick.addEventListener('change', () => {
      viewIndex = Number(pick.value);
      reset();
    });
  } else $('view-row').hidden = true;
  $('reset').addEventListener('click', reset);
  $('copy').addEventListener('click', () => {
    const text = $('flags').textContent ?? '';
    const done = () => status('Copied the command line.');
    const select = () => {
      const range = document.createRange();
      range.selectNodeContents($('flags'));
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      status('Selected the command line: press Ctrl+C (⌘C) to copy it.');
    };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, select);
    else select();
  });
  reset();
  document.body.dataset.ready = 'true';
}

init();
