/**
 * The Monte Carlo kernel as WebAssembly: the pieces kernel-source.ts generates, written as one
 * small module straight from their statements and expression trees (kernel-ir.ts; no JavaScript
 * source is generated and read back: that cost ~1.7 ms of cold JavaScript per kernel). Why
 * WebAssembly: in a fresh process a generated JavaScript piece runs interpreted, every
 * intermediate double boxed on the heap (megabytes of garbage for 10,000 samples), while V8
 * optimises it on a background thread; WebAssembly is compiled before it runs and works on unboxed
 * doubles from the first sample.
 *
 * The statements: `const vN = e;`, assignments to the per-sample columns (`R[i]`, `acc[i]`,
 * `stageAcc[i]`, the result columns), `pipelineTotal += e;` and `split(…, sc);`, where every
 * expression is a number, a local, a column read `cK[i]`, a scratch read `sc[k]`, a call of
 * `attempts` or `terms`, a binary operation (+ − × ÷ > < &&), `!c` or `(c ? a : b)`. Anything
 * else (or a type mismatch) throws, and the JavaScript pieces run instead. Each operation is the same IEEE operation on the same operands in the same order
 * (WebAssembly, like JavaScript, never fuses or reorders them), `terms` is unrolled over its
 * table with its loop's operations, `split` is steps.ts's `splitSteps` written out (steps-wasm.ts) and
 * `attempts` calls the JavaScript function, so
 * every sample is bit for bit what the JavaScript pieces give (test/core/kernel-wasm.test.ts);
 * the one liberty taken is that a product or quotient by the literal 1 is not computed (it is its
 * other operand exactly, for every number).
 * A kernel of up to SHARED_KERNEL_MAX_SIZE statements and table numbers reads every number of its
 * pieces from the module's memory (written before each run: a double read back is the same double), so
 * its bytes do not depend on the prices and the pricings of a forecast share one compiled module
 * (`compiled` below), and its pieces are one function (one loop); a larger kernel has its numbers
 * in its code and a function per piece.
 * Only numbers are written into the module, never text from a file.
 */
import type { Kernel } from './cost-kernel.js';
import { attemptsPerCall } from './estimate.js';
import { instantiate, ulebInto, webAssembly } from './wasm-bytes.js';
import { Buffer } from 'node:buffer';
import { CHUNK, constantsAt, PieceCompiler, RESULTS, SCRATCH } from './kernel-piece-wasm.js';
import { FIXED_CODE, SPLIT } from './steps-wasm.js';
import type { PieceIr } from './kernel-ir.js';


/** Pipelines whose pieces hold more lines than this run as JavaScript pieces (a module's size grows with its source). */
export const WASM_KERNEL_MAX_LINES = 4000;
/**
 * Kernels whose pieces hold at most this many lines and table numbers together read their numbers
 * from memory (one module for every pricing of that shape); larger ones have them in the code,
 * which V8 optimises into faster code: a 500-term pipeline ran its 100,000 samples in ~235 ms
 * with its numbers in memory against ~120 ms with them in the code, while compiling a module
 * costs ~1 ms (bench/README.md).
 */
export const SHARED_KERNEL_MAX_SIZE = 600;

/**
 * The kernel module's type section (0 attempts (f64, f64) → f64; 1 a piece (i32); 2 runSum and
 * firstLongStep (f64 × 4) → f64; 3 split (f64 × 4)) and import section (m.attempts, m.mem), written
 * out once (test/core/kernel-wasm.test.ts checks them against their definitions).
 */
export const KERNEL_TYPES_IMPORTS: readonly number[] = [
  1, 26, 4, 96, 2, 124, 124, 1, 124, 96, 1, 127, 0, 96, 4, 124, 124, 124, 124, 1, 124, 96, 4, 124, 124, 124, 124, 0, 2,
  23, 2, 1, 109, 8, 97, 116, 116, 101, 109, 112, 116, 115, 0, 0, 1, 109, 3, 109, 101, 109, 2, 0, 1,
];

/** The fixed functions' types (runSum, firstLongStep, split: steps-wasm.ts's FIXED_CODE). */
const FIXED_TYPES = [2, 2, 3];

/** Export names of the pieces' functions (`p0`, `p1`, …) as the export section writes them. */
function exportName(out: number[], k: number): void {
  const digits = String(k);
  out.push(1 + digits.length, 0x70);
  for (let d = 0; d < digits.length; d++) out.push(digits.charCodeAt(d));
}

/**
 * The module's bytes (its piece functions exported as `p<k>(n)`), the numbers it reads from memory
 * and whether it reads them there (`shared`: up to SHARED_KERNEL_MAX_SIZE lines and table numbers,
 * else they are in its code and `consts` is empty). A shared kernel is small: its pieces are one
 * function (one loop over the samples; fewer functions for V8 to compile); a larger one has a
 * function per piece, each of bounded size. Throws on a piece it does not know.
 */
export function kernelModule(columns: number, pieces: readonly PieceIr[]): { bytes: Uint8Array; consts: Float64Array; shared: boolean } {
  let size = 0;
  for (const p of pieces) size += p.body.length + p.table.length;
  const consts: number[] | null = size <= SHARED_KERNEL_MAX_SIZE ? [] : null;
  const bodies: [number[], number[]][] = [];
  if (consts) {
    if (pieces.length > 0) bodies.push(new PieceCompiler(columns, consts).compile(pieces));
  } else for (const p of pieces) bodies.push(new PieceCompiler(columns, null).compile([p]));
  const fixed = FIXED_TYPES.length;
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  for (let k = 0; k < KERNEL_TYPES_IMPORTS.length; k++) out.push(KERNEL_TYPES_IMPORTS[k]!);
  // function section: the fixed functions' types, then a piece's for each body
  const functions: number[] = [];
  ulebInto(functions, fixed + bodies.length);
  for (const t of FIXED_TYPES) functions.push(t);
  for (let k = 0; k < bodies.length; k++) functions.push(1);
  out.push(3);
  ulebInto(out, functions.length);
  for (const b of functions) out.push(b);
  // export section: split, then p0, p1, …
  const exports: number[] = [];
  ulebInto(exports, 1 + bodies.length);
  exports.push(5, 0x73, 0x70, 0x6c, 0x69, 0x74, 0x00, SPLIT);
  for (let k = 0; k < bodies.length; k++) {
    exportName(exports, k);
    exports.push(0x00);
    ulebInto(exports, 1 + fixed + k);
  }
  out.push(7);
  ulebInto(out, exports.length);
  for (const b of exports) out.push(b);
  // code section: the fixed bodies (with their sizes), then each piece function's size and body
  const count: number[] = [];
  ulebInto(count, fixed + bodies.length);
  const sizes = bodies.map(([head, body]) => {
    const u: number[] = [];
    ulebInto(u, head.length + body.length);
    return u;
  });
  let codeLength = count.length + FIXED_CODE.length;
  for (let k = 0; k < bodies.length; k++) codeLength += sizes[k]!.length + bodies[k]![0].length + bodies[k]![1].length;
  out.push(10);
  ulebInto(out, codeLength);
  for (const b of count) out.push(b);
  const bytes = new Uint8Array(out.length + codeLength - count.length);
  bytes.set(out);
  let at = out.length;
  bytes.set(FIXED_CODE, at);
  at += FIXED_CODE.length;
  // a large kernel's bodies run to thousands of bytes: copied natively
  for (let k = 0; k < bodies.length; k++) {
    for (const part of [sizes[k]!, ...bodies[k]!]) {
      bytes.set(part, at);
      at += part.length;
    }
  }
  return { bytes, consts: Float64Array.from(consts ?? []), shared: consts !== null };
}

/** The module's bytes (see kernelModule). Throws on a piece it does not know. */
export function kernelModuleBytes(columns: number, pieces: readonly PieceIr[]): Uint8Array {
  return kernelModule(columns, pieces).bytes;
}

type KernelInstance = NonNullable<ReturnType<typeof instantiate<Record<string, (n: number) => void>>>>;

/**
 * Compiled kernel modules of this process, by their bytes (those that read their numbers from
 * memory). Such bytes hold no number of the pipeline, so the pricings of a forecast, whose kernels
 * differ only in prices, share one module: one compile, one instance, one optimisation by V8. A
 * hit is a module of the very same bytes, so it computes what a fresh one would; each kernel writes
 * its own numbers before it runs. At most KERNEL_CACHE_SIZE kept; nothing outlives the process.
 */
const compiled: { bytes: Uint8Array; wasm: KernelInstance }[] = [];
const KERNEL_CACHE_SIZE = 8;
/** How many kernel modules this process has compiled (for tests). */
let modulesCompiled = 0;
export const kernelModulesCompiled = (): number => modulesCompiled;

function kernelInstance(bytes: Uint8Array, shared: boolean): KernelInstance | null {
  // a module with its numbers in its code serves only the kernel it was built for: not kept
  if (shared) for (const c of compiled) if (Buffer.compare(c.bytes, bytes) === 0) return c.wasm;
  const wasm = instantiate<Record<string, (n: number) => void>>(bytes, { attempts: attemptsPerCall as unknown as (x: number) => number });
  if (!wasm) return null;
  modulesCompiled++;
  if (!shared) return wasm;
  if (compiled.length >= KERNEL_CACHE_SIZE) compiled.shift();
  compiled.push({ bytes, wasm });
  return wasm;
}

/**
 * The pieces as one WebAssembly kernel, or null where WebAssembly cannot run, the source is
 * longer than WASM_KERNEL_MAX_LINES, or it holds something this translation does not know (the
 * caller then compiles the JavaScript pieces).
 */
export function wasmKernel(columns: number, pieces: readonly PieceIr[]): Kernel | null {
  if (!webAssembly()) return null;
  let lines = 0;
  for (const p of pieces) lines += p.body.length;
  if (lines > WASM_KERNEL_MAX_LINES) return null;
  let wasm;
  let consts: Float64Array;
  try {
    const made = kernelModule(columns, pieces);
    consts = made.consts;
    wasm = kernelInstance(made.bytes, made.shared);
  } catch {
    return null;
  }
  if (!wasm) return null;
  const { exports, memory, room } = wasm;
  const run: ((n: number) => void)[] = [];
  for (let k = 0; exports[`p${k}`]; k++) run.push(exports[`p${k}`]!);
  const constBase = constantsAt(columns);
  return (cols, n, res) => {
    room(constBase + 8 * consts.length);
    const buf = memory.buffer;
    // this kernel's numbers (a module may serve several kernels of the same shape)
    new Float64Array(buf, constBase, consts.length).set(consts);
    for (let from = 0; from < n; from += CHUNK) {
      const m = Math.min(CHUNK, n - from);
      const column = (j: number): Float64Array => new Float64Array(buf, SCRATCH + j * 8 * CHUNK, m);
      for (let k = 0; k < columns; k++) column(k).set(cols[k]!.subarray(from, from + m));
      column(columns + 1).fill(0); // acc: every sample's pipeline total starts at 0
      for (const piece of run) piece(m);
      RESULTS.forEach((name, r) => res[name].set(column(columns + 3 + r), from));
    }
  };
}
