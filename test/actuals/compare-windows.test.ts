/**
 * actuals compare on time-windowed and re-priced models: the matched usage is re-priced at the
 * stage's own hour-of-day profile, a bill inside the audit's range [every call off-peak, every
 * call at peak] is the calls' hours (mix), not price, and only a real change of price — a bill
 * outside the range, or a dated catalogue price between the estimate's pricing date and the
 * day — is price. Figures derived by hand from pricing/deepseek.yaml.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AggregateRow } from '../../src/actuals/aggregate.js';
import { compareScenario } from '../../src/actuals/compare.js';
import { pricer } from '../../src/actuals/pricing.js';
import { ModelRegistry } from '../../src/core/registry.js';
import { bundledCatalogues } from '../../src/load/catalogues.js';
import { loadScenario } from '../../src/load/scenario.js';
import { runCli } from '../helpers/cli.js';
import { workDir } from './helpers.js';

const AS_OF = '2026-11-23';
const price = pricer(new ModelRegistry(bundledCatalogues(), AS_OF));

/** The reviewer's scenario: 100 requests a day, business hours at UTC+8 (01:00-10:00 UTC), 1,000 in + 1,000 out. */
function scenarioFile(model: string): string {
  const file = join(workDir(), 'sc.yaml');
  writeFileSync(
    file,
    `version: 1\nname: DeepSeek peak\ntraffic:\n  requests_per_day: 100\n  time_profile: { preset: business-hours, utc_offset: 8 }\npipeline:\n  - name: answer\n    model: ${model}\n    input: { user: 1000 }\n    output: 1000\n`,
  );
  return file;
}

/** Every weekday (UTC) of a month, or every weekend day. */
function days(month: string, weekdays: boolean): string[] {
  const out: string[] = [];
  for (let d = 1; d <= 31; d++) {
    const day = `${month}-${String(d).padStart(2, '0')}`;
    const date = new Date(`${day}T00:00:00Z`);
    if (date.getUTCMonth() + 1 !== Number(month.slice(5))) break;
    const wd = date.getUTCDay();
    if ((wd >= 1 && wd <= 5) === weekdays) out.push(day);
  }
  return out;
}

/** One day of 100 calls of 1,000 input + 1,000 output tokens, billed `billed` (null: not billed). */
function row(day: string, model: string, billed: number | null): AggregateRow {
  return {
    day, source: 'litellm', provider: 'deepseek', model, project: null, workspace: null, api_key: null, tags: null, service_tier: null,
    failed: null, traces: null, billed_cost: billed, currency: billed === null ? null : 'USD',
    counts: { requests: 100, input: 100_000, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 100_000, reasoning: 0, audio: 0, tool_calls: 0 },
  };
}

const scenarios = new Map<string, ReturnType<typeof loadScenario>>();
const compare = (model: string, rows: AggregateRow[]) => {
  let s = scenarios.get(model);
  if (!s) scenarios.set(model, (s = loadScenario(scenarioFile(model), { asOf: AS_OF })));
  return compareScenario(s, [{ stage: 'answer', rows }], price);
};

// deepseek-flash: off-peak 0.15 in / 0.6 out per 1M; peak (weekdays 01:00-04:00, 06:00-10:00 UTC) 0.30 / 1.20.
// A call of 1,000 + 1,000 tokens: off-peak $0.00075, at peak $0.0015. Business hours at UTC+8 are
// 01:00-10:00 UTC, 7 of whose 9 hours are peak: the estimate's call costs 0.00075 × (1 + 7/9) = $0.0013333….
const OFF = 0.00075;
const PEAK = 0.0015;
const AT_PROFILE = OFF * (1 + 7 / 9);
const FLASH = 'deepseek/deepseek-flash';

describe('actuals compare: time windows at the stage profile', () => {
  const weekdays = days('2026-10', true);

  it('the reviewer\'s case: 20 weekdays of calls all at peak, billed exactly the peak price: price ≈ 0, the gap is mix', () => {
    expect(weekdays).toHaveLength(22);
    const twenty = weekdays.slice(0, 20);
    const c = compare('deepseek-flash', twenty.map((d) => row(d, FLASH, 100 * PEAK)));
    const est = 20 * 100 * AT_PROFILE; // $2.6667
    const act = 20 * 100 * PEAK; // $3.00
    expect(c.total.estimated).toBeCloseTo(est, 12);
    expect(c.total.actual).toBeCloseTo(act, 12);
    // every bill lies inside the audit's range [$0.075, $0.15] a day: no price variance is invented
    expect(Math.abs(c.total.parts.price)).toBeLessThan(1e-12);
    expect(c.total.parts.mix).toBeCloseTo(act - est, 12); // +$0.333: more calls at peak than the profile says
    expect(Math.abs(c.total.parts.volume) + Math.abs(c.total.parts.tokens_per_call) + Math.abs(c.total.parts.cache_hit_rate) + Math.abs(c.total.parts.unsplit)).toBeLessThan(1e-12);
  });

  it('unbilled usage is re-priced at the profile: unchanged traffic gives ≈ 0 variance, every part ≈ 0', () => {
    const c = compare('deepseek-flash', weekdays.map((d) => row(d, FLASH, null)));
    expect(c.total.actual).toBeCloseTo(22 * 100 * AT_PROFILE, 12);
    expect(Math.abs(c.total.variance)).toBeLessThan(1e-12);
    for (const v of Object.values(c.total.parts)) expect(Math.abs(v)).toBeLessThan(1e-12);
  });

  it('a bill at the bottom of the range (every call off-peak) is mix too; the range\'s bounds are inside (≤, not <)', () => {
    const c = compare('deepseek-flash', weekdays.map((d) => row(d, FLASH, 100 * OFF)));
    expect(Math.abs(c.total.parts.price)).toBeLessThan(1e-12);
    expect(c.total.parts.mix).toBeCloseTo(22 * 100 * (OFF - AT_PROFILE), 12);
  });

  it('prices really changed: peak billed 10% above the catalogue, every call at peak — price is the 10%, mix the hours', () => {
    const c = compare('deepseek-flash', weekdays.map((d) => row(d, FLASH, 100 * PEAK * 1.1)));
    // the bill is above the range's top ($0.15 a day) by $0.015 a day: that, and only that, is price
    expect(c.total.parts.price).toBeCloseTo(22 * 100 * PEAK * 0.1, 12);
    expect(c.total.parts.mix).toBeCloseTo(22 * 100 * (PEAK - AT_PROFILE), 12);
    const sum = Object.values(c.total.parts).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(c.total.variance, 12);
  });

  it('any split of each day\'s calls between peak and off-peak, billed at catalogue prices: price ≈ 0, the parts add up (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 22 }), (peakCalls) => {
        const rows = peakCalls.map((k, i) => row(weekdays[i]!, FLASH, k * PEAK + (100 - k) * OFF));
        const c = compare('deepseek-flash', rows);
        expect(Math.abs(c.total.parts.price)).toBeLessThan(1e-12);
        const sum = Object.values(c.total.parts).reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(c.total.variance, 12);
      }),
      { numRuns: 40 },
    );
  });

  it('a bill below the range is a price cut measured from its bottom', () => {
    const c = compare('deepseek-flash', weekdays.map((d) => row(d, FLASH, 100 * OFF * 0.8)));
    expect(c.total.parts.price).toBeCloseTo(-22 * 100 * OFF * 0.2, 12);
  });

  it('a weekend has no peak window: its day is priced off-peak (range of one point), a bill 10% above it is price', () => {
    const weekend = days('2026-10', false);
    expect(weekend).toHaveLength(9);
    const unbilled = compare('deepseek-flash', weekend.map((d) => row(d, FLASH, null)));
    expect(unbilled.total.actual).toBeCloseTo(9 * 100 * OFF, 12);
    expect(Math.abs(unbilled.total.parts.price)).toBeLessThan(1e-12);
    const billed = compare('deepseek-flash', weekend.map((d) => row(d, FLASH, 100 * OFF * 1.1)));
    expect(billed.total.parts.price).toBeCloseTo(9 * 100 * OFF * 0.1, 12);
  });

  it('a dated catalogue price between the estimate\'s pricing date and the day is price, not tokens per call', () => {
    // deepseek-v4-pro before 2026-08-17: 0.435 / 0.87 and no window; the estimate (priced 2026-11-23):
    // 0.66 / 1.98 with the peak window doubling both, 7/9 of business-hours calls at peak
    const july = days('2026-07', true);
    const c = compare('deepseek-v4-pro', july.map((d) => row(d, 'deepseek/deepseek-v4-pro', null)));
    const calls = july.length * 100;
    const then = (0.435 + 0.87) / 1000;
    const now = ((0.66 + 1.98) / 1000) * (1 + 7 / 9);
    expect(c.total.estimated).toBeCloseTo(calls * now, 12);
    expect(c.total.parts.price).toBeCloseTo(calls * (then - now), 12);
    expect(Math.abs(c.total.parts.tokens_per_call) + Math.abs(c.total.parts.mix) + Math.abs(c.total.parts.volume)).toBeLessThan(1e-12);
  });
});

describe('actuals compare (CLI): the reviewer\'s LiteLLM log', () => {
  it('agrees with the bill audit: every bill within range, and no price variance', () => {
    const dir = workDir();
    const lines = ['request_id,call_type,api_key,spend,total_tokens,prompt_tokens,completion_tokens,startTime,endTime,model,model_group,custom_llm_provider,user,metadata,cache_hit,request_tags,team_id,organization_id,end_user,session_id,status'];
    let n = 0;
    for (const day of days('2026-10', true).slice(0, 20)) {
      for (let i = 0; i < 100; i++) {
        n++;
        lines.push(`r${n},acompletion,k,0.0015,2000,1000,1000,${day}T02:00:00.000Z,${day}T02:00:00.000Z,deepseek-v4-flash,deepseek-v4-flash,deepseek,u,{},False,[],team,org,,s${n},success`);
      }
    }
    writeFileSync(join(dir, 'l8.csv'), `${lines.join('\n')}\n`);
    const sc = join(dir, 'sc8.yaml');
    writeFileSync(sc, 'version: 1\nname: DeepSeek peak\ntraffic:\n  requests_per_day: 100\n  time_profile: { preset: business-hours, utc_offset: 8 }\npipeline:\n  - name: answer\n    model: deepseek-flash\n    input: { user: 1000 }\n    output: 1000\n');
    const store = join(dir, 's8.duckdb');
    expect(runCli(['actuals', 'import', join(dir, 'l8.csv'), '--store', store], { cwd: dir }).code).toBe(0);
    const audit = JSON.parse(runCli(['actuals', 'report', '--store', store, '-f', 'json'], { cwd: dir }).stdout);
    expect(audit.audit.checked).toBe(20);
    expect(audit.audit.flagged).toEqual([]);
    const r = runCli(['actuals', 'compare', sc, '--store', store, '-f', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    const t = JSON.parse(r.stdout).scenarios[0].total;
    expect(t.actual).toBeCloseTo(3, 9);
    expect(t.estimated).toBeCloseTo(2000 * AT_PROFILE, 9);
    expect(Math.abs(t.parts.price)).toBeLessThan(1e-9);
    expect(t.parts.mix).toBeCloseTo(3 - 2000 * AT_PROFILE, 9);
  });
});
