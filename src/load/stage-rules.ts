/**
 * The hook that gives each stage's models their provider rules (core/provider-rules.ts): the
 * traffic profile and service-tier mix of the stage, checked and resolved into effective rates.
 */
import type { Segment } from '../core/paths.js';
import type { LineItem, PricedModel, Stage } from '../core/model.js';
import { SHARE_TOLERANCE } from '../core/model.js';
import { withRules } from '../core/prices-at.js';
import { billsOneHourWritesApart, makeProfile, missingTiers, SERVICE_TIER_NAMES, type RuleContext, type TierMix } from '../core/provider-rules.js';
import type { ScenarioParsed, ServiceTierParsed, TimeProfileParsed } from '../schema/scenario.js';

type At = (path: Segment[], message: string, fix?: string, which?: 'key' | 'value') => void;

function tierMix(t: ServiceTierParsed | undefined, path: Segment[], at: At): TierMix | null {
  if (t === undefined || t === 'standard') return null;
  if (typeof t === 'string') return { [t]: 1 };
  const given = SERVICE_TIER_NAMES.filter((k) => t[k] !== undefined);
  if (given.length === 0) {
    at(path, 'the service-tier mix is empty', 'give shares of the calls per tier, e.g. { standard: 0.7, flex: 0.3 }, or one tier: service_tier: flex');
    return null;
  }
  const sum = given.reduce((a, k) => a + t[k]!, 0);
  if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
    at(path, `the service-tier shares sum to ${+sum.toFixed(9)}, expected 1`, 'make the shares of standard, flex and priority add up to 1 (100%)');
    return null;
  }
  return { ...t };
}

function profileOf(p: TimeProfileParsed | undefined, path: Segment[], at: At): TimeProfileParsed | undefined {
  if (!p) return undefined;
  if (p.preset !== undefined && p.hours !== undefined) at(path, 'give either preset or hours, not both', 'hours: 24 weights of your own, or preset: flat | business-hours');
  if (p.hours && !p.hours.some((h) => h > 0)) at([...path, 'hours'], 'every hour has weight 0, so the traffic has no time of day', 'give at least one hour a weight above 0');
  return p;
}

/**
 * Applies the rules to every stage model and token line item (in place), reporting located
 * problems through `at`: a tier the model does not sell, a tier mix that does not sum to 1, and a
 * 1-hour cache on a Claude entry without a 1-hour write rate.
 */
export function applyStageRules(data: ScenarioParsed, stages: Stage[], lineItems: LineItem[], at: At): void {
  const scenarioProfile = profileOf(data.traffic.time_profile, ['traffic', 'time_profile'], at);
  const scenarioTiers = tierMix(data.service_tier, ['service_tier'], at);
  stages.forEach((stage, i) => {
    const st = data.pipeline[i]!;
    const base: Segment[] = ['pipeline', i];
    const ownProfile = profileOf(st.time_profile, [...base, 'time_profile'], at);
    const tiers = st.service_tier !== undefined ? tierMix(st.service_tier, [...base, 'service_tier'], at) : scenarioTiers;
    const tierPath: Segment[] = st.service_tier !== undefined ? [...base, 'service_tier'] : ['service_tier'];
    const ctx: RuleContext = { profile: makeProfile(ownProfile ?? scenarioProfile), tiers };
    for (const sm of stage.models) {
      const missing = missingTiers(sm.model.prices, tiers);
      if (missing.length) {
        const sells = Object.keys(sm.model.prices.service_tiers ?? {});
        at(
          tierPath,
          `${sm.model.ref} has no ${missing.join(' or ')} tier in ${sm.model.catalogue.file}${sells.length ? ` (it sells ${sells.join(', ')})` : ''}`,
          `use service_tier: standard${sells.length ? ` or ${sells.join(' / ')}` : ''} for stage "${stage.name}", or add service_tiers: { ${missing[0]}: { factor: … } } to the model in an override catalogue (docs/pricing-catalogue.md)`,
        );
        continue;
      }
      if (stage.cache?.ttl === '1h') oneHourGuard(sm.model, [...base, 'cache', 'ttl'], at);
      sm.model = withRules(sm.model, ctx);
    }
  });
  const flat: RuleContext = { profile: makeProfile(scenarioProfile), tiers: null };
  for (const li of lineItems) if (li.kind === 'tokens' && li.model.prices.time_windows?.length) li.model = withRules(li.model, flat);
}

/**
 * Claude bills 1-hour cache writes at 2× input (directly, on Bedrock and on Vertex): an entry
 * without `cache_write_1h` would silently price them at the 5-minute rate (−37.5%). An error, not a
 * warning: a number known to be wrong must not reach a budget.
 */
function oneHourGuard(m: PricedModel, path: Segment[], at: At): void {
  if (!billsOneHourWritesApart(m.provider, m.id)) return;
  const p = m.prices;
  const blocks = [
    { where: '', b: p },
    ...(p.long_context ? [{ where: 'long_context.', b: p.long_context }] : []),
  ];
  for (const { where, b } of blocks) {
    if (b.cache_read !== undefined && b.cache_write_1h === undefined) {
      const twice = +(2 * b.input).toPrecision(12);
      at(
        path,
        `${m.ref} has no ${where}cache_write_1h rate in ${m.catalogue.file}, and Claude models bill 1-hour cache writes at 2× input (${twice} per 1M here), not at the 5-minute cache_write rate — pricing them at ${b.cache_write ?? b.input} would understate them`,
        `add ${where}cache_write_1h: ${twice} to ${m.ref} in ${m.catalogue.file} (or an override catalogue), or use cache.ttl: 5m`,
      );
      return;
    }
  }
}
