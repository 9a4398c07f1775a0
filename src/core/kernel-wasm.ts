/**
 * The Monte Carlo kernel as WebAssembly: the pieces kernel-source.ts generates, translated from
 * their source into one small module. Why: in a fresh process a generated JavaScript piece runs
 * interpreted, every intermediate double boxed on the heap (megabytes of garbage for 10,000
 * samples), while V8 optimises it on a background thread; WebAssembly is compiled before it runs
 * and works on unboxed doubles from the first sample.
 *
 * The source is kernel-source.ts's own, a closed form: `const vN = e;`, assignments to the
 * per-sample columns (`R[i]`, `acc[i]`, `stageAcc[i]`, the result columns), `pipelineTotal += e;`
 * and `split(…, sc);`, where every expression is a number, a name, a column read `cK[i]`, a
 * scratch read `sc[k]`, a call of `attempts` or `terms`, a parenthesised binary operation
 * (+ − × ÷ > < &&), `!c` or `(c ? a : b)`. Anything else throws, and the JavaScript pieces run
 * instead. Each operation is the same IEEE operation on the same operands in the same order
 * (WebAssembly, like JavaScript, never fuses or reorders them), `terms` is unrolled over its
 * table with its loop's operations, `split` is steps.ts's `splitSteps` written out (steps-wasm.ts) and
 * `attempts` calls the JavaScript function, so
 * every sample is bit for bit what the JavaScript pieces give (test/core/kernel-wasm.test.ts);
 * the one liberty taken is that a product or quotient by the literal 1 is not computed (it is its
 * other operand exactly, for every number).
 * A kernel of up to SHARED_KERNEL_MAX_SIZE lines and table numbers reads every number of its source
 * from the module's memory (written before each run: a double read back is the same double), so
 * its bytes do not depend on the prices and the pricings of a forecast share one compiled module
 * (`compiled` below); a larger kernel has its numbers in its code.
 * Only numbers are written into the module, never text from a file.
 */
import type { Kernel } from './cost-kernel.js';
import { attemptsPerCall } from './estimate.js';
import { END, F64, flat, funcType, I32, instantiate, name, section, uleb, vec, webAssembly, type Code, type Func } from './wasm-bytes.js';
import { Buffer } from 'node:buffer';
import { CHUNK, constantsAt, PieceCompiler, RESULTS, SCRATCH } from './kernel-piece-wasm.js';
import { firstLongBody, runSumBody, SPLIT, splitBody } from './steps-wasm.js';
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

/** The fixed functions' bodies (the same in every kernel module), made on first use. */
let fixedBodies: Uint8Array[] | null = null;
const FIXED_TYPES = [2, 2, 3];
function fixedFunctionBodies(): Uint8Array[] {
  if (fixedBodies) return fixedBodies;
  const fixed: Func[] = [
    { type: 2, locals: [[1, F64]], body: runSumBody() },
    { type: 2, locals: [[1, F64], [1, I32]], body: firstLongBody() },
    { type: 3, locals: [[10, F64]], body: splitBody() },
  ];
  return (fixedBodies = fixed.map((f) => Uint8Array.from(flat([vec(f.locals.map(([count, type]) => [uleb(count), type])), f.body, END]))));
}

/**
 * The module's bytes (piece k exported as `p<k>(n)`), the numbers it reads from memory and whether
 * it reads them there (`shared`: up to SHARED_KERNEL_MAX_SIZE, else they are in its code and
 * `consts` is empty). Throws on source it does not know.
 */
export function kernelModule(columns: number, pieces: readonly PieceIr[]): { bytes: Uint8Array; consts: Float64Array; shared: boolean } {
  const types: Code[] = [
    funcType([F64, F64], [F64]), // 0: attempts
    funcType([I32], []), // 1: a piece
    funcType([F64, F64, F64, F64], [F64]), // 2: runSum, firstLongStep
    funcType([F64, F64, F64, F64], []), // 3: split
  ];
  const bodies: (number[] | Uint8Array)[] = fixedFunctionBodies().slice();
  let size = 0;
  for (const p of pieces) size += p.body.length + p.table.length;
  const consts: number[] | null = size <= SHARED_KERNEL_MAX_SIZE ? [] : null;
  for (const p of pieces) bodies.push(new PieceCompiler(columns, p.table, consts).compile(p.body));
  const exports: Code[] = [[name('split'), 0x00, uleb(SPLIT)]];
  pieces.forEach((_, k) => exports.push([name(`p${k}`), 0x00, uleb(1 + FIXED_TYPES.length + k)]));
  // the code section: each body's size, then the body (copied natively: a kernel's bodies run to thousands of bytes)
  const sizes = bodies.map((b) => Uint8Array.from(uleb(b.length) as number[]));
  let codeLength = 0;
  for (let k = 0; k < bodies.length; k++) codeLength += sizes[k]!.length + bodies[k]!.length;
  const count = Uint8Array.from(uleb(bodies.length) as number[]);
  const head = Uint8Array.from(
    flat([
      [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
      section(1, vec(types)),
      section(2, vec([[name('m'), name('attempts'), 0x00, 0], [name('m'), name('mem'), 0x02, 0x00, 1]])),
      section(3, vec([...FIXED_TYPES.map((t) => [t]), ...pieces.map(() => [1])])),
      section(7, vec(exports)),
      10,
      uleb(count.length + codeLength),
    ]),
  );
  const out = new Uint8Array(head.length + count.length + codeLength);
  out.set(head);
  let at = head.length;
  out.set(count, at);
  at += count.length;
  for (let k = 0; k < bodies.length; k++) {
    out.set(sizes[k]!, at);
    at += sizes[k]!.length;
    out.set(bodies[k]!, at);
    at += bodies[k]!.length;
  }
  return { bytes: out, consts: Float64Array.from(consts ?? []), shared: consts !== null };
}

/** The module's bytes: piece k is exported as `p<k>(n)`. Throws on source it does not know. */
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
const compiled = new Map<string, KernelInstance>();
const KERNEL_CACHE_SIZE = 8;
/** How many kernel modules this process has compiled (for tests). */
let modulesCompiled = 0;
export const kernelModulesCompiled = (): number => modulesCompiled;

function kernelInstance(bytes: Uint8Array, shared: boolean): KernelInstance | null {
  // a module with its numbers in its code serves only the kernel it was built for: not kept
  const key = shared ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') : null;
  const hit = key === null ? undefined : compiled.get(key);
  if (hit) return hit;
  const wasm = instantiate<Record<string, (n: number) => void>>(bytes, { attempts: attemptsPerCall as unknown as (x: number) => number });
  if (!wasm) return null;
  modulesCompiled++;
  if (key === null) return wasm;
  if (compiled.size >= KERNEL_CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, wasm);
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
  const run = pieces.map((_, k) => exports[`p${k}`]!);
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
