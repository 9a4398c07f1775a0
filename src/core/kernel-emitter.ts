/**
 * The statements of one kernel piece as kernel-source.ts builds them: each operation folded when
 * its operands are known, else an expression tree (kernel-ir.ts) for the WebAssembly kernel or, when
 * the pieces go to JavaScript, its source straight away. Only numbers and slot indices, never text
 * from a file.
 */
import { RESULTS } from './kernel-piece-wasm.js';
import { BIN, COL, line, LOCAL, NOT, PICK, S_LET, src, type BinOp, type Col, type Expr, type Local, type Node, type Stmt } from './kernel-ir.js';

/**
 * A value known now (a number) or computed per sample: an expression tree (kernel-ir.ts) for the
 * WebAssembly kernel, or, once the pipeline is too long for it (or for backend 'js'), JavaScript
 * source straight away (printing trees first cost the 1,000-stage pipeline ~70 ms more).
 */
export type Val = number | Node | string;
/** A condition known now or per sample. */
export type Cond = boolean | Node | string;

export const known = (v: Val): v is number => typeof v === 'number';
/** Each stage piece's running pipeline total (`let pipelineTotal = acc[i];` … `acc[i] = pipelineTotal;`). */
export const TOTAL: Local = { k: LOCAL, name: 'pipelineTotal', cond: false };
/** A name as JavaScript source (a local `vN` or a column read `cK[i]`): bound already. */
const NAME = /^[A-Za-z_$][\w$]*(\[i\])?$/;

/** The memory columns a kernel's pieces name: the draws `cK`, then R, acc, stageAcc and the results (kernel-piece-wasm.ts). */
export interface KernelColumns {
  draws: Col[];
  R: Col;
  acc: Col;
  stageAcc: Col;
  results: Col[];
}
export function kernelColumns(columns: number): KernelColumns {
  const col = (name: string, at: number): Col => ({ k: COL, name, col: at, text: `${name}[i]` });
  return {
    draws: Array.from({ length: columns }, (_, k) => col(`c${k}`, k)),
    R: col('R', columns),
    acc: col('acc', columns + 1),
    stageAcc: col('stageAcc', columns + 2),
    results: RESULTS.map((name, r) => col(name, columns + 3 + r)),
  };
}

/**
 * Statements of one piece's loop body; each operation folds when both operands are known. `js`:
 * statements and expressions as JavaScript source (the pieces are compiled as JavaScript), else as
 * trees for the WebAssembly kernel; both print the same source (kernel-ir.ts `line`).
 */
export class Emitter {
  readonly lines: (Stmt | string)[] = [];
  /** Step splits already made in the current stage block, by their arguments (the same split gives the same runs): W, J and K of each run. */
  readonly splits = new Map<string, [Val, Val, Val, Val, Val, Val]>();
  private next = 0;

  constructor(readonly js: boolean) {}

  /** A node, or its source. */
  node(n: Node): Val {
    return this.js ? src(n) : n;
  }
  /** A statement, or its line. */
  stmt(s: Stmt): void {
    this.lines.push(this.js ? line(s) : s);
  }
  private bin(op: BinOp, a: Expr, b: Expr): Node | string {
    return this.js ? `(${src(a)} ${op} ${src(b)})` : { k: BIN, op, a, b };
  }

  add(a: Val, b: Val): Val {
    return known(a) && known(b) ? a + b : this.bin('+', a, b);
  }
  sub(a: Val, b: Val): Val {
    return known(a) && known(b) ? a - b : this.bin('-', a, b);
  }
  mul(a: Val, b: Val): Val {
    return known(a) && known(b) ? a * b : this.bin('*', a, b);
  }
  div(a: Val, b: Val): Val {
    return known(a) && known(b) ? a / b : this.bin('/', a, b);
  }
  gt(a: Val, b: Val): Cond {
    return known(a) && known(b) ? a > b : this.bin('>', a, b);
  }
  lt(a: Val, b: Val): Cond {
    return known(a) && known(b) ? a < b : this.bin('<', a, b);
  }
  not(c: Cond): Cond {
    if (typeof c === 'boolean') return !c;
    return this.js ? `!${src(c)}` : { k: NOT, a: c };
  }
  /** `a && b` (the operands have no side effects, so a known false decides it). */
  and(a: Cond, b: Cond): Cond {
    if (a === false || b === false) return false;
    if (a === true) return b;
    return b === true ? a : this.bin('&&', a, b);
  }
  /** `c ? a : b`, decided now when `c` is known. */
  pick(c: Cond, a: Val, b: Val): Val {
    if (typeof c === 'boolean') return c ? a : b;
    return this.js ? `(${src(c)} ? ${src(a)} : ${src(b)})` : { k: PICK, c, a, b };
  }
  /** Name a per-sample value (a known one, a local or a column read stays as it is). */
  bind(v: Val): Val {
    if (known(v)) return v;
    if (typeof v === 'string' ? NAME.test(v) : v.k === LOCAL || v.k === COL) return v;
    return this.local(v, false);
  }
  bindCond(c: Cond): Cond {
    if (typeof c === 'boolean') return c;
    return this.local(c, true);
  }
  private local(value: Node | string, cond: boolean): Node | string {
    const name = `v${this.next++}`;
    if (this.js) {
      this.lines.push(`const ${name} = ${src(value)};`);
      return name;
    }
    const local: Local = { k: LOCAL, name, cond };
    this.lines.push({ k: S_LET, local, value });
    return local;
  }
}
