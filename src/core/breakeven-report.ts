/**
 * The break-even report (docs/breakeven.md): the scenario's replaced calls, today's point, the
 * curve, the break-even, every price option side by side, the roofline check and the warnings,
 * assembled from the arithmetic in breakeven.ts. Pure: no I/O.
 */
import { gpuStaleWarnings } from './prices-at.js';
import { BREAKEVEN_SCHEMA_VERSION, type BreakevenOptionReport, type BreakevenPointReport, type BreakevenPriceReport, type BreakevenReport, type BreakevenResultReport } from '../schema/breakeven.js';
import type { ScenarioReport } from '../schema/report.js';
import { breakEven, breakEvenUtilisation, fleetOf, fmt, pointAt, workloadOf, type Deployment, type ReplacedCall } from './breakeven.js';
import type { PriceOption } from './capacity.js';
import { DEFAULT_DAYS_PER_MONTH, HOURS_PER_MONTH, TOKENS_PER_PRICE_UNIT, type Scenario } from './model.js';
import { checkRoofline, type Roofline } from './roofline.js';
import { maxOf } from '../util/extent.js';

export const CURVE_MULTIPLES = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100] as const;
/** Points of the terminal chart: one per column of its 64-column plot. */
export const CHART_POINTS = 64;

export interface BreakevenInput {
  scenario: Scenario;
  report: ScenarioReport;
  deployment: Deployment;
  calls: readonly ReplacedCall[];
  replaces: readonly string[];
  /** Every price option of the deployment's GPU (the selected one included), to compare. */
  priceOptions: readonly PriceOption[];
  toolVersion: string;
  multiples?: readonly number[];
  /** Warn about GPU prices checked more than this many days before the scenario's pricing date (default 120). */
  maxPriceAgeDays?: number;
}

export interface BreakevenResult {
  report: BreakevenReport;
  /** CHART_POINTS log-spaced points from 0.1× to 100× for the chart (not part of the JSON report). */
  chart: BreakevenPointReport[];
  roofline: Roofline;
}

/** `count` log-spaced multiples from lo to hi: with count = the chart's width, one point per column. */
export function chartMultiples(lo = 0.1, hi = 100, count = CHART_POINTS): number[] {
  const out: number[] = [];
  const n = count - 1;
  for (let i = 0; i <= n; i++) out.push(lo * 10 ** ((i * Math.log10(hi / lo)) / n));
  return out;
}

export function priceReport(p: PriceOption): BreakevenPriceReport {
  return {
    key: p.key,
    kind: p.kind,
    provider: p.provider,
    offer: p.offer,
    instance: p.instance,
    region: p.region,
    gpus_per_instance: p.gpusPerInstance,
    instance_hourly: p.instanceHourly,
    gpu_hourly: p.gpuHourly,
    owned: p.owned
      ? {
          server: p.owned.server,
          gpus_per_server: p.owned.gpusPerServer,
          purchase_price: p.owned.purchasePrice,
          amortisation_months: p.owned.amortisationMonths,
          cost_of_capital: p.owned.costOfCapital,
          power_kw: p.owned.powerKw,
          electricity_per_kwh: p.owned.electricityPerKwh,
          pue: p.owned.pue,
          colocation_monthly: p.owned.colocationMonthly,
          staff_monthly: p.owned.staffMonthly,
          other_monthly: p.owned.otherMonthly,
          capital_monthly: p.owned.capitalMonthly,
          power_monthly: p.owned.powerMonthly,
          server_monthly: p.owned.serverMonthly,
          capital_per_gpu_hour: p.owned.capitalPerGpuHour,
          power_per_gpu_hour: p.owned.powerPerGpuHour,
          other_per_gpu_hour: p.owned.otherPerGpuHour,
        }
      : null,
    as_of: p.asOf,
    source: p.source,
  };
}

export function computeBreakeven(input: BreakevenInput): BreakevenResult {
  const { scenario: s, report: r, deployment: d } = input;
  const t = d.throughput;
  const w = workloadOf(s, r, input.calls, t);
  const f = fleetOf(d);
  const today = pointAt(1, w, f);
  const be = breakEven(w, f, s.currency);
  const warnings: string[] = [];

  const multiples = new Set<number>(input.multiples ?? CURVE_MULTIPLES);
  if (be.multiple !== null && be.multiple >= 0.1 && be.multiple <= 100) multiples.add(be.multiple);
  const curve = [...multiples].sort((x, y) => x - y).map((x) => pointAt(x, w, f));
  const chart = chartMultiples().map((x) => pointAt(x, w, f));

  const roofline = checkRoofline({
    model: d.model,
    gpu: d.gpu,
    gpusPerReplica: d.gpusPerReplica,
    stated: t.method === 'stated' ? { prefill: t.prefill, decode: t.decode, inputTokens: t.inputTokens!, outputTokens: t.outputTokens!, batch: t.batch } : null,
    measurements: t.points,
  });

  const options: BreakevenOptionReport[] = input.priceOptions.map((p) => {
    const fo = fleetOf(d, p);
    return {
      key: p.key,
      kind: p.kind,
      gpu_hourly: p.gpuHourly,
      self_hosted_monthly_cost: pointAt(1, w, fo).self_hosted_monthly_cost,
      breakeven_multiple: breakEven(w, fo, s.currency).multiple,
      as_of: p.asOf,
      selected: p.key === d.price.key,
    };
  });

  // warnings: what the numbers leave out, and where the throughput is stretched
  if (d.operationsMonthly === 0) warnings.push('operations_monthly is 0: no staff or operations cost is in the self-hosted figures (set --operations or operations_monthly)');
  if (!roofline.ok) warnings.push('the throughput claim exceeds a physical limit of the hardware (see the roofline check): the self-hosted cost is understated');
  const measuredInputs = t.method === 'stated' ? [t.inputTokens ?? 0] : t.points.map((p) => p.inputTokens);
  const measuredOutputs = t.method === 'stated' ? [t.outputTokens ?? 0] : t.points.map((p) => p.outputTokens);
  const maxIn = maxOf(measuredInputs);
  const maxOut = maxOf(measuredOutputs);
  for (const it of w.items) {
    if (it.input_tokens_per_call > maxIn) warnings.push(`${it.stage}: calls send ${fmt(it.input_tokens_per_call)} input tokens, more than the ${fmt(maxIn)} the throughput was measured at; longer contexts are slower than the rates assume`);
    if (it.output_tokens_per_call + it.reasoning_tokens_per_call > maxOut) warnings.push(`${it.stage}: calls generate ${fmt(it.output_tokens_per_call + it.reasoning_tokens_per_call)} tokens, more than the ${fmt(maxOut)} the throughput was measured at`);
  }
  for (const { stageIndex, modelIndex } of input.calls) {
    const sm = s.stages[stageIndex]!.models[modelIndex]!;
    if (sm.model.prices.tier === 'embedding') warnings.push(`${s.stages[stageIndex]!.name}: ${sm.model.ref} is an embedding model; replacing it with ${d.model.name} is probably not meant (pick stages with --replaces)`);
  }
  if (s.traffic.daysPerMonth < DEFAULT_DAYS_PER_MONTH - 1e-9) {
    warnings.push(`traffic runs on ${+s.traffic.daysPerMonth.toFixed(2)} days a month but GPUs are paid for all ${HOURS_PER_MONTH} hours: the busy days' load is ${+(DEFAULT_DAYS_PER_MONTH / s.traffic.daysPerMonth).toFixed(2)}× the monthly average the target utilisation is applied to`);
  }
  if (w.items.length === 0) warnings.push('no model calls are replaced');
  for (const w of gpuStaleWarnings(input.priceOptions, s.pricedAsOf, input.maxPriceAgeDays)) warnings.push(w);

  const unchanged = r.total_monthly_cost - w.apiMonthly;
  const perMillion = (cost: number) => (w.tokensMonthly > 0 ? (cost / w.tokensMonthly) * TOKENS_PER_PRICE_UNIT : null);
  const breakeven: BreakevenResultReport = {
    status: be.status,
    multiple: be.multiple,
    requests_per_month: be.multiple === null ? null : be.multiple * w.requestsPerMonth,
    tokens_per_month: be.multiple === null ? null : be.multiple * w.tokensMonthly,
    replicas: be.replicas,
    instances: be.instances,
    first_multiple: be.firstMultiple,
    reason: be.reason,
  };

  const report: BreakevenReport = {
    schema_version: BREAKEVEN_SCHEMA_VERSION,
    tool_version: input.toolVersion,
    priced_as_of: s.pricedAsOf,
    kind: 'breakeven',
    scenario: { name: s.name, file: s.file, variant: s.variant, currency: s.currency, requests_per_month: w.requestsPerMonth, total_monthly_cost: r.total_monthly_cost },
    deployment: {
      name: d.name,
      defined_in: d.definedIn,
      description: d.description,
      model: {
        name: d.model.name,
        parameters_b: d.model.parametersB,
        active_parameters_b: d.model.activeParametersB,
        precision: d.model.precision,
        kv_cache_precision: d.model.kvCachePrecision,
        layers: d.model.layers,
        kv_heads: d.model.kvHeads,
        head_dim: d.model.headDim,
        source: d.model.source,
      },
      gpu: {
        id: d.gpu.id,
        name: d.gpu.name,
        memory_gb: d.gpu.memoryGb,
        memory_bandwidth_tbps: d.gpu.bandwidthTbps,
        bf16_tflops: d.gpu.bf16Tflops,
        fp8_tflops: d.gpu.fp8Tflops,
        fp4_tflops: d.gpu.fp4Tflops,
        spec_source: d.gpu.specSource,
      },
      gpus_per_replica: d.gpusPerReplica,
      engine: d.engine,
      throughput: {
        prefill_tokens_per_second: t.prefill,
        decode_tokens_per_second: t.decode,
        method: t.method,
        input_tokens: t.inputTokens,
        output_tokens: t.outputTokens,
        batch: t.batch,
        measurements: t.points.map((p) => ({
          input_tokens: p.inputTokens,
          output_tokens: p.outputTokens,
          output_tokens_per_second: p.outputTokensPerSecond,
          batch: p.batch,
          measured_seconds_per_request: p.measuredSeconds,
          model_seconds_per_request: p.modelSeconds,
          relative_error: p.relativeError,
        })),
        max_relative_error: t.maxRelativeError,
        source: t.source,
        conditions: t.conditions,
      },
      price: priceReport(d.price),
      min_replicas: d.minReplicas,
      target_utilisation: d.targetUtilisation,
      operations_monthly: d.operationsMonthly,
    },
    replaces: [...input.replaces],
    replaced: w.items,
    today: {
      ...today,
      gpu_monthly_cost: today.self_hosted_monthly_cost - d.operationsMonthly,
      operations_monthly_cost: d.operationsMonthly,
      api_cost_per_million_tokens: perMillion(today.api_monthly_cost),
      self_hosted_cost_per_million_tokens: perMillion(today.self_hosted_monthly_cost),
      unchanged_monthly_cost: unchanged,
      total_api_option: r.total_monthly_cost,
      total_self_hosted_option: unchanged + today.self_hosted_monthly_cost,
      monthly_saving: w.apiMonthly - today.self_hosted_monthly_cost,
    },
    breakeven,
    breakeven_utilisation: breakEvenUtilisation(w, f, today, s.currency),
    curve,
    price_options: options,
    roofline: { ok: roofline.ok, checks: roofline.checks.map((c) => ({ ...c })) },
    warnings: [...new Set(warnings)],
  };
  return { report, chart, roofline };
}
