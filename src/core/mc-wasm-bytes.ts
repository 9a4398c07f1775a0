/**
 * The bytes of mc-wasm.ts's module: sampler-wasm.ts's functions (its imports first, so their
 * indices and its calls stay as they are) and then columns-wasm.ts's (which call no function),
 * with columns-wasm.ts's types after the sampler's. Read by scripts/wasm-modules.mjs and its test;
 * a run decodes the stored bytes instead.
 */
import { columnsParts } from './columns-wasm.js';
import { samplerParts } from './sampler-wasm.js';
import { moduleBytes } from './wasm-bytes.js';

export function mcModuleBytes(): Uint8Array {
  const s = samplerParts();
  const c = columnsParts();
  const offset = s.types.length;
  return moduleBytes([...s.types, ...c.types], s.imports, [...s.funcs, ...c.funcs.map((f) => ({ ...f, type: f.type + offset }))]);
}
