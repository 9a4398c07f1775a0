/**
 * The estimate the loader computed for its overflow check (load/scenario.ts), handed over to the
 * command that loaded the scenario, so `aifinops estimate` does not compute the same estimate a
 * second time.
 *
 * Safe by construction, not by a promise of callers:
 * - keyed by the identity of the Scenario object loadScenario returned (a WeakMap: nothing is kept
 *   alive, and a scenario built or copied any other way — what-ifs, sweeps, levers, sensitivity,
 *   patched points, `--set` reloads — has no entry and is estimated afresh);
 * - handed over ONCE: the first take removes the entry, so a later take of the same object (after
 *   a command changed it in place, say) estimates again;
 * - the takers are `estimate` and `forecast` (for the warnings of the scenario as written), each
 *   right after loading, before anything reads or changes the scenario (test/load/loaded-estimate.test.ts).
 * estimateScenario is a pure function of the scenario (core/estimate.ts), so the handed-over report
 * is the one a second call would compute (the test compares them on every bundled scenario).
 */
import { estimateScenario } from '../core/estimate.js';
import type { Scenario } from '../core/model.js';
import type { ScenarioReport } from '../schema/report.js';

const computed = new WeakMap<Scenario, ScenarioReport>();

/** Called by loadScenario with the scenario it returns and the estimate it computed of it. */
export function rememberEstimate(s: Scenario, r: ScenarioReport): void {
  computed.set(s, r);
}

/** `estimateScenario(s)`: the loader's own result when `s` is the object it returned and no one took it yet. */
export function takeEstimate(s: Scenario): ScenarioReport {
  const r = computed.get(s);
  if (r === undefined) return estimateScenario(s);
  computed.delete(s);
  return r;
}
