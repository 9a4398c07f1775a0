/**
 * The compiled Monte Carlo kernel of a `CostProgram` (cost-kernel.ts), built so that any pipeline
 * compiles and runs: `run`'s operations, in `run`'s order, as JavaScript source in small pieces.
 *
 * - Folding: every value is either known when the kernel is made (a number) or read per sample
 *   (an expression). An operation on two known numbers is done here, with the same operands in the
 *   same order as `run` does it, so it gives the same double; only what varies between samples is
 *   left for the loop. A stage with no uncertain input costs a few multiplications per sample.
 * - Chunks: the pipeline is cut into functions of at most CHUNK_TERMS model terms, each looping over
 *   every sample and adding its stages to a running pipeline total per sample, in stage order
 *   (the same additions as `run`). No function grows with the pipeline, so V8 optimises each one,
 *   nothing overflows the stack however many stages there are, and the source of one chunk at a
 *   time is all that is held as text.
 *
 * Only numbers and slot indices are written into the source, never text from a file.
 */
import type { Kernel, KernelResults } from './cost-kernel.js';

/** A value known now (a number) or computed per sample (JavaScript source of an expression). */
export type Val = number | string;
/** A condition known now or per sample. */
export type Cond = boolean | string;

/** A number as JavaScript source that reads back as exactly the same double. */
export function lit(x: number): string {
  if (Object.is(x, -0)) return '(-0)';
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '(-Infinity)';
  return x < 0 ? `(${String(x)})` : String(x);
}

const src = (v: Val): string => (typeof v === 'number' ? lit(v) : v);

/**
 * Emits statements for one chunk, folding what is known. Each operation takes its operands in the
 * order `run` writes them; two known operands give a known result.
 */
export class Emitter {
  readonly lines: string[] = [];
  private next = 0;

  constructor(private readonly prefix: string) {}

  add(a: Val, b: Val): Val {
    return typeof a === 'number' && typeof b === 'number' ? a + b : `(${src(a)} + ${src(b)})`;
  }
  sub(a: Val, b: Val): Val {
    return typeof a === 'number' && typeof b === 'number' ? a - b : `(${src(a)} - ${src(b)})`;
  }
  mul(a: Val, b: Val): Val {
    return typeof a === 'number' && typeof b === 'number' ? a * b : `(${src(a)} * ${src(b)})`;
  }
  div(a: Val, b: Val): Val {
    return typeof a === 'number' && typeof b === 'number' ? a / b : `(${src(a)} / ${src(b)})`;
  }
  gt(a: Val, b: Val): Cond {
    return typeof a === 'number' && typeof b === 'number' ? a > b : `(${src(a)} > ${src(b)})`;
  }
  lt(a: Val, b: Val): Cond {
    return typeof a === 'number' && typeof b === 'number' ? a < b : `(${src(a)} < ${src(b)})`;
  }
  not(c: Cond): Cond {
    return typeof c === 'boolean' ? !c : `!${c}`;
  }
  and(a: Cond, b: Cond): Cond {
    if (a === false || b === false) return false;
    if (a === true) return b;
    if (b === true) return a;
    return `(${a} && ${b})`;
  }
  /** `c ? a : b`, decided now when `c` is known or both sides are the same number. */
  pick(c: Cond, a: Val, b: Val): Val {
    if (typeof c === 'boolean') return c ? a : b;
    if (typeof a === 'number' && typeof b === 'number' && Object.is(a, b)) return a;
    return `(${c} ? ${src(a)} : ${src(b)})`;
  }
  pickCond(c: Cond, a: Cond, b: Cond): Cond {
    if (typeof c === 'boolean') return c ? a : b;
    if (a === b) return a;
    return `(${c} ? ${String(a)} : ${String(b)})`;
  }
  /** Name a per-sample value once (a known one stays a number). */
  bind(v: Val): Val {
    if (typeof v === 'number' || /^[A-Za-z_$][\w$]*(\[i\])?$/.test(v)) return v;
    const name = `${this.prefix}${this.next++}`;
    this.lines.push(`const ${name} = ${v};`);
    return name;
  }
  bindCond(c: Cond): Cond {
    if (typeof c === 'boolean') return c;
    const name = `${this.prefix}${this.next++}`;
    this.lines.push(`const ${name} = ${c};`);
    return name;
  }
  /** A running sum in a `let`, started at `v`. */
  sum(v: Val): string {
    const name = `${this.prefix}${this.next++}`;
    this.lines.push(`let ${name} = ${src(v)};`);
    return name;
  }
  addTo(name: string, v: Val): void {
    this.lines.push(`${name} += ${src(v)};`);
  }
  line(s: string): void {
    this.lines.push(s);
  }
}

export { src as valSource };

/** A piece of the kernel: a function of (cols, n, R, acc, helpers) over every sample. */
export type Piece = (cols: readonly Float64Array[], n: number, R: Float64Array, acc: Float64Array, res: KernelResults) => void;

/**
 * Compile one piece from the statements of its loop body, or null when the runtime forbids code
 * generation (node --disallow-code-generation-from-strings). `helpers` are passed by name.
 */
export function compilePiece(columns: number, body: readonly string[], helpers: Record<string, unknown>): Piece | null {
  const names = Object.keys(helpers);
  const head: string[] = [];
  for (let k = 0; k < columns; k++) head.push(`const c${k} = cols[${k}];`);
  const source = `"use strict"; return function costKernelPiece(cols, n, R, acc, res) {\n${head.join('\n')}\nfor (let i = 0; i < n; i++) {\n${body.join('\n')}\n}\n};`;
  try {
    // the source holds only numbers, slot indices and fixed text (see Emitter), never text from a file
    const make = new Function(...names, source) as (...h: unknown[]) => Piece;
    return make(...names.map((k) => helpers[k]));
  } catch (err) {
    if (err instanceof EvalError) return null;
    throw err;
  }
}

/** Run pieces in order over the same columns: the kernel. */
export function chain(pieces: readonly Piece[]): Kernel {
  return (cols, n, res) => {
    const R = new Float64Array(n);
    const acc = new Float64Array(n);
    for (const piece of pieces) piece(cols, n, R, acc, res);
  };
}
