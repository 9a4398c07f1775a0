/**
 * The question flow of `aifinops init`: one question at a time, each explained in one line,
 * defaults from the feature type, and the running monthly estimate after every answer.
 */
import type { ModelRegistry } from '../core/registry.js';
import { count } from '../render/format.js';
import type { Style } from '../render/style.js';
import type { InputPart } from '../schema/scenario.js';
import { FEATURE_TYPES, PRESETS, fileNameFor, isPromptFile, type FeatureType, type PartAnswer, type WizardAnswers } from './answers.js';
import { startingAnswers, type InitFlags } from './defaults.js';
import { answeringModels, modelChoice, searchModels } from './models.js';
import { previewLine, type Preview } from './preview.js';
import type { Prompter } from './prompter.js';
import { maxOf } from '../util/extent.js';

export interface FlowContext {
  prompter: Prompter;
  /** Print a line between questions (explanations, the running estimate). */
  say(line: string): void;
  style: Style;
  registry: ModelRegistry;
  flags: InitFlags;
  initialType: FeatureType;
  /** Extra catalogues (absolute paths while the questions run). */
  pricing: string[];
  preview(answers: WizardAnswers): Preview;
  /** The output file when given on the command line; otherwise it is the last question. */
  file: string | null;
  /** true, or why the scenario cannot be written there (exists without --force, a prompt file outside its repository, …). */
  canWrite(path: string, answers: WizardAnswers): true | string;
  /** A prompt file the person named: its absolute path, or why it cannot be used. */
  promptFile(path: string): { abs: string } | { error: string };
}

export async function runWizard(ctx: FlowContext): Promise<{ answers: WizardAnswers; file: string }> {
  const { prompter: ask, style } = ctx;
  const explain = (text: string) => ctx.say(style.dim(`  ${text}`));
  let last = '';
  const estimate = (a: WizardAnswers) => {
    const line = previewLine(ctx.preview(a), PRESETS[a.type].requestNoun);
    if (line !== last) ctx.say(style.cyan(`  ${line}`));
    last = line;
  };

  ctx.say(style.bold('aifinops init') + ' — a few questions, then a commented scenario file you can edit.');
  explain('Enter accepts the suggested answer; Ctrl+C quits without writing anything.');

  explain('What the feature does sets sensible defaults for every later question.');
  const type = await ask.select<FeatureType>({
    message: 'What does the feature do?',
    choices: FEATURE_TYPES.map((t) => ({ value: t, name: `${PRESETS[t].label} — ${PRESETS[t].description}`, short: PRESETS[t].label })),
    default: ctx.initialType,
  });
  const a = startingAnswers(type, ctx.registry, ctx.flags, ctx.pricing);
  const preset = PRESETS[type];
  const noun = preset.requestNoun;
  estimate(a);

  explain('Reports and file names use it.');
  a.name = (await ask.input({ message: 'Name', default: a.name, validate: (v) => (v.trim() ? true : 'give it a name') })).trim();

  // traffic
  explain(`One request is one ${noun}; give the volume the way you know it.`);
  a.traffic.mode = await ask.select({
    message: 'How do you know the traffic?',
    choices: [
      { value: 'requests_per_day', name: `${cap(noun)}s per day` },
      { value: 'requests_per_month', name: `${cap(noun)}s per month` },
      { value: 'users', name: `Users × ${noun}s per user per day` },
    ],
    default: a.traffic.mode,
  });
  const t = a.traffic;
  if (t.mode === 'requests_per_day') {
    t.requestsPerDay = (await ask.number({ message: `${cap(noun)}s per day`, default: t.requestsPerDay, min: 0 }))!;
  } else if (t.mode === 'requests_per_month') {
    t.requestsPerMonth = (await ask.number({ message: `${cap(noun)}s per month`, default: t.requestsPerMonth, min: 0 }))!;
  } else {
    t.users = (await ask.number({ message: 'Users', default: t.users ?? 100, min: 1 }))!;
    t.requestsPerUserPerDay = (await ask.number({ message: `${cap(noun)}s per user per day`, default: t.requestsPerUserPerDay, min: 0 }))!;
    explain('Days it is used in a month: 21.7 for working days, 30.4 for every day.');
    t.daysPerMonth = (await ask.number({ message: 'Days per month', default: t.daysPerMonth ?? 30.4, min: 1, max: 31 }))!;
  }
  if (t.mode !== 'users') {
    explain('Optional: the number of users gives a cost per user. Enter to skip.');
    const users = await ask.number({ message: 'Users', optional: true, min: 1, ...(t.users !== null ? { default: t.users } : {}) });
    t.users = users;
  }
  estimate(a);

  // models
  const models = answeringModels(ctx.registry);
  // align the prices of the models listed for what has been typed
  const choices = (list: typeof models) => {
    const width = maxOf(list.map((m) => m.ref.length), 0);
    return list.map((m) => modelChoice(m, width));
  };
  explain('Type to filter (e.g. "haiku", "openai mini"); prices are list prices per 1M tokens.');
  const main = await ask.search({
    message: 'Which model answers?',
    source: (term) => choices(searchModels(models, term, a.models[0]?.ref)),
  });
  a.models = [{ ref: main, sharePercent: 100 }];
  estimate(a);
  explain('Routing: send part of the calls to a second model, e.g. the easy ones to a cheaper tier.');
  if (await ask.confirm({ message: 'Add a second model to the mix?', default: false })) {
    // one scenario, one currency: offer only models priced in the first model's currency
    const currency = ctx.registry.resolve(main);
    const others = models.filter((m) => m.ref !== main && (!currency.ok || m.catalogue.currency === currency.model.catalogue.currency));
    const second = await ask.search({ message: 'Second model', source: (term) => choices(searchModels(others, term)) });
    const share = (await ask.number({ message: `Share of calls for ${second} (%)`, default: 20, min: 1, max: 99 }))!;
    a.models = [
      { ref: main, sharePercent: 100 - share },
      { ref: second, sharePercent: share },
    ];
    estimate(a);
  }
  const chosen = a.models.map((m) => ctx.registry.resolve(m.ref)).flatMap((r) => (r.ok ? [r.model] : []));
  a.currency = chosen[0]?.catalogue.currency ?? a.currency;

  // prompt sizes
  explain('Prompt sizes in tokens per call: about 4 characters, or ¾ of an English word, per token.');
  explain('Each part is a number of tokens, or the path of the prompt file itself (counted with each model\'s tokenizer).');
  for (const [part, meaning] of Object.entries(preset.parts) as [InputPart, string][]) {
    const current = a.input[part];
    const answer = await ask.input({
      message: `${cap(part)} tokens — ${meaning}`,
      default: isPromptFile(current) ? current.file : String(current ?? 0),
      validate: (v) => {
        const r = parsePart(v, ctx.promptFile);
        return 'error' in r ? r.error : true;
      },
    });
    const r = parsePart(answer, ctx.promptFile);
    if (!('error' in r)) a.input[part] = r.value;
    estimate(a);
  }
  a.output = (await ask.number({ message: 'Output tokens — what the model writes per call', default: a.output, min: 0, integer: true }))!;
  estimate(a);
  const reasons = chosen.some((m) => m.prices.tier === 'reasoning');
  if (reasons || chosen.some((m) => m.prices.reasoning !== undefined)) {
    explain('Reasoning (thinking) tokens are billed too; 0 if you do not turn thinking on.');
    a.reasoning = (await ask.number({ message: 'Reasoning tokens per call', default: a.reasoning || (reasons ? (type === 'agent' ? 1500 : 600) : 0), min: 0, integer: true }))!;
    estimate(a);
  }
  if (type === 'agent') {
    explain('An agent makes several calls per task; each step adds tool results to the context.');
    a.agentSteps = (await ask.number({ message: 'Model calls per task (mean)', default: a.agentSteps, min: 1 }))!;
    a.contextGrowthPerStep = (await ask.number({ message: 'Tokens each further step adds to the input', default: a.contextGrowthPerStep, min: 0, integer: true }))!;
    estimate(a);
  }
  // fees beyond text tokens, where the chosen models price them (docs/cost-model.md)
  if (type === 'agent' && chosen.every((m) => m.prices.tools?.web_search?.per_1k !== undefined)) {
    explain(`Server-side web search is billed per search on top of the tokens (${chosen.map((m) => `${m.ref}: ${m.prices.tools!.web_search!.per_1k} per 1,000`).join(', ')}).`);
    a.webSearchPerCall = (await ask.number({ message: 'Web searches per model call (mean, 0 = none)', default: a.webSearchPerCall ?? 0, min: 0 }))!;
    estimate(a);
  }
  if (chosen.every((m) => m.prices.input_audio !== undefined && m.prices.output_audio !== undefined)) {
    explain('This model takes and speaks audio: audio tokens are billed at their own rates, besides the text tokens.');
    const input = (await ask.number({ message: 'Audio input tokens per call (about 10 a second of speech)', default: a.audio?.input ?? 0, min: 0, integer: true }))!;
    const output = (await ask.number({ message: 'Audio output tokens per call (about 20 a second of spoken reply)', default: a.audio?.output ?? 0, min: 0, integer: true }))!;
    a.audio = input > 0 || output > 0 ? { input, output } : null;
    estimate(a);
  }

  // caching, batch, retries
  const cacheable = chosen.filter((m) => m.prices.cache_read !== undefined);
  if (cacheable.length === 0) {
    explain(`Prompt caching: ${a.models.map((m) => m.ref).join(', ')} offers none in the catalogue — skipped.`);
    a.cache = null;
  } else {
    explain('Prompt caching bills the unchanging start of the prompt (system prompt, tools) at the cheaper cache-read rate.');
    if (await ask.confirm({ message: 'Use prompt caching?', default: a.cache !== null })) {
      const parts = (PRESETS[type].defaults.cache?.cacheable ?? ['system']).filter((p) => isPromptFile(a.input[p]) || ((a.input[p] as number | undefined) ?? 0) > 0);
      const hit = (await ask.number({ message: 'Cache hit rate (%)', default: a.cache?.hitRatePercent ?? 70, min: 0, max: 100 }))!;
      a.cache = { hitRatePercent: hit, cacheable: parts.length ? parts : ['system'] };
      // (prompt files are counted per model by the loader: the note is only for plain numbers)
      const counted = a.cache.cacheable.every((p) => !isPromptFile(a.input[p]));
      const prefix = a.cache.cacheable.reduce((s, p) => s + ((a.input[p] as number | undefined) ?? 0), 0);
      for (const m of counted ? cacheable : []) {
        const min = m.prices.cache_min_tokens ?? 0;
        if (prefix < min) explain(style.yellow(`Note: the cacheable prefix (${count(prefix)} tokens) is below ${m.ref}'s minimum of ${count(min)}, so it is never cached.`));
      }
    } else a.cache = null;
    estimate(a);
  }
  const batchable = chosen.filter((m) => m.prices.batch_discount !== undefined);
  if (batchable.length === 0) {
    explain('Batch API: the chosen model has no batch discount in the catalogue — skipped.');
    a.batchSharePercent = 0;
  } else {
    explain('The batch API is cheaper for work that can wait hours (e.g. nightly jobs).');
    a.batchSharePercent = (await ask.number({ message: 'Share of calls sent through the batch API (%)', default: a.batchSharePercent, min: 0, max: 100 }))!;
    estimate(a);
  }
  // time-windowed rates (core/provider-rules.ts): only for a model that has them
  const windowed = chosen.filter((m) => m.prices.time_windows?.length);
  if (windowed.length) {
    const w = windowed[0]!.prices.time_windows![0]!;
    const days = w.days === 'weekdays' ? ' on weekdays' : w.days === 'weekends' ? ' at weekends' : '';
    explain(`${windowed.map((m) => m.ref).join(', ')} bills other rates at some hours (${w.name}: ${w.hours.join(', ')} UTC${days}): when the requests come changes the price.`);
    const when = await ask.select<'flat' | 'business-hours'>({
      message: 'When do the requests come?',
      choices: [
        { value: 'flat', name: 'Spread over the whole day and week' },
        { value: 'business-hours', name: 'Business hours (09:00-18:00, Monday to Friday)' },
      ],
      default: a.timeProfile?.preset ?? 'flat',
    });
    if (when === 'business-hours') {
      const off = (await ask.number({ message: 'Their time zone, in hours from UTC (8 for Beijing, 1 for Paris, -5 for New York)', default: a.timeProfile?.utcOffset ?? 0, min: -12, max: 14 }))!;
      // the scenario takes quarter hours
      a.timeProfile = { preset: when, utcOffset: Math.round(off * 4) / 4 };
    } else a.timeProfile = null;
    estimate(a);
  }
  explain('Failed attempts (timeouts, rate limits, invalid output) are sent again and billed again.');
  a.retryRatePercent = (await ask.number({ message: 'Share of attempts that fail and are retried (%)', default: a.retryRatePercent, min: 0, max: 99 }))!;
  estimate(a);

  // other costs, outcomes, budget
  explain(`Costs besides the model calls, per month (${a.fixedName === 'fixed costs' ? 'vector database, hosting, …' : a.fixedName}); 0 for none.`);
  a.fixedMonthly = (await ask.number({ message: `Other monthly costs (${a.currency})`, default: a.fixedMonthly, min: 0 }))!;
  estimate(a);
  explain('An outcome is what the spend buys (a resolved ticket, a processed document): gives cost per outcome.');
  if (await ask.confirm({ message: 'Track cost per outcome?', default: a.outcomes !== null })) {
    const o = a.outcomes ?? { name: 'outcome', perRequestPercent: 50, value: null };
    o.name = (await ask.input({ message: 'What is one outcome called?', default: o.name, validate: (v) => (v.trim() ? true : 'give it a name') })).trim();
    o.perRequestPercent = (await ask.number({ message: `Share of ${noun}s that end in one (%)`, default: o.perRequestPercent, min: 0, max: 100 }))!;
    explain(`Optional: what one outcome is worth (${a.currency}) gives net value and ROI. Enter to skip.`);
    o.value = await ask.number({ message: 'Value of one outcome', optional: true, min: 0, ...(o.value !== null ? { default: o.value } : {}) });
    a.outcomes = o;
  } else a.outcomes = null;
  estimate(a);
  explain('Optional: a monthly budget; estimate then reports ok, alert (from 80%) or over. Enter to skip.');
  a.budgetMonthly = await ask.number({ message: `Monthly budget (${a.currency})`, optional: true, min: 0.01, ...(a.budgetMonthly !== null ? { default: a.budgetMonthly } : {}) });
  estimate(a);

  let file = ctx.file;
  if (file === null) {
    explain('Where to write the scenario (an existing file is never overwritten without --force).');
    file = (await ask.input({ message: 'File', default: fileNameFor(a.name), validate: (v) => (v.trim() ? ctx.canWrite(v.trim(), a) : 'give a file name') })).trim();
  }
  return { answers: a, file };
}

/** A prompt-size answer: a whole number of tokens, or the path of a prompt file. */
export function parsePart(raw: string, promptFile: FlowContext['promptFile']): { value: PartAnswer } | { error: string } {
  const v = raw.trim();
  if (v === '') return { error: 'give a number of tokens, or the path of the prompt file' };
  if (/^\d[\d_,]*$/.test(v)) return { value: Number(v.replace(/[_,]/g, '')) };
  if (/^-?\d+(\.\d*)?$/.test(v)) return { error: 'expected a whole number of tokens ≥ 0' };
  const f = promptFile(v);
  return 'error' in f ? { error: `not a number of tokens, and ${f.error}` } : { value: { file: f.abs } };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
