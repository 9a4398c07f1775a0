/** The `calibrate` action: scenario + matched actuals → fitted inputs → the scenario written again. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AggregateRow } from '../actuals/aggregate.js';
import { rebaseSchemaLine } from '../actuals/calibrate-splice.js';
import { calibrate } from '../actuals/calibrate.js';
import { fitStage } from '../actuals/fit.js';
import { rowsByStage } from '../actuals/match.js';
import { hasTokens } from '../actuals/report.js';
import { InputError } from '../errors.js';
import { displayPath } from '../load/catalogues.js';
import { renderJson } from '../render/json.js';
import { emit, writeFileAtomic } from '../util/output.js';
import { excerpt } from '../util/excerpt.js';
import { registryFor } from './actuals.js';
import { loadMatched, loadRows } from './actuals-compare.js';
import type { CalibrateFlags } from './calibrate.js';

export async function runCalibrate(path: string, file: string, flags: CalibrateFlags): Promise<void> {
  if (flags.write && flags.output) throw new InputError({ path: '--write', message: 'give either --write or -o, not both' });
  if (flags.variant || flags.set?.length) throw new InputError({ path: flags.variant ? '--variant' : '--set', message: 'calibrate fits the scenario as written', fix: 'calibrate without --variant and --set' });
  const storeFlags = { store: flags.actuals, pricing: flags.pricing, storeFlag: '--actuals' };
  const registry = registryFor(storeFlags);
  const { scenario, scenarioMatch, stageMatch } = loadMatched(file, flags, registry);
  const rows = await loadRows({ ...storeFlags, from: flags.from, to: flags.to, source: flags.source });
  const byStage = rowsByStage(scenario, scenarioMatch, stageMatch, rows);
  const all = byStage.flatMap((x) => x.rows).filter(hasTokens);
  if (all.length === 0) {
    if (flags.from || flags.to) {
      // the match may be right and the dates wrong: say which days it does match
      const any = rowsByStage(scenario, scenarioMatch, stageMatch, await loadRows({ ...storeFlags, source: flags.source })).flatMap((x) => x.rows).filter(hasTokens);
      if (any.length) {
        const days = any.map((r) => r.day).sort();
        throw new InputError({ file: displayPath(path), path: flags.from ? '--from' : '--to', message: `no matched usage ${flags.from ? `from ${flags.from}` : ''}${flags.from && flags.to ? ' ' : ''}${flags.to ? `to ${flags.to}` : ''}; the store has this scenario's usage from ${days[0]} to ${days.at(-1)}`, fix: 'give --from and --to days inside that range, or leave them out' });
      }
    }
    throw new InputError({ file: displayPath(path), path: 'match', message: 'no actual usage in the store matches this scenario', fix: 'check the match: block (project, workspace, api_key, model, tag) against `aifinops actuals report --by project`' });
  }
  const days = [...new Set(all.map((r) => r.day))].sort();
  const fits = scenario.stages.map((st, i) => fitStage(st, byStage[i]!.rows, days.length));
  const calls = fits.every((f) => f.calls === null) ? null : fits.reduce((a, f) => a + (f.calls ?? 0), 0);
  const perDay = new Map<string, number>();
  for (const r of all) perDay.set(r.day, (perDay.get(r.day) ?? 0) + (r.counts.requests ?? 0));
  const daily = days.map((day) => ({ day, requests: perDay.get(day) ?? 0 }));
  const text = readFileSync(path, 'utf8');
  const tiers = byStage.map((x) => tiersNamed(x.rows));
  const result = calibrate(text, scenario, fits, { from: days[0]!, to: days.at(-1)!, days: days.length, calls }, calls === null ? [] : daily, tiers);
  const summary = [
    `calibrated ${result.changes.length} value${result.changes.length === 1 ? '' : 's'} of ${displayPath(path)} from ${days.length} days of actuals (${days[0]} to ${days.at(-1)})`,
    ...result.changes.map((c) => `  ${excerpt(c.path, 200)}: ${c.was} → ${JSON.stringify(c.value)}`),
    ...result.notes.map((n) => `note: ${n}`),
  ].join('\n');
  if (flags.format === 'json') {
    // -f json reports the changes; with --write the scenario is rewritten as well
    if (flags.write) writeFileAtomic(path, result.text, displayPath(path), { replacing: path });
    emit(renderJson({ schema: 'aifinops.calibration/1', scenario: displayPath(path), evidence: { from: days[0], to: days.at(-1), days: days.length, calls }, stages: fits, changes: result.changes, notes: result.notes }), flags.output);
    return;
  }
  // written first, so a refused or failed write prints no summary of changes that did not happen
  if (flags.write) writeFileAtomic(path, result.text, displayPath(path), { replacing: path });
  else if (flags.output) emit(rebaseSchemaLine(result.text, dirname(path), dirname(resolve(flags.output))), flags.output);
  process.stderr.write(`${summary}\n`);
  if (!flags.write && !flags.output) emit(result.text);
}

/** The service tiers other than standard that rows counting no calls name (the tier mix cannot be fitted from them). */
function tiersNamed(rows: readonly AggregateRow[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) if (hasTokens(r) && r.counts.requests === null && r.service_tier !== null && r.service_tier !== 'standard') seen.add(r.service_tier);
  return [...seen].sort();
}
