/** `aifinops tokens <file|glob…>`: tokens of prompt files per tokenizer, and the cost of one call carrying them. */
import { existsSync, statSync } from 'node:fs';
import { parse, resolve } from 'node:path';
import type { Command } from 'commander';
import { ModelRegistry } from '../core/registry.js';
import type { PricedModel } from '../core/model.js';
import { InputError } from '../errors.js';
import { bundledCatalogues, displayPath, loadCatalogueFile } from '../load/catalogues.js';
import { diskSource } from '../load/yaml.js';
import { renderJson } from '../render/json.js';
import { renderTokensTable } from '../render/tokens.js';
import { promptText, sha256, sharedCounter } from '../tokens/count.js';
import { applyRatio, exactTokenizer, tokenizerFor, type Tokenizer } from '../tokens/families.js';
import { expandGlob, isGlob } from '../tokens/guard.js';
import { buildTokensReport, type CountedFile } from '../tokens/report.js';
import { emit } from '../util/output.js';
import { readStdinText } from '../util/read.js';
import { collect, formatOption, WIDE, showTable } from './common.js';

interface TokensFlags {
  model?: string[];
  pricing?: string[];
  format: 'table' | 'json';
  output?: string;
}

export function register(program: Command): void {
  program
    .command('tokens')
    .description('count the tokens of prompt files per tokenizer, and what one call carrying them costs')
    .argument('<file...>', 'prompt files or globs (quote globs so aifinops expands them: "prompts/**/*.md"); - reads stdin')
    .option('-m, --model <name>', 'price one call carrying the tokens on this model, with its tokenizer (repeatable)', collect)
    .option('-p, --pricing <file>', 'extra pricing catalogue, loaded after the bundled ones (repeatable)', collect)
    .addOption(formatOption(['table', 'json']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addHelpText(
      'after',
      `
OpenAI models are counted exactly (o200k_base for GPT-4o/4.1/5 and o-series, cl100k_base for
GPT-4/3.5 and embeddings); other providers' tokenizers are not public, so their counts are
calibrated estimates marked ≈ (see docs/prompt-files.md). Counts are cached by content hash.

Examples:
  $ aifinops tokens scenarios/prompts/support-system.md
  $ aifinops tokens "scenarios/prompts/*.md" --model gpt-5.4-mini --model claude-sonnet-4-5
  $ git show HEAD~1:prompts/system.md | aifinops tokens - --model gpt-5.4-mini
  $ aifinops tokens "prompts/**/*.md" -f json -o tokens.json`,
    )
    .action((args: string[], flags: TokensFlags, command: Command) => {
      const paths = expandArgs(args);
      const models = resolveModels(flags.model ?? [], flags.pricing ?? []);

      const tokenizers: Tokenizer[] = [exactTokenizer('o200k_base'), exactTokenizer('cl100k_base')];
      const priced = models.map((model) => {
        const t = tokenizerFor(model.provider, model.id);
        if (!tokenizers.some((x) => x.id === t.id)) tokenizers.push(t);
        return { model, tokenizer: t };
      });

      const counter = sharedCounter();
      const files: CountedFile[] = paths.map(({ path, display }) => {
        const raw = readPrompt(path, display);
        const text = promptText(raw);
        const hash = sha256(text);
        const byEncoding = new Map<string, number>();
        const tokens: Record<string, number> = {};
        for (const t of tokenizers) {
          let n = byEncoding.get(t.encoding);
          if (n === undefined) byEncoding.set(t.encoding, (n = counter.count(text, t.encoding, hash)));
          tokens[t.id] = applyRatio(n, t);
        }
        return { file: display, bytes: Buffer.byteLength(raw, 'utf8'), characters: codePoints(text), tokens };
      });
      counter.flush();

      const report = buildTokensReport(__AIFINOPS_VERSION__, tokenizers, files, priced);
      const text = flags.format === 'json' ? renderJson(report) : showTable(command, Boolean(flags.output), (style) => renderTokensTable(report, style));
      emit(text, flags.output);
    });
}

/** Files named on the command line: plain paths, globs (expanded here, sorted), or - for stdin. */
function expandArgs(args: readonly string[]): { path: string | null; display: string }[] {
  const out: { path: string | null; display: string }[] = [];
  const seen = new Set<string>();
  const add = (abs: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    out.push({ path: abs, display: displayPath(abs) });
  };
  for (const arg of args) {
    if (arg === '-') {
      out.push({ path: null, display: '(stdin)' });
      continue;
    }
    const abs = resolve(arg);
    if (existsSync(abs)) {
      if (statSync(abs).isDirectory()) {
        throw new InputError({ file: arg, message: 'is a folder, expected a file', fix: `count its files with a quoted glob: "${arg.replace(/\/$/, '')}/*.md"` });
      }
      add(abs);
    } else if (isGlob(arg)) {
      const r = expandGlob(arg, process.cwd(), parse(abs).root, diskSource);
      if (!r.ok) throw new InputError({ path: arg, message: r.message, fix: r.fix });
      for (const f of r.files) add(f);
    } else {
      throw new InputError({ file: arg, message: 'file not found', fix: 'check the path (it is relative to the current folder)' });
    }
  }
  return out;
}

function readPrompt(path: string | null, display: string): string {
  let raw: string;
  try {
    raw = path === null ? readStdinText({ display }) : diskSource.readText(path);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(err.problems.map((p) => ({ ...p, file: display })));
    throw new InputError({ file: display, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
  }
  if (raw.includes('\u0000')) throw new InputError({ file: display, message: 'is not a text file (it contains NUL bytes)', fix: 'count text prompt files only' });
  return raw;
}

function resolveModels(names: readonly string[], pricing: readonly string[]): PricedModel[] {
  if (names.length === 0) return [];
  const registry = new ModelRegistry([...bundledCatalogues(), ...pricing.map((f) => loadCatalogueFile(f))]);
  const out: PricedModel[] = [];
  for (const name of names) {
    const r = registry.resolve(name);
    if (!r.ok) throw new InputError({ path: `--model ${name}`, message: r.message, fix: r.fix });
    if (!out.some((m) => m.ref === r.model.ref)) out.push(r.model);
  }
  return out;
}

function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === 0 || (text.charCodeAt(i - 1) & 0xfc00) !== 0xd800) n++;
  }
  return n;
}
