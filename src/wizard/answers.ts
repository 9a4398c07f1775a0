/** What the `init` wizard collects, and the defaults per kind of feature. */
import { dirname, relative, resolve, sep } from 'node:path';
import type { InputPart } from '../schema/scenario.js';

export const FEATURE_TYPES = ['chatbot', 'rag', 'agent', 'batch', 'copilot'] as const;
export type FeatureType = (typeof FEATURE_TYPES)[number];

export type TrafficMode = 'requests_per_day' | 'requests_per_month' | 'users';

/** An input part counted from a prompt file (docs/prompt-files.md); absolute while the wizard runs. */
export interface PromptFile {
  file: string;
}

export type PartAnswer = number | PromptFile;

export const isPromptFile = (v: PartAnswer | undefined): v is PromptFile => typeof v === 'object' && v !== null;

export interface WizardModel {
  /** Canonical provider/model. */
  ref: string;
  /** Share of the stage's calls, in percent (0–100). */
  sharePercent: number;
}

export interface WizardAnswers {
  type: FeatureType;
  name: string;
  /** Currency of the models' catalogue (written only when not USD). */
  currency: string;
  /** Extra catalogue paths, relative to the scenario file. */
  pricing: string[];
  traffic: {
    mode: TrafficMode;
    requestsPerDay: number;
    requestsPerMonth: number;
    users: number | null;
    requestsPerUserPerDay: number;
    /** null: the default month (365/12 days). */
    daysPerMonth: number | null;
  };
  stageName: string;
  models: WizardModel[];
  /** Tokens per call, or a prompt file whose tokens are counted with each model's tokenizer. */
  input: Partial<Record<InputPart, PartAnswer>>;
  output: number;
  reasoning: number;
  agentSteps: number;
  contextGrowthPerStep: number;
  /** Server-side web searches per model call (docs/cost-model.md, fees); absent or 0 = none. */
  webSearchPerCall?: number;
  /** Audio tokens per call, for a model that takes and speaks audio; absent = none. */
  audio?: { input: number; output: number } | null;
  /** Prompt caching; null = not in use. */
  cache: { hitRatePercent: number; cacheable: InputPart[] } | null;
  batchSharePercent: number;
  /** When the requests come, asked only for a model with time-windowed rates (DeepSeek's peak hours); absent/null = flat. */
  timeProfile?: { preset: 'flat' | 'business-hours'; utcOffset: number } | null;
  retryRatePercent: number;
  maxRetries: number;
  /** Fixed monthly costs besides the model calls (vector database, hosting); 0 = none. */
  fixedMonthly: number;
  fixedName: string;
  fixedCategory: string;
  outcomes: { name: string; perRequestPercent: number; value: number | null } | null;
  budgetMonthly: number | null;
}

export interface FeaturePreset {
  type: FeatureType;
  /** Shown in the first question. */
  label: string;
  description: string;
  /** What one request is, for this kind of feature. */
  requestNoun: string;
  /** Input parts the wizard asks about, with a one-line meaning each. */
  parts: Partial<Record<InputPart, string>>;
  /** Tier of the suggested model (the catalogues' price band). */
  preferredTier: 'budget' | 'mid' | 'premium' | 'reasoning';
  defaults: Omit<WizardAnswers, 'models' | 'currency' | 'pricing' | 'type' | 'input'> & { input: Partial<Record<InputPart, number>> };
}

/** Providers whose own API the suggested model comes from, in this order (then any other). */
export const SUGGESTED_PROVIDERS = ['openai', 'anthropic', 'google', 'mistral', 'deepseek'];

const common = {
  reasoning: 0,
  agentSteps: 1,
  contextGrowthPerStep: 0,
  maxRetries: 1,
  fixedMonthly: 0,
  fixedName: 'fixed costs',
  fixedCategory: 'infrastructure',
  budgetMonthly: null,
};

export const PRESETS: Record<FeatureType, FeaturePreset> = {
  chatbot: {
    type: 'chatbot',
    label: 'Chatbot',
    description: 'a conversational assistant: each turn re-sends the conversation so far',
    requestNoun: 'chat turn',
    parts: { system: 'the system prompt (instructions, persona)', history: 'earlier turns of the conversation, sent again each turn', user: "the user's message" },
    preferredTier: 'budget',
    defaults: {
      ...common,
      name: 'Support chatbot',
      traffic: { mode: 'requests_per_day', requestsPerDay: 5000, requestsPerMonth: 150000, users: null, requestsPerUserPerDay: 5, daysPerMonth: null },
      stageName: 'reply',
      input: { system: 800, history: 1200, user: 120 },
      output: 250,
      // the conversation so far is the same prefix as last turn's: it is cached with the system prompt
      cache: { hitRatePercent: 70, cacheable: ['system', 'history'] },
      batchSharePercent: 0,
      retryRatePercent: 2,
      outcomes: { name: 'conversation resolved', perRequestPercent: 20, value: null },
    },
  },
  rag: {
    type: 'rag',
    label: 'RAG assistant',
    description: 'answers questions from your documents: retrieved passages go into every prompt',
    requestNoun: 'question',
    parts: { system: 'the system prompt (instructions)', context: 'retrieved passages from your documents', user: "the user's question" },
    preferredTier: 'budget',
    defaults: {
      ...common,
      name: 'Document Q&A',
      traffic: { mode: 'requests_per_day', requestsPerDay: 2000, requestsPerMonth: 60000, users: null, requestsPerUserPerDay: 5, daysPerMonth: null },
      stageName: 'answer',
      input: { system: 1000, context: 4000, user: 150 },
      output: 350,
      cache: { hitRatePercent: 60, cacheable: ['system'] },
      batchSharePercent: 0,
      retryRatePercent: 2,
      fixedMonthly: 300,
      fixedName: 'vector database',
      fixedCategory: 'retrieval',
      outcomes: { name: 'question answered', perRequestPercent: 70, value: null },
    },
  },
  agent: {
    type: 'agent',
    label: 'Agent',
    description: 'works through a task in several model calls, with tools; context grows each step',
    requestNoun: 'task',
    parts: { system: 'the system prompt (instructions)', tools: 'tool definitions sent with every call', user: 'the task as the user gave it' },
    preferredTier: 'mid',
    defaults: {
      ...common,
      name: 'Task agent',
      traffic: { mode: 'requests_per_day', requestsPerDay: 500, requestsPerMonth: 15000, users: null, requestsPerUserPerDay: 3, daysPerMonth: null },
      stageName: 'agent',
      input: { system: 2500, tools: 2000, user: 300 },
      output: 500,
      reasoning: 0,
      agentSteps: 8,
      contextGrowthPerStep: 1500,
      cache: { hitRatePercent: 80, cacheable: ['system', 'tools'] },
      batchSharePercent: 0,
      retryRatePercent: 5,
      maxRetries: 2,
      outcomes: { name: 'task completed', perRequestPercent: 60, value: null },
    },
  },
  batch: {
    type: 'batch',
    label: 'Batch job',
    description: 'processes documents or records offline (classification, extraction, summaries)',
    requestNoun: 'document',
    parts: { system: 'the instructions', context: 'the document or record being processed' },
    preferredTier: 'budget',
    defaults: {
      ...common,
      name: 'Nightly document processing',
      traffic: { mode: 'requests_per_month', requestsPerDay: 10000, requestsPerMonth: 300000, users: null, requestsPerUserPerDay: 5, daysPerMonth: null },
      stageName: 'process',
      input: { system: 600, context: 2500 },
      output: 150,
      cache: null,
      batchSharePercent: 100,
      retryRatePercent: 1,
      outcomes: null,
    },
  },
  copilot: {
    type: 'copilot',
    label: 'Copilot',
    description: 'an assistant employees use during the working day (writing, code, search)',
    requestNoun: 'request',
    parts: { system: 'the system prompt (instructions)', context: 'the document, code or page the user is working on', history: 'earlier turns, sent again', user: "the user's request" },
    preferredTier: 'budget',
    defaults: {
      ...common,
      name: 'Internal copilot',
      traffic: { mode: 'users', requestsPerDay: 10000, requestsPerMonth: 200000, users: 500, requestsPerUserPerDay: 20, daysPerMonth: 21.7 },
      stageName: 'assist',
      input: { system: 1500, context: 3000, history: 1000, user: 150 },
      output: 300,
      cache: { hitRatePercent: 70, cacheable: ['system'] },
      batchSharePercent: 0,
      retryRatePercent: 2,
      outcomes: null,
    },
  },
};

/**
 * The answers as written into a scenario at `scenarioFile`: extra catalogues and prompt files
 * relative to its folder, with forward slashes (absolute while the questions run).
 */
export function relativeTo(a: WizardAnswers, scenarioFile: string): WizardAnswers {
  const dir = dirname(resolve(scenarioFile));
  const rel = (p: string) => relative(dir, resolve(p)).split(sep).join('/');
  const input: WizardAnswers['input'] = {};
  for (const [part, v] of Object.entries(a.input) as [InputPart, PartAnswer][]) input[part] = isPromptFile(v) ? { file: rel(v.file) } : v;
  return { ...a, pricing: a.pricing.map(rel), input };
}

/** A file name from a scenario name: "Support chatbot" → "support-chatbot.yaml". */
export function fileNameFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'scenario'}.yaml`;
}
