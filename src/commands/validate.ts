/** `aifinops validate <files…>`: every problem of every file at once, each with file:line:column. */
import { fitLines } from '../render/fit.js';
import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Option, type Command } from 'commander';
import { formatProblem, InputError, type Problem } from '../errors.js';
import { displayPath } from '../load/catalogues.js';
import { checkDeploymentGpus, detectKind, KIND_IDS, kindById, unchangedBundledDeployments, validateUnchangedBundledCatalogue, type FileKind, type ValidateOptions } from '../load/kinds.js';
import { diskSource, parseYamlText } from '../load/yaml.js';
import { renderJson } from '../render/json.js';
import { VALIDATE_SCHEMA_VERSION } from '../schema/listing.js';
import { emit, writeStderr } from '../util/output.js';
import { collect, filesOrProject, formatOption, styleFor, WIDE, showTable } from './common.js';

interface ValidateFlags {
  kind?: string;
  pricing?: string[];
  gpus?: string[];
  format: 'text' | 'json';
  output?: string;
  quiet?: boolean;
}

export interface FileResult {
  file: string;
  kind: string | null;
  ok: boolean;
  summary: string | null;
  problems: Problem[];
  warnings: string[];
}

/** Files named on the command line; a folder stands for the YAML files directly in it. */
export function expand(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    let isDir = false;
    try {
      isDir = statSync(a).isDirectory();
    } catch {
      /* a missing file is reported by the reader */
    }
    if (!isDir) {
      out.push(a);
      continue;
    }
    const inside = readdirSync(a).filter((f) => /\.ya?ml$/i.test(f)).sort();
    if (inside.length === 0) throw new InputError({ file: displayPath(a), message: 'the folder holds no .yaml or .yml files', fix: 'name the files to check' });
    // join(a, f) for each: the folder normalised once, then each plain name appended (what join gives)
    const base = sep === '/' ? join(a, '.') : undefined;
    for (const f of inside) out.push(base === undefined ? join(a, f) : base === '.' ? f : base === '/' ? `/${f}` : `${base}/${f}`); // one by one: a spread of a huge folder overflows the stack
  }
  return out;
}

export function validateFile(file: string, forced: FileKind | undefined, opts: ValidateOptions = {}): FileResult {
  const display = displayPath(file);
  let kind: FileKind | undefined = forced;
  try {
    let text: string;
    try {
      text = diskSource.readText(file);
    } catch (err) {
      if (err instanceof InputError) throw new InputError(err.problems.map((p) => ({ ...p, file: display })));
      const code = (err as NodeJS.ErrnoException).code;
      throw new InputError({ file: display, message: code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(err)})` });
    }
    const unchanged = validateUnchangedBundledCatalogue(file, text, forced);
    if (unchanged) return { file: display, kind: unchanged.kind, ok: true, summary: unchanged.summary, problems: [], warnings: unchanged.warnings };
    const deployments = unchangedBundledDeployments(file, text, forced, display);
    if (deployments) {
      kind = kindById('deployments');
      const r = checkDeploymentGpus(deployments.data, deployments.yaml, opts);
      return { file: display, kind: 'deployments', ok: true, summary: r.summary, problems: [], warnings: r.warnings };
    }
    const yaml = parseYamlText(text, display);
    kind ??= detectKind(yaml, text);
    const r = kind.validate(file, yaml, opts);
    return { file: display, kind: kind.id, ok: true, summary: r.summary, problems: [], warnings: r.warnings };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const byPlace = [...err.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return { file: display, kind: kind?.id ?? null, ok: false, summary: null, problems: byPlace, warnings: [] };
  }
}

export function register(program: Command): void {
  program
    .command('validate')
    .description(`check scenario and catalogue files: every problem at once, each with file:line:column (kinds: ${KIND_IDS.join(', ')})`)
    .argument('[file...]', 'YAML files, or folders of them (default: the scenarios of aifinops.yaml)')
    .addOption(new Option('-k, --kind <kind>', 'treat every file as this kind instead of detecting it').choices(KIND_IDS))
    .option('-p, --pricing <file>', 'extra pricing catalogue for the scenarios (repeatable)', collect)
    .option('--gpus <file>', 'extra GPU catalogue for the deployments (repeatable)', collect)
    .addOption(formatOption(['text', 'json'], 'text'))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the result to a file (atomically) instead of stdout')
    .option('-q, --quiet', 'print nothing for files without problems')
    .addHelpText(
      'after',
      `
Exit codes: 0 every file is valid; 2 at least one problem (listed on stderr).
The kind of each file is read from its "# yaml-language-server: $schema=…" line, else from its keys.

Examples:
  $ aifinops validate                      (the scenarios of aifinops.yaml)
  $ aifinops validate scenarios/*.yaml
  $ aifinops validate pricing/negotiated.yaml my-scenario.yaml
  $ aifinops validate pricing/      (token catalogues, GPU catalogue, deployments)
  $ aifinops validate scenarios/ --format json -o validation.json
  $ aifinops validate draft.yaml --kind scenario --pricing pricing/negotiated.yaml`,
    )
    .action((given: string[], flags: ValidateFlags, cmd: Command) => {
      const args = filesOrProject(given, cmd, 'file');
      const forced = flags.kind ? kindById(flags.kind) : undefined;
      const results = expand(args).map((f) => validateFile(f, forced, { pricing: flags.pricing ?? [], gpus: flags.gpus ?? [] }));
      const style = styleFor(cmd, Boolean(flags.output));
      if (flags.format === 'json') {
        emit(renderJson({ schema_version: VALIDATE_SCHEMA_VERSION, files: results, ok: results.every((r) => r.ok) }), flags.output);
      } else {
        const lines: string[] = [];
        for (const r of results) {
          if (r.ok && !flags.quiet) lines.push(`${r.file}: ${style.green('OK')} — ${r.summary}`);
        }
        if (lines.length) emit(fitLines(`${lines.join('\n')}\n`, style.width), flags.output);
        else if (flags.output) emit('', flags.output);
      }
      // warnings and problems go to stderr, file by file, in one write (fd 2 directly, as the CLI's
      // error: process.stderr would load Node's stream machinery for it, a pipe's or a file's)
      let err = '';
      for (const r of results) {
        for (const w of r.warnings) err += `${r.file}: warning: ${w}\n`;
        for (const p of r.problems) err += `${formatProblem(p)}\n`;
      }
      if (err) writeStderr(err);
      const bad = results.filter((r) => !r.ok);
      if (bad.length > 0) {
        const n = bad.reduce((a, r) => a + r.problems.length, 0);
        throw new ValidationFailed(`${n} problem${n === 1 ? '' : 's'} in ${bad.length} of ${results.length} file${results.length === 1 ? '' : 's'}`);
      }
    });
}

/** Exit 2 with a one-line summary (the problems themselves were already printed). */
class ValidationFailed extends InputError {
  constructor(summary: string) {
    super({ message: summary });
  }
}
