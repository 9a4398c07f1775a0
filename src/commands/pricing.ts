/** `aifinops pricing list|show|validate`: the catalogues as tables, and a check of a user's catalogue. */
import { feePricesText } from '../render/explain-fees.js';
import { fitLines, type ColumnFit } from '../render/fit.js';
import type { Command } from 'commander';
import { checkCatalogue } from '../core/catalogue-checks.js';
import type { PricedModel } from '../core/model.js';
import { pricedBy, pricesAt } from '../core/prices-at.js';
import type { Style } from '../render/style.js';
import { ModelRegistry, type LoadedCatalogue } from '../core/registry.js';
import { InputError } from '../errors.js';
import { bundledCatalogues, loadCatalogueFile } from '../load/catalogues.js';
import { csvRows } from '../render/csv.js';
import { count, percent, unitPrice } from '../render/format.js';
import { renderJson } from '../render/json.js';
import { PRICING_SCHEMA_VERSION } from '../schema/listing.js';
import { mdEscape, mdTable } from '../render/markdown.js';
import { newTable } from '../render/table.js';
import { MODEL_TIERS } from '../schema/catalogue.js';
import { emit, writeStdout } from '../util/output.js';
import { didYouMean } from '../util/suggest.js';
import { asOfOption, collect, formatOption, pricingDate, styleFor, WIDE, showTable } from './common.js';
import { registerPricingDiff } from './pricing-diff.js';
import { quoted } from '../util/excerpt.js';

function loadAll(extra: readonly string[] | undefined, asOf: string): { catalogues: LoadedCatalogue[]; registry: ModelRegistry } {
  const catalogues = [...bundledCatalogues(), ...(extra ?? []).map((f) => loadCatalogueFile(f))];
  return { catalogues, registry: new ModelRegistry(catalogues, asOf) };
}

/** The first scheduled change after the pricing date, or null. */
function nextChange(m: PricedModel): string | null {
  return (m.entry.prices ?? []).find((d) => d.from > m.pricedAsOf)?.from ?? null;
}

const price = (v: number | undefined, cur: string): string => unitPrice(v, cur);

/** One row of the list, as data: used by every format. */
function row(m: PricedModel) {
  const p = m.prices;
  return {
    model: m.ref,
    tier: p.tier ?? null,
    currency: m.catalogue.currency,
    input: p.input,
    output: p.output,
    cache_read: p.cache_read ?? null,
    /** Effective 5-minute cache-write rate (absent in the catalogue = the input rate); null without caching. */
    cache_write: p.cache_read === undefined ? null : (p.cache_write ?? p.input),
    batch_discount: p.batch_discount ?? null,
    context_window: p.context_window ?? null,
    long_context_threshold: p.long_context?.threshold ?? null,
    catalogue: m.catalogue.file,
    as_of: m.catalogue.as_of,
    /** `from` of the dated price in force on the pricing date; null: the base rates. */
    effective_from: m.effectiveFrom,
    /** The next scheduled price change after the pricing date, or null. */
    next_change: nextChange(m),
    /** The day its provider shuts it down (catalogue `deprecated.shutdown`), or null. */
    shutdown: p.deprecated?.shutdown ?? null,
  };
}

/** `pricing show`'s line for a model its provider shuts down (or has shut down by the pricing date); '' for any other. */
function shutdownLine(m: PricedModel, asOf: string, style: Style): string {
  const dep = m.prices.deprecated;
  if (!dep) return '';
  const gone = dep.shutdown <= asOf;
  const what = gone
    ? `shut down: ${m.provider} shut it down on ${dep.shutdown}, on or before ${asOf}, so a scenario priced on this date cannot use it`
    : `deprecated: ${m.provider} shuts it down on ${dep.shutdown}`;
  return style.yellow(`${what}${dep.replacement ? `; its replacement is ${dep.replacement}` : ''}${dep.source ? ` (${dep.source})` : ''}`);
}

/** `pricing show` lines for the time windows and service tiers of the rates in force (core/provider-rules.ts). */
function providerRuleLines(p: PricedModel['prices'], cur: string): string[] {
  const out: string[] = [];
  for (const w of p.time_windows ?? []) {
    const rates = (['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h', 'reasoning'] as const).filter((f) => w[f] !== undefined).map((f) => `${f.replace('_', ' ')} ${price(w[f], cur)}`);
    out.push(`time window ${w.name}: ${w.hours.join(', ')} UTC, ${w.days === undefined || w.days === 'all' ? 'every day' : w.days} — ${rates.join(', ')} (the rates above apply outside it; a scenario's traffic.time_profile sets its share)`);
  }
  const tiers = Object.entries(p.service_tiers ?? {});
  if (tiers.length) out.push(`service tiers: standard ×1, ${tiers.map(([t, x]) => `${t} ×${x!.factor}`).join(', ')} (every rate; set service_tier in a scenario)`);
  return out;
}

/** The schedule as rows: the base rates, then each dated price, with the one in force marked. */
function scheduleRows(m: PricedModel) {
  const entry = m.entry;
  const starts: (string | null)[] = [null, ...(entry.prices ?? []).map((d) => d.from)];
  return starts.map((from, i) => {
    const p = pricesAt(entry, from ?? '0000-01-01').prices;
    return {
      from,
      until: i + 1 < starts.length ? starts[i + 1]! : null,
      input: p.input,
      output: p.output,
      cache_read: p.cache_read ?? null,
      cache_write: p.cache_write ?? null,
      cache_write_1h: p.cache_write_1h ?? null,
      reasoning: p.reasoning ?? null,
      long_context: p.long_context ?? null,
      // only where the rates have windows, so other models' JSON is unchanged
      ...(p.time_windows?.length ? { time_windows: p.time_windows } : {}),
      in_force: from === m.effectiveFrom,
    };
  });
}

/** `pricing show`'s schedule table; empty when the model has no dated prices. */
function scheduleText(m: PricedModel, style: Style): string {
  if (!m.entry.prices?.length) return '';
  const cur = m.catalogue.currency;
  const t = newTable(['Dated prices', 'Input', 'Output', 'Cache read', 'Cache write', 'Long context', ''], style, ['left', 'right', 'right', 'right', 'right', 'left', 'left']);
  for (const r of scheduleRows(m)) {
    const when = r.from === null ? `base (before ${r.until})` : `from ${r.from}`;
    const lc = r.long_context ? `above ${count(r.long_context.threshold)}: ${price(r.long_context.input, cur)} / ${price(r.long_context.output, cur)}` : '—';
    t.push([when, price(r.input, cur), price(r.output, cur), price(r.cache_read ?? undefined, cur), price(r.cache_read === null ? undefined : (r.cache_write ?? r.input), cur), lc, r.in_force ? style.bold(`in force on ${m.pricedAsOf}`) : '']);
  }
  return t.toString();
}

/** `pricing list` at a terminal's width (render/fit.ts): the date, then the rarer rates go first. */
const LIST_FIT: ColumnFit[] = [{ models: true }, { drop: 4 }, {}, {}, { drop: 6 }, { drop: 3 }, { drop: 2 }, { drop: 5 }, { drop: 1 }];

export function register(program: Command): void {
  const pricing = program
    .command('pricing')
    .description('the pricing catalogues: list, show one model, validate a catalogue, diff against @pydantic/genai-prices')
    .addHelpText('after', `
Examples:
  $ aifinops pricing list --provider openai
  $ aifinops pricing show claude-haiku-4-5
  $ aifinops pricing validate pricing/negotiated.yaml
  $ aifinops pricing diff`);

  pricing
    .command('list')
    .description('every priced model (prices per 1M tokens)')
    .option('--provider <id>', 'only this provider (e.g. openai, anthropic, google, bedrock)')
    .option('--tier <tier>', `only this tier (${MODEL_TIERS.join(', ')})`)
    .option('-p, --pricing <file>', 'also load this catalogue (repeatable)', collect)
    .addOption(asOfOption())
    .addOption(formatOption(['table', 'json', 'markdown', 'csv']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout')
    .addHelpText('after', `
Examples:
  $ aifinops pricing list --provider anthropic
  $ aifinops pricing list --tier budget -f csv -o budget-models.csv
  $ aifinops pricing list --pricing pricing/negotiated.yaml --provider openai`)
    .action((flags: { provider?: string; tier?: string; pricing?: string[]; asOf?: string; format: string; output?: string }, cmd: Command) => {
      const asOf = pricingDate(flags);
      const { registry } = loadAll(flags.pricing, asOf);
      let models = registry.all();
      if (flags.provider) {
        const providers = [...new Set(models.map((m) => m.provider))];
        if (!providers.includes(flags.provider)) {
          throw new InputError({ path: '--provider', message: `no catalogue for provider ${quoted(flags.provider)}`, fix: didYouMean(flags.provider, providers) || `providers: ${providers.sort().join(', ')}` });
        }
        models = models.filter((m) => m.provider === flags.provider);
      }
      if (flags.tier) {
        if (!(MODEL_TIERS as readonly string[]).includes(flags.tier)) {
          throw new InputError({ path: '--tier', message: `unknown tier ${quoted(flags.tier)}`, fix: didYouMean(flags.tier, MODEL_TIERS) || `tiers: ${MODEL_TIERS.join(', ')}` });
        }
        models = models.filter((m) => m.prices.tier === flags.tier);
      }
      models.sort((a, b) => a.ref.localeCompare(b.ref));
      const rows = models.map(row);
      let text: string;
      if (flags.format === 'json') text = renderJson({ schema_version: PRICING_SCHEMA_VERSION, models: rows });
      else if (flags.format === 'csv') {
        const head = Object.keys(row(models[0] ?? registry.all()[0]!)) as (keyof ReturnType<typeof row>)[];
        text = csvRows([head, ...rows.map((r) => head.map((k) => r[k]))]);
      } else {
        const cells = rows.map((r) => [
          `${r.model}${r.next_change ? ' *' : ''}${r.shutdown ? ' †' : ''}`, r.tier ?? '', price(r.input, r.currency), price(r.output, r.currency), price(r.cache_read ?? undefined, r.currency),
          price(r.cache_write ?? undefined, r.currency), r.batch_discount === null ? '—' : percent(r.batch_discount, 0),
          r.context_window === null ? '—' : count(r.context_window), r.as_of,
        ]);
        const head = ['Model', 'Tier', 'Input', 'Output', 'Cache read', 'Cache write', 'Batch off', 'Context', 'As of'];
        const dated = rows.some((r) => r.next_change);
        const note = `${dated ? `* price change after ${asOf}: see pricing show\n` : ''}${rows.some((r) => r.shutdown) ? `† its provider shuts it down (or has): see pricing show\n` : ''}`;
        if (flags.format === 'markdown') text = `${mdTable(head, cells.map((c) => c.map(mdEscape)), ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'])}\n${note ? `\n${note.replace(/^\*/gm, '\\*')}` : ''}`; // \* : a footnote, not a list item
        else {
          const style = styleFor(cmd, Boolean(flags.output));
          const t = newTable(head, style, ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'], LIST_FIT);
          for (const c of cells) t.push(c);
          // the footnote wraps at the width like every line (test/cli/terminal.test.ts: any width from 40)
          text = fitLines(`${t.toString()}\n${models.length} models · prices per 1M tokens on ${asOf}\n${note}`, style.width);
        }
      }
      emit(text, flags.output);
    });

  pricing
    .command('show')
    .description('one model: every rate, aliases, long-context tier, and which catalogue priced it')
    .argument('<model>', 'provider/model, bare id or alias')
    .option('-p, --pricing <file>', 'also load this catalogue (repeatable)', collect)
    .addOption(asOfOption())
    .addOption(formatOption(['table', 'json']))
    .option('--wide', WIDE)
    .addHelpText('after', `
Examples:
  $ aifinops pricing show claude-sonnet-4-5
  $ aifinops pricing show openai/gpt-4.1-mini -f json`)
    .action((name: string, flags: { pricing?: string[]; asOf?: string; format: string }, cmd: Command) => {
      const asOf = pricingDate(flags);
      const { registry } = loadAll(flags.pricing, asOf);
      const r = registry.resolve(name);
      if (!r.ok) throw new InputError({ path: 'model', message: r.message, fix: r.fix });
      const m = r.model;
      const p = m.prices;
      if (flags.format === 'json') {
        emit(renderJson({ schema_version: PRICING_SCHEMA_VERSION, model: m.ref, provider: m.provider, id: m.id, currency: m.catalogue.currency, priced_as_of: asOf, prices: p, priced_by: pricedBy(m), schedule: scheduleRows(m) }));
        return;
      }
      const style = styleFor(cmd, false);
      const cur = m.catalogue.currency;
      const t = newTable(['Rate (per 1M tokens)', 'Standard', ...(p.long_context ? [`Input > ${count(p.long_context.threshold)} tokens`] : [])], style, ['left', 'right', 'right']);
      const lc = p.long_context;
      const line = (label: string, v: number | undefined, lv?: number | undefined) => t.push([label, price(v, cur), ...(lc ? [price(lv, cur)] : [])]);
      line('input', p.input, lc?.input);
      line('output', p.output, lc?.output);
      line('cache read', p.cache_read, lc?.cache_read);
      if (p.cache_read !== undefined) {
        // absent write rates fall back as spec §3 says: 1h → 5m → input
        line('cache write (5 min)', p.cache_write ?? p.input, lc ? (lc.cache_write ?? lc.input) : undefined);
        line('cache write (1 hour)', p.cache_write_1h ?? p.cache_write ?? p.input, lc ? (lc.cache_write_1h ?? lc.cache_write ?? lc.input) : undefined);
      }
      line('reasoning', p.reasoning ?? p.output, lc ? (lc.reasoning ?? lc.output) : undefined);
      const facts = [
        style.dim(`rates in force on ${asOf}${m.effectiveFrom ? ` (the dated price from ${m.effectiveFrom})` : (m.entry.prices?.length ? ' (the base rates)' : '')}`),
        `${style.bold(m.ref)}${p.tier ? ` · tier ${p.tier}` : ''}${p.context_window ? ` · context ${count(p.context_window)} tokens` : ''}`,
        p.aliases?.length ? `aliases: ${p.aliases.join(', ')}` : '',
        shutdownLine(m, asOf, style),
        t.toString(),
        `batch API: ${p.batch_discount === undefined ? 'none in the catalogue' : `${percent(p.batch_discount, 0)} off every rate`}`,
        ...providerRuleLines(p, cur),
        `prompt caching: ${p.cache_read === undefined ? 'not offered (no cache_read)' : p.cache_min_tokens ? `prefixes of at least ${count(p.cache_min_tokens)} tokens` : 'any prefix length (no minimum in the catalogue)'}`,
        feePricesText(p, cur),
        scheduleText(m, style),
        p.notes ? `notes: ${p.notes}` : '',
        style.dim(`priced by ${m.catalogue.file} (as of ${m.catalogue.as_of}) — ${m.catalogue.source}`),
      ];
      emit(fitLines(facts.filter(Boolean).join('\n') + '\n', style.width));
    });

  pricing
    .command('validate')
    .description("check a catalogue file: its shape (spec §1) and rates that are legal but probably wrong")
    .argument('<file...>', 'catalogue YAML files')
    .addHelpText('after', `
Examples:
  $ aifinops pricing validate pricing/negotiated.yaml`)
    .action((files: string[]) => {
      const problems: InputError[] = [];
      for (const f of files) {
        try {
          const c = loadCatalogueFile(f);
          const notes = checkCatalogue(c.catalogue);
          const n = Object.keys(c.catalogue.models).length;
          const dated = Object.values(c.catalogue.models).reduce((k, m) => k + (m.prices?.length ?? 0), 0);
          const schedule = dated ? `, ${dated} dated price${dated === 1 ? '' : 's'}` : '';
          writeStdout(`${c.file}: OK — ${n} model${n === 1 ? '' : 's'} of ${c.catalogue.provider}, ${c.catalogue.currency}, as of ${c.catalogue.as_of}${schedule}\n`);
          for (const note of notes) process.stderr.write(`${c.file}: warning: ${note.path}: ${note.message}\n`);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          problems.push(err);
        }
      }
      if (problems.length) throw new InputError(problems.flatMap((e) => e.problems));
    });

  registerPricingDiff(pricing);
}
