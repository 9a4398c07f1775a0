/**
 * One generated kernel piece (kernel-ir.ts: kernel-source.ts's statements over expression trees)
 * written as a WebAssembly function body, straight from the trees: see kernel-wasm.ts for why each
 * operation is the JavaScript one. Throws on anything it does not know (a condition where a number
 * belongs, a column or scratch slot out of range, a table row past the piece's table).
 */
import { F64, F64_ADD, F64_DIV, F64_GT, F64_LT, F64_MUL, F64_SUB, I32, I32_ADD, I32_EQZ, I32_LT_U, I32_SHL, BLOCK, BR_IF, ELSE, END, IF, LOOP, ulebInto, VOID } from './wasm-bytes.js';
import { SPLIT } from './steps-wasm.js';
import { ATTEMPTS as E_ATTEMPTS, BIN, COL, LOCAL, NOT, PICK, S_ADD, S_LET, S_SPLIT, S_STORE, SC, type Expr, type Local, type PieceIr, type Stmt } from './kernel-ir.js';

/** The imported `attempts` (estimate.ts `attemptsPerCall`): function 0 of the kernel module. */
export const ATTEMPTS = 0;
/** Bytes before the columns: `sc`, the scratch `split` writes. */
export const SCRATCH = 64;
const I32_AND = 0x71;

/** Result columns, in the order they follow R, acc and stageAcc in memory. */
export const RESULTS = ['total', 'requests', 'fixed', 'users', 'outcomes', 'netValue'] as const;

/**
 * Samples per pass through the module's memory: each column has room for this many, so column j
 * starts at SCRATCH + j × 8 × CHUNK whatever the pass's length. Short passes let the later ones run
 * the optimised code V8 compiles in the background meanwhile.
 */
export const CHUNK = 1024;

/**
 * Where a kernel's constants start in memory (after its columns): every number of its source and
 * of its `terms` tables is read from there, so the module's bytes do not depend on the prices and
 * one compiled module serves every pricing of the same shape (kernel-wasm.ts).
 */
export const constantsAt = (columns: number): number => SCRATCH + (columns + 3 + RESULTS.length) * 8 * CHUNK;

type Type = 'f' | 'i';

const f64Scratch = new Float64Array(1);
const f64View = new Uint8Array(f64Scratch.buffer);
const BIN_CODES: Record<string, number> = { '+': F64_ADD, '-': F64_SUB, '*': F64_MUL, '/': F64_DIV, '>': F64_GT, '<': F64_LT };

/**
 * Pieces as one function `(n)` over samples 0 … n − 1 of the columns in memory: for each sample,
 * each piece's statements in turn (a sample's values depend only on that sample's, so one loop of
 * every piece computes what the pieces' loops one after the other do). Each expression is written
 * operands first, then its operator (a stack machine takes them in the order the JavaScript source
 * evaluates them), straight into bytes.
 */
export class PieceCompiler {
  private readonly locals: number[] = [];
  private readonly names = new Map<Local, number>();
  /** The loop body's bytes. */
  private out: number[] = [];
  // params: 0 n; fixed locals: 1 i, 2 p (8i)
  private readonly I = 1;
  private readonly P = 2;
  private readonly constBase: number;
  private readonly columnCount: number;

  /**
   * `consts`: the module's constants (shared by its pieces); each number this piece reads is
   * appended to it and read from memory at constantsAt(columns) + 8 × its index. Null: the numbers
   * are written into the code as f64.const (faster to run in a large kernel, which V8 then
   * optimises with them, but the bytes then hold them).
   */
  /** The `terms` table of the piece being written. */
  private table: readonly number[] = [];

  constructor(
    columns: number,
    private readonly consts: number[] | null,
  ) {
    this.local(I32);
    this.local(I32);
    this.constBase = constantsAt(columns);
    this.columnCount = columns + 3 + RESULTS.length;
  }

  private local(type: number): number {
    this.locals.push(type);
    return this.locals.length; // param 0 comes first
  }

  private get(i: number, to = this.out): void {
    to.push(0x20);
    ulebInto(to, i);
  }
  private set(i: number, to = this.out): void {
    to.push(0x21);
    ulebInto(to, i);
  }
  /** A number of the source: a load of its slot among the module's constants, or f64.const (the same double). */
  private f64(x: number): void {
    if (!this.consts) {
      f64Scratch[0] = x;
      const b = f64View;
      this.out.push(0x44, b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!, b[7]!);
      return;
    }
    const k = this.consts.length;
    this.consts.push(x);
    this.out.push(0x41, 0);
    this.mem(0x2b, this.constBase + 8 * k);
  }
  /** f64.load / f64.store (align 8) at a constant offset. */
  private mem(code: number, offset: number): void {
    this.out.push(code, 3);
    ulebInto(this.out, offset);
  }
  /** Pushes the address of sample i (8i); returns the offset of memory column `col`. */
  private at(col: number): number {
    if (!(col >= 0 && col < this.columnCount && Number.isInteger(col))) throw new Error(`kernel-wasm: column ${col}`);
    this.get(this.P);
    return SCRATCH + col * 8 * CHUNK;
  }

  /** A number's code (throws on a condition). */
  private num(v: Expr): void {
    if (this.expr(v) !== 'f') throw new Error('kernel-wasm: a condition where a number belongs');
  }
  /** A condition's code (throws on a number). */
  private cond(v: Expr): void {
    if (this.expr(v) !== 'i') throw new Error('kernel-wasm: a number where a condition belongs');
  }

  /** Writes an expression's code; returns its type. */
  private expr(v: Expr): Type {
    if (typeof v === 'number') {
      this.f64(v);
      return 'f';
    }
    if (typeof v === 'boolean') {
      this.out.push(0x41, v ? 1 : 0);
      return 'i';
    }
    if (typeof v === 'string') throw new Error('kernel-wasm: JavaScript source, not a tree');
    switch (v.k) {
      case LOCAL: {
        const index = this.names.get(v);
        if (index === undefined) throw new Error(`kernel-wasm: ${v.name} read before it is set`);
        this.get(index);
        return v.cond ? 'i' : 'f';
      }
      case COL:
        this.mem(0x2b, this.at(v.col));
        return 'f';
      case SC:
        if (!(v.s >= 0 && v.s < 7 && Number.isInteger(v.s))) throw new Error(`kernel-wasm: sc[${v.s}]`);
        this.out.push(0x41, 0);
        this.mem(0x2b, 8 * v.s);
        return 'f';
      case BIN:
        if (v.op === '&&') {
          this.cond(v.a);
          this.cond(v.b);
          this.out.push(I32_AND);
          return 'i';
        } else {
          const code = BIN_CODES[v.op];
          if (code === undefined) throw new Error(`kernel-wasm: unknown operator ${v.op}`);
          this.num(v.a);
          // x × 1 and x ÷ 1 are x, every double (±0 and infinities included): nothing to do
          if (!((v.op === '*' || v.op === '/') && v.b === 1)) {
            this.num(v.b);
            this.out.push(code);
          }
          return v.op === '>' || v.op === '<' ? 'i' : 'f';
        }
      case NOT:
        this.cond(v.a);
        this.out.push(I32_EQZ);
        return 'i';
      case PICK:
        this.cond(v.c);
        this.out.push(IF, F64);
        this.num(v.a);
        this.out.push(ELSE);
        this.num(v.b);
        this.out.push(END);
        return 'f';
      case E_ATTEMPTS:
        this.num(v.a);
        this.num(v.b);
        this.out.push(0x10, ATTEMPTS);
        return 'f';
      default: {
        // termsRun(perModel, stageCost, T, from, to): acc = acc + ((perModel × t[k]) / t[k+1]) × t[k+2] × t[k+3]
        const x = this.local(F64);
        this.num(v.x);
        this.set(x);
        this.num(v.acc);
        const t = this.table;
        if (v.to > t.length || v.from < 0) throw new Error('kernel-wasm: short table');
        for (let k = v.from; k < v.to; k += 4) {
          this.get(x);
          this.f64(t[k]!);
          this.out.push(F64_MUL);
          this.f64(t[k + 1]!);
          this.out.push(F64_DIV);
          this.f64(t[k + 2]!);
          this.out.push(F64_MUL);
          this.f64(t[k + 3]!);
          this.out.push(F64_MUL, F64_ADD);
        }
        return 'f';
      }
    }
  }

  private statement(s: Stmt | string): void {
    if (typeof s === 'string') throw new Error('kernel-wasm: a line of JavaScript, not a statement');
    switch (s.k) {
      case S_LET: {
        const type = this.expr(s.value);
        if ((type === 'i') !== s.local.cond) throw new Error(`kernel-wasm: ${s.local.name} of the wrong type`);
        const index = this.local(type === 'f' ? F64 : I32);
        this.names.set(s.local, index);
        this.set(index);
        return;
      }
      case S_STORE:
        for (const [c, value] of s.stores) {
          const offset = this.at(c.col);
          this.num(value);
          this.mem(0x39, offset);
        }
        return;
      case S_ADD: {
        const index = this.names.get(s.local);
        if (index === undefined || s.local.cond) throw new Error(`kernel-wasm: += to ${s.local.name}`);
        this.get(index);
        this.num(s.value);
        this.out.push(F64_ADD);
        this.set(index);
        return;
      }
      case S_SPLIT:
        for (const a of s.args) this.num(a);
        this.out.push(0x10, SPLIT);
        return;
      default:
      // `{` and `}` (a stage's block in JavaScript): nothing to do
    }
  }

  /**
   * The function's body as the code section holds it, in two parts (one after the other, not
   * copied into one: a large kernel's run to thousands of bytes): its locals and the loop's start,
   * then the statements and the loop's end.
   */
  compile(pieces: readonly PieceIr[]): [number[], number[]] {
    for (const piece of pieces) {
      this.table = piece.table;
      for (const s of piece.body) this.statement(s);
    }
    const statements = this.out;
    const code: number[] = [];
    // locals, as runs of one type
    const runs: [number, number][] = [];
    for (const type of this.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === type) last[0]++;
      else runs.push([1, type]);
    }
    ulebInto(code, runs.length);
    for (const [count, type] of runs) {
      ulebInto(code, count);
      code.push(type);
    }
    this.out = code;
    this.out.push(BLOCK, VOID);
    this.get(0);
    this.out.push(I32_EQZ, BR_IF, 0);
    this.out.push(LOOP, VOID);
    this.get(this.I);
    this.out.push(0x41, 3, I32_SHL);
    this.set(this.P);
    this.out = statements;
    this.get(this.I);
    this.out.push(0x41, 1, I32_ADD, 0x22);
    ulebInto(statements, this.I);
    this.get(0);
    this.out.push(I32_LT_U, BR_IF, 0, END, END, END);
    return [code, statements];
  }
}
