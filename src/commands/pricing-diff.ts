/**
 * `aifinops pricing diff [catalogue…]`: where the bundled catalogues (or the named ones) and the
 * installed @pydantic/genai-prices data disagree. Offline: it reads the package's own data.
 * genai-prices is a development dependency (it generates pricing/ via `npm run pricing:sync`),
 * so an installed aifinops may not have it; then the command says so and exits 2.
 */
import { isRealDate } from '../schema/common.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { diffCatalogues, type Deliberate, type GenaiProvider, type PriceDifference, type PricingDiff, type SyncMap } from '../core/pricing-diff.js';
import { InputError, PolicyError } from '../errors.js';
import { bundledCatalogues, displayPath, loadCatalogueFile, packageRoot } from '../load/catalogues.js';
import { readYamlFile, type LoadedYaml } from '../load/yaml.js';
import { today } from '../util/clock.js';
import { renderJson } from '../render/json.js';
import { PRICING_SCHEMA_VERSION } from '../schema/listing.js';
import { mdEscape, mdTable } from '../render/markdown.js';
import type { Style } from '../render/style.js';
import { newTable } from '../render/table.js';
import { importLazy } from '../util/lazy.js';
import { emit } from '../util/output.js';
import { formatOption, WIDE, showTable } from './common.js';
import { quoted } from '../util/excerpt.js';

const GENAI = '@pydantic/genai-prices';

interface GenaiModule {
  findProvider(o: { providerId: string }): GenaiProvider | undefined;
}

interface DiffFlags {
  format: 'table' | 'json' | 'markdown';
  output?: string;
  date?: string;
  new?: boolean;
  check?: boolean;
}

function notInstalled(detail: string): InputError {
  return new InputError({
    message: `${GENAI} is not installed, so there is nothing to compare the catalogues with (${detail})`,
    fix: `it is a development dependency of aifinops: run \`npm install\` in an aifinops checkout, or \`npm install --no-save ${GENAI}\` next to it`,
  });
}

/** The installed genai-prices version (its package.json is not exported, so find it from the entry point). */
function genaiVersion(): string {
  const req = createRequire(join(packageRoot(), 'package.json'));
  let dir = dirname(req.resolve(GENAI));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const p = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (p.name === GENAI) return p.version ?? 'unknown';
    }
  }
  return 'unknown';
}

async function loadGenai(): Promise<{ mod: GenaiModule; version: string }> {
  let version: string;
  try {
    version = genaiVersion();
  } catch (err) {
    throw notInstalled((err as NodeJS.ErrnoException).code ?? String(err));
  }
  try {
    return { mod: await importLazy<GenaiModule>(GENAI), version };
  } catch (err) {
    throw notInstalled((err as NodeJS.ErrnoException).code ?? String(err));
  }
}

export const SYNC_MODELS = 'sync/models.yaml';
export const SYNC_DELIBERATE = 'sync/deliberate-differences.yaml';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The UTC day of a sync file's `prices_at` instant (e.g. 2026-11-23T12:00:00Z). */
function instantDay(at: unknown, y: LoadedYaml): string {
  const ms = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(at) ? Date.parse(at) : Number.NaN;
  const day = Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '';
  if (!isRealDate(day)) {
    throw new InputError({ file: y.file, ...(y.locate(['prices_at']) ?? {}), path: 'prices_at', message: `expected an instant such as 2026-11-23T12:00:00Z, got ${quoted(String(at))}`, fix: 'the instant the sync resolved conditional prices at (scripts/pricing-sync.mjs writes it)' });
  }
  return day;
}

/**
 * What `npm run pricing:sync` knows beside the catalogues (pricing/sync/): which genai-prices
 * model each bundled model comes from, and the differences recorded as deliberate. Read from the
 * `sync/` folder next to the catalogues, when there is one.
 */
export function readSyncFiles(dirs: readonly string[]): { sync: SyncMap; deliberate: Deliberate[]; files: string[]; pricesAt: string | null } {
  const sync: SyncMap = { providers: {} };
  let pricesAt: string | null = null;
  const deliberate: Deliberate[] = [];
  const files: string[] = [];
  for (const dir of new Set(dirs)) {
    const modelsFile = join(dir, SYNC_MODELS);
    if (existsSync(modelsFile)) {
      const y = readYamlFile(modelsFile, undefined, displayPath(modelsFile));
      const providers = isObj(y.data) ? y.data.providers : undefined;
      if (!isObj(providers)) throw new InputError({ file: y.file, message: 'expected a providers: mapping', fix: 'see the comments at the top of the file' });
      for (const [id, p] of Object.entries(providers)) if (isObj(p)) sync.providers[id] = p as SyncMap['providers'][string];
      const at = (y.data as Record<string, unknown>).prices_at;
      if (at !== undefined) pricesAt = instantDay(at, y);
      files.push(y.file);
    }
    const diffFile = join(dir, SYNC_DELIBERATE);
    if (existsSync(diffFile)) {
      const y = readYamlFile(diffFile, undefined, displayPath(diffFile));
      const list = isObj(y.data) ? y.data.differences : undefined;
      if (!Array.isArray(list)) throw new InputError({ file: y.file, message: 'expected a differences: list', fix: 'see the comments at the top of the file' });
      list.forEach((e, i) => {
        if (!isObj(e) || typeof e.model !== 'string' || typeof e.field !== 'string') {
          throw new InputError({ file: y.file, ...(y.locate(['differences', i]) ?? {}), path: `differences[${i}]`, message: 'expected model and field' });
        }
        deliberate.push({ model: e.model, field: e.field, reason: typeof e.reason === 'string' ? e.reason.trim() : '', ...(typeof e.name === 'string' ? { name: e.name } : {}) });
      });
      files.push(y.file);
    }
  }
  return { sync, deliberate, files, pricesAt };
}

const num = (v: number | null) => (v === null ? '—' : String(+v.toFixed(6)));
function genaiCell(d: PriceDifference): string {
  const alts = d.genai_alternatives.map((a) => `${num(a.value)} (${a.when})`);
  return [num(d.genai), ...alts].join(' / ');
}

function renderTable(r: PricingDiff, style: Style, showNew: boolean, syncFiles: readonly string[]): string {
  const lines: string[] = [];
  const compared = r.providers.reduce((s, p) => s + p.models_compared, 0);
  lines.push(`${style.bold('Catalogues vs @pydantic/genai-prices')} ${r.genai_version} (installed) · prices per 1M tokens · as of ${r.date}`);
  if (r.differences.length === 0) lines.push(style.green(`No differences in the ${compared} models both know.`));
  else {
    const t = newTable(['Model', 'Field', 'Catalogue', 'genai-prices', 'Status'], style, ['left', 'left', 'right', 'right', 'left'], [{ wrap: true, models: true }, { wrap: true }, {}, {}, { drop: 1 }]);
    for (const d of r.differences) t.push([d.model, d.field, num(d.catalogue), genaiCell(d), d.status === 'deliberate' ? style.dim(d.status) : style.yellow(d.status)]);
    lines.push(t.toString());
    const n = r.differences.length;
    const deliberate = n - r.unexplained;
    lines.push(`${n} difference${n === 1 ? '' : 's'} in ${new Set(r.differences.map((d) => d.model)).size} of ${compared} models compared${deliberate ? ` (${deliberate} deliberate, with the reasons in ${syncFiles.find((f) => f.endsWith(SYNC_DELIBERATE)) ?? SYNC_DELIBERATE})` : ''}.`);
  }
  for (const p of r.providers) {
    if (p.genai_provider === null) lines.push(style.dim(`${p.catalogue_file}: genai-prices has no provider ${quoted(p.provider)}; not compared.`));
    if (p.unmatched.length) lines.push(style.dim(`${p.catalogue_file}: not in genai-prices (hand-added or named differently): ${p.unmatched.join(', ')}`));
    if (p.not_in_catalogue.length) {
      lines.push(
        showNew
          ? `${p.catalogue_file}: in genai-prices but not in the catalogue: ${p.not_in_catalogue.join(', ')}`
          : style.dim(`${p.catalogue_file}: ${p.not_in_catalogue.length} genai-prices model${p.not_in_catalogue.length === 1 ? '' : 's'} not in the catalogue (--new lists them)`),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function renderMarkdown(r: PricingDiff): string {
  const rows = r.differences.map((d) => [d.model, d.field, num(d.catalogue), genaiCell(d), d.status].map(mdEscape));
  const head = `Catalogues vs @pydantic/genai-prices ${r.genai_version} (prices per 1M tokens, as of ${r.date})\n\n`;
  return rows.length ? `${head}${mdTable(['Model', 'Field', 'Catalogue', 'genai-prices', 'Status'], rows, ['l', 'l', 'r', 'r', 'l'])}\n` : `${head}No differences.\n`;
}

export function registerPricingDiff(pricing: Command): void {
  pricing
    .command('diff')
    .description('where the bundled catalogues (or the named ones) and the installed @pydantic/genai-prices data disagree')
    .argument('[catalogue...]', 'catalogue files to compare (default: the bundled ones)')
    .addOption(formatOption(['table', 'json', 'markdown']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the result to a file (atomically) instead of stdout')
    .option('--date <YYYY-MM-DD>', 'compare with the genai-prices prices in force on this date (default: prices_at of pricing/sync/models.yaml, else today)')
    .option('--new', 'also list the genai-prices models that the catalogue lacks')
    .option('--check', 'exit 1 when a difference is not recorded as deliberate (for CI)')
    .addHelpText(
      'after',
      `
Offline: compares with the data inside the installed @pydantic/genai-prices package (a
development dependency; \`npm run pricing:sync\` regenerates pricing/ from it). Models are matched
as pricing/sync/models.yaml says (else by genai-prices' own name rules), and differences listed in
pricing/sync/deliberate-differences.yaml show as "deliberate". Keep negotiated rates in your own
catalogue (docs/pricing-catalogue.md): they are meant to differ.

Examples:
  $ aifinops pricing diff
  $ aifinops pricing diff --new
  $ aifinops pricing diff pricing/anthropic.yaml -f json -o pricing-diff.json
  $ aifinops pricing diff --check`,
    )
    .action(async (files: string[], flags: DiffFlags, cmd: Command) => {
      if (flags.date !== undefined && !isRealDate(flags.date)) throw new InputError({ path: '--date', message: `expected a real date written as YYYY-MM-DD, got ${quoted(flags.date)}` });
      const catalogues = files.length ? files.map((f) => loadCatalogueFile(f)) : bundledCatalogues();
      if (catalogues.length === 0) throw new InputError({ message: 'no catalogues to compare: the package has no bundled pricing/*.yaml', fix: 'name catalogue files, e.g. aifinops pricing diff my-prices.yaml' });
      const { mod, version } = await loadGenai();
      const dirs = files.length ? files.map((f) => dirname(resolve(f))) : [join(packageRoot(), 'pricing')];
      const { sync, deliberate, files: syncFiles, pricesAt } = readSyncFiles(dirs);
      // the date the sync resolved conditional prices at, unless told otherwise
      const date = flags.date ?? pricesAt ?? today();
      const report = diffCatalogues(catalogues, (id) => mod.findProvider({ providerId: id }), version, date, { sync, deliberate });
      let text: string;
      if (flags.format === 'json') text = renderJson({ schema_version: PRICING_SCHEMA_VERSION, ...report });
      else if (flags.format === 'markdown') text = renderMarkdown(report);
      else text = showTable(cmd, Boolean(flags.output), (style) => renderTable(report, style, Boolean(flags.new), syncFiles));
      emit(text, flags.output);
      if (flags.check && report.unexplained > 0) {
        throw new PolicyError(`${report.unexplained} price difference${report.unexplained === 1 ? '' : 's'} between the catalogues and genai-prices ${version} not recorded as deliberate`);
      }
    });
}
