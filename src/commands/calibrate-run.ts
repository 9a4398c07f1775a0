/** The `calibrate` action: scenario + matched actuals → fitted inputs → the scenario written again. */
import { readFileSync } from 'node:fs';
import { calibrate } from '../actuals/calibrate.js';
import { fitStage } from '../actuals/fit.js';
import { rowsByStage } from '../actuals/match.js';
import { hasTokens } from '../actuals/report.js';
import { InputError } from '../errors.js';
import { displayPath } from '../load/catalogues.js';
import { yamlLib } from '../load/yaml-lib.js';
import { renderJson } from '../render/json.js';
import { emit, writeFileAtomic } from '../util/output.js';
import { registryFor } from './actuals.js';
import { loadMatched, loadRows } from './actuals-compare.js';
import type { CalibrateFlags } from './calibrate.js';

export async function runCalibrate(path: string, file: string, flags: CalibrateFlags): Promise<void> {
  if (flags.write && flags.output) throw new InputError({ path: '--write', message: 'give either --write or -o, not both' });
  if (flags.variant || flags.set?.length) throw new InputError({ path: flags.variant ? '--variant' : '--set', message: 'calibrate fits the scenario as written', fix: 'calibrate without --variant and --set' });
  const storeFlags = { store: flags.actuals, pricing: flags.pricing };
  const registry = registryFor(storeFlags);
  const { scenario, scenarioMatch, stageMatch } = loadMatched(file, flags, registry);
  const rows = await loadRows({ ...storeFlags, from: flags.from, to: flags.to, source: flags.source });
  const byStage = rowsByStage(scenario, scenarioMatch, stageMatch, rows);
  const all = byStage.flatMap((x) => x.rows).filter(hasTokens);
  if (all.length === 0) {
    throw new InputError({ file: displayPath(path), path: 'match', message: 'no actual usage in the store matches this scenario', fix: 'check the match: block (project, workspace, api_key, model, tag) against `aifinops actuals report --by project`' });
  }
  const days = [...new Set(all.map((r) => r.day))].sort();
  const fits = scenario.stages.map((st, i) => fitStage(st, byStage[i]!.rows, days.length));
  const calls = fits.every((f) => f.calls === null) ? null : fits.reduce((a, f) => a + (f.calls ?? 0), 0);
  const perDay = new Map<string, number>();
  for (const r of all) perDay.set(r.day, (perDay.get(r.day) ?? 0) + (r.counts.requests ?? 0));
  const daily = days.map((day) => ({ day, requests: perDay.get(day) ?? 0 }));
  const text = readFileSync(path, 'utf8');
  const doc = yamlLib().parseDocument(text, { keepSourceTokens: false });
  const result = calibrate(doc, scenario, fits, { from: days[0]!, to: days.at(-1)!, days: days.length, calls }, calls === null ? [] : daily);
  const summary = [
    `calibrated ${result.changes.length} value${result.changes.length === 1 ? '' : 's'} of ${displayPath(path)} from ${days.length} days of actuals (${days[0]} to ${days.at(-1)})`,
    ...result.changes.map((c) => `  ${c.path}: ${JSON.stringify(c.old) ?? 'not set'} → ${JSON.stringify(c.value)}`),
    ...result.notes.map((n) => `note: ${n}`),
  ].join('\n');
  if (flags.format === 'json') {
    emit(renderJson({ schema: 'aifinops.calibration/1', scenario: displayPath(path), evidence: { from: days[0], to: days.at(-1), days: days.length, calls }, stages: fits, changes: result.changes, notes: result.notes }), flags.output);
    return;
  }
  process.stderr.write(`${summary}\n`);
  if (flags.write) writeFileAtomic(path, result.text);
  else emit(result.text, flags.output);
}
