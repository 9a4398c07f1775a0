/** The data `aifinops report` embeds in the page (docs/report.md). Plain JSON. */
import type { CatalogueRef, PricedModel, Scenario } from '../core/model.js';
import type { CatalogueModel } from '../schema/catalogue.js';
import type { UncertaintyReport } from '../schema/uncertainty-report.js';
import type { Control } from './controls.js';

/** One catalogue as the page needs it: the entries as written (with their dated prices), resolved at the pricing date in the page. */
export interface EmbeddedCatalogue {
  file: string;
  catalogue: { provider: string; as_of: string; source: string; currency: string; models: Record<string, CatalogueModel> };
}

/** The scenario as the CLI loaded it: as written, or with one of its variants. */
export interface ReportView {
  /** null: the scenario as written (after --set). */
  variant: string | null;
  /** As loaded by the CLI, with the warnings loading gave (the page adds the engine's, as estimate does). */
  scenario: Scenario;
  controls: Control[];
  /**
   * The Monte Carlo summary `aifinops estimate` gives at the starting point when the scenario has
   * distributions (null without). The page computes the point estimate as the controls move; it
   * shows these figures for the starting point only.
   */
  uncertainty: Pick<UncertaintyReport, 'samples' | 'seed' | 'monthly_cost' | 'budget'> | null;
}

export interface ReportPayload {
  tool_version: string;
  /** The pricing date every model is priced at (--as-of, default today in UTC). */
  priced_as_of: string;
  max_price_age_days: number | null;
  /** The command line that re-creates the page's starting point (file, --as-of, --variant, --set, --pricing). */
  command: string;
  /** The scenario file as the user named it. */
  file: string;
  /** --set flags the page was made with (they are part of its starting point). */
  base_set: string[];
  views: ReportView[];
  /** The catalogue entries of the scenario's models and of their providers' other chat models. */
  catalogues: EmbeddedCatalogue[];
}

/** The catalogue entries of these models, grouped by the catalogue that priced them. */
export function embedCatalogues(models: readonly PricedModel[]): EmbeddedCatalogue[] {
  const byFile = new Map<string, EmbeddedCatalogue>();
  const key = (c: CatalogueRef, provider: string) => `${c.file}\u0000${provider}`;
  for (const m of models) {
    const k = key(m.catalogue, m.provider);
    let e = byFile.get(k);
    if (!e) byFile.set(k, (e = { file: m.catalogue.file, catalogue: { provider: m.provider, as_of: m.catalogue.as_of, source: m.catalogue.source, currency: m.catalogue.currency, models: {} } }));
    e.catalogue.models[m.id] = m.entry;
  }
  return [...byFile.values()];
}
