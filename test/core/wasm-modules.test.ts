/**
 * src/core/wasm-modules.ts holds the bytes of the fixed WebAssembly modules that a run decodes
 * instead of building: they must be exactly what the modules' definitions build (after changing
 * sampler-wasm.ts or columns-wasm.ts, run `node scripts/wasm-modules.mjs`).
 */
import { describe, expect, it } from 'vitest';
import { columnsModuleBytes } from '../../src/core/columns-wasm.js';
import { samplerModuleBytes } from '../../src/core/sampler-wasm.js';
import { COLUMNS_WASM, moduleFrom, SAMPLER_WASM } from '../../src/core/wasm-modules.js';
import { flat, type Code } from '../../src/core/wasm-bytes.js';

describe('the stored WebAssembly modules', () => {
  it('equal what sampler-wasm.ts and columns-wasm.ts build (regenerate with node scripts/wasm-modules.mjs)', () => {
    expect(Array.from(moduleFrom(SAMPLER_WASM))).toEqual(Array.from(samplerModuleBytes()));
    expect(Array.from(moduleFrom(COLUMNS_WASM))).toEqual(Array.from(columnsModuleBytes()));
  });

  it('flat flattens any nesting in order', () => {
    const c: Code = [1, [2, [3, [4, []]], 5], [], [[6]]];
    expect(flat(c)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
