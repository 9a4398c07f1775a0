/** Shared set-up for the procurement tests: acme scenarios, the synthetic seat plans, quotes. */
import { fileURLToPath } from 'node:url';
import { estimateScenario } from '../../src/core/estimate.js';
import type { Scenario } from '../../src/core/model.js';
import { compareSeats } from '../../src/core/seats.js';
import type { ResolvedPlan } from '../../src/core/seat-plan.js';
import { audienceFor, loadSeatCatalogueFile, planIndex, resolvePlan, type PlanChoice } from '../../src/load/seats.js';
import { parseYamlText } from '../../src/load/yaml.js';
import type { SeatsReport } from '../../src/schema/seats.js';
import { scenarioFrom } from '../helpers/scenario.js';

export const fixture = (p: string): string => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

export const PLANS_FILE = fixture('seats-acme/plans.yaml');
export const plansIndex = planIndex([loadSeatCatalogueFile(PLANS_FILE, 'plans.yaml')]);

export function plan(id: string, choice: PlanChoice = {}): ResolvedPlan {
  return resolvePlan(id, plansIndex, choice, 'USD');
}

/**
 * A scenario on acme-small where one request costs exactly $0.02 (10,000 input × $1/M + 2,500
 * output × $4/M) and carries 12,500 tokens, with `users` users making `perDay` requests a day over
 * 20 days, plus optional extra YAML (costs, seats block).
 */
export function seatScenario(users: number, perDay: number, extra = ''): { scenario: Scenario; yamlText: string } {
  const yamlText = `version: 1
name: seat test
traffic: { users: ${users}, requests_per_user_per_day: ${perDay}, days_per_month: 20 }
pipeline:
  - name: chat
    model: acme-small
    input: { user: 10000 }
    output: 2500
${extra}`;
  return { scenario: scenarioFrom(yamlText), yamlText };
}

export function seatsReport(users: number, perDay: number, plans: ResolvedPlan[], extra = ''): SeatsReport {
  const { scenario, yamlText } = seatScenario(users, perDay, extra);
  const audience = audienceFor(scenario, parseYamlText(yamlText, 'inline.yaml'));
  return compareSeats(scenario, estimateScenario(scenario), audience, plans, 'test');
}
