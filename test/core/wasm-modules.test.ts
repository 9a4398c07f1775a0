/**
 * src/core/wasm-modules.ts holds the bytes of the fixed WebAssembly modules that a run decodes
 * instead of building: they must be exactly what the modules' definitions build (after changing
 * sampler-wasm.ts or columns-wasm.ts, run `node scripts/wasm-modules.mjs`).
 */
import { describe, expect, it } from 'vitest';
import { columnsModuleBytes } from '../../src/core/columns-wasm.js';
import { mcModuleBytes } from '../../src/core/mc-wasm-bytes.js';
import { samplerModuleBytes } from '../../src/core/sampler-wasm.js';
import { MC_WASM, moduleFrom } from '../../src/core/wasm-modules.js';
import { flat, type Code } from '../../src/core/wasm-bytes.js';

describe('the stored WebAssembly modules', () => {
  it('equal what mc-wasm-bytes.ts builds from sampler-wasm.ts and columns-wasm.ts (regenerate with node scripts/wasm-modules.mjs)', () => {
    expect(Array.from(moduleFrom(MC_WASM))).toEqual(Array.from(mcModuleBytes()));
  });

  it('one module holds both: its size is the two modules’ less one header, one memory import and the import names', () => {
    const both = mcModuleBytes().length;
    const apart = samplerModuleBytes().length + columnsModuleBytes().length;
    expect(both).toBeLessThan(apart);
    expect(both).toBeGreaterThan(apart - 64);
  });

  it('flat flattens any nesting in order', () => {
    const c: Code = [1, [2, [3, [4, []]], 5], [], [[6]]];
    expect(flat(c)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
