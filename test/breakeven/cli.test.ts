import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const ACME = ['--pricing', 'test/fixtures/catalogues/acme.yaml', '--gpus', 'test/fixtures/breakeven-catalogue/gpus.yaml'];
const CAT = [...ACME, '--deployments', 'test/fixtures/breakeven-catalogue/deployments.yaml'];
const BASIC = ['breakeven', 'test/fixtures/breakeven-basic/scenario.yaml', ...CAT, '-d', 'acme-8b', '--replaces', 'answer'];
const INLINE = ['breakeven', 'test/fixtures/breakeven-inline/scenario.yaml', ...ACME, '-d', 'vendor-claim'];
const ERR = 'test/fixtures/breakeven-errors';

const tmp = mkdtempSync(join(tmpdir(), 'aifinops-breakeven-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('aifinops breakeven: golden output', () => {
  it('table (with the chart)', async () => {
    const r = runCli(BASIC);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // by hand: 20,000 busy s / 2,628,000 s = 0.76% today; break-even at 0.76% × 1,460 / 180 = 6.17%
    expect(r.stdout).toContain('1 × 1, 0.8%');
    expect(r.stdout).toContain('Break-even utilisation: 6.2% average utilisation (the fleet runs at 0.8% today)');
    await expect(r.stdout).toMatchFileSnapshot('../fixtures/breakeven-basic/expected.txt');
  });

  it('json', async () => {
    const r = runCli([...BASIC, '-f', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { schema_version: number; kind: string; breakeven: { multiple: number } };
    expect(report).toMatchObject({ schema_version: 1, kind: 'breakeven' });
    expect(report.breakeven.multiple).toBeCloseTo(1460 / 180, 9);
    // utilisation by hand (scenario.yaml): 100,000 calls × 0.2 s = 20,000 busy seconds in a month of
    // 730 h × 3,600 s = 2,628,000 s on one replica; break-even when the API bill reaches the
    // replica's $1,460: 1,460 / 180 = 8.11× today's work
    const j = JSON.parse(r.stdout) as {
      today: { utilisation: number; replicas: number; api_monthly_cost: number; self_hosted_monthly_cost: number };
      breakeven_utilisation: { value: number; today: number; reachable: boolean };
      curve: { multiple: number; replicas: number; utilisation: number; api_monthly_cost: number }[];
    };
    const today = 20_000 / 2_628_000;
    expect(j.today).toMatchObject({ replicas: 1, api_monthly_cost: 180, self_hosted_monthly_cost: 1460 });
    expect(j.today.utilisation).toBeCloseTo(today, 11);
    expect(j.breakeven_utilisation.today).toBeCloseTo(today, 11);
    expect(j.breakeven_utilisation.value).toBeCloseTo((today * 1460) / 180, 11);
    expect(j.breakeven_utilisation.reachable).toBe(true); // 6.2% is below the 50% target
    for (const p of j.curve) {
      // one replica throughout: utilisation and the API bill scale with the volume
      if (p.replicas === 1) expect(p.utilisation, `×${p.multiple}`).toBeCloseTo(today * p.multiple, 11);
      expect(p.api_monthly_cost, `×${p.multiple}`).toBeCloseTo(180 * p.multiple, 6);
    }
    expect(j.curve.filter((p) => p.replicas === 1).length).toBeGreaterThan(3);
    await expect(r.stdout.replace(/"tool_version": "[^"]*"/, '"tool_version": "(version)"')).toMatchFileSnapshot('../fixtures/breakeven-basic/expected.json');
  });

  it('markdown', async () => {
    const r = runCli([...BASIC, '-f', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**Break-even utilisation:** 6.2% average utilisation (the fleet runs at 0.8% today)'); // as the table, by hand
    await expect(r.stdout).toMatchFileSnapshot('../fixtures/breakeven-basic/expected.md');
  });

  it('never breaks even: the reason instead of a volume', async () => {
    // at 2% utilisation a replica carries 2,628,000 × 0.02 / 0.2 s = 262,800 calls, $473.04 of API calls < $1,460
    const r = runCli([...BASIC, '--utilisation', '0.02', '-f', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\*\*Break-even:\*\* never — at 2% target utilisation one replica carries 262,800 requests a month, which cost \$473\.04 on the API — no more than the replica's own \$1,460\.00 a month/);
  });
});

describe('aifinops breakeven: whole instances (bundled catalogue)', () => {
  it('two 1-GPU replicas on aws/on-demand rent one whole p5.48xlarge: 8 × H100 at $55.04/h = $40,179.20 a month', () => {
    const r = runCli(['breakeven', 'scenarios/self-hosting-triage.yaml', '-d', 'llama-3.1-8b-fp8-h100-trtllm', '--replaces', 'triage', '--operations', '12000', '--price', 'aws/on-demand', '-f', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { today: { self_hosted_monthly_cost: number; replicas: number; instances: number; gpus: number; gpus_in_use: number } };
    // per GPU (÷ 8) it was 2 × 6.88 × 730 = $10,044.80: a quarter of what AWS bills
    expect(j.today).toMatchObject({ replicas: 2, instances: 1, gpus: 8, gpus_in_use: 2 });
    expect(j.today.self_hosted_monthly_cost).toBeCloseTo(55.04 * 730 + 12_000, 6);
  });
});

describe('aifinops breakeven: options', () => {
  it('--price owned prices the same fleet with owned hardware: a whole 8-GPU server for the one replica', () => {
    const r = runCli([...BASIC, '--price', 'owned', '-f', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { deployment: { price: { key: string; gpu_hourly: number } }; today: { self_hosted_monthly_cost: number; replicas: number; instances: number; gpus: number; gpus_in_use: number } };
    expect(j.deployment.price.key).toBe('owned');
    expect(j.deployment.price.gpu_hourly).toBeCloseTo(1.15, 12);
    // one 1-GPU replica, but the server is bought whole: 8 GPUs × 1.15 × 730 h = $6,716 a month
    expect(j.today).toMatchObject({ replicas: 1, instances: 1, gpus: 8, gpus_in_use: 1 });
    expect(j.today.self_hosted_monthly_cost).toBeCloseTo(8 * 1.15 * 730, 9);
  });

  it('--min-replicas, --utilisation and --operations override the deployment', () => {
    const r = runCli([...BASIC, '--min-replicas', '2', '--utilisation', '80%', '--operations', '540', '-f', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { deployment: { min_replicas: number; target_utilisation: number; operations_monthly: number }; today: { self_hosted_monthly_cost: number }; warnings: string[] };
    expect(j.deployment).toMatchObject({ min_replicas: 2, target_utilisation: 0.8, operations_monthly: 540 });
    expect(j.today.self_hosted_monthly_cost).toBeCloseTo(2 * 1460 + 540, 9);
    expect(j.warnings.join()).not.toMatch(/operations_monthly is 0/);
  });

  it('inline deployments take --set and variant overrides on their dotted paths', () => {
    const set = runCli([...INLINE, '--set', 'deployments.vendor-claim.min_replicas=3', '-f', 'json']);
    expect(set.code).toBe(0);
    expect((JSON.parse(set.stdout) as { deployment: { min_replicas: number } }).deployment.min_replicas).toBe(3);
    const variant = runCli([...INLINE, '--variant', 'owned', '-f', 'json']);
    expect(variant.code).toBe(0);
    expect((JSON.parse(variant.stdout) as { deployment: { price: { key: string } } }).deployment.price.key).toBe('owned');
  });

  it('flags a throughput claim above the roofline; --fail-on-roofline turns it into exit 1 after the report', () => {
    const r = runCli(INLINE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/decode rate at 1,000\/250 tokens\s+│\s+9,000 tok\/s\s+│\s+5,032 tok\/s\s+│ ABOVE BOUND/);
    expect(r.stdout).toMatch(/warning: the throughput claim exceeds a physical limit/);
    const strict = runCli([...INLINE, '--fail-on-roofline', '-f', 'json']);
    expect(strict.code).toBe(1);
    expect((JSON.parse(strict.stdout) as { roofline: { ok: boolean } }).roofline.ok).toBe(false);
    expect(strict.stderr).toMatch(/policy failed: the throughput of vendor-claim exceeds the hardware's physical limit \(decode rate at 1,000\/250 tokens\)/);
  });

  it('-o writes the report to a file', () => {
    const out = join(tmp, 'be.json');
    const r = runCli([...BASIC, '-f', 'json', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect((JSON.parse(readFileSync(out, 'utf8')) as { kind: string }).kind).toBe('breakeven');
  });

  it('--help lists the options and examples', () => {
    const r = runCli(['breakeven', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--replaces <stage\|model>/);
    expect(r.stdout).toMatch(/Examples:/);
  });
});

describe('aifinops breakeven: bad input exits 2 with a located message', () => {
  const fails = (args: string[]) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    return r.stderr;
  };

  it('unknown deployment, with did-you-mean', () => {
    expect(fails(['breakeven', 'test/fixtures/breakeven-basic/scenario.yaml', ...CAT, '-d', 'acme-8'])).toMatch(/--deployment: unknown deployment "acme-8" — did you mean "acme-8b"/);
  });

  it('no --deployment: lists the deployments', () => {
    expect(fails(['breakeven', 'test/fixtures/breakeven-basic/scenario.yaml', ...CAT])).toMatch(/--deployment NAME is required — deployments: acme-8b, acme-8b-fitted/);
  });

  it('unknown --replaces, --price; bad --utilisation, --min-replicas, --operations', () => {
    expect(fails([...BASIC.slice(0, -2), '--replaces', 'answr'])).toMatch(/--replaces answr: no stage or model of the scenario is called "answr" — did you mean "answer"/);
    expect(fails([...BASIC, '--price', 'acme-cloud/reserved-3y'])).toMatch(/--price: acme-h1 has no price option "acme-cloud\/reserved-3y" — did you mean "acme-cloud\/reserved-1y"/);
    expect(fails([...BASIC, '--utilisation', '0'])).toMatch(/--utilisation: expected a utilisation above 0/);
    expect(fails([...BASIC, '--utilisation', '150%'])).toMatch(/--utilisation/);
    expect(fails([...BASIC, '--min-replicas', '1.5'])).toMatch(/--min-replicas: expected a whole number ≥ 1, got "1.5"/);
    expect(fails([...BASIC, '--operations', '-5'])).toMatch(/--operations: expected an amount ≥ 0/);
  });

  it('a misspelt key in an inline deployment: file:line:column, dotted path, did-you-mean', () => {
    expect(fails(['breakeven', `${ERR}/misspelt-key.yaml`, ...ACME, '-d', 'mine'])).toMatch(/misspelt-key\.yaml:13:5: deployments\.mine\.gpus_per_replcia: unknown key "gpus_per_replcia" — did you mean "gpus_per_replica"\?/);
  });

  it('an unknown GPU: located, with did-you-mean', () => {
    expect(fails(['breakeven', `${ERR}/unknown-gpu.yaml`, ...ACME, '-d', 'mine'])).toMatch(/unknown-gpu\.yaml:12:10: deployments\.mine\.gpu: unknown GPU "acme-h2" — did you mean "acme-h1"\?/);
  });

  it('measurements that cannot separate prefill from decode', () => {
    expect(fails(['breakeven', `${ERR}/bad-throughput.yaml`, ...ACME, '-d', 'mine'])).toMatch(/bad-throughput\.yaml:16:9: deployments\.mine\.throughput\.measurements: the measurements all have the same input\/output ratio/);
  });

  it('a GPU catalogue with a misspelt offer (shape), or a price given twice over (semantic rules)', () => {
    const shape = fails(['breakeven', 'test/fixtures/breakeven-basic/scenario.yaml', ...CAT, '--gpus', `${ERR}/bad-gpus-offer.yaml`, '-d', 'acme-8b']);
    expect(shape).toMatch(/bad-gpus-offer\.yaml:13:40: gpus\.acme-h9\.prices\[0\]\.offer: expected one of on-demand, reserved-1y, reserved-3y, reserved, spot, got "on-demmand"/);
    const rules = fails(['breakeven', 'test/fixtures/breakeven-basic/scenario.yaml', ...CAT, '--gpus', `${ERR}/bad-gpus.yaml`, '-d', 'acme-8b']);
    expect(rules).toMatch(/bad-gpus\.yaml:13:9: gpus\.acme-h9\.prices\[0\]: gives both instance_hourly and gpu_hourly — give instance_hourly with gpus_per_instance, or gpu_hourly/);
    expect(rules).toMatch(/bad-gpus\.yaml:14:9: gpus\.acme-h9\.prices\[1\]: acme-cloud\/on-demand is priced twice for acme-h9 \(also prices\[0\]\)/);
  });

  it('a bundled deployment whose price option a --gpus file took away: located in pricing/deployments.yaml', () => {
    const e = fails(['breakeven', 'test/fixtures/breakeven-basic/scenario.yaml', ...ACME, '--gpus', `${ERR}/h100-no-prices.yaml`, '-d', 'llama-3.1-8b-fp8-h100-trtllm']);
    expect(e).toMatch(/pricing\/deployments\.yaml:\d+:\d+: deployments\.llama-3\.1-8b-fp8-h100-trtllm\.price: h100-sxm has no price option "lambda\/on-demand" — test\/fixtures\/breakeven-errors\/h100-no-prices\.yaml has no prices for h100-sxm/);
  });

  it('two inline deployments with one name', () => {
    expect(fails(['breakeven', `${ERR}/duplicate-name.yaml`, ...ACME, '-d', 'mine'])).toMatch(/duplicate-name\.yaml:19:11: deployments\[1\]\.name: deployment name "mine" is used twice \(also deployments\[0\]\)/);
  });

  it('a scenario without traffic', () => {
    expect(fails(['breakeven', `${ERR}/zero-traffic.yaml`, ...CAT, '-d', 'acme-8b'])).toMatch(/traffic: the scenario has no traffic/);
  });

  it('a missing scenario file', () => {
    expect(fails(['breakeven', 'no-such.yaml', ...CAT, '-d', 'acme-8b'])).toMatch(/no-such\.yaml: file not found/);
  });
});
