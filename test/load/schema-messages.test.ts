/**
 * The messages of the quote, seat-plan and GPU catalogue schemas, pinned file by file (every
 * problem `aifinops validate` reports for each bad file). Written before those schemas moved from
 * classic zod to zod/mini, built on first use: the goldens prove the move changed no message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindById } from '../../src/load/kinds.js';
import { parseYamlText } from '../../src/load/yaml.js';
import { inputErrorOf } from '../helpers/errors.js';

const dir = join(__dirname, 'messages');

/** Every problem validate reports for `name` read as `kind`. */
function problemsOf(kind: string, name: string): string {
  const file = `messages/${name}`;
  const yaml = parseYamlText(readFileSync(join(dir, name), 'utf8'), file);
  return inputErrorOf(() => kindById(kind)!.validate(file, yaml, {})).message;
}

const cases: [kind: string, file: string][] = [
  ['quote', 'quote-bad.yaml'],
  ['quote', 'quote-types.yaml'],
  ['quote', 'quote-types2.yaml'],
  ['seat-plans', 'seats-bad.yaml'],
  ['seat-plans', 'seats-top.yaml'],
  ['gpus', 'gpus-bad.yaml'],
  ['gpus', 'gpus-top.yaml'],
];

describe('schema messages of quote, seat-plan and GPU files', () => {
  for (const [kind, file] of cases) {
    it(`${file} (${kind})`, async () => {
      await expect(problemsOf(kind, file)).toMatchFileSnapshot(`messages/${file.replace(/\.yaml$/, '.expected.txt')}`);
    });
  }

  it('hand-checked messages among them', () => {
    const quote = problemsOf('quote', 'quote-bad.yaml');
    expect(quote).toMatch(/messages\/quote-bad\.yaml:8:\d+: term_months: expected a whole number of months \(1 to 120\)/);
    expect(quote).toContain('commitment.per: expected month or term');
    expect(quote).toContain('seats[1].seats: expected a whole number of seats or "users"');
    expect(quote).toContain('rate_card.provider: expected a lower-case provider id such as "anthropic"');
    const seats = problemsOf('seat-plans', 'seats-bad.yaml');
    expect(seats).toContain('plans.p1.price: give the price for at least one term: annual or monthly (null when not published)');
    expect(seats).toContain('plans.p1.usage.kind: expected usage.kind: included, allowance or metered');
    expect(seats).toContain('plans.p2.min_seats: expected a whole number of seats ≥ 1');
    // a key of another usage kind is no misspelling: never "did you mean" the key itself
    expect(seats).toContain('plans.p3.usage.limits: key "limits" does not belong here: another kind of this block takes it — remove it or change the kind');
    expect(seats).not.toMatch(/unknown key "(\w+)" — did you mean "\1"/);
    const gpus = problemsOf('gpus', 'gpus-bad.yaml');
    expect(gpus).toContain('gpus.h100.owned.pue: expected a PUE ≥ 1 (1.0 = no facility overhead)');
    expect(gpus).toContain('gpus.h100.owned.cost_of_capital: expected a fraction of at most 1 (100% a year)');
    expect(gpus).toContain('gpus.h100.prices[0].offer: expected one of on-demand, reserved-1y, reserved-3y, reserved, spot');
  });
});
