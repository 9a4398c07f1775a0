/** The running monthly estimate of a draft: the real loader and cost engine, on data not yet written. */
import { estimateScenario } from '../core/estimate.js';
import type { LoadedCatalogue } from '../core/registry.js';
import { InputError, formatProblem } from '../errors.js';
import { loadScenario } from '../load/scenario.js';
import { money, percent } from '../render/format.js';
import type { ScenarioReport } from '../schema/report.js';
import type { ScenarioDraft } from './build.js';

export type Preview = { ok: true; report: ScenarioReport } | { ok: false; message: string };

/**
 * Load the draft as if it were the file `file` (its `pricing:` paths resolve from there) and
 * estimate it. `bundled` lets tests use their own catalogues.
 */
export function previewDraft(draft: ScenarioDraft, file: string, bundled?: readonly LoadedCatalogue[]): Preview {
  try {
    const scenario = loadScenario(file, {
      yaml: { file, data: structuredClone(draft.data), locate: () => undefined },
      ...(bundled ? { bundled } : {}),
    });
    return { ok: true, report: estimateScenario(scenario) };
  } catch (err) {
    if (err instanceof InputError) return { ok: false, message: err.problems.map(formatProblem).join('; ') };
    throw err;
  }
}

/** `≈ $1,234.56 / month · $0.0041 per request · $2.47 per user`. */
export function previewLine(p: Preview, noun = 'request'): string {
  if (!p.ok) return `(no estimate yet: ${p.message})`;
  const r = p.report;
  const parts = [`≈ ${money(r.total_monthly_cost, r.currency)} / month`, `${money(r.cost_per_request, r.currency)} per ${noun}`];
  if (r.cost_per_user !== null) parts.push(`${money(r.cost_per_user, r.currency)} per user`);
  if (r.cost_per_outcome !== null) parts.push(`${money(r.cost_per_outcome, r.currency)} per outcome`);
  if (r.roi !== null) parts.push(`ROI ${percent(r.roi, 0)}`);
  if (r.budget) parts.push(`budget ${r.budget.status} (${Math.round(r.budget.used * 100)}% used)`);
  return parts.join(' · ');
}
