// Prompt-file token counting (issue 3), side by side in one run, interleaved, medians:
//  1. first count of a ~1 MB generated prompt corpus (empty cache) and the cached second run,
//     against `estimate` on the same scenario without prompt files;
//  2. tokens per second of our counter against js-tiktoken and the tiktoken WASM package used
//     directly (each in a fresh process: loading the ranks, then counting the corpus).
// Targets: a cached run costs no more than a scenario without files; cold throughput at least that
// of the faster library.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { median, printTable } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 9);
const work = mkdtempSync(join(tmpdir(), 'aifinops-bench-tokens-'));

// ---- a deterministic ~1 MB corpus of prompt-like files ---------------------------------------
let seed = 7;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const WORDS = ('you are the assistant answer customer order refund policy return shipping delivery account billing ticket '
  + 'escalate context retrieved document cite source summary tool call function parameter result error retry the of and to '
  + 'in a is that for it as with be by on not this are or from at which have an they will would can if no when what so '
  + 'into only other new these any most over such after also made year system instructions never always must should').split(' ');
const UNI = ['café', 'naïve', 'Größe', 'こんにちは世界', '数据分析', 'résumé', '🚀 launch', 'Привет мир', 'مرحبا', 'São Paulo'];
function section() {
  const k = rnd();
  if (k < 0.55) {
    let s = '';
    for (let i = 0, n = 20 + Math.floor(rnd() * 40); i < n; i++) s += (i ? ' ' : '') + pick(WORDS);
    return `${s[0].toUpperCase()}${s.slice(1)}.${rnd() < 0.3 ? '\n\n' : ' '}`;
  }
  if (k < 0.7) return `\n## ${pick(WORDS)} ${pick(WORDS)}\n\n- ${pick(WORDS)} ${pick(WORDS)}\n- ${pick(WORDS)} ${pick(UNI)}\n\n`;
  if (k < 0.85) {
    const props = Object.fromEntries(Array.from({ length: 3 }, () => [pick(WORDS), { type: pick(['string', 'number', 'boolean']), description: `${pick(WORDS)} ${pick(WORDS)}` }]));
    return `${JSON.stringify({ type: 'function', name: `${pick(WORDS)}_${pick(WORDS)}`, parameters: { type: 'object', properties: props } }, null, 2)}\n`;
  }
  if (k < 0.95) return `\n\`\`\`ts\nfunction ${pick(WORDS)}${Math.floor(rnd() * 99)}(x: number): number {\n  return x * ${Math.floor(rnd() * 100)} + 0x${Math.floor(rnd() * 65535).toString(16)};\n}\n\`\`\`\n`;
  return `${pick(UNI)} — ${pick(WORDS)} ${pick(UNI)}\n`;
}
const corpusDir = join(work, 'corpus');
mkdirSync(corpusDir);
const texts = [];
for (let f = 0; f < 40; f++) {
  let t = '';
  while (t.length < 25_000) t += section();
  writeFileSync(join(corpusDir, `prompt-${String(f).padStart(2, '0')}.md`), t);
  texts.push(t);
}
const corpusBytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
writeFileSync(join(work, 'texts.json'), JSON.stringify(texts));

const PRICING = ['--pricing', join(root, 'test/fixtures/prompts-catalogues/openai.yaml')];
const scenario = (input) => `version: 1\nname: bench\ntraffic: { requests_per_month: 100000 }\npipeline:\n  - name: answer\n    model: gpt-4o\n    input: { ${input} }\n    output: 300\n`;
writeFileSync(join(work, 'no-files.yaml'), scenario('system: 250000, user: 100'));
writeFileSync(join(work, 'files.yaml'), scenario('system: { files: "corpus/*.md" }, user: 100'));

// ---- the three counters as fresh-process scripts -----------------------------------------------
// ours: the library code bundled as the CLI bundles it (js-tiktoken ranks external)
const cacheDir = join(root, 'node_modules', '.cache', 'aifinops-bench');
mkdirSync(cacheDir, { recursive: true });
const oursBundle = join(cacheDir, 'ours.mjs');
await build({ entryPoints: [join(root, 'src/tokens/encodings.ts')], bundle: true, platform: 'node', format: 'esm', outfile: oursBundle, external: ['js-tiktoken'], logLevel: 'warning' });
const childScript = (lib) => `
const texts = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(join(work, 'texts.json'))}, 'utf8'));
(async () => {
  const t0 = performance.now();
  let count;
  if (${JSON.stringify(lib)} === 'ours') {
    const { counterFor } = await import(${JSON.stringify(`file://${oursBundle}`)});
    const c = counterFor('o200k_base');
    count = (t) => c.count(t);
  } else if (${JSON.stringify(lib)} === 'js-tiktoken') {
    const { Tiktoken } = require('js-tiktoken/lite');
    const enc = new Tiktoken(require('js-tiktoken/ranks/o200k_base'));
    count = (t) => enc.encode(t, [], []).length;
  } else {
    const { get_encoding } = require('tiktoken');
    const enc = get_encoding('o200k_base');
    count = (t) => enc.encode_ordinary(t).length;
  }
  const t1 = performance.now();
  let n = 0;
  for (const t of texts) n += count(t);
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ load: t1 - t0, count: t2 - t1, tokens: n }));
})();`;
// the scripts live under node_modules/.cache so that they resolve the packages
for (const lib of ['ours', 'js-tiktoken', 'tiktoken']) writeFileSync(join(cacheDir, `count-${lib}.cjs`), childScript(lib));

// ---- run everything interleaved ----------------------------------------------------------------
const bin = join(root, 'bin/aifinops.js');
const variants = [
  { name: 'estimate, no prompt files', args: [bin, 'estimate', 'no-files.yaml', '-f', 'json', ...PRICING], cache: 'shared' },
  { name: 'estimate, 1 MB of prompt files, empty cache', args: [bin, 'estimate', 'files.yaml', '-f', 'json', ...PRICING], cache: 'fresh' },
  { name: 'estimate, 1 MB of prompt files, cached', args: [bin, 'estimate', 'files.yaml', '-f', 'json', ...PRICING], cache: 'shared' },
  { name: 'ours (counter, fresh process)', args: [join(cacheDir, 'count-ours.cjs')], lib: true },
  { name: 'js-tiktoken (fresh process)', args: [join(cacheDir, 'count-js-tiktoken.cjs')], lib: true },
  { name: 'tiktoken WASM (fresh process)', args: [join(cacheDir, 'count-tiktoken.cjs')], lib: true },
];
const shared = join(work, 'cache-shared');
const wall = variants.map(() => []);
const inner = variants.map(() => []);
let tokens = 0;
for (let r = -1; r < runs; r++) {
  variants.forEach((v, i) => {
    const cache = v.cache === 'fresh' ? mkdtempSync(join(work, 'cache-')) : shared;
    const t0 = process.hrtime.bigint();
    const res = spawnSync(process.execPath, v.args, { cwd: v.lib ? root : work, env: { ...process.env, NO_COLOR: '1', AIFINOPS_CACHE_DIR: cache }, encoding: 'utf8', maxBuffer: 64 << 20 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 0) throw new Error(`${v.name} failed (exit ${res.status}): ${res.stderr}`);
    if (v.cache === 'fresh') rmSync(cache, { recursive: true, force: true });
    if (r < 0) return; // warm-up round (fills the shared cache)
    wall[i].push(ms);
    if (v.lib) {
      const j = JSON.parse(res.stdout);
      inner[i].push(j);
      if (tokens && j.tokens !== tokens) throw new Error(`${v.name} counted ${j.tokens} tokens, others ${tokens}`);
      tokens = j.tokens;
    }
  });
}
rmSync(work, { recursive: true, force: true });

const med = wall.map(median);
const mb = corpusBytes / 1e6;
console.log(`corpus: 40 files, ${mb.toFixed(2)} MB, ${tokens.toLocaleString('en-US')} o200k_base tokens (all three counters agree); ${runs} runs each, interleaved, medians\n`);

const [noFiles, cold, cached] = med;
const fastestLib = Math.min(med[4], med[5]);
const fastestName = med[4] <= med[5] ? 'js-tiktoken' : 'tiktoken WASM';
const kt = (ms) => `${((tokens / ms) * 1000 / 1e6).toFixed(2)} M tok/s`;
printTable(
  [
    [variants[0].name, `${noFiles.toFixed(0)} ms`, '1.00×', '', ''],
    [variants[1].name, `${cold.toFixed(0)} ms`, `${(cold / noFiles).toFixed(2)}×`, kt(cold), ''],
    [variants[2].name, `${cached.toFixed(0)} ms`, `${(cached / noFiles).toFixed(2)}×`, '≤ 1.00× (± 5% noise)', cached <= noFiles * 1.05 ? 'met' : 'NOT met'],
    [variants[3].name, `${med[3].toFixed(0)} ms`, '', kt(med[3]), ''],
    [variants[4].name, `${med[4].toFixed(0)} ms`, '', kt(med[4]), ''],
    [variants[5].name, `${med[5].toFixed(0)} ms`, '', kt(med[5]), ''],
    [`cold: estimate (empty cache) vs ${fastestName}`, '', `${(cold / fastestLib).toFixed(2)}×`, '≤ 1.00× (time; = throughput ≥)', cold <= fastestLib ? 'met' : 'NOT met'],
  ],
  ['what (wall clock, process start to exit)', 'median', 'ratio', 'throughput / target', ''],
);

console.log('');
const part = (i, k) => median(inner[i].map((x) => x[k]));
printTable(
  [3, 4, 5].map((i) => [variants[i].name.replace(' (fresh process)', ''), `${part(i, 'load').toFixed(0)} ms`, `${part(i, 'count').toFixed(0)} ms`, kt(part(i, 'count')), `${(part(i, 'count') / part(3, 'count')).toFixed(2)}×`]),
  ['inside the process', 'load ranks', 'count 1 MB', 'count throughput', 'count time vs ours'],
);
