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
 * table with its loop's operations, `split` is steps.ts's `splitSteps` written out here and
 * `attempts` calls the JavaScript function, so
 * every sample is bit for bit what the JavaScript pieces give (test/core/kernel-wasm.test.ts);
 * the one liberty taken is that a product or quotient by the literal 1 is not computed (it is its
 * other operand exactly, for every number).
 * Only numbers are written into the module, never text from a file.
 */
import type { Kernel } from './cost-kernel.js';
import { attemptsPerCall } from './estimate.js';
import {
  BLOCK, BR_IF, call, ELSE, END, f64, F64, F64_ADD, F64_DIV, F64_EQ, F64_GT, F64_LT, F64_MUL, F64_SUB, funcType, get, i32, I32, I32_ADD, I32_EQZ, I32_LT_U, I32_MUL,
  I32_SHL, IF, instantiate, LOOP, flat, name, RETURN, section, SELECT, set, tee, uleb, vec, VOID, webAssembly, type Code, type Func,
} from './wasm-bytes.js';

/** A generated piece: its loop body's lines and its constant table (`T`). */
export interface PieceSource {
  body: readonly string[];
  table: readonly number[];
}

/** Pipelines whose pieces hold more lines than this run as JavaScript pieces (a module's size grows with its source). */
export const WASM_KERNEL_MAX_LINES = 4000;
/**
 * Samples per pass through the module's memory (the memory holds this many of every column). Short
 * passes let the later ones run the optimised code V8 compiles in the background meanwhile.
 */
const CHUNK = 1024;
/** Bytes before the columns: `sc`, the scratch `split` writes. */
const SCRATCH = 64;

const I32_AND = 0x71;
const F64_LOAD_AT = (offset: number): Code => [0x2b, 3, uleb(offset)];
const F64_STORE_AT = (offset: number): Code => [0x39, 3, uleb(offset)];

// functions: the import, then steps.ts in WebAssembly, then the pieces
const ATTEMPTS = 0;
const RUN_SUM = 1;
const FIRST_LONG = 2;
const SPLIT = 3;
const [F64_FLOOR, F64_MIN, F64_MAX, BR] = [0x9c, 0xa4, 0xa5, 0x0c];

/** steps.ts `runSum(P, g, a, b)`. Params 0 P, 1 g, 2 a, 3 b; local 4 n. */
const runSumBody = (): Code => [
  get(3), get(2), F64_SUB, tee(4), f64(0), F64_EQ, IF, F64, f64(0), ELSE,
  get(4), get(0), F64_MUL, get(1), get(2), get(3), F64_ADD, f64(1), F64_SUB, F64_MUL, get(4), F64_MUL, f64(2), F64_DIV, F64_ADD,
  END,
];

/** steps.ts `firstLongStep(P, g, n, threshold)`. Params 0 P, 1 g, 2 n, 3 threshold; locals 4 k, 5 i (i32). */
const firstLongBody = (): Code => [
  get(0), get(1), get(2), f64(1), F64_SUB, F64_MUL, F64_ADD, get(3), F64_GT, I32_EQZ, IF, VOID, get(2), RETURN, END,
  get(0), get(3), F64_GT, IF, VOID, f64(0), RETURN, END,
  get(2), f64(1), F64_SUB, f64(1), get(3), get(0), F64_SUB, get(1), F64_DIV, F64_FLOOR, f64(1), F64_ADD, F64_MAX, F64_MIN, set(4),
  // while i < 64 && k > 1 && P + g × (k − 1) > threshold: k − 1
  BLOCK, VOID, LOOP, VOID,
  get(5), i32(64), I32_LT_U, I32_EQZ, BR_IF, 1,
  get(4), f64(1), F64_GT, I32_EQZ, BR_IF, 1,
  get(0), get(1), get(4), f64(1), F64_SUB, F64_MUL, F64_ADD, get(3), F64_GT, I32_EQZ, BR_IF, 1,
  get(4), f64(1), F64_SUB, set(4), get(5), i32(1), I32_ADD, set(5), BR, 0,
  END, END,
  i32(0), set(5),
  // while i < 64 && k < n − 1 && !(P + g × k > threshold): k + 1
  BLOCK, VOID, LOOP, VOID,
  get(5), i32(64), I32_LT_U, I32_EQZ, BR_IF, 1,
  get(4), get(2), f64(1), F64_SUB, F64_LT, I32_EQZ, BR_IF, 1,
  get(0), get(1), get(4), F64_MUL, F64_ADD, get(3), F64_GT, BR_IF, 1,
  get(4), f64(1), F64_ADD, set(4), get(5), i32(1), I32_ADD, set(5), BR, 0,
  END, END,
  get(4),
];

/**
 * steps.ts `splitSteps(P, g, S, threshold, sc)`, writing `sc` at memory [0, 40).
 * Params 0 P, 1 g, 2 S, 3 threshold; locals 4 whole, 5 frac, 6 n, 7 kL, 8 split, 9 w0, 10 j0, 11 w1, 12 j1, 13 last.
 */
const splitBody = (): Code => [
  get(2), F64_FLOOR, set(4),
  get(2), get(4), F64_SUB, set(5),
  get(4), f64(1), F64_ADD, get(4), get(5), f64(0), F64_GT, SELECT, set(6),
  get(3), f64(Infinity), F64_EQ, IF, F64, get(6), ELSE, get(0), get(1), get(6), get(3), call(FIRST_LONG), END, set(7),
  get(7), get(4), get(7), get(4), F64_LT, SELECT, set(8),
  get(8), set(9),
  get(0), get(1), f64(0), get(8), call(RUN_SUM), set(10),
  get(4), get(8), F64_SUB, set(11),
  get(0), get(1), get(8), get(4), call(RUN_SUM), set(12),
  get(5), f64(0), F64_GT, IF, VOID,
  get(5), get(0), get(1), get(4), F64_MUL, F64_ADD, F64_MUL, set(13),
  get(7), get(4), F64_GT, IF, VOID,
  get(9), get(5), F64_ADD, set(9), get(10), get(13), F64_ADD, set(10),
  ELSE,
  get(11), get(5), F64_ADD, set(11), get(12), get(13), F64_ADD, set(12),
  END,
  END,
  [9, 10, 11, 12, 7].map((local, k) => [i32(0), get(local), F64_STORE_AT(8 * k)]),
];

/** Result columns, in the order they follow R, acc and stageAcc in memory. */
const RESULTS = ['total', 'requests', 'fixed', 'users', 'outcomes', 'netValue'] as const;

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
class PieceCompiler {
  private readonly locals: number[] = [];
  private readonly names = new Map<string, { index: number; t: Type }>();
  private readonly bases = new Map<number, number>();
  /** The loop body's bytes, and what runs once before the loop (each column's offset). */
  private out: number[] = [];
  private readonly prologue: number[] = [];
  private toks: string[] = [];
  private pos = 0;
  // params: 0 n; fixed locals: 1 i, 2 p (8i), 3 s (8n)
  private readonly I = 1;
  private readonly P = 2;
  private readonly S = 3;

  constructor(
    private readonly columns: number,
    private readonly table: readonly number[],
  ) {
    this.local(I32);
    this.local(I32);
    this.local(I32);
  }

  private local(type: number): number {
    this.locals.push(type);
    return this.locals.length; // param 0 comes first
  }

  /** Unsigned LEB128 of `x` into `to`. */
  private static uleb(to: number[], x: number): void {
    do {
      let b = x & 0x7f;
      x >>>= 7;
      if (x !== 0) b |= 0x80;
      to.push(b);
    } while (x !== 0);
  }
  private op(code: number): void {
    this.out.push(code);
  }
  private get(i: number, to = this.out): void {
    to.push(0x20);
    PieceCompiler.uleb(to, i);
  }
  private set(i: number, to = this.out): void {
    to.push(0x21);
    PieceCompiler.uleb(to, i);
  }
  private f64(x: number): void {
    f64Scratch[0] = x;
    const b = f64View;
    this.out.push(0x44, b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!, b[7]!);
  }
  /** f64.load / f64.store (align 8) at a constant offset below 128. */
  private mem(code: number, offset: number): void {
    this.out.push(code, 3, offset);
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

  /** The address (without the scratch offset) of sample i of a column. */
  private at(name: string): void {
    const j = this.columnOf(name);
    let b = this.bases.get(j);
    if (b === undefined) {
      b = this.local(I32);
      this.bases.set(j, b);
      const pro = this.prologue;
      for (const byte of flat(i32(j))) pro.push(byte);
      this.get(this.S, pro);
      pro.push(I32_MUL);
      this.set(b, pro);
    }
    this.get(this.P);
    this.get(b);
    this.op(I32_ADD);
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
      this.at(t);
      this.mem(0x2b, SCRATCH);
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
    this.at(t);
    this.f(this.primary());
    this.mem(0x39, SCRATCH);
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
    PieceCompiler.uleb(code, runs.length);
    for (const [count, type] of runs) {
      PieceCompiler.uleb(code, count);
      code.push(type);
    }
    this.out = code;
    this.out.push(BLOCK, VOID);
    this.get(0);
    this.out.push(I32_EQZ, BR_IF, 0);
    this.get(0);
    this.out.push(0x41, 3, I32_SHL);
    this.set(this.S);
    for (const b of this.prologue) code.push(b);
    this.out.push(LOOP, VOID);
    this.get(this.I);
    this.out.push(0x41, 3, I32_SHL);
    this.set(this.P);
    for (const b of statements) code.push(b);
    this.get(this.I);
    this.out.push(0x41, 1, I32_ADD, 0x22);
    PieceCompiler.uleb(code, this.I);
    this.get(0);
    this.out.push(I32_LT_U, BR_IF, 0, END, END, END);
    return code;
  }
}

/** The module's bytes: piece k is exported as `p<k>(n)`. Throws on source it does not know. */
export function kernelModuleBytes(columns: number, pieces: readonly PieceSource[]): Uint8Array {
  const types: Code[] = [
    funcType([F64, F64], [F64]), // 0: attempts
    funcType([I32], []), // 1: a piece
    funcType([F64, F64, F64, F64], [F64]), // 2: runSum, firstLongStep
    funcType([F64, F64, F64, F64], []), // 3: split
  ];
  const fixed: Func[] = [
    { type: 2, locals: [[1, F64]], body: runSumBody() },
    { type: 2, locals: [[1, F64], [1, I32]], body: firstLongBody() },
    { type: 3, locals: [[10, F64]], body: splitBody() },
  ];
  const bodies: (number[] | Uint8Array)[] = fixed.map((f) => Uint8Array.from(flat([vec(f.locals.map(([count, type]) => [uleb(count), type])), f.body, END])));
  for (const p of pieces) bodies.push(new PieceCompiler(columns, p.table).compile(p.body));
  const exports: Code[] = [[name('split'), 0x00, uleb(SPLIT)]];
  pieces.forEach((_, k) => exports.push([name(`p${k}`), 0x00, uleb(1 + fixed.length + k)]));
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
      section(3, vec([...fixed.map((f) => uleb(f.type)), ...pieces.map(() => [1])])),
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
  return out;
}

/**
 * The pieces as one WebAssembly kernel, or null where WebAssembly cannot run, the source is
 * longer than WASM_KERNEL_MAX_LINES, or it holds something this translation does not know (the
 * caller then compiles the JavaScript pieces).
 */
export function wasmKernel(columns: number, pieces: readonly PieceSource[]): Kernel | null {
  if (!webAssembly()) return null;
  let lines = 0;
  for (const p of pieces) lines += p.body.length;
  if (lines > WASM_KERNEL_MAX_LINES) return null;
  let wasm;
  try {
    const bytes = kernelModuleBytes(columns, pieces);
    wasm = instantiate<Record<string, (n: number) => void>>(bytes, { attempts: attemptsPerCall as unknown as (x: number) => number });
  } catch {
    return null;
  }
  if (!wasm) return null;
  const { exports, memory, room } = wasm;
  const run = pieces.map((_, k) => exports[`p${k}`]!);
  return (cols, n, res) => {
    for (let from = 0; from < n; from += CHUNK) {
      const m = Math.min(CHUNK, n - from);
      room(SCRATCH + (columns + 3 + RESULTS.length) * 8 * m);
      const buf = memory.buffer;
      const column = (j: number): Float64Array => new Float64Array(buf, SCRATCH + j * 8 * m, m);
      for (let k = 0; k < columns; k++) column(k).set(cols[k]!.subarray(from, from + m));
      column(columns + 1).fill(0); // acc: every sample's pipeline total starts at 0
      for (const piece of run) piece(m);
      RESULTS.forEach((name, r) => res[name].set(column(columns + 3 + r), from));
    }
  };
}
