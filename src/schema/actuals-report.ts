/** The JSON report of `aifinops actuals report` (versioned: `schema`). Types only. */

export const ACTUALS_REPORT_SCHEMA = 'aifinops.actuals-report/1';
export const GROUP_BY = ['day', 'model', 'project', 'tag'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface ActualTokens {
  input: number;
  cache_read: number;
  cache_write_5m: number;
  cache_write_1h: number;
  output: number;
  reasoning: number;
  audio: number;
}

export interface ActualsGroup {
  /** The day, model, project or `key=value` tag; `(none)` when rows do not say. */
  key: string;
  /** Model requests; null when no source of the group counts them. */
  requests: number | null;
  tokens: ActualTokens;
  tool_calls: number;
  /** The tokens re-priced with the catalogue at each day's prices (priced models only). */
  repriced: number;
  /** What the sources say was billed (null: none of them says). */
  billed: number | null;
}

export interface AuditFinding {
  day: string;
  model: string;
  billed: number;
  repriced: number;
  /** billed − repriced */
  difference: number;
  /** difference ÷ repriced */
  share: number;
  /** A day audited as a range (time windows, hour unknown): its bounds; `repriced` is then the nearer bound. */
  range?: { low: number; high: number };
}

/** A (day, model) audited as a range: its model has time windows that day and the aggregate has no hours. */
export interface AuditRange {
  day: string;
  model: string;
  /** Every call outside the windows / inside them (per rate, the cheapest / dearest). */
  low: number;
  high: number;
  windows: string[];
}

export interface ActualsReport {
  schema: typeof ACTUALS_REPORT_SCHEMA;
  tool_version: string;
  currency: string;
  period: { from: string | null; to: string | null; days: number };
  sources: string[];
  by: GroupBy;
  groups: ActualsGroup[];
  total: Omit<ActualsGroup, 'key'>;
  daily: { day: string; repriced: number; billed: number | null }[];
  audit: {
    /** A (day, model) is flagged when |billed − repriced| ÷ repriced is above this. */
    threshold: number;
    /** (day, model) pairs with both tokens and a billed cost. */
    checked: number;
    flagged: AuditFinding[];
    /** The pairs audited as a range, and why (`windows`). */
    ranged: AuditRange[];
  };
  /** Models with tokens that no catalogue prices (their tokens are not re-priced). */
  unpriced_models: string[];
  /** Rows billed in another currency than the catalogues' (left out of the audit). */
  notes: string[];
}
