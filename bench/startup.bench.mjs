// Every command on its README example against a bare `node -e 0`, side by side in one run
// (interleaved), in CPU time (user + sys, what other processes on a shared machine disturb least)
// and wall clock. Targets (issue 16): every command ≤ 1.5× node; `estimate` ≤ 1.35×; `estimate`
// of a scenario with distributions (10,000 samples) ≤ 1.6×.
// BENCH_RUNS sets the runs per command (default 15); BENCH_ONLY=name,name a subset.
// The baseline depends on the environment: Node 20 parses every certificate of NODE_EXTRA_CA_CERTS
// (and its own root store) when the process starts, before any script runs, so with that variable
// set a bare `node -e 0` costs far more (62 ms rather than 24.5 ms on the development machine,
// 2026-12-07) and every ratio here is smaller. Each command's own cost is the `over node` column;
// when the variable is set, one more row measures `node -e 0` without it, in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, timeCommandsCpu } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 15);
const tmp = mkdtempSync(join(tmpdir(), 'aifinops-startup-'));
const rag = 'scenarios/rag-support-assistant.yaml';
const cli = (name, target, ...args) => ({ name, target, cmd: process.execPath, args: ['bin/aifinops.js', ...args] });
const all = [
  { name: 'node -e 0', target: null, cmd: process.execPath, args: ['-e', '0'] },
  cli('estimate', 1.35, 'estimate', rag),
  cli('estimate -f json', 1.35, 'estimate', rag, '-f', 'json'),
  cli('estimate (distributions, 10k samples)', 1.6, 'estimate', 'scenarios/rag-support-uncertain.yaml'),
  cli('--version', 1.5, '--version'),
  cli('--help', 1.5, '--help'),
  cli('completion bash', 1.5, 'completion', 'bash'),
  cli('pricing list', 1.5, 'pricing', 'list', '--provider', 'anthropic'),
  cli('pricing show', 1.5, 'pricing', 'show', 'claude-sonnet-4-6'),
  cli('tokens', 1.5, 'tokens', 'scenarios/prompts/support-system.md', '--model', 'gpt-5.4-mini', '--model', 'claude-haiku-4-5'),
  cli('breakeven', 1.5, 'breakeven', 'scenarios/self-hosting-triage.yaml', '-d', 'llama-3.1-8b-fp8-h100-trtllm', '--replaces', 'triage', '--operations', '12000'),
  cli('seats', 1.5, 'seats', 'scenarios/coding-agent-seats.yaml', '--plan', 'github-copilot-business', '--plan', 'claude-team-premium'),
  cli('quotes', 1.5, 'quotes', 'scenarios/procurement-contract-review.yaml', 'quotes/anthropic-term-commit.yaml', 'quotes/google-pay-as-you-go.yaml', 'quotes/openai-monthly-commit.yaml', '--growth', '4%/month'),
  cli('init --yes', 1.5, 'init', '--yes', '--type', 'rag', '--model', 'gpt-5.4-mini', '--requests-per-day', '3000', '--force', '-o', join(tmp, 'docs-qa.yaml')),
  cli('validate scenarios/ pricing/ quotes/', 1.5, 'validate', 'scenarios/', 'pricing/', 'quotes/'),
  cli('whatif', 1.5, 'whatif', 'scenarios/support-unoptimised.yaml', '--set', 'pipeline.answer.input.context=3000'),
  cli('compare', 1.5, 'compare', 'scenarios/support-unoptimised.yaml', 'scenarios/support-optimised.yaml'),
  cli('sweep', 1.5, 'sweep', rag, '--param', 'pipeline.answer.cache.hit_rate', '--values', '0,50%,85%,95%'),
  cli('levers', 1.5, 'levers', 'scenarios/support-unoptimised.yaml', '--lever', 'route.share=0.3', '--lever', 'batch.stages=answer'),
  cli('sensitivity', 1.5, 'sensitivity', 'scenarios/coding-agent.yaml', '--delta', '50%'),
  cli('forecast', 1.5, 'forecast', 'scenarios/coding-agent-growth.yaml'),
];
const only = process.env.BENCH_ONLY?.split(',');
const extraCa = process.env.NODE_EXTRA_CA_CERTS !== undefined && process.env.NODE_EXTRA_CA_CERTS !== '';
const bare = { name: 'node -e 0 without NODE_EXTRA_CA_CERTS', target: null, cmd: '/usr/bin/env', args: ['-u', 'NODE_EXTRA_CA_CERTS', process.execPath, '-e', '0'] };
const commands = [...(only ? all.filter((c, i) => i === 0 || only.some((o) => c.name.includes(o))) : all), ...(extraCa ? [bare] : [])];
try {
  const results = timeCommandsCpu(commands, { runs, warmup: 2, cwd: root });
  const node = results[0];
  printTable(
    results.map((r, i) => {
      const t = commands[i].target;
      const ratio = r.cpu / node.cpu;
      const range = r.cpuRange ? `${(r.cpuRange[0] / node.cpu).toFixed(2)}–${(r.cpuRange[1] / node.cpu).toFixed(2)}` : '';
      const over = r.cpu - node.cpu;
      return [
        r.name,
        `${r.cpu.toFixed(1)} ms`,
        i === 0 ? '' : `${over >= 0 ? '+' : '−'}${Math.abs(over).toFixed(1)} ms`,
        i === 0 ? '1.00×' : `${ratio.toFixed(2)}×`,
        i === 0 ? '' : range,
        `${r.median.toFixed(0)} ms`,
        t === null ? '' : `≤ ${t}×`,
        t === null ? '' : ratio <= t ? 'met' : 'NOT met',
      ];
    }),
    ['command (README example)', `CPU, mean of ${runs}`, 'over node', 'CPU vs node', 'range (3 blocks)', 'wall median', 'target', ''],
  );
  process.stdout.write(`\nload average during the run: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores\n`);
  process.stdout.write(
    extraCa
      ? `NODE_EXTRA_CA_CERTS is set: Node parses its certificates at every start, so the baseline includes that work (see the last row) and the ratios are smaller than on a machine without it.\n`
      : 'NODE_EXTRA_CA_CERTS is not set: the baseline is a bare Node start.\n',
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
