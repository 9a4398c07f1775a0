/** Inline scenarios on the synthetic catalogues (acme + the what-if extras), evaluated with overrides. */
import { fileURLToPath } from 'node:url';
import { estimateScenario } from '../../src/core/estimate.js';
import type { Scenario } from '../../src/core/model.js';
import { ModelRegistry, type LoadedCatalogue } from '../../src/core/registry.js';
import { loadCatalogueFile } from '../../src/load/catalogues.js';
import { loadScenario } from '../../src/load/scenario.js';
import { parseYamlText, type LoadedYaml } from '../../src/load/yaml.js';
import type { ScenarioReport } from '../../src/schema/report.js';
import type { ScenarioRef } from '../../src/schema/whatif-report.js';
import { acme } from '../helpers/scenario.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export const acmeExtra: LoadedCatalogue = loadCatalogueFile(here('../fixtures/whatif-catalogue/acme-extra.yaml'), 'acme-extra.yaml');
export const zeta: LoadedCatalogue = loadCatalogueFile(here('../fixtures/whatif-catalogue/zeta.yaml'), 'zeta.yaml');
export const CATALOGUES = [acme, acmeExtra, zeta];
export const registry = new ModelRegistry(CATALOGUES, '2026-11-23');

/** A scenario from YAML text, re-loadable with other `--set` assignments. */
export class Inline {
  readonly yaml: LoadedYaml;
  constructor(text: string) {
    this.yaml = parseYamlText(text, 'inline.yaml');
  }
  load(set: string[] = [], variant: string | null = null): Scenario {
    return loadScenario('inline.yaml', { bundled: CATALOGUES, yaml: this.yaml, set, variant });
  }
  estimate(set: string[] = [], variant: string | null = null): ScenarioReport {
    return estimateScenario(this.load(set, variant));
  }
  total(set: string[] = []): number {
    return this.estimate(set).total_monthly_cost;
  }
  raw(): Record<string, unknown> {
    return structuredClone(this.yaml.data) as Record<string, unknown>;
  }
  ref(): ScenarioRef {
    const s = this.load();
    return { name: s.name, file: s.file, variant: s.variant, currency: s.currency, set: [] };
  }
}

export const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
