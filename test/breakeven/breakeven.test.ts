import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakEven, breakEvenUtilisation, pointAt, replicaMonthly, selectReplaced, workloadOf } from '../../src/core/breakeven.js';
import { computeBreakeven } from '../../src/core/breakeven-report.js';
import { SECONDS_PER_MONTH } from '../../src/core/capacity.js';
import { estimateScenario } from '../../src/core/estimate.js';
import { scenarioFrom, withStage } from '../helpers/scenario.js';
import { deployment, fleet, rented, workload } from './helpers.js';

const twoStages = `version: 1
name: t
traffic: { requests_per_month: 100000 }
pipeline:
  - name: answer
    model: acme-small
    input: { system: 1000 }
    output: 200
  - name: review
    models: { acme-large-latest: 0.5, acme-small: 0.5 }
    share_of_requests: 0.1
    input: { context: 1000 }
    output: 200
costs:
  - { name: vector db, category: retrieval, monthly: 100 }
`;

describe('which calls are replaced (--replaces)', () => {
  const s = scenarioFrom(twoStages);

  it('defaults to every model call of the pipeline', () => {
    const r = selectReplaced(s, []);
    expect(r.ok && r.calls).toEqual([{ stageIndex: 0, modelIndex: 0 }, { stageIndex: 1, modelIndex: 0 }, { stageIndex: 1, modelIndex: 1 }]);
    expect(r.ok && r.labels).toEqual(['all']);
  });

  it('a stage name takes all its models; a model name (id, alias or provider/model) that model in every stage', () => {
    expect(selectReplaced(s, ['review'])).toMatchObject({ ok: true, calls: [{ stageIndex: 1, modelIndex: 0 }, { stageIndex: 1, modelIndex: 1 }] });
    expect(selectReplaced(s, ['acme-small'])).toMatchObject({ ok: true, calls: [{ stageIndex: 0, modelIndex: 0 }, { stageIndex: 1, modelIndex: 1 }] });
    expect(selectReplaced(s, ['acme/acme-large'])).toMatchObject({ ok: true, calls: [{ stageIndex: 1, modelIndex: 0 }] });
    expect(selectReplaced(s, ['ACME-LARGE-LATEST'])).toMatchObject({ ok: true, calls: [{ stageIndex: 1, modelIndex: 0 }] });
  });

  it('an unknown name is an error with did-you-mean', () => {
    const r = selectReplaced(s, ['reveiw']);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('"reveiw"');
      expect(r.fix).toContain('"review"');
    }
  });
});

describe('the replaced workload', () => {
  it('takes calls per month from the cost engine (spec §3) and tokens per call from the stage', () => {
    // C = 1000 × 0.5 × (1 − 0.2) × 3 steps × (1 + 0.1) attempts = 1,320; I = 1000 + 100 × (3 − 1) / 2 = 1,100
    const s = scenarioFrom(
      withStage(
        `model: acme-small
share_of_requests: 0.5
response_cache_hit_rate: 0.2
agent_steps: 3
retry_rate: 0.1
context_growth_per_step: 100
input: { system: 1000 }
output: 200
reasoning: 50`,
      ),
    );
    const r = estimateScenario(s);
    const w = workloadOf(s, r, [{ stageIndex: 0, modelIndex: 0 }], { prefill: 10_000, decode: 2_000 });
    const it0 = w.items[0]!;
    expect(it0.calls_per_month).toBeCloseTo(1320, 9);
    expect(it0.input_tokens_per_call).toBe(1100);
    // 1100/10000 + (200 + 50)/2000 = 0.235 s
    expect(it0.busy_seconds_per_call).toBeCloseTo(0.235, 12);
    expect(w.busyMonthly).toBeCloseTo(1320 * 0.235, 9);
    expect(w.apiMonthly).toBe(r.stages[0]!.models[0]!.monthly_cost);
    expect(w.tokensMonthly).toBeCloseTo(1320 * (1100 + 200 + 50), 6);
  });
});

describe('break-even volume', () => {
  it('matches the hand-computed case: $180 of API calls, 20,000 busy seconds, $1,460 a replica', () => {
    const s = scenarioFrom(twoStages);
    const r = computeBreakeven({ scenario: s, report: estimateScenario(s), deployment: deployment(), calls: [{ stageIndex: 0, modelIndex: 0 }], replaces: ['answer'], priceOptions: [rented(2)], toolVersion: 't' }).report;
    expect(r.replaced[0]!.api_monthly_cost).toBeCloseTo(180, 9);
    expect(r.replaced[0]!.busy_seconds_per_month).toBeCloseTo(20_000, 9);
    expect(r.today.self_hosted_monthly_cost).toBeCloseTo(1460, 9);
    expect(r.today.replicas).toBe(1);
    // a replica carries 2,628,000 × 0.5 / 20,000 = 65.7 × today's volume; break-even where $180·x = $1,460
    expect(r.breakeven.status).toBe('breaks-even');
    expect(r.breakeven.multiple).toBeCloseTo(1460 / 180, 12);
    expect(r.breakeven.requests_per_month).toBeCloseTo((1460 / 180) * 100_000, 6);
    expect(r.breakeven.replicas).toBe(1);
    // utilisation at which $1,460·(busy / (T·u)) = $180: u = 20,000 × 1,460 / (2,628,000 × 180)
    expect(r.breakeven_utilisation.value).toBeCloseTo((20_000 * 1460) / (SECONDS_PER_MONTH * 180), 12);
    expect(r.breakeven_utilisation.reachable).toBe(true);
    // everything not replaced stays on the API in both options
    expect(r.today.unchanged_monthly_cost).toBeCloseTo(r.scenario.total_monthly_cost - 180, 9);
    expect(r.today.total_self_hosted_option).toBeCloseTo(r.today.unchanged_monthly_cost + 1460, 9);
    expect(r.today.api_cost_per_million_tokens).toBeCloseTo((180 / (100_000 * 1200)) * 1e6, 9);
    expect(r.today.self_hosted_cost_per_million_tokens).toBeCloseTo((1460 / (100_000 * 1200)) * 1e6, 9);
    // the curve holds the standard multiples plus the break-even point
    expect(r.curve.map((p) => p.multiple)).toContain(1460 / 180);
    expect(r.curve.find((p) => p.multiple === 1460 / 180)!.cheaper).toBe('equal');
    expect(r.curve.find((p) => p.multiple === 100)!.replicas).toBe(2); // 100 > 65.7
  });

  it('never breaks even when a fully loaded replica costs more than the API calls it takes over, and says why', () => {
    // one replica carries 2 × today's volume, which costs $200 on the API; the replica costs $730
    const b = breakEven(workload(100, 2), fleet({ gpuHourly: 1 }));
    expect(b.status).toBe('never');
    expect(b.multiple).toBeNull();
    expect(b.reason).toMatch(/one replica carries 2,000 requests a month, which cost \$200\.00 on the API — no more than the replica's own \$730\.00/);
  });

  it('never breaks even when the API side costs nothing', () => {
    expect(breakEven(workload(0, 10), fleet()).status).toBe('never');
  });

  it('with an operations cost, self-hosting can match the API and then fall behind again at the next replica', () => {
    // a = 100, q = 15 (a·q = 1500), k = 1000: S ≤ A from x = 10 in the 1-replica step, but the
    // 2nd replica at x > 15 lifts S to 2000 > A; from x = 20 on it stays below (n·500 ≥ 1000)
    const f = fleet({ gpuHourly: 1000 / 730 });
    const w = workload(100, 15);
    expect(replicaMonthly(f)).toBeCloseTo(1000, 9);
    const b = breakEven(w, f);
    expect(b.firstMultiple).toBeCloseTo(10, 9);
    expect(b.multiple).toBeCloseTo(20, 9);
    expect(b.replicas).toBe(2);
    expect(b.reason).toMatch(/first matches the API at 10× today's volume/);
    expect(pointAt(16, w, f).cheaper).toBe('api');
    expect(pointAt(12, w, f).cheaper).toBe('self-hosted');
  });

  it('min_replicas and operations push the break-even out', () => {
    const w = workload(100, 50);
    const base = breakEven(w, fleet({ gpuHourly: 1000 / 730 })).multiple!;
    expect(base).toBeCloseTo(10, 9);
    expect(breakEven(w, fleet({ gpuHourly: 1000 / 730, minReplicas: 3 })).multiple).toBeCloseTo(30, 9);
    expect(breakEven(w, fleet({ gpuHourly: 1000 / 730, operationsMonthly: 500 })).multiple).toBeCloseTo(15, 9);
  });

  it('property: from the break-even multiple on, self-hosting is never dearer; just below it, it is', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e6, noNaN: true }), // API $/month today
        fc.double({ min: 0.01, max: 1000, noNaN: true }), // q: volume one replica carries
        fc.double({ min: 0.05, max: 50, noNaN: true }), // GPU-hour price
        fc.integer({ min: 1, max: 8 }), // GPUs per replica
        fc.integer({ min: 1, max: 5 }), // min replicas
        fc.double({ min: 0, max: 1e5, noNaN: true }), // operations
        fc.constantFrom(1, 2, 4, 8), // GPUs per rented instance (replicas pack into whole instances)
        (a, q, h, g, m, O, unitGpus) => {
          const f = fleet({ gpuHourly: h, gpusPerReplica: g, minReplicas: m, operationsMonthly: O, unitGpus });
          const w = workload(a, q);
          const b = breakEven(w, f);
          const gap = (x: number) => {
            const p = pointAt(x, w, f);
            return p.self_hosted_monthly_cost - p.api_monthly_cost;
          };
          const tol = (x: number) => 1e-7 * Math.max(1, pointAt(x, w, f).api_monthly_cost);
          if (b.status === 'never') {
            // never cheaper: at every sampled volume, including the step edges
            for (const x of [0.1, 1, q, 2 * q, 10 * q, 1000 * q]) expect(gap(x)).toBeGreaterThanOrEqual(-tol(x));
            return;
          }
          const x = b.multiple!;
          // at and after x*: sample the step edges (just before and at each replica step) and between
          const n0 = Math.ceil(x / q);
          const samples = [x, x * 1.0001, x * 2, x * 10];
          for (let n = n0; n < n0 + 6; n++) samples.push(n * q, n * q * (1 + 1e-9), (n + 0.5) * q);
          for (const s of samples.filter((s) => s >= x)) expect(gap(s)).toBeLessThanOrEqual(tol(s));
          // just below x* (still within the step of b.replicas), self-hosting is dearer
          const below = x - Math.min(x * 1e-6, (x - (b.replicas! - 1) * q) / 2);
          if (x > 0 && below < x) expect(gap(below)).toBeGreaterThan(0);
          // the first crossing is no later and is itself a point where self-hosting is no dearer
          expect(b.firstMultiple!).toBeLessThanOrEqual(x * (1 + 1e-12));
          expect(gap(b.firstMultiple!)).toBeLessThanOrEqual(tol(b.firstMultiple!));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('owned versus rented', () => {
  it('owned hardware at a lower effective hourly breaks even earlier, at the hand-computed volume', () => {
    const s = scenarioFrom(twoStages);
    const owned = { ...rented(1.15, 'owned'), key: 'owned', kind: 'owned' as const, provider: null, offer: null };
    const r = computeBreakeven({
      scenario: s,
      report: estimateScenario(s),
      deployment: deployment(),
      calls: [{ stageIndex: 0, modelIndex: 0 }],
      replaces: ['answer'],
      priceOptions: [rented(2), owned],
      toolVersion: 't',
    }).report;
    const rentedRow = r.price_options.find((o) => o.key === 'acme-cloud/on-demand')!;
    const ownedRow = r.price_options.find((o) => o.key === 'owned')!;
    expect(rentedRow.selected).toBe(true);
    expect(ownedRow.self_hosted_monthly_cost).toBeCloseTo(1.15 * 730, 9);
    expect(ownedRow.breakeven_multiple).toBeCloseTo((1.15 * 730) / 180, 9);
    expect(ownedRow.breakeven_multiple!).toBeLessThan(rentedRow.breakeven_multiple!);
  });
});

describe('break-even utilisation', () => {
  it('is busy seconds × replica-month ÷ (seconds per month × (API − operations))', () => {
    const w = workload(1000, 10); // busy = 131,400 s
    const f = fleet({ gpuHourly: 1, operationsMonthly: 200 });
    const u = breakEvenUtilisation(w, f, pointAt(1, w, f));
    expect(u.value).toBeCloseTo((w.busyMonthly * 730) / (SECONDS_PER_MONTH * 800), 12);
    expect(u.reachable).toBe(true);
  });

  it('is unreachable above 100%, and when operations alone cost more than the API', () => {
    const f = fleet({ gpuHourly: 10 });
    const w = workload(100, 0.5);
    const over = breakEvenUtilisation(w, f, pointAt(1, w, f));
    expect(over.reachable).toBe(false);
    expect(over.value!).toBeGreaterThan(1);
    const ops = fleet({ operationsMonthly: 500 });
    const none = breakEvenUtilisation(workload(400, 10), ops, pointAt(1, workload(400, 10), ops));
    expect(none).toMatchObject({ value: null, reachable: false });
    expect(none.reason).toMatch(/operations cost of \$500\.00 a month alone/);
  });
});

describe('warnings', () => {
  it('names what the figures leave out or stretch', () => {
    const s = scenarioFrom(`version: 1
name: t
traffic: { requests_per_day: 1000, days_per_month: 21.7 }
pipeline:
  - name: long
    model: acme-small
    input: { context: 8000 }
    output: 300
  - name: embed
    model: acme-embed
    input: { user: 100 }
    output: 0
`);
    const r = computeBreakeven({ scenario: s, report: estimateScenario(s), deployment: deployment(), calls: selectReplaced(s, []).ok ? (selectReplaced(s, []) as { calls: { stageIndex: number; modelIndex: number }[] }).calls : [], replaces: ['all'], priceOptions: [rented(2)], toolVersion: 't' }).report;
    const text = r.warnings.join('\n');
    expect(text).toMatch(/operations_monthly is 0/);
    expect(text).toMatch(/long: calls send 8,000 input tokens, more than the 1,000 the throughput was measured at/);
    expect(text).toMatch(/long: calls generate 300 tokens, more than the 200/);
    expect(text).toMatch(/embed: acme\/acme-embed is an embedding model/);
    expect(text).toMatch(/traffic runs on 21\.7 days a month/);
  });
});
