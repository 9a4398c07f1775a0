// Reproduces the calibrated ratios of the estimated tokenizers (src/tokens/families.ts,
// documented in docs/prompt-files.md).
//
// It measures how many characters one o200k_base token covers on the calibration corpus
// (test/fixtures/prompts-calibration/*.md except README.md: English, prose-first prompt text),
// counting with OpenAI's tiktoken itself (the `tiktoken` WASM package, a devDependency), and
// converts the providers' published guidance into ratios against o200k_base.
//
//   node scripts/calibrate-token-ratios.mjs [corpus-folder] [--json]
//
// With your own corpus folder the figures describe your prompts; if you measured a provider's
// real counts (e.g. Anthropic's count_tokens), compare them with the o200k_base total printed here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { get_encoding } from 'tiktoken';

const args = process.argv.slice(2);
const json = args.includes('--json');
const dir = args.find((a) => !a.startsWith('--')) ?? fileURLToPath(new URL('../test/fixtures/prompts-calibration/', import.meta.url));
const files = readdirSync(dir).filter((f) => /\.(md|txt)$/.test(f) && f !== 'README.md').sort();
const enc = get_encoding('o200k_base');
let chars = 0;
let tokens = 0;
for (const f of files) {
  const text = readFileSync(join(dir, f), 'utf8');
  chars += [...text].length;
  tokens += enc.encode_ordinary(text).length;
}
enc.free();
const cpt = chars / tokens;
const r2 = (x) => Math.round(x * 100) / 100;
const cpt2 = r2(cpt);

const ratios = [
  { family: 'anthropic-claude', ratio: 1.16, derivation: 'published measurement: Claude 3.5 Sonnet needs 16% more tokens than GPT-4o on English articles (21% maths, 30% Python) — VentureBeat, 2025-05-01' },
  { family: 'anthropic-claude-4.7', ratio: r2(1.16 * 1.35), derivation: '1.16 × 1.35: Anthropic documents "roughly 1.0–1.35×" the tokens of earlier models for Opus 4.7 (top of the range)' },
  { family: 'google-gemini', ratio: r2(cpt2 / 4), derivation: `${cpt2} / 4: "For Gemini models, a token is equivalent to about 4 characters" — ai.google.dev/gemini-api/docs/tokens` },
  { family: 'deepseek', ratio: r2(0.3 * cpt2), derivation: `0.3 × ${cpt2}: "1 English character ≈ 0.3 token" — api-docs.deepseek.com/quick_start/token_usage` },
  { family: 'generic', ratio: r2(cpt2 / 4), derivation: `${cpt2} / 4: the "1 token ≈ 4 characters of English text" rule of thumb, for tokenizers with no published figure` },
];

if (json) {
  process.stdout.write(`${JSON.stringify({ corpus: files, characters: chars, o200k_tokens: tokens, o200k_chars_per_token: cpt2, ratios }, null, 2)}\n`);
} else {
  console.log(`corpus: ${dir} (${files.length} files, ${chars} characters)`);
  console.log(`o200k_base: ${tokens} tokens → ${cpt.toFixed(4)} characters per token (O200K_CHARS_PER_TOKEN = ${cpt2})\n`);
  const w = Math.max(...ratios.map((r) => r.family.length));
  for (const r of ratios) console.log(`${r.family.padEnd(w)}  ${r.ratio.toFixed(2)}  ${r.derivation}`);
}
