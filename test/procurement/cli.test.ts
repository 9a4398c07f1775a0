/** `aifinops seats` and `aifinops quotes` through the real bin: goldens, formats, exit codes, errors. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const ACME = ['--pricing', 'test/fixtures/catalogues/acme.yaml'];
const TEAM = 'test/fixtures/seats-acme/team.yaml';
const PLANS = ['--plans', 'test/fixtures/seats-acme/plans.yaml'];
const SEATS = ['seats', TEAM, ...ACME, ...PLANS, '--plan', 'acme-chat', '--plan', 'acme-code', '--plan', 'acme-enterprise'];
const Q = 'test/fixtures/quotes-acme';
const QUOTES = ['quotes', `${Q}/scenario.yaml`, `${Q}/acme-monthly.yaml`, `${Q}/acme-term.yaml`, `${Q}/beta.yaml`, ...ACME, '--growth', '5%/month'];

describe('aifinops seats', () => {
  it('table (golden)', async () => {
    const r = runCli(SEATS);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // by hand (team.yaml): 22,400 requests × $0.02 = $448 model calls + 100 × $1 + $500 = $1,048 on the API;
    // acme-enterprise: 100 seats × $10 + metered usage $448 = $1,448, $400 dearer; acme-chat: 100 × $20 = $2,000
    expect(r.stdout).toMatch(/│ Total +│ \$1,048\.00 │/);
    expect(r.stdout).toMatch(/│ acme-enterprise │ annual +│ +100 │ +\$10\.00 │ \$1,000\.00 │ \$448\.00 │ \$1,448\.00 │ +\$18\.10 │ \$400\.00 dearer +│/);
    expect(r.stdout).toMatch(/│ acme-chat +│ annual +│ +100 │ +\$20\.00 │ \$2,000\.00 │/);
    await expect(r.stdout).toMatchFileSnapshot('../fixtures/seats-acme/expected.txt');
  });

  it('markdown (golden)', async () => {
    const r = runCli([...SEATS, '-f', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('$1,048.00'); // the API option, by hand (see the table test)
    expect(r.stdout).toContain('$1,448.00');
    await expect(r.stdout).toMatchFileSnapshot('../fixtures/seats-acme/expected.md');
  });

  it('json: stable, versioned, the numbers the table shows', () => {
    const a = runCli([...SEATS, '-f', 'json']);
    const b = runCli([...SEATS, '-f', 'json']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const j = JSON.parse(a.stdout);
    expect(Object.keys(j)).toEqual(['schema_version', 'tool_version', 'priced_as_of', 'scenario', 'api', 'plans', 'warnings']);
    expect(j.schema_version).toBe(1);
    expect(j.api.monthly_cost).toBeCloseTo(1048, 9);
    expect(j.plans.map((p: { plan: string; monthly_cost: number }) => [p.plan, Math.round(p.monthly_cost * 100) / 100])).toEqual([
      ['acme-chat', 2000],
      ['acme-code', 2000],
      ['acme-enterprise', 1448],
    ]);
    expect(j.plans[0].cheapest_mix.on_seats).toEqual(['heavy']);
  });

  it('--set reaches the seats block; --seat-price and --allowance replace catalogue figures', () => {
    const j = JSON.parse(runCli([...SEATS.slice(0, 6), '--plan', 'acme-chat', '--set', 'seats.active_share=50%', '-f', 'json']).stdout);
    expect(j.scenario.active_users).toBe(50);
    const k = JSON.parse(runCli([...SEATS.slice(0, 6), '--plan', 'acme-chat', '--seat-price', '$12', '-f', 'json']).stdout);
    expect(k.plans[0].price_per_seat_month).toBe(12);
    expect(k.plans[0].warnings.join(' ')).toContain('--seat-price');
    const h = runCli([...SEATS.slice(0, 6), '--plan', 'acme-hidden', '--allowance', '5', '-f', 'json']);
    expect(h.code).toBe(0);
    expect(JSON.parse(h.stdout).plans[0].allowance_per_seat).toBe(5);
  });

  it('--list shows the bundled catalogue with its sources', () => {
    const r = runCli(['seats', '--list', '-f', 'json']);
    expect(r.code).toBe(0);
    const plans = JSON.parse(r.stdout).plans as { plan: string; annual: number | null; monthly: number | null; source: string }[];
    const business = plans.find((p) => p.plan === 'chatgpt-business')!;
    expect([business.annual, business.monthly]).toEqual([20, 25]);
    expect(plans.find((p) => p.plan === 'chatgpt-enterprise')!.annual).toBeNull();
    expect(plans.every((p) => p.source.startsWith('https://'))).toBe(true);
    const table = runCli(['seats', '--list']);
    expect(table.stdout).toContain('n/p = not published');
    expect(table.stdout).toContain('github-copilot-business');
  });

  it('writes the report atomically with -o', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-seats-'));
    const out = join(dir, 'seats.md');
    const r = runCli([...SEATS, '-f', 'markdown', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toContain('## Acme team assistant: seat plans versus tokens');
  });

  it.each([
    [['seats'], /missing the scenario file/],
    [['seats', TEAM, ...ACME, ...PLANS], /--plan: name at least one seat plan to compare — e\.g\. --plan acme-chat/],
    [['seats', TEAM, ...ACME, ...PLANS, '--plan', 'acme-caht'], /unknown seat plan "acme-caht" — did you mean "acme-chat"\?/],
    [['seats', TEAM, ...ACME, ...PLANS, '--plan', 'acme-sales'], /Acme Sales-led \(acme-sales\) has no published price/],
    [['seats', TEAM, ...ACME, ...PLANS, '--plan', 'acme-hidden'], /does not publish how much usage each seat of Acme Hidden Allowance includes.*--allowance/],
    [['seats', TEAM, ...ACME, ...PLANS, '--plan', 'acme-chat', '--seat-price', 'cheap'], /--seat-price: expected a price per seat per month ≥ 0, got "cheap"/],
    [['seats', TEAM, ...ACME, ...PLANS, '--plan', 'acme-chat', '--plan', 'acme-code', '--seat-price', '5'], /--seat-price applies to one plan/],
    [['seats', TEAM, ...ACME, ...PLANS, '--plan', 'acme-chat', '--term', 'weekly'], /--term: unknown term "weekly"/],
    [['seats', TEAM, ...ACME, ...PLANS, '--plan', 'acme-chat', '-f', 'csv'], /--format: unknown format "csv"/],
    [['seats', 'test/fixtures/scenarios/team-b.yaml', ...ACME, ...PLANS, '--plan', 'acme-chat'], /seats versus tokens needs the number of users/],
    [['seats', 'nope.yaml', ...PLANS, '--plan', 'acme-chat'], /nope\.yaml: file not found/],
    [['seats', TEAM, ...ACME, '--plans', 'test/fixtures/catalogues/acme.yaml', '--plan', 'acme-chat'], /acme\.yaml:1:1: kind: is not a seat-plan catalogue \(expected kind: seat-plans\): it looks like a pricing catalogue/],
  ])('bad input exits 2 with one clear message: %j', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a broken --plans catalogue is located', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-seats-'));
    const file = join(dir, 'mine.yaml');
    writeFileSync(file, 'version: 1\nkind: seat-plans\ncurrency: USD\nas_of: 2026-01-01\nplans:\n  mine:\n    vendor: V\n    product: P\n    price: { annual: -3 }\n    usage: { kind: included }\n    source: x\n');
    const r = runCli(['seats', TEAM, ...ACME, '--plans', file, '--plan', 'mine']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mine\.yaml:9:22: plans\.mine\.price\.annual: expected a price ≥ 0, got -3/);
  });

  it('runs on the bundled example with the real seat catalogue', () => {
    const r = runCli(['seats', 'scenarios/internal-copilot-seats.yaml', '--plan', 'chatgpt-business', '--plan', 'claude-team-standard', '-f', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.plans.map((p: { plan: string; price_per_seat_month: number; seats: number }) => [p.plan, p.price_per_seat_month, p.seats])).toEqual([
      ['chatgpt-business', 20, 2500],
      ['claude-team-standard', 25, 2500],
    ]);
    expect(j.warnings).toEqual([]);
  });
});

describe('aifinops quotes', () => {
  it('table (golden)', async () => {
    const r = runCli(QUOTES);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // by hand (scenario.yaml): $340 a month at list, +5% a month for 12 months: 340 × (1.05¹² − 1) / 0.05;
    // the term quote is 25% off list throughout and its commitment is used up: TCO 0.75 × that
    const list = (340 * (1.05 ** 12 - 1)) / 0.05;
    const usd = (x: number) => `$${x.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
    expect(r.stdout).toContain(`at its own list prices ${usd(list)}`);
    expect(r.stdout).toMatch(new RegExp(`│ 1 │ Acme term commit +│ \\${usd(0.75 * list)} │ +\\${usd((0.75 * list) / 12)} │`));
    await expect(r.stdout).toMatchFileSnapshot('../fixtures/quotes-acme/expected.txt');
  });

  it('markdown procurement memo (golden)', async () => {
    const r = runCli([...QUOTES, '-f', 'markdown']);
    expect(r.code).toBe(0);
    const list = (340 * (1.05 ** 12 - 1)) / 0.05; // by hand, as in the table test
    expect(r.stdout).toContain(`$${(0.75 * list).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`);
    await expect(r.stdout).toMatchFileSnapshot('../fixtures/quotes-acme/expected.md');
  });

  it('json: stable, ranked, month by month', () => {
    const a = runCli([...QUOTES, '-f', 'json', '--months', '15']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(runCli([...QUOTES, '-f', 'json', '--months', '15']).stdout);
    const j = JSON.parse(a.stdout);
    expect(Object.keys(j)).toEqual(['schema_version', 'tool_version', 'priced_as_of', 'scenario', 'horizon_months', 'growth', 'baseline_total', 'quotes', 'warnings']);
    expect(j.horizon_months).toBe(15);
    expect(j.growth).toEqual({ monthly_rate: 0.05, source: 'flag' });
    expect(j.quotes.map((q: { rank: number; name: string; months: unknown[] }) => [q.rank, q.name, q.months.length])).toEqual([
      [1, 'Acme term commit', 15],
      [2, 'Acme monthly commit', 15],
      [3, 'Beta pay as you go', 15],
    ]);
    const monthly = j.quotes[1];
    expect(monthly.commitment.binding_months).toEqual([1, 2, 3]);
    expect(monthly.commitment.exceeded_from_month).toBe(4);
  });

  it.each([
    [['quotes', `${Q}/scenario.yaml`], /missing required argument 'quote'/],
    [[...QUOTES.slice(0, 3), ...ACME, '--growth', 'lots'], /--growth: expected a monthly growth rate, got "lots"/],
    [[...QUOTES.slice(0, 3), ...ACME, '--months', '0'], /--months: expected a whole number of months from 1 to 120, got "0"/],
    [['quotes', `${Q}/scenario.yaml`, `${Q}/missing.yaml`, ...ACME], /missing\.yaml: file not found/],
    [['quotes', `${Q}/scenario.yaml`, `${Q}/beta-catalogue.yaml`, ...ACME], /beta-catalogue\.yaml:1:1: kind: is not a quote \(expected kind: quote\): it looks like a pricing catalogue \(provider, models\)/],
  ])('bad input exits 2 with one clear message: %j', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs the bundled example quotes on the real catalogues', () => {
    const r = runCli(['quotes', 'scenarios/procurement-contract-review.yaml', 'quotes/openai-monthly-commit.yaml', 'quotes/anthropic-term-commit.yaml', 'quotes/google-pay-as-you-go.yaml', '--growth', '4%/month', '-f', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.quotes).toHaveLength(3);
    const anthropic = j.quotes.find((q: { vendor: string }) => q.vendor === 'Anthropic');
    expect(anthropic.model_map.map((m: { vendor_model: string; outside: boolean }) => [m.vendor_model, m.outside])).toEqual([
      ['anthropic/claude-haiku-4-5', false],
      ['anthropic/claude-sonnet-4-6', false],
      ['openai/text-embedding-3-small', true],
    ]);
  });
});
