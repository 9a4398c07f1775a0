/**
 * The `aifinops breakeven` report (`--format json`): a stable, versioned shape. Keys are
 * snake_case; every field is always present (null where not applicable). docs/breakeven.md
 * documents each field.
 */

export const BREAKEVEN_SCHEMA_VERSION = 1;

export interface BreakevenPriceReport {
  /** "provider/offer" or "owned". */
  key: string;
  kind: 'rented' | 'owned';
  provider: string | null;
  offer: string | null;
  instance: string | null;
  region: string | null;
  gpus_per_instance: number | null;
  instance_hourly: number | null;
  /** Effective price per GPU-hour: instance price ÷ GPUs in the instance, or the owned-hardware arithmetic. */
  gpu_hourly: number;
  owned: {
    server: string;
    gpus_per_server: number;
    purchase_price: number;
    amortisation_months: number;
    /** Annual cost of capital (0: none). */
    cost_of_capital: number;
    power_kw: number;
    electricity_per_kwh: number;
    pue: number;
    colocation_monthly: number;
    staff_monthly: number;
    other_monthly: number;
    /** Per server-month: capital (straight line, or the annuity at the cost of capital), power × PUE, and the total. */
    capital_monthly: number;
    power_monthly: number;
    server_monthly: number;
    capital_per_gpu_hour: number;
    power_per_gpu_hour: number;
    other_per_gpu_hour: number;
  } | null;
  as_of: string;
  source: string;
}

export interface BreakevenMeasurementReport {
  input_tokens: number;
  output_tokens: number;
  output_tokens_per_second: number;
  batch: number | null;
  /** Replica-seconds per request: measured, and as the fitted rates reproduce it. */
  measured_seconds_per_request: number;
  model_seconds_per_request: number;
  relative_error: number;
}

export interface BreakevenDeploymentReport {
  name: string;
  /** Catalogue file, or the scenario file for an inline deployment. */
  defined_in: string;
  description: string | null;
  model: {
    name: string;
    parameters_b: number;
    active_parameters_b: number;
    precision: string;
    kv_cache_precision: string;
    layers: number;
    kv_heads: number;
    head_dim: number;
    source: string | null;
  };
  gpu: {
    id: string;
    name: string;
    memory_gb: number;
    memory_bandwidth_tbps: number;
    bf16_tflops: number;
    fp8_tflops: number | null;
    fp4_tflops: number | null;
    spec_source: string;
  };
  gpus_per_replica: number;
  engine: string | null;
  throughput: {
    prefill_tokens_per_second: number;
    decode_tokens_per_second: number;
    /** "stated" (given directly) or "fitted" (to the measurements). */
    method: 'stated' | 'fitted';
    input_tokens: number | null;
    output_tokens: number | null;
    batch: number | null;
    measurements: BreakevenMeasurementReport[];
    max_relative_error: number | null;
    source: string;
    conditions: string | null;
  };
  price: BreakevenPriceReport;
  min_replicas: number;
  target_utilisation: number;
  operations_monthly: number;
}

export interface BreakevenReplacedReport {
  stage: string;
  /** Canonical provider/model of the API model whose calls the deployment takes over. */
  model: string;
  calls_per_month: number;
  input_tokens_per_call: number;
  output_tokens_per_call: number;
  reasoning_tokens_per_call: number;
  busy_seconds_per_call: number;
  busy_seconds_per_month: number;
  api_monthly_cost: number;
}

export interface BreakevenPointReport {
  /** Volume as a multiple of today's. */
  multiple: number;
  requests_per_month: number;
  /** Tokens the replaced calls process per month (input + output + reasoning). */
  tokens_per_month: number;
  api_monthly_cost: number;
  self_hosted_monthly_cost: number;
  replicas: number;
  /** Whole instances (or owned servers) paid for: the replicas packed without splitting one across instances. */
  instances: number;
  /** GPUs paid for: instances × GPUs per instance. */
  gpus: number;
  /** GPUs the replicas use (replicas × GPUs per replica); the rest of the paid GPUs are idle. */
  gpus_in_use: number;
  /** Busy share of the replicas' time. */
  utilisation: number;
  cheaper: 'api' | 'self-hosted' | 'equal';
}

export interface BreakevenTodayReport extends BreakevenPointReport {
  gpu_monthly_cost: number;
  operations_monthly_cost: number;
  api_cost_per_million_tokens: number | null;
  self_hosted_cost_per_million_tokens: number | null;
  /** Everything the deployment does not replace (other model calls, line items): the same in both options. */
  unchanged_monthly_cost: number;
  total_api_option: number;
  total_self_hosted_option: number;
  /** total_api_option − total_self_hosted_option (positive: self-hosting saves). */
  monthly_saving: number;
}

export interface BreakevenResultReport {
  status: 'breaks-even' | 'never';
  /** From this multiple of today's volume on, self-hosting costs no more than the API. */
  multiple: number | null;
  requests_per_month: number | null;
  tokens_per_month: number | null;
  replicas: number | null;
  /** Whole instances (or owned servers) at the break-even volume. */
  instances: number | null;
  /** The first volume at which self-hosting is no dearer (it may step back above the API before `multiple`). */
  first_multiple: number | null;
  /** Why self-hosting never breaks even, or notes on the result. */
  reason: string | null;
}

export interface BreakevenUtilisationReport {
  /** Average fleet utilisation at which self-hosting costs what the API does at today's volume (whole replicas and min_replicas aside). */
  value: number | null;
  /** The utilisation the fleet runs at today (busy time ÷ replicas' time). */
  today: number;
  reachable: boolean;
  reason: string | null;
}

export interface BreakevenOptionReport {
  key: string;
  kind: 'rented' | 'owned';
  gpu_hourly: number;
  self_hosted_monthly_cost: number;
  breakeven_multiple: number | null;
  as_of: string;
  selected: boolean;
}

export interface BreakevenRooflineCheckReport {
  what: string;
  claimed: number;
  bound: number;
  unit: 'tokens/s' | 'bytes';
  ok: boolean;
  detail: string;
}

export interface BreakevenReport {
  schema_version: typeof BREAKEVEN_SCHEMA_VERSION;
  tool_version: string;
  kind: 'breakeven';
  scenario: {
    name: string;
    file: string;
    variant: string | null;
    currency: string;
    requests_per_month: number;
    total_monthly_cost: number;
  };
  deployment: BreakevenDeploymentReport;
  /** What the user asked to replace (stage names / models), or ["all"]. */
  replaces: string[];
  replaced: BreakevenReplacedReport[];
  today: BreakevenTodayReport;
  breakeven: BreakevenResultReport;
  breakeven_utilisation: BreakevenUtilisationReport;
  curve: BreakevenPointReport[];
  price_options: BreakevenOptionReport[];
  roofline: { ok: boolean; checks: BreakevenRooflineCheckReport[] };
  warnings: string[];
}
