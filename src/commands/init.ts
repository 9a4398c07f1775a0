/**
 * `aifinops init [file]`: from nothing to a valid scenario. On a terminal, a short interview
 * (@inquirer/prompts, loaded only here); with --yes or without a terminal, a template from the
 * flags and the defaults of the feature type, so scripts never hang on a question.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { INPUT_PARTS, type InputPart } from '../schema/scenario.js';
import { didYouMean } from '../util/suggest.js';
import { Option, type Command } from 'commander';
import { estimateScenario } from '../core/estimate.js';
import { ModelRegistry } from '../core/registry.js';
import { InputError } from '../errors.js';
import { bundledCatalogues, displayPath, loadCatalogueFile, packageRoot } from '../load/catalogues.js';
import { loadScenario } from '../load/scenario.js';
import { parseYamlText } from '../load/yaml.js';
import { FEATURE_TYPES, PRESETS, fileNameFor, relativeTo, type FeatureType, type WizardAnswers } from '../wizard/answers.js';
import { buildScenario, modelNote } from '../wizard/build.js';
import { startingAnswers, type InitFlags } from '../wizard/defaults.js';
import { runWizard } from '../wizard/flow.js';
import { previewDraft, previewLine } from '../wizard/preview.js';
import { terminalPrompter, WizardCancelled } from '../wizard/prompter.js';
import { existsError, writeNewFile } from '../wizard/write.js';
import { draftToYaml } from '../wizard/yaml.js';
import { collect, styleFor } from './common.js';
import { writeStdout } from '../util/output.js';
import { quoted } from '../util/excerpt.js';

interface Flags extends InitFlags {
  prompt?: string[];
  type?: FeatureType;
  pricing?: string[];
  yes?: boolean;
  force?: boolean;
  output?: string;
  stdout?: boolean;
}

function numberArg(flag: string, min: number) {
  return (v: string): number => {
    const n = Number(v.replace(/_/g, ''));
    if (v.trim() === '' || !Number.isFinite(n) || n < min) throw new InputError({ path: flag, message: `expected a number ≥ ${min}, got ${quoted(v)}` });
    return n;
  };
}

const slash = (p: string) => p.split(sep).join('/');

/** A prompt file named on the command line or in the wizard, relative to the current folder. */
function promptFile(path: string): { abs: string } | { error: string } {
  const abs = resolve(path);
  try {
    if (statSync(abs).isFile()) return { abs };
    return { error: `${path} is a folder, not a prompt file` };
  } catch {
    return { error: `there is no file ${path} (paths are relative to the current folder)` };
  }
}

function parsePromptFlag(spec: string): { part: InputPart; abs: string } {
  const eq = spec.indexOf('=');
  const part = spec.slice(0, eq);
  if (eq <= 0 || !(INPUT_PARTS as readonly string[]).includes(part)) {
    throw new InputError({ path: '--prompt', message: `expected part=file with a part among ${INPUT_PARTS.join(', ')}, got ${quoted(spec)}`, fix: didYouMean(part, INPUT_PARTS) || 'e.g. --prompt system=prompts/system.md' });
  }
  const f = promptFile(spec.slice(eq + 1));
  if ('error' in f) throw new InputError({ path: `--prompt ${spec}`, message: f.error });
  return { part: part as InputPart, abs: f.abs };
}

/** The scenario text for these answers, as it will be written to `file`. */
export function scenarioText(answers: WizardAnswers, file: string, registry: ModelRegistry): string {
  const dir = dirname(resolve(file));
  const notes: Record<string, string> = {};
  for (const m of answers.models) {
    const r = registry.resolve(m.ref);
    if (r.ok) notes[m.ref] = modelNote(r.model);
  }
  const schema = join(packageRoot(), 'schemas', 'scenario.schema.json');
  const name = basename(file);
  return draftToYaml(buildScenario(relativeTo(answers, file), notes), {
    schemaPath: existsSync(schema) ? slash(relative(dir, schema)) : null,
    header: [
      `${answers.name} — written by \`aifinops init\` (${PRESETS[answers.type].label}).`,
      'Every number is a starting point: replace it with your own measurements.',
      'Format: docs/scenario.md in the aifinops package.',
    ],
    footer: ['Next:', `  aifinops validate ${name}`, `  aifinops estimate ${name} --explain`],
  });
}

export function register(program: Command): void {
  program
    .command('init')
    .description('answer a few questions and get a commented scenario file that validates')
    .argument('[file]', 'where to write the scenario (default: asked, or <name>.yaml)')
    .addOption(new Option('-t, --type <type>', 'what the feature does').choices(FEATURE_TYPES))
    .option('--name <name>', 'scenario name')
    .option('-m, --model <model[=share]>', 'model (provider/model, id or alias), with its share of calls for a tier mix, e.g. gpt-6-luna=80% (repeatable)', collect)
    .option('--requests-per-day <n>', 'traffic: requests per day', numberArg('--requests-per-day', 0))
    .option('--requests-per-month <n>', 'traffic: requests per month', numberArg('--requests-per-month', 0))
    .option('--users <n>', 'number of users (with --requests-per-user-per-day, or for cost per user)', numberArg('--users', 0))
    .option('--requests-per-user-per-day <n>', 'traffic: requests per user per day (needs --users)', numberArg('--requests-per-user-per-day', 0))
    .option('--budget <amount>', 'monthly budget', numberArg('--budget', 0.01))
    .option('--prompt <part=file>', `an input part counted from a prompt file, e.g. system=prompts/system.md (parts: ${INPUT_PARTS.join(', ')}; repeatable)`, collect)
    .option('-p, --pricing <file>', 'extra pricing catalogue to choose models from; the scenario lists it under pricing: (repeatable)', collect)
    .option('-y, --yes', 'ask nothing: write the template from the flags and the defaults of --type')
    .option('-o, --output <file>', 'same as [file]')
    .option('--stdout', 'print the scenario instead of writing a file (implies --yes)')
    .option('--force', 'overwrite the file if it exists')
    .addHelpText(
      'after',
      `
Feature types: ${FEATURE_TYPES.map((t) => `${t} (${PRESETS[t].description})`).join('; ')}.
Without a terminal (CI, pipes) init asks nothing and writes the template, as with --yes.

Examples:
  $ aifinops init
  $ aifinops init support-bot.yaml --type chatbot
  $ aifinops init --yes --type rag --model gpt-6-luna --requests-per-day 3000 -o rag.yaml
  $ aifinops init --yes --type agent --model claude-sonnet-4-6=70% --model claude-haiku-4-5=30% --stdout
  $ aifinops init --yes --type chatbot --prompt system=prompts/system.md -o support.yaml`,
    )
    .action(async (fileArg: string | undefined, flags: Flags, cmd: Command) => {
      if (fileArg && flags.output && resolve(fileArg) !== resolve(flags.output)) {
        throw new InputError({ path: '--output', message: `two output files given (${fileArg} and ${flags.output})`, fix: 'give one' });
      }
      const given = fileArg ?? flags.output ?? null;
      const force = Boolean(flags.force);
      if (given && !flags.stdout && existsSync(given) && !force) throw existsError(displayPath(given));

      const extra = (flags.pricing ?? []).map((p) => ({ abs: resolve(p), cat: loadCatalogueFile(p) }));
      const registry = new ModelRegistry([...bundledCatalogues(), ...extra.map((e) => e.cat)]);
      const pricing = extra.map((e) => e.abs);
      if (registry.size === 0) {
        throw new InputError({ message: 'no models to choose from: no pricing catalogue is loaded', fix: 'reinstall aifinops (its pricing/ folder is missing), or pass --pricing <catalogue.yaml>' });
      }
      const prompts = (flags.prompt ?? []).map(parsePromptFlag);
      const type: FeatureType = flags.type ?? 'chatbot';
      const interactive = !flags.yes && !flags.stdout && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);

      let answers: WizardAnswers;
      let file: string;
      if (interactive) {
        const style = styleFor(cmd, false);
        try {
          const r = await runWizard({
            prompter: await terminalPrompter(),
            say: (line) => process.stdout.write(`${line}\n`),
            style,
            registry,
            flags,
            initialType: type,
            pricing,
            preview: (a) => {
              const at = join(process.cwd(), fileNameFor(a.name));
              return previewDraft(buildScenario(relativeTo(a, at)), at);
            },
            file: given,
            canWrite: (p, a) => {
              if (existsSync(p) && !force) return `${p} already exists — name another file, or run again with --force`;
              const check = previewDraft(buildScenario(relativeTo(a, p)), resolve(p));
              return check.ok ? true : `not there: ${check.message}`;
            },
            promptFile,
          });
          answers = r.answers;
          file = r.file;
        } catch (err) {
          if (err instanceof WizardCancelled) {
            process.stderr.write('aifinops: cancelled — nothing was written\n');
            process.exitCode = 130;
            return;
          }
          throw err;
        }
      } else {
        if (!flags.yes && !flags.stdout) process.stderr.write('aifinops: not a terminal, so no questions: writing a template from the flags and defaults (pass --yes to skip this note)\n');
        answers = startingAnswers(type, registry, flags, pricing);
        for (const p of prompts) answers.input[p.part] = { file: p.abs };
        file = given ?? fileNameFor(answers.name);
      }

      const text = scenarioText(answers, file, registry);
      // what init writes must load: check it with the real loader before it touches the disk
      const display = displayPath(file);
      const scenario = loadScenario(file, { yaml: parseYamlText(text, display) });
      if (flags.stdout) {
        writeStdout(text);
        return;
      }
      mkdirSync(dirname(resolve(file)), { recursive: true });
      writeNewFile(file, text, force, display);
      const estimate = previewLine({ ok: true, report: estimateScenario(scenario) }, PRESETS[answers.type].requestNoun);
      process.stderr.write(`wrote ${display} (${answers.name})\n  ${estimate}\n`);
      process.stderr.write(`next: edit the numbers (they are starting points), then  aifinops estimate ${display} --explain\n`);
    });
}
