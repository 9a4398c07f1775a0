/** `aifinops sweep <scenario> --param PATH --values … | --range from:to:steps` (one or two parameters). */
import type { Command } from 'commander';
import { parseRange, runSweep, type SweepParamSpec } from '../core/sweep.js';
import { readPath } from '../core/whatif.js';
import { InputError } from '../errors.js';
import { parseSetValue, scenarioKeysAt } from '../load/scenario.js';
import { renderJson } from '../render/json.js';
import { renderSweepMarkdown, renderSweepTable } from '../render/sweep.js';
import { emit } from '../util/output.js';
import { formatOption, scenarioOptions, type ScenarioFlags, WIDE, showTable } from './common.js';
import { parseAmount, ScenarioSource } from './whatif-common.js';
import { quoted } from '../util/excerpt.js';

interface Ordered {
  seq: number;
  kind: 'param' | 'values' | 'range';
  text: string;
}

interface SweepFlags extends ScenarioFlags {
  param?: Ordered[];
  values?: Ordered[];
  range?: Ordered[];
  budget?: string;
  format: 'table' | 'json' | 'markdown';
  output?: string;
}

// --param, --values and --range are paired by their order on the command line
let seq = 0;
const ordered = (kind: Ordered['kind']) => (text: string, prev: Ordered[] | undefined): Ordered[] => [...(prev ?? []), { seq: ++seq, kind, text }];

/** A comma-separated list; each value read as YAML (numbers, "35%", model names). */
function parseValues(text: string): unknown[] {
  const parts = text.split(',').map((v) => v.trim());
  if (parts.some((p) => p === '')) throw new InputError({ path: '--values', message: `${quoted(text)} has an empty value`, fix: 'separate values with commas, e.g. --values 0,0.25,0.5' });
  return parts.map((p) => {
    const v = parseSetValue(p, undefined, '--values');
    return typeof v === 'number' || typeof v === 'string' ? v : p;
  });
}

function pairs(flags: SweepFlags): { path: string; values: unknown[] }[] {
  const all = [...(flags.param ?? []), ...(flags.values ?? []), ...(flags.range ?? [])].sort((a, b) => a.seq - b.seq);
  const out: { path: string; values: unknown[] | null }[] = [];
  for (const o of all) {
    if (o.kind === 'param') {
      out.push({ path: o.text.trim(), values: null });
      continue;
    }
    const cur = out[out.length - 1];
    const flag = `--${o.kind}`;
    if (!cur) throw new InputError({ path: flag, message: `${flag} ${o.text} comes before any --param`, fix: 'write --param PATH first, then its --values or --range' });
    if (cur.values !== null) throw new InputError({ path: flag, message: `--param ${cur.path} has more than one --values/--range`, fix: 'give each --param exactly one --values or --range' });
    cur.values = o.kind === 'values' ? parseValues(o.text) : parseRange(o.text);
  }
  if (out.length === 0) throw new InputError({ path: '--param', message: 'which parameter? --param PATH is required', fix: 'e.g. --param traffic.requests_per_day --values 5000,10000,20000' });
  if (out.length > 2) throw new InputError({ path: '--param', message: `a sweep takes one or two parameters (a grid), got ${out.length}`, fix: 'sweep two at a time; use sensitivity to see every input at once' });
  return out.map((p) => {
    if (p.values === null) throw new InputError({ path: `--param ${p.path}`, message: 'has no values', fix: 'follow it with --values v1,v2,… or --range from:to:steps' });
    if (p.values.length > 200) throw new InputError({ path: `--param ${p.path}`, message: `${p.values.length} values is more than the 200 a sweep takes`, fix: 'use fewer steps' });
    return { path: p.path, values: p.values };
  });
}

export function register(program: Command): void {
  const cmd = program
    .command('sweep')
    .description('monthly cost across a range of one parameter (or a grid of two), as a table and chart, with the budget crossing')
    .argument('<scenario>', 'scenario YAML file')
    .option('--param <path>', 'dotted path of the parameter (spec §2), e.g. pipeline.answer.cache.hit_rate; give a second for a grid', ordered('param'))
    .option('--values <list>', 'comma-separated values of the preceding --param, e.g. 0,0.25,0.5 or 50%,80% or model names', ordered('values'))
    .option('--range <from:to:steps>', 'evenly spaced values of the preceding --param: steps + 1 values from `from` to `to`, e.g. 0:1:4', ordered('range'))
    .option('--budget <amount>', 'monthly budget line to find the crossing of (default: the scenario\'s budget.monthly)');
  scenarioOptions(cmd)
    .addOption(formatOption(['table', 'json', 'markdown']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ aifinops sweep scenarios/rag-support-assistant.yaml --param traffic.requests_per_day --range 5000:40000:7
  $ aifinops sweep scenarios/rag-support-assistant.yaml --param pipeline.answer.cache.hit_rate --values 0,50%,80%,95%
  $ aifinops sweep scenarios/coding-agent.yaml --param pipeline.execute.agent_steps --range 4:24:10 --budget 30000
  $ aifinops sweep scenarios/support-unoptimised.yaml --param pipeline.answer.input.context --range 1000:9000:8 \\
      --param pipeline.answer.model --values claude-sonnet-4-5,claude-haiku-4-5
  $ aifinops sweep scenarios/support-unoptimised.yaml --param pipeline.answer.model --values claude-sonnet-4-5,claude-haiku-4-5,gpt-4.1-mini

--range from:to:steps gives steps + 1 values, both ends included (0:1:4 → 0, 0.25, 0.5, 0.75, 1).
With a budget, the value where the monthly cost crosses it is found by bisection between the
sweep points that bracket it. See docs/what-if.md.`,
    )
    .action((file: string, flags: SweepFlags, command: Command) => {
      const specs = pairs(flags);
      const src = new ScenarioSource(file, flags);
      const scenario = src.base();
      const base = src.estimate();
      const raw = src.effectiveRaw();
      const params: SweepParamSpec[] = specs.map((p) => {
        const r = readPath(raw, p.path, scenarioKeysAt);
        if (!r.ok) throw new InputError({ file: scenario.file, path: `--param ${p.path}`, message: r.message, fix: r.fix });
        return { path: p.path, values: p.values, scenarioValue: r.value };
      });
      if (params.length === 2 && params[0]!.path === params[1]!.path) throw new InputError({ path: '--param', message: `${params[0]!.path} is given twice`, fix: 'sweep two different parameters' });
      const assign = (values: unknown[]) => values.map((v, i) => `${params[i]!.path}=${String(v)}`);
      const report = runSweep({
        scenario: src.ref(scenario),
        base,
        params,
        evaluate: (values) => src.estimate(assign(values)),
        budget: flags.budget === undefined ? undefined : parseAmount('--budget', flags.budget),
        toolVersion: __AIFINOPS_VERSION__,
        pricedAsOf: src.asOf,
      });
      const text =
        flags.format === 'json' ? renderJson(report)
        : flags.format === 'markdown' ? renderSweepMarkdown(report)
        : showTable(command, Boolean(flags.output), (style) => renderSweepTable(report, style));
      emit(text, flags.output);
    });
}
