/** The public API that tests and other tools import. */
export * from './errors.js';
export { catalogueSchema, type Catalogue, type CatalogueModel } from './schema/catalogue.js';
export { scenarioSchema, INPUT_PARTS, type InputPart } from './schema/scenario.js';
