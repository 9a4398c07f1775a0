/**
 * Model lookup across loaded catalogues (spec §1): `provider/model`, bare id or alias.
 * Later catalogues replace earlier entries for the same `provider/model`.
 */
import type { Catalogue, Lifecycle } from '../schema/catalogue.js';
import { closest } from '../util/suggest.js';
import type { PricedModel } from './model.js';
import { pricesAt } from './prices-at.js';
import { quoted } from '../util/excerpt.js';

export interface LoadedCatalogue {
  /** Display path. */
  file: string;
  catalogue: Catalogue;
  /**
   * Each model's aliases by id, when known without reading its entry (the build's snapshot,
   * load/catalogue-snapshot.ts, whose entries are parsed when first read); else each entry's own.
   */
  readonly aliases?: Readonly<Record<string, readonly string[]>>;
}

export type Resolution =
  | { ok: true; model: PricedModel }
  | { ok: false; message: string; fix: string; candidates: string[] };

export class ModelRegistry {
  /**
   * Each catalogue entry under its `provider/model` key, priced at the registry's date when first
   * asked for (`priced`): a command resolves the few models its scenario names, and pricing every
   * bundled model up front (a schedule looked up, the entry copied) cost more than the rest of
   * building the registry. (A tuple: the what-if page's engine carries this code, at its size budget.)
   */
  private readonly byRef = new Map<string, [models: Catalogue['models'], catalogue: PricedModel['catalogue'], provider: string, id: string, aliases: LoadedCatalogue['aliases']]>();
  private readonly priced = new Map<string, PricedModel>();
  /** Shut-down model names (lower-cased) → who retired them, when, and the replacement. */
  private readonly retired = new Map<string, { provider: string; lifecycle: Lifecycle; file: string }>();
  private names: Map<string, Set<string>> | undefined;

  /**
   * @param asOf the pricing date (YYYY-MM-DD): every model answers with the rates its catalogue
   * gives for that day (core/prices-at.ts), so the cost engine never sees a schedule.
   */
  constructor(catalogues: readonly LoadedCatalogue[], readonly asOf: string) {
    for (const c of catalogues) this.add(c);
  }

  add({ file, catalogue, aliases }: LoadedCatalogue): void {
    const ref = { file, as_of: catalogue.as_of, source: catalogue.source, currency: catalogue.currency };
    // (each entry is read when its model is priced or its aliases are needed, not here)
    for (const id of Object.keys(catalogue.models)) {
      const key = `${catalogue.provider}/${id}`;
      this.byRef.set(key, [catalogue.models, ref, catalogue.provider, id, aliases]);
      this.priced.delete(key);
    }
    for (const [id, lifecycle] of Object.entries(catalogue.retired ?? {})) {
      const gone = { provider: catalogue.provider, lifecycle, file };
      this.retired.set(id.toLowerCase(), gone).set(`${catalogue.provider}/${id}`.toLowerCase(), gone);
    }
    this.names = undefined;
  }

  /** The model under `key` (a `provider/model` ref), priced at the registry's date. */
  private get(key: string): PricedModel | undefined {
    let model = this.priced.get(key);
    const slot = model ? undefined : this.byRef.get(key);
    if (slot) {
      const [models, catalogue, provider, id] = slot;
      const entry = models[id]!;
      const { prices, effectiveFrom } = pricesAt(entry, this.asOf);
      this.priced.set(key, (model = { ref: key, provider, id, prices, catalogue, entry, effectiveFrom, pricedAsOf: this.asOf }));
    }
    return model;
  }

  all(): PricedModel[] {
    return [...this.byRef.keys()].map((key) => this.get(key)!);
  }

  /** Each provider some loaded catalogue prices, in the order of `all()` (no model is priced to answer). */
  providers(): string[] {
    return [...new Set(Array.from(this.byRef.values(), (slot) => slot[2]))];
  }

  get size(): number {
    return this.byRef.size;
  }

  /** name (id or alias, lower-cased) → refs that answer to it */
  private index(): Map<string, Set<string>> {
    if (this.names) return this.names;
    const names = new Map<string, Set<string>>();
    const put = (name: string, ref: string) => {
      const k = name.toLowerCase();
      let set = names.get(k);
      if (!set) names.set(k, (set = new Set()));
      set.add(ref);
    };
    // (a dated price restates rates only: the aliases at any date are the entry's)
    for (const [ref, [models, , , id, aliases]] of this.byRef) {
      put(id, ref);
      for (const a of (aliases ? aliases[id] : models[id]!.aliases) ?? []) put(a, ref);
    }
    this.names = names;
    return names;
  }

  /**
   * `resolve`, for a model the user wants to run at the pricing date: a model its provider shuts
   * down on or before that date (`deprecated.shutdown` ≤ asOf) is refused as a retired one is,
   * naming the replacement. Before its shutdown it is priced (the estimate warns with the date).
   * Usage already billed (actuals) resolves with `resolve`: it was priced while the model ran.
   */
  resolveInService(name: string): Resolution {
    const r = this.resolve(name);
    if (!r.ok) return r;
    const dep = r.model.prices.deprecated;
    if (!dep || dep.shutdown > this.asOf) return r;
    const { provider } = r.model;
    return {
      ok: false,
      message: `model ${quoted(name.trim())} (${r.model.ref}) is shut down: ${provider} shut it down on ${dep.shutdown}, on or before the pricing date ${this.asOf}${dep.source ? ` (${dep.source})` : ''}`,
      fix: `${dep.replacement ? `${provider} names ${dep.replacement} as its replacement: use ${quoted(dep.replacement)}` : `pick a current model (\`aifinops pricing list --provider ${provider}\`)`}, or price an earlier date with --as-of`,
      candidates: dep.replacement ? [dep.replacement] : [],
    };
  }

  resolve(name: string): Resolution {
    const trimmed = name.trim();
    const direct = this.get(trimmed) ?? this.get(trimmed.toLowerCase());
    if (direct) return { ok: true, model: direct };
    const slash = trimmed.indexOf('/');
    if (slash > 0) {
      const provider = trimmed.slice(0, slash).toLowerCase();
      const rest = trimmed.slice(slash + 1).toLowerCase();
      const refs = [...(this.index().get(rest) ?? [])].filter((r) => r.startsWith(`${provider}/`));
      if (refs.length === 1) return { ok: true, model: this.get(refs[0]!)! };
    } else {
      const refs = [...(this.index().get(trimmed.toLowerCase()) ?? [])];
      if (refs.length === 1) return { ok: true, model: this.get(refs[0]!)! };
      if (refs.length > 1) {
        refs.sort();
        return {
          ok: false,
          message: `model ${quoted(trimmed)} is ambiguous: ${refs.length} catalogues price it (${refs.join(', ')})`,
          fix: `write it as provider/model, e.g. ${quoted(refs[0])}`,
          candidates: refs,
        };
      }
    }
    const gone = this.retired.get(trimmed.toLowerCase());
    if (gone) {
      const { lifecycle: l, provider } = gone;
      return {
        ok: false,
        message:
          l.shutdown <= this.asOf
            ? `model ${quoted(trimmed)} was shut down by ${provider} on ${l.shutdown}${l.source ? ` (${l.source})` : ''}`
            : `model ${quoted(trimmed)} is retired: ${provider} shuts it down on ${l.shutdown}${l.source ? ` (${l.source})` : ''}, and the catalogue no longer prices it`,
        fix: l.replacement ? `${provider} names ${l.replacement} as its replacement: use ${quoted(l.replacement)}` : 'pick a current model: `aifinops pricing list --provider ' + provider + '`',
        candidates: l.replacement ? [l.replacement] : [],
      };
    }
    const near = closest(trimmed, slash > 0 ? this.byRef.keys() : [...this.index().keys(), ...this.byRef.keys()], 3);
    return {
      ok: false,
      message: `unknown model ${quoted(trimmed)}`,
      fix: near.length
        ? `did you mean ${near.map((n) => quoted(n)).join(', ')}? (\`aifinops pricing list\` shows every model)`
        : 'run `aifinops pricing list` to see the models the catalogues price, or add a catalogue with --pricing',
      candidates: near,
    };
  }
}
