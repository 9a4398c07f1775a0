/** The report block of the provider rules (core/provider-rules.ts) of one stage model. Pure. */
import type { ProviderRulesReport } from '../schema/report.js';
import { priceStageModel } from './estimate.js';
import type { Stage, StageModel } from './model.js';

const per1M = (x: number | undefined): number | null => (x === undefined ? null : x);

export function rulesReport(stage: Stage, sm: StageModel, requestsPerMonth: number): ProviderRulesReport {
  const a = sm.model.applied!;
  const p = sm.model.prices;
  // the same stage priced at the catalogue's own rates: standard tier, outside every window
  const plain = priceStageModel(stage, { ...sm, model: { ...sm.model, prices: a.before } }, requestsPerMonth);
  return {
    service_tier: a.tiers ? { ...a.tiers } : null,
    tier_factor: a.tierFactor,
    time_windows: a.profile ? a.windows.map((w) => ({ name: w.name, days: w.days, hours: w.hours, share: w.share, rates: { ...w.rates } })) : null,
    outside_windows_share: a.profile ? a.outside : null,
    time_profile: a.profile ? { kind: a.profile.kind, utc_offset: a.profile.utcOffset, weekday_share: a.profile.weekdayShare } : null,
    effective_rates: {
      input: p.input,
      output: p.output,
      cache_read: per1M(p.cache_read),
      cache_write: per1M(p.cache_write),
      cache_write_1h: per1M(p.cache_write_1h),
      reasoning: per1M(p.reasoning),
      batch_discount: a.effectiveBatchDiscount,
    },
    cost_at_catalogue_rates: plain.cost,
  };
}
