// Writes src/core/wasm-modules.ts: the bytes of the two fixed WebAssembly modules (sampler-wasm.ts,
// columns-wasm.ts) as base64, so a run decodes them instead of building them from their
// definitions in JavaScript (which, cold, costs more than compiling them). Run after changing
// either module: `node scripts/wasm-modules.mjs`. test/core/wasm-modules.test.ts checks that the
// file matches the definitions.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'aifinops-wasm-modules-'));
try {
  const entry = join(tmp, 'entry.mjs');
  writeFileSync(
    entry,
    `export { mcModuleBytes } from ${JSON.stringify(join(root, 'src/core/mc-wasm-bytes.ts'))};\n`,
  );
  const out = join(tmp, 'out.mjs');
  await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'warning' });
  const m = await import(pathToFileURL(out).href);
  const b64 = (bytes) => Buffer.from(bytes).toString('base64');
  writeFileSync(
    join(root, 'src/core/wasm-modules.ts'),
    `/**
 * The bytes of the fixed WebAssembly module (mc-wasm.ts: the draw loops and the column loops), as
 * base64: written by scripts/wasm-modules.mjs from its definition (mc-wasm-bytes.ts
 * \`mcModuleBytes\`), which test/core/wasm-modules.test.ts checks it equals. Do not edit by hand.
 */
export const MC_WASM = '${b64(m.mcModuleBytes())}';

/** A module's bytes from its base64. */
export function moduleFrom(base64: string): Uint8Array {
  return Buffer.from(base64, 'base64');
}
`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
