/** The public API that tests and other tools import. */
export * from './errors.js';
export { catalogueSchema, type Catalogue, type CatalogueModel } from './schema/catalogue.js';
export { scenarioSchema, INPUT_PARTS, type InputPart } from './schema/scenario.js';
export { bundledCatalogues, readBundledCatalogues, BUNDLED_SNAPSHOT, BUNDLED_SNAPSHOT_TEXTS, packageRoot } from './load/catalogues.js';
export { loadScenario } from './load/scenario.js';
export { estimateScenario } from './core/estimate.js';
export { buildReport } from './core/rollup.js';
export { ModelRegistry } from './core/registry.js';
export { readBreakevenCatalogues, BREAKEVEN_SNAPSHOT } from './load/gpus.js';
export { readSeatSnapshot, SEATS_SNAPSHOT } from './load/seats.js';
