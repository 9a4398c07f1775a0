/** Builders of kernel pieces (src/core/kernel-ir.ts) for the kernel tests. */
import { ATTEMPTS, BIN, LOCAL, NOT, PICK, S_LET, S_SPLIT, S_STORE, SC, TERMS, type BinOp, type Col, type Expr, type Local, type Node, type Stmt } from '../../src/core/kernel-ir.js';
import { kernelColumns } from '../../src/core/kernel-source.js';

export const cols = kernelColumns;
export const local = (name: string, cond = false): Local => ({ k: LOCAL, name, cond });
export const bin = (op: BinOp, a: Expr, b: Expr): Node => ({ k: BIN, op, a, b });
export const not = (a: Expr): Node => ({ k: NOT, a });
export const pick = (c: Expr, a: Expr, b: Expr): Node => ({ k: PICK, c, a, b });
export const sc = (s: number): Node => ({ k: SC, s });
export const attempts = (a: Expr, b: Expr): Node => ({ k: ATTEMPTS, a, b });
export const terms = (x: Expr, acc: Expr, from: number, to: number): Node => ({ k: TERMS, x, acc, from, to });
export const let_ = (l: Local, value: Expr): Stmt => ({ k: S_LET, local: l, value });
export const store = (...stores: [Col, Expr][]): Stmt => ({ k: S_STORE, stores });
export const split = (a: Expr, b: Expr, c: Expr, d: Expr): Stmt => ({ k: S_SPLIT, args: [a, b, c, d] });
