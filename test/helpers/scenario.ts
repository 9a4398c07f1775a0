/** Build scenarios from inline YAML against the synthetic `acme` catalogue (no bundled prices). */
import { fileURLToPath } from 'node:url';
import { estimateScenario } from '../../src/core/estimate.js';
import type { Scenario } from '../../src/core/model.js';
import type { LoadedCatalogue } from '../../src/core/registry.js';
import { loadCatalogueFile } from '../../src/load/catalogues.js';
import { loadScenario, type LoadOptions } from '../../src/load/scenario.js';
import { parseYamlText } from '../../src/load/yaml.js';
import type { ScenarioReport } from '../../src/schema/report.js';

export const ACME_FILE = fileURLToPath(new URL('../fixtures/catalogues/acme.yaml', import.meta.url));
export const acme: LoadedCatalogue = loadCatalogueFile(ACME_FILE, 'acme.yaml');

export function scenarioFrom(yamlText: string, opts: LoadOptions = {}): Scenario {
  return loadScenario('inline.yaml', { bundled: [acme], yaml: parseYamlText(yamlText, 'inline.yaml'), ...opts });
}

export function estimateFrom(yamlText: string, opts: LoadOptions = {}): ScenarioReport {
  return estimateScenario(scenarioFrom(yamlText, opts));
}

/** Wrap a stage (YAML lines, indented 4) in a minimal scenario with 1000 requests/month. */
export function withStage(stage: string, extra = '', traffic = 'requests_per_month: 1000'): string {
  return `version: 1
name: t
traffic: { ${traffic} }
pipeline:
  - name: s
${stage.replace(/^/gm, '    ')}
${extra}`;
}
