/**
 * The Monte Carlo's one fixed WebAssembly module: the draw loops (sampler-wasm.ts) and the column
 * loops (columns-wasm.ts) compiled and instantiated together, with one memory, instead of as two
 * modules (a process pays a module's compile, instance and first calls once, not twice). The two
 * never hold data in the memory across each other's calls: the draws copy each column out before
 * the next, and each column loop copies its columns in and its results out. What keeps columns in
 * memory across calls (forecast's month columns, month-columns-wasm.ts) takes an instance of its
 * own (`mcWasmOwn`: the same compiled code, another memory).
 * A run decodes the bytes stored in wasm-modules.ts (written from mc-wasm-bytes.ts by
 * `node scripts/wasm-modules.mjs`; test/core/wasm-modules.test.ts checks they are the same).
 */
import { instanceOf, webAssembly } from './wasm-bytes.js';
import { MC_WASM, moduleFrom } from './wasm-modules.js';

export type McWasm<T> = { exports: T; memory: { buffer: ArrayBuffer }; room(bytes: number): void };

/** The module's imports: JavaScript's own Math.exp, log and log1p. */
const IMPORTS = { exp: Math.exp, log: Math.log, log1p: Math.log1p };

let compiled: object | null | undefined;
let instance: McWasm<unknown> | null | undefined;

/** The compiled module, or null where WebAssembly cannot run. */
function mcModule(): object | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      const wa = webAssembly();
      if (wa) compiled = new wa.Module(moduleFrom(MC_WASM));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** The instantiated module (imports: JavaScript's own Math.exp, log and log1p), or null where WebAssembly cannot run. */
export function mcWasm<T>(): McWasm<T> | null {
  if (instance === undefined) instance = mcWasmOwn<unknown>();
  return instance as McWasm<T> | null;
}

/**
 * A new instance of the module with a memory of its own (the compiled code is shared: no second
 * compile), for a caller that keeps columns in memory between its calls; null where WebAssembly
 * cannot run.
 */
export function mcWasmOwn<T>(): McWasm<T> | null {
  const module = mcModule();
  if (!module) return null;
  try {
    return instanceOf<T>(module, IMPORTS);
  } catch {
    return null;
  }
}
