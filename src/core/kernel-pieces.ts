/**
 * Where the kernel's generated pieces go (kernel-source.ts generates them, kernel-ir.ts): the
 * WebAssembly kernel (kernel-wasm.ts) while their statements stay within WASM_KERNEL_MAX_LINES,
 * else JavaScript functions (printed from the same statements) compiled one piece at a time, with `termsRun`, the helper those call.
 * Only numbers, slot indices and kernel-source.ts's own text are in the source, never text from a file.
 */
import type { Kernel } from './cost-kernel.js';
import { attemptsPerCall } from './estimate.js';
import { wasmKernel, WASM_KERNEL_MAX_LINES } from './kernel-wasm.js';
import { pieceLines, type PieceIr, type Stmt } from './kernel-ir.js';
import { splitSteps, stepScratch } from './steps.js';

/**
 * Stage models `t[from..to)` (four numbers each: share, steps, per-call cost, batch factor) added to
 * a stage's cost, for one sample: `run`'s `stageCost += (C / steps) × (inputSum + outputSum) × f`
 * with C = perModel × share, for models whose every input but the request volume is known. One
 * function for every such model of every stage, so it is compiled once, not once per model.
 */
export function termsRun(perModel: number, stageCost: number, t: Float64Array, from: number, to: number): number {
  let acc = stageCost;
  for (let k = from; k < to; k += 4) acc = acc + ((perModel * t[k]!) / t[k + 1]!) * t[k + 2]! * t[k + 3]!;
  return acc;
}

/** One generated function: (cols, n, R, acc, stageAcc, res) over every sample. */
type Piece = (cols: readonly Float64Array[], n: number, R: Float64Array, acc: Float64Array, stageAcc: Float64Array, res: unknown) => void;

/** Helpers the generated code calls (by these names). */
const HELPERS = { attempts: attemptsPerCall, split: splitSteps, scratch: stepScratch, terms: termsRun };

function compileJsPiece(columns: number, ir: readonly (Stmt | string)[], table: readonly number[]): Piece {
  const body = pieceLines(ir);
  const head: string[] = [];
  for (let k = 0; k < columns; k++) head.push(`const c${k} = cols[${k}];`);
  head.push('const sc = scratch();');
  head.push('const { total, requests, fixed, users, outcomes, netValue } = res;');
  const names = Object.keys(HELPERS) as (keyof typeof HELPERS)[];
  const source = `"use strict"; return function costKernelPiece(cols, n, R, acc, stageAcc, res) {\n${head.join('\n')}\nfor (let i = 0; i < n; i++) {\n${body.join('\n')}\n}\n};`;
  // the source holds only numbers, slot indices and kernel-source.ts's own text, never text from a file
  const make = new Function(...names, 'T', source) as (...h: unknown[]) => Piece;
  return make(...names.map((k) => HELPERS[k]), Float64Array.from(table));
}

/** Which translation of the pieces `buildKernel` gives: WebAssembly where it can, JavaScript, or (tests) WebAssembly only. */
export type KernelBackend = 'auto' | 'js' | 'wasm';

/**
 * Where `buildKernel` puts each piece as it is generated: its statements are kept for the
 * WebAssembly kernel (kernel-wasm.ts: the same numbers, no warm-up) while the pieces together stay within
 * WASM_KERNEL_MAX_LINES; past that (or for backend 'js'), each piece is compiled as a JavaScript
 * function at once and its statements dropped, so a pipeline of any size holds one piece at a
 * time. `kernel()` is null when the runtime forbids code generation, or for backend 'wasm' when
 * WebAssembly cannot take the pieces.
 */
export class PieceSink {
  private sources: PieceIr[] | null = [];
  /** Lines of the pieces added so far. */
  lines = 0;
  private readonly compiled: Piece[] = [];
  private failed = false;

  constructor(
    private readonly columns: number,
    private readonly backend: KernelBackend,
  ) {
    if (backend === 'js') this.sources = null;
  }

  /** Whether the pieces still to come are compiled as JavaScript (so are best written as its source straight away). */
  get js(): boolean {
    return this.sources === null;
  }

  add(p: PieceIr): void {
    this.lines += p.body.length;
    if (this.failed) return;
    if (this.sources) {
      this.sources.push(p);
      if (this.lines <= WASM_KERNEL_MAX_LINES) return;
      if (this.backend === 'wasm') {
        this.failed = true;
        return;
      }
      this.toJs();
    } else this.compile(p);
  }

  /**
   * The pieces will not fit in WebAssembly (`buildKernel`'s projection): compile those held as
   * JavaScript now, and take the rest as JavaScript (backend 'auto'; 'wasm' waits for the limit).
   */
  preferJs(): void {
    if (this.backend === 'auto' && this.sources && !this.failed) this.toJs();
  }

  private toJs(): void {
    const held = this.sources ?? [];
    this.sources = null;
    for (const q of held) this.compile(q);
  }

  private compile(p: PieceIr): void {
    if (this.failed) return;
    try {
      this.compiled.push(compileJsPiece(this.columns, p.body, p.table));
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
      this.failed = true;
    }
  }

  kernel(): Kernel | null {
    if (this.failed) return null;
    if (this.sources) {
      const wasm = wasmKernel(this.columns, this.sources);
      if (wasm || this.backend === 'wasm') return wasm;
      for (const q of this.sources) this.compile(q);
    }
    if (this.failed) return null;
    const pieces = this.compiled;
    return (cols, n, res) => {
      const R = new Float64Array(n);
      const acc = new Float64Array(n);
      const stageAcc = new Float64Array(n);
      for (const piece of pieces) piece(cols, n, R, acc, stageAcc, res);
    };
  }
}
