/**
 * The kernel's pieces as kernel-source.ts builds them: statements over expression trees (not
 * source text), so the WebAssembly kernel is written straight from them (kernel-piece-wasm.ts)
 * and the JavaScript pieces, the fallback and the tests' oracle, are printed from the very same
 * trees (`pieceLines`: the source kernel-source.ts used to write, character for character).
 *
 * An expression is a number (known when the kernel is made) or a node: a local, a column read
 * `cK[i]` / `R[i]` / `acc[i]` / `stageAcc[i]`, a scratch read `sc[k]`, a binary operation
 * (+ − × ÷ > < &&), `!c`, `c ? a : b`, a call of `attempts` or `terms` (rows of the piece's table).
 * Only numbers and slot indices are held, never text from a file.
 */

export const LOCAL = 0;
export const COL = 1;
export const SC = 2;
export const BIN = 3;
export const NOT = 4;
export const PICK = 5;
export const ATTEMPTS = 6;
export const TERMS = 7;

/** A named per-sample value of one piece: `vN` (`cond`: a condition), or the stage's `pipelineTotal`. */
export interface Local {
  k: typeof LOCAL;
  name: string;
  cond: boolean;
}
/** Column `col` of the module's memory at sample i (draws, then R, acc, stageAcc, the results), named `name` in JavaScript (`text`: `name[i]`). */
export interface Col {
  k: typeof COL;
  name: string;
  col: number;
  text: string;
}
export type BinOp = '+' | '-' | '*' | '/' | '>' | '<' | '&&';
export type Node =
  | Local
  | Col
  | { k: typeof SC; s: number }
  | { k: typeof BIN; op: BinOp; a: Expr; b: Expr }
  | { k: typeof NOT; a: Expr }
  | { k: typeof PICK; c: Expr; a: Expr; b: Expr }
  | { k: typeof ATTEMPTS; a: Expr; b: Expr }
  | { k: typeof TERMS; x: Expr; acc: Expr; from: number; to: number };
/**
 * A value known now (a number, or a condition known now) or computed per sample (a node; or its
 * JavaScript source already, where kernel-source.ts writes the pieces as JavaScript).
 */
export type Expr = number | boolean | Node | string;

export const S_LET = 0;
export const S_STORE = 1;
export const S_ADD = 2;
export const S_SPLIT = 3;
export const S_OPEN = 4;
export const S_CLOSE = 5;
/** One statement (one line of the JavaScript piece). */
export type Stmt =
  | { k: typeof S_LET; local: Local; value: Expr }
  | { k: typeof S_STORE; stores: [Col, Expr][] }
  | { k: typeof S_ADD; local: Local; value: Expr }
  | { k: typeof S_SPLIT; args: [Expr, Expr, Expr, Expr] }
  | { k: typeof S_OPEN }
  | { k: typeof S_CLOSE };

/** A generated piece: its loop body's statements (or their lines of JavaScript) and its constant table (`T`, read by `terms`). */
export interface PieceIr {
  body: readonly (Stmt | string)[];
  table: readonly number[];
}

/** A number as JavaScript source that reads back as exactly the same double. */
export function lit(x: number): string {
  if (Object.is(x, -0)) return '(-0)';
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '(-Infinity)';
  return x < 0 ? `(${String(x)})` : String(x);
}

/** An expression as JavaScript source. */
export function src(v: Expr): string {
  if (typeof v === 'number') return lit(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v;
  switch (v.k) {
    case LOCAL:
      return v.name;
    case COL:
      return v.text;
    case SC:
      return `sc[${v.s}]`;
    case BIN:
      return `(${src(v.a)} ${v.op} ${src(v.b)})`;
    case NOT:
      return `!${src(v.a)}`;
    case PICK:
      return `(${src(v.c)} ? ${src(v.a)} : ${src(v.b)})`;
    case ATTEMPTS:
      return `attempts(${src(v.a)}, ${src(v.b)})`;
    default:
      return `terms(${src(v.x)}, ${src(v.acc)}, T, ${v.from}, ${v.to})`;
  }
}

/** A statement as its line of JavaScript. */
export function line(s: Stmt): string {
  switch (s.k) {
    case S_LET:
      return s.local.name === 'pipelineTotal' ? `let pipelineTotal = ${src(s.value)};` : `const ${s.local.name} = ${src(s.value)};`;
    case S_STORE:
      return s.stores.map(([c, v]) => `${c.name}[i] = ${src(v)};`).join(' ');
    case S_ADD:
      return `${s.local.name} += ${src(s.value)};`;
    case S_SPLIT:
      return `split(${s.args.map(src).join(', ')}, sc);`;
    case S_OPEN:
      return '{';
    default:
      return '}';
  }
}

/** A piece's loop body as JavaScript lines. */
export const pieceLines = (body: readonly (Stmt | string)[]): string[] => body.map((s) => (typeof s === 'string' ? s : line(s)));
