/**
 * Prompt files in a scenario's input parts (docs/prompt-files.md): read them through the
 * scenario's FileSource, keep them inside the repository, and count their tokens with each
 * model's tokenizer. One stage can so carry different input counts per model of its mix.
 * A stage without prompt files returns at once and loads nothing.
 */
import { lstatSync, realpathSync, type BigIntStats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { StageModel } from '../core/model.js';
import type { Segment } from '../core/paths.js';
import type { InputPartCount, PromptFileCount, TokenCountsReport } from '../schema/report.js';
import { INPUT_PARTS, type InputPart, type PromptRef, type StageParsed } from '../schema/scenario.js';
import { promptText, sha256, sharedCounter, signatureOf, statSignature, type TokenCounter } from '../tokens/count.js';
import { applyRatio, exactTokenizer, tokenizerFor, type Tokenizer } from '../tokens/families.js';
import { checkRealPath, expandGlob, isGlob, realInside, repoRootFor, resolveInside } from '../tokens/guard.js';
import { templateFixedText, type TemplateSyntax } from '../tokens/template.js';
import { displayPath } from './catalogues.js';
import { shortPath } from '../util/excerpt.js';
import { diskSource, type FileSource } from './yaml.js';
import { noteInputPath } from '../util/read.js';

export interface PromptContext {
  /** The scenario file as given to loadScenario; prompt paths are relative to its folder. */
  scenarioFile: string;
  source: FileSource;
  /** Record a located problem (path below the stage), as the scenario loader does. */
  at: (path: Segment[], message: string, fix?: string) => void;
  /** Scenario warnings: a note is added when counts are estimates. */
  warnings: string[];
  counter?: TokenCounter;
}

export interface StageInput {
  /** The input parts of the stage (for the model with the largest share when counts differ). */
  input: Record<InputPart, number>;
  /** The stage's models, with per-model input counts and how they were obtained. */
  models: StageModel[];
}

interface PromptFile {
  display: string;
  /** The text to count, or a function reading it (an unchanged file known by its stat signature). */
  text: string | (() => string);
  hash: string;
  /** Its stat signature, when it may be recorded (on the working tree, not changed too recently). */
  signature?: string;
}

/**
 * The cache's `files` key for a template's fixed text under a syntax: the path, a NUL (which no
 * path holds) and the syntax. Recorded only for a template with placeholders, so a hit also says
 * that no "no placeholders" warning is due; the file is then neither read nor hashed.
 */
const templateKey = (abs: string, syntax: TemplateSyntax): string => `${abs}\u0000${syntax}`;

interface LoadedPart {
  part: InputPart;
  files: PromptFile[];
  /** A template's allowance for its placeholders. */
  fill: number | null;
}

const isRef = (v: unknown): v is PromptRef => typeof v === 'object' && v !== null;

/**
 * Turn a stage's input parts into token counts: numbers stay as given; `{ file }`, `{ files }`
 * and `{ template, fill }` are read and counted per model. Problems go to `ctx.at`.
 */
export function resolveStageInput(
  stageName: string,
  parts: StageParsed['input'],
  models: readonly StageModel[],
  base: Segment[],
  ctx: PromptContext,
): StageInput {
  const given = Object.fromEntries(INPUT_PARTS.map((p) => [p, 0])) as Record<InputPart, number>;
  const refs: { part: InputPart; ref: PromptRef }[] = [];
  for (const p of INPUT_PARTS) {
    const v = parts?.[p];
    if (isRef(v)) refs.push({ part: p, ref: v });
    else given[p] = v ?? 0;
  }
  if (refs.length === 0) return { input: given, models: [...models] };

  const scenarioAbs = resolve(ctx.scenarioFile);
  const counter = ctx.counter ?? sharedCounter();
  const reader = new PromptReader(dirname(scenarioAbs), repoRootFor(scenarioAbs), ctx, counter);
  const loaded: LoadedPart[] = [];
  for (const { part, ref } of refs) {
    const l = reader.loadPart(part, ref, [...base, 'input', part]);
    if (l) loaded.push(l);
  }

  const countFor = (t: Tokenizer): { input: Record<InputPart, number>; report: TokenCountsReport } => {
    const input = { ...given };
    const partCounts: InputPartCount[] = [];
    let estimated = false;
    for (const p of INPUT_PARTS) {
      const l = loaded.find((x) => x.part === p);
      if (!l) {
        if (parts?.[p] !== undefined && !isRef(parts[p])) partCounts.push({ part: p, method: 'given', tokens: given[p], files: [], fill: null });
        continue;
      }
      const files: PromptFileCount[] = l.files.map((f) => ({ file: f.display, tokens: applyRatio(counter.count(f.text, t.encoding, f.hash), t) }));
      const tokens = files.reduce((a, f) => a + f.tokens, 0) + (l.fill ?? 0);
      input[p] = tokens;
      if (t.method === 'estimated') estimated = true;
      partCounts.push({ part: p, method: t.method, tokens, files, fill: l.fill });
    }
    return {
      input,
      report: { method: estimated ? 'estimated' : 'exact', tokenizer: t.id, encoding: t.encoding, ratio: t.ratio, basis: t.basis, parts: partCounts },
    };
  };

  const byTokenizer = new Map<string, { t: Tokenizer; counted: ReturnType<typeof countFor> }>();
  const resultFor = (t: Tokenizer): ReturnType<typeof countFor> => {
    const key = `${t.id}|${t.encoding}|${t.ratio}|${t.method}`;
    let r = byTokenizer.get(key);
    if (!r) {
      r = { t, counted: countFor(t) };
      byTokenizer.set(key, r);
    }
    return r.counted;
  };

  // The stage-level counts: those of the model with the largest share (first on ties).
  const tokenizers = models.map((sm) => tokenizerFor(sm.model.provider, sm.model.id));
  let lead = -1;
  for (let i = 0; i < models.length; i++) if (lead < 0 || models[i]!.share > models[lead]!.share) lead = i;
  const stageCounts = resultFor(lead >= 0 ? tokenizers[lead]! : exactTokenizer('o200k_base')).input;

  const out = models.map((sm, i): StageModel => {
    const r = resultFor(tokenizers[i]!);
    const differs = INPUT_PARTS.some((p) => r.input[p] !== stageCounts[p]);
    return { ...sm, ...(differs ? { input: r.input } : {}), tokenCounts: r.report };
  });
  counter.flush();

  if (loaded.length > 0) {
    const counted = loaded.map((l) => l.part).join(', ');
    for (const { t } of byTokenizer.values()) {
      if (t.method !== 'estimated') continue;
      const who = out.filter((sm) => sm.tokenCounts?.tokenizer === t.id && sm.tokenCounts.ratio === t.ratio).map((sm) => sm.model.ref);
      if (who.length === 0) continue;
      ctx.warnings.push(
        `${stageName}: ${counted} tokens for ${who.join(', ')} are estimates (${t.id}: ${t.encoding} × ${t.ratio}; the tokenizer is not public, see docs/prompt-files.md)`,
      );
    }
  }
  return { input: stageCounts, models: out };
}

class PromptReader {
  private realRoot: string | undefined;
  private readonly realDirs = new Map<string, string>();

  constructor(
    private readonly baseDir: string,
    private readonly root: string,
    private readonly ctx: PromptContext,
    private readonly counter: TokenCounter,
  ) {}

  loadPart(part: InputPart, ref: PromptRef, path: Segment[]): LoadedPart | null {
    const kinds = (['file', 'files', 'template'] as const).filter((k) => ref[k] !== undefined);
    if (kinds.length !== 1) {
      this.ctx.at(
        path,
        kinds.length === 0 ? 'a prompt reference needs file, files or template' : `give one of ${kinds.join(', ')}, not ${kinds.length === 2 ? 'both' : 'all three'}`,
        'e.g. { file: prompts/system.md }, { files: [prompts/a.md, prompts/b.md] } or { template: prompts/user.md, fill: 300 }',
      );
      return null;
    }
    if (ref.template === undefined) {
      if (ref.fill !== undefined) this.ctx.at([...path, 'fill'], 'fill applies only to a template', 'use { template: path, fill: tokens }, or remove fill');
      if (ref.syntax !== undefined) this.ctx.at([...path, 'syntax'], 'syntax applies only to a template', 'use { template: path, fill: tokens, syntax: … }, or remove syntax');
    }
    if (ref.file !== undefined) {
      const f = this.read(ref.file, [...path, 'file'], true);
      return f ? { part, files: [f], fill: null } : null;
    }
    if (ref.files !== undefined) {
      const list = typeof ref.files === 'string' ? [ref.files] : ref.files;
      const files: PromptFile[] = [];
      const seen = new Set<string>();
      let ok = true;
      list.forEach((entry, i) => {
        const at: Segment[] = typeof ref.files === 'string' ? [...path, 'files'] : [...path, 'files', i];
        const paths = isGlob(entry) ? this.glob(entry, at) : [entry];
        if (paths === null) {
          ok = false;
          return;
        }
        for (const p of paths) {
          const f = isGlob(entry) ? this.read(entry, at, false, p) : this.read(p, at, false);
          if (!f) ok = false;
          else if (!seen.has(f.display)) {
            seen.add(f.display);
            files.push(f);
          }
        }
      });
      return ok ? { part, files, fill: null } : null;
    }
    // template
    if (ref.fill === undefined) {
      this.ctx.at(path, 'a template needs fill: the tokens its placeholders add per call', `e.g. { template: ${ref.template}, fill: 300 }`);
      return null;
    }
    const syntax: TemplateSyntax = ref.syntax ?? 'jinja';
    const f = this.read(ref.template!, [...path, 'template'], true, undefined, false, syntax);
    if (!f) return null;
    if (typeof f.text !== 'string') return { part, files: [f], fill: ref.fill }; // its fixed text's hash, recorded under its stat signature
    const t = templateFixedText(f.text, syntax);
    if (t.placeholders === 0) {
      this.ctx.warnings.push(`${f.display}: the template has no ${syntax} placeholders, so fill: ${ref.fill} is added to its full text (check syntax:)`);
    }
    const hash = sha256(t.fixed);
    if (f.signature !== undefined && t.placeholders > 0) this.counter.cache.setFileHash(templateKey(f.abs, syntax), f.signature, hash);
    return { part, files: [{ display: f.display, text: t.fixed, hash }], fill: ref.fill };
  }

  private realRootOf(source: FileSource): string {
    if (this.realRoot === undefined) {
      try {
        this.realRoot = source.realPath ? source.realPath(this.root) : this.root;
      } catch {
        this.realRoot = this.root;
      }
    }
    return this.realRoot;
  }

  private realDirOf(dir: string): string {
    let r = this.realDirs.get(dir);
    if (r === undefined) {
      try {
        r = realpathSync.native(dir);
      } catch {
        r = dir;
      }
      this.realDirs.set(dir, r);
    }
    return r;
  }

  /** Glob → absolute paths (relative to the scenario), or null after reporting a problem. */
  private glob(pattern: string, at: Segment[]): string[] | null {
    const r = expandGlob(pattern, this.baseDir, this.root, this.ctx.source);
    if (!r.ok) {
      this.ctx.at(at, r.message, r.fix);
      return null;
    }
    return r.files;
  }

  /**
   * Read one prompt file: `ref` relative to the scenario, or `matched` (absolute) from expanding
   * the glob `ref`. On the working tree, a file whose stat signature is in the cache is not read:
   * its recorded hash stands for its content (`byStat`; templates need their text, so not them).
   * A `template` (its syntax) known by its stat signature gives the recorded hash of its fixed text
   * instead, and a function that reads it and takes its fixed text (see templateKey).
   */
  private read(ref: string, at: Segment[], single: boolean, matched?: string, byStat = true, template?: TemplateSyntax): (PromptFile & { abs: string }) | null {
    const source = this.ctx.source;
    let abs: string;
    if (matched !== undefined) abs = matched; // glob matches are inside the root already
    else {
      const guarded = resolveInside(this.root, this.baseDir, ref);
      if (!guarded.ok) {
        this.ctx.at(at, guarded.message, guarded.fix);
        return null;
      }
      abs = guarded.abs;
    }
    // (as messages name it: a path written in a file may be of any length)
    const display = shortPath(displayPath(abs));
    const from = source.label ? ` at ${source.label}` : '';
    const shown = matched === undefined ? ref : display;
    const notFound = (): null => {
      const fix = single && isGlob(ref) ? 'for a glob, use files: instead of file:' : 'paths are relative to the scenario file';
      this.ctx.at(at, `prompt file not found${from}: ${display}`, fix);
      return null;
    };
    let stat: { signature: string; racy: boolean } | null = null;
    if (source === diskSource) {
      // One lstat per file: the real path is its folder's (resolved once per folder) unless the
      // file itself is a link, and the same lstat gives the signature of a plain file.
      let l: BigIntStats;
      try {
        l = lstatSync(abs, { bigint: true });
      } catch {
        return notFound();
      }
      const realRoot = this.realRootOf(source);
      let guarded: ReturnType<typeof realInside>;
      if (l.isSymbolicLink()) {
        try {
          guarded = realInside(realRoot, realpathSync.native(abs), shown, abs);
        } catch {
          return notFound(); // a dangling link
        }
        stat = statSignature(abs);
      } else {
        guarded = realInside(realRoot, join(this.realDirOf(dirname(abs)), basename(abs)), shown, abs);
        stat = signatureOf(l);
      }
      if (!guarded.ok) {
        this.ctx.at(at, guarded.message, guarded.fix);
        return null;
      }
    } else {
      if (!source.exists(abs)) return notFound();
      const real = checkRealPath(this.root, abs, shown, source);
      if (!real.ok) {
        this.ctx.at(at, real.message, real.fix);
        return null;
      }
    }
    if (stat && byStat) {
      const hash = this.counter.cache.fileHash(abs, stat.signature);
      if (hash !== undefined) {
        noteInputPath(abs); // not read now, but still an input `-o` must not overwrite
        return { abs, display, text: () => promptText(source.readText(abs)), hash };
      }
    }
    if (stat && template !== undefined) {
      const hash = this.counter.cache.fileHash(templateKey(abs, template), stat.signature);
      if (hash !== undefined) {
        noteInputPath(abs);
        return { abs, display, text: () => templateFixedText(promptText(source.readText(abs)), template).fixed, hash };
      }
    }
    let raw: string;
    try {
      raw = source.readText(abs);
    } catch (err) {
      if (err instanceof InputError) {
        const folder = err.problems.some((p) => /folder/.test(p.message));
        this.ctx.at(at, `prompt file ${display}${from} ${err.problems[0]?.message ?? 'cannot be read'}`, folder ? 'to count every file in a folder use files: folder/*' : undefined);
      } else {
        this.ctx.at(at, `prompt file ${display}${from} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      }
      return null;
    }
    if (raw.includes('\u0000')) {
      this.ctx.at(at, `prompt file ${display} is not a text file (it contains NUL bytes)`, 'reference text files only');
      return null;
    }
    const text = promptText(raw);
    const hash = sha256(text);
    if (stat && !stat.racy) this.counter.cache.setFileHash(abs, stat.signature, hash);
    return { abs, display, text, hash, ...(stat && !stat.racy ? { signature: stat.signature } : {}) };
  }
}
