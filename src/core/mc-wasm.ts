/**
 * The Monte Carlo's one fixed WebAssembly module: the draw loops (sampler-wasm.ts) and the column
 * loops (columns-wasm.ts) compiled and instantiated together, with one memory, instead of as two
 * modules (a process pays a module's compile, instance and first calls once, not twice). The two
 * never hold data in the memory across each other's calls: the draws copy each column out before
 * the next, and each column loop copies its columns in and its results out.
 * A run decodes the bytes stored in wasm-modules.ts (written from mc-wasm-bytes.ts by
 * `node scripts/wasm-modules.mjs`; test/core/wasm-modules.test.ts checks they are the same).
 */
import { instantiate } from './wasm-bytes.js';
import { MC_WASM, moduleFrom } from './wasm-modules.js';

export type McWasm<T> = { exports: T; memory: { buffer: ArrayBuffer }; room(bytes: number): void };

let instance: McWasm<unknown> | null | undefined;

/** The instantiated module (imports: JavaScript's own Math.exp, log and log1p), or null where WebAssembly cannot run. */
export function mcWasm<T>(): McWasm<T> | null {
  if (instance === undefined) {
    instance = null;
    try {
      instance = instantiate<unknown>(moduleFrom(MC_WASM), { exp: Math.exp, log: Math.log, log1p: Math.log1p });
    } catch {
      instance = null;
    }
  }
  return instance as McWasm<T> | null;
}
