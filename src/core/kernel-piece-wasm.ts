/**
 * One generated kernel piece (kernel-source.ts's JavaScript source of a loop over the samples)
 * read into a WebAssembly function body: see kernel-wasm.ts for the closed form it reads and why
 * each operation is the JavaScript one. Throws on anything else.
 */
import { F64, F64_ADD, F64_DIV, F64_GT, F64_LT, F64_MUL, F64_SUB, I32, I32_ADD, I32_EQZ, I32_LT_U, I32_SHL, BLOCK, BR_IF, ELSE, END, IF, LOOP, ulebInto, VOID } from './wasm-bytes.js';
import { SPLIT } from './steps-wasm.js';

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

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:e[+-]?\d+)?)|([A-Za-z_$][\w$]*)|(\+=|&&|[-+*/()<>!?:;,=[\]{}]))/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    const m = TOKEN.exec(text);
    if (!m) {
      if (/^\s*$/.test(text.slice(at))) break;
      throw new Error(`kernel-wasm: cannot read ${JSON.stringify(text.slice(at, at + 20))}`);
    }
    out.push(m[1] ?? m[2] ?? m[3]!);
    at = TOKEN.lastIndex;
  }
  return out;
}

type Type = 'f' | 'i';

const f64Scratch = new Float64Array(1);
const f64View = new Uint8Array(f64Scratch.buffer);

/**
 * One piece as a function `(n)` over samples 0 … n − 1 of the columns in memory. The source is
 * read once, left to right, and each instruction written as it is read (a stack machine takes an
 * expression's operands before its operator, as the source gives them), straight into bytes.
 */
export class PieceCompiler {
  private readonly locals: number[] = [];
  private readonly names = new Map<string, { index: number; t: Type }>();
  /** The loop body's bytes. */
  private out: number[] = [];
  private toks: string[] = [];
  private pos = 0;
  // params: 0 n; fixed locals: 1 i, 2 p (8i)
  private readonly I = 1;
  private readonly P = 2;
  private readonly constBase: number;

  /**
   * `consts`: the module's constants (shared by its pieces); each number this piece reads is
   * appended to it and read from memory at constantsAt(columns) + 8 × its index. Null: the numbers
   * are written into the code as f64.const (faster to run in a large kernel, which V8 then
   * optimises with them, but the bytes then hold them).
   */
  constructor(
    private readonly columns: number,
    private readonly table: readonly number[],
    private readonly consts: number[] | null,
  ) {
    this.local(I32);
    this.local(I32);
    this.constBase = constantsAt(columns);
  }

  private local(type: number): number {
    this.locals.push(type);
    return this.locals.length; // param 0 comes first
  }

  private op(code: number): void {
    this.out.push(code);
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

  /** Memory column of a name: cK the draws, then R, acc, stageAcc and the results. */
  private columnOf(name: string): number {
    const k = /^c(\d+)$/.exec(name);
    if (k) {
      const j = Number(k[1]);
      if (j < this.columns) return j;
    }
    const fixed = ['R', 'acc', 'stageAcc', ...RESULTS].indexOf(name);
    if (fixed < 0) throw new Error(`kernel-wasm: unknown column ${name}`);
    return this.columns + fixed;
  }

  /** Pushes the address of sample i (8i); returns the offset of the column's start. */
  private at(name: string): number {
    this.get(this.P);
    return SCRATCH + this.columnOf(name) * 8 * CHUNK;
  }

  private next(): string {
    const t = this.toks[this.pos++];
    if (t === undefined) throw new Error('kernel-wasm: unexpected end');
    return t;
  }
  private expect(t: string): void {
    const got = this.next();
    if (got !== t) throw new Error(`kernel-wasm: expected ${t}, got ${got}`);
  }
  private peek(): string | undefined {
    return this.toks[this.pos];
  }

  private f(t: Type): void {
    if (t !== 'f') throw new Error('kernel-wasm: a condition where a number belongs');
  }
  private cond(t: Type): void {
    if (t !== 'i') throw new Error('kernel-wasm: a number where a condition belongs');
  }

  private literal(t: string): number {
    if (t === 'Infinity') return Infinity;
    if (t === 'NaN') return Number.NaN;
    if (!/^\d/.test(t)) throw new Error(`kernel-wasm: expected a number, got ${t}`);
    return Number(t);
  }

  /** Writes an expression's code; returns its type. */
  private primary(): Type {
    const t = this.next();
    if (t === '!') {
      this.cond(this.primary());
      this.op(I32_EQZ);
      return 'i';
    }
    if (t === '(') {
      if (this.peek() === '-') {
        this.next();
        this.f64(-this.literal(this.next()));
        this.expect(')');
        return 'f';
      }
      const a = this.primary();
      const op = this.next();
      if (op === ')') return a;
      let r: Type;
      if (op === '?') {
        this.cond(a);
        this.out.push(IF, F64);
        this.f(this.primary());
        this.expect(':');
        this.op(ELSE);
        this.f(this.primary());
        this.op(END);
        r = 'f';
      } else if (op === '&&') {
        this.cond(a);
        this.cond(this.primary());
        this.op(I32_AND);
        r = 'i';
      } else {
        const code = op === '+' ? F64_ADD : op === '-' ? F64_SUB : op === '*' ? F64_MUL : op === '/' ? F64_DIV : op === '>' ? F64_GT : op === '<' ? F64_LT : -1;
        if (code < 0) throw new Error(`kernel-wasm: unknown operator ${op}`);
        this.f(a);
        if ((op === '*' || op === '/') && this.peek() === '1' && this.toks[this.pos + 1] === ')') {
          // x × 1 and x ÷ 1 are x, every double (±0 and infinities included): nothing to do
          this.next();
        } else {
          this.f(this.primary());
          this.op(code);
        }
        r = op === '>' || op === '<' ? 'i' : 'f';
      }
      this.expect(')');
      return r;
    }
    const c = t.charCodeAt(0);
    if ((c >= 48 && c <= 57) || t === 'Infinity' || t === 'NaN') {
      this.f64(this.literal(t));
      return 'f';
    }
    if (t === 'true' || t === 'false') {
      this.out.push(0x41, t === 'true' ? 1 : 0);
      return 'i';
    }
    if (!/^[A-Za-z_$]/.test(t)) throw new Error(`kernel-wasm: unexpected ${t}`);
    if (this.peek() === '[') {
      this.next();
      const index = this.next();
      this.expect(']');
      if (t === 'sc') {
        const k = this.literal(index);
        if (!(k >= 0 && k < 5 && Number.isInteger(k))) throw new Error(`kernel-wasm: sc[${index}]`);
        this.out.push(0x41, 0);
        this.mem(0x2b, 8 * k);
        return 'f';
      }
      if (index !== 'i') throw new Error(`kernel-wasm: ${t}[${index}]`);
      this.mem(0x2b, this.at(t));
      return 'f';
    }
    if (this.peek() === '(') return this.call(t);
    const v = this.names.get(t);
    if (!v) throw new Error(`kernel-wasm: unknown name ${t}`);
    this.get(v.index);
    return v.t;
  }

  private call(name: string): Type {
    this.expect('(');
    if (name === 'attempts') {
      this.f(this.primary());
      this.expect(',');
      this.f(this.primary());
      this.expect(')');
      this.out.push(0x10, ATTEMPTS);
      return 'f';
    }
    if (name === 'terms') {
      // termsRun(perModel, stageCost, T, from, to): acc = acc + ((perModel × t[k]) / t[k+1]) × t[k+2] × t[k+3]
      const x = this.local(F64);
      this.f(this.primary());
      this.set(x);
      this.expect(',');
      this.f(this.primary());
      this.expect(',');
      this.expect('T');
      this.expect(',');
      const from = this.literal(this.next());
      this.expect(',');
      const to = this.literal(this.next());
      this.expect(')');
      const t = this.table;
      if (to > t.length) throw new Error('kernel-wasm: short table');
      for (let k = from; k < to; k += 4) {
        this.get(x);
        this.f64(t[k]!);
        this.op(F64_MUL);
        this.f64(t[k + 1]!);
        this.op(F64_DIV);
        this.f64(t[k + 2]!);
        this.op(F64_MUL);
        this.f64(t[k + 3]!);
        this.op(F64_MUL);
        this.op(F64_ADD);
      }
      return 'f';
    }
    throw new Error(`kernel-wasm: unknown function ${name}`);
  }

  /** One statement (its tokens end before `;`). */
  private statement(): void {
    const t = this.next();
    if (t === 'const' || t === 'let') {
      const name = this.next();
      this.expect('=');
      const type = this.primary();
      const index = this.local(type === 'f' ? F64 : I32);
      this.names.set(name, { index, t: type });
      this.set(index);
      return;
    }
    if (t === 'split') {
      this.expect('(');
      for (let k = 0; k < 4; k++) {
        this.f(this.primary());
        this.expect(',');
      }
      this.expect('sc');
      this.expect(')');
      this.out.push(0x10, SPLIT);
      return;
    }
    if (this.peek() === '+=') {
      this.next();
      const v = this.names.get(t);
      if (!v || v.t !== 'f') throw new Error(`kernel-wasm: += to ${t}`);
      this.get(v.index);
      this.f(this.primary());
      this.op(F64_ADD);
      this.set(v.index);
      return;
    }
    this.expect('[');
    this.expect('i');
    this.expect(']');
    this.expect('=');
    const offset = this.at(t);
    this.f(this.primary());
    this.mem(0x39, offset);
  }

  /** The function's body as the code section holds it (its locals, then its code). */
  compile(body: readonly string[]): number[] {
    this.toks = tokenize(body.join('\n')).filter((t) => t !== '{' && t !== '}');
    this.pos = 0;
    while (this.pos < this.toks.length) {
      if (this.peek() === ';') {
        this.next();
        continue;
      }
      this.statement();
      if (this.pos < this.toks.length) this.expect(';');
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
    for (const b of statements) code.push(b);
    this.get(this.I);
    this.out.push(0x41, 1, I32_ADD, 0x22);
    ulebInto(code, this.I);
    this.get(0);
    this.out.push(I32_LT_U, BR_IF, 0, END, END, END);
    return code;
  }
}
