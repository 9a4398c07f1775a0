// Runs every bench/*.bench.mjs in turn (npm run bench builds dist/ first).
// Each benchmark measures its variants side by side in one run and prints ratios.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const f of files) {
  process.stdout.write(`\n## ${f}\n\n`);
  await import(pathToFileURL(join(dir, f)).href);
}
