/**
 * The compiled Monte Carlo kernel of a `CostProgram` (cost-kernel.ts), built so that a pipeline of
 * any size compiles and runs: `run`'s operations, in `run`'s order, as small pieces of statements
 * over expression trees (kernel-ir.ts, written by kernel-emitter.ts), run as WebAssembly or printed
 * as JavaScript.
 *
 * - Folding: every value is either known when the kernel is made (a number) or read per sample
 *   (an expression). An operation on two known numbers is done here, on the same operands in the
 *   same order as `run` does it, so it gives the same double; only what varies between samples is
 *   left in the loop. A stage model with no uncertain input costs three multiplications and an
 *   addition per sample (its share of the per-sample request volume).
 * - Tables: a stage model whose only per-sample input is the request volume becomes four numbers in a
 *   table that one shared function (`termsRun`) walks, with the same operations in the same order.
 * - Pieces: the pipeline is cut into functions of at most PIECE_TERMS stage models, each looping
 *   over every sample and adding its stages to a per-sample running total in stage order (the same
 *   additions as `run`; a stage cut across pieces carries its running cost in a column). No function
 *   grows with the pipeline, so V8 optimises each one and nothing overflows the stack.
 * - Translation: the pieces are written as one WebAssembly module straight from their trees
 *   (kernel-wasm.ts: the same operations, no warm-up, no boxed doubles) where WebAssembly can run
 *   and they are not too long; else each piece is printed and compiled as a JavaScript function.
 *
 * Only numbers and slot indices are held in the pieces, never text from a file.
 */
import type { Kernel } from './cost-kernel.js';
import {
  ITEM_LABOUR,
  ITEM_MONTHLY,
  ITEM_PER_REQUEST,
  ITEM_PER_USER,
  TRAFFIC_PER_DAY,
  TRAFFIC_PER_MONTH,
  type ModelProg,
  type ProgramView,
  type RateSet,
  type StageProg,
} from './cost-layout.js';
import { attemptsPerCall } from './estimate.js';
import { TOKENS_PER_PRICE_UNIT } from './model.js';
import { J_LONG, J_NORMAL, K_LONG, K_NORMAL, splitSteps, stepScratch, W_LONG, W_NORMAL } from './steps.js';
import { feeLines } from './fees.js';
import { feeValues } from './fee-program.js';
import { PieceSink, termsRun, type KernelBackend } from './kernel-pieces.js';
import { WASM_KERNEL_MAX_LINES } from './kernel-wasm.js';
import { webAssembly } from './wasm-bytes.js';
import { ATTEMPTS, line, lit, S_ADD, S_CLOSE, S_LET, S_OPEN, S_SPLIT, S_STORE, SC, src, TERMS, type Col, type PieceIr, type Stmt } from './kernel-ir.js';
import { Emitter, kernelColumns, known, TOTAL, type Cond, type KernelColumns, type Val } from './kernel-emitter.js';

export { kernelColumns, lit };

export { termsRun, type KernelBackend };

/**
 * Weight of the stage models per generated function (a stage heavier than that is cut across
 * functions). A stage model whose only per-sample input is the stage's request volume weighs
 * 1/TABLE_TERMS_PER_UNIT: it is a row of a constant table (see `termsRun`), not code.
 */
export const PIECE_TERMS = 64;
const TABLE_TERMS_PER_UNIT = 16;


/** Stage models whose cost is code in the kernel, and those that are rows of its constant table. */
export function kernelShape(p: ProgramView, uncertainSlots: readonly number[]): { code: number; table: number } {
  const columns = new Set(uncertainSlots);
  const isColumn = (slot: number): boolean => columns.has(slot);
  let code = 0;
  let table = 0;
  for (const st of p.stages) for (const m of st.models) tableTerm(st, m, isColumn) ? table++ : code++;
  return { code, table };
}

/**
 * Whether compiling the kernel as JavaScript pays off against evaluating every sample with
 * `CostProgram.run` (the WebAssembly kernel is cheaper than `run` at every size measured, from
 * 2,000 samples of 50 drawn models up: `simulate` uses it whenever it can, and this decides only
 * where it cannot, e.g. under node --jitless or for source longer than WASM_KERNEL_MAX_LINES)
 * (measured cold, CPU time, bench/montecarlo.bench.mjs and bench/README.md). A stage model whose
 * inputs are drawn costs about as much per sample in generated code as in `run` (both split the
 * agent steps the same way), and its code costs ~2 ms to compile and optimise; a model that only
 * scales with the request volume costs ~3 ns per sample as a table row against ~20 ns in `run`.
 * So: up to CODE_TERMS_ALWAYS models of code, compile (a small pipeline's kernel also skips
 * `run`'s walk over its structure); beyond that, only when the table rows over all samples save
 * more than the code costs to compile, i.e. samples × table ≥ TABLE_SAMPLES_PER_CODE × code.
 */
export function kernelPaysOff(shape: { code: number; table: number }, samples: number): boolean {
  return shape.code <= CODE_TERMS_ALWAYS || samples * shape.table >= TABLE_SAMPLES_PER_CODE * shape.code;
}
export const CODE_TERMS_ALWAYS = 16;
export const TABLE_SAMPLES_PER_CODE = 120_000;

/**
 * The kernel for draws of `uncertainSlots` (column k feeds slot `uncertainSlots[k]`), or null when
 * the runtime forbids code generation (node --disallow-code-generation-from-strings).
 * `backend` (tests): 'js' for the JavaScript pieces, 'wasm' for the WebAssembly kernel or null.
 */
export function buildKernel(p: ProgramView, uncertainSlots: readonly number[], backend: KernelBackend = 'auto'): Kernel | null {
  if (backend === 'wasm' && !webAssembly()) return null;
  const pieces = new PieceSink(uncertainSlots.length, backend);
  emitPieces(p, uncertainSlots, pieces);
  return pieces.kernel();
}

/**
 * Where `emitPieces` puts the pieces, and whether they are wanted as JavaScript source (else as
 * trees); `lines` so far, and `preferJs` when they will clearly not fit in WebAssembly.
 */
export interface Pieces {
  readonly js: boolean;
  readonly lines: number;
  add(p: PieceIr): void;
  preferJs(): void;
}

/**
 * From how many stages on `emitPieces` projects the pieces' length (their lines so far, plus the
 * lines per stage since PROJECT_FROM / 2 stages for every stage left) and writes them as
 * JavaScript from then on when the projection passes WASM_KERNEL_MAX_LINES by PROJECT_MARGIN: such
 * a pipeline was built as trees, then printed (~40 ms more for 1,000 stages × 50 models). A
 * projection that is wrong costs time only (a kernel in JavaScript where WebAssembly would do).
 */
export const PROJECT_FROM = 64;
const PROJECT_MARGIN = 1.1;

/** The kernel's pieces for draws of `uncertainSlots`, in order, into `pieces` (see buildKernel). */
export function emitPieces(p: ProgramView, uncertainSlots: readonly number[], pieces: Pieces): void {
  const column = new Map<number, number>();
  uncertainSlots.forEach((slot, k) => column.set(slot, k));
  const columns = uncertainSlots.length;
  const kc = kernelColumns(columns);
  const v = (slot: number): Val => {
    const k = column.get(slot);
    return k === undefined ? p.base[slot]! : kc.draws[k]!;
  };
  // requests per month, per sample (or known)
  const e0 = new Emitter(pieces.js);
  const tr = p.traffic;
  const Rv = tr.mode === TRAFFIC_PER_DAY ? e0.mul(v(tr.rpd), v(tr.days)) : tr.mode === TRAFFIC_PER_MONTH ? v(tr.rpm) : e0.mul(e0.mul(v(tr.users), v(tr.rpupd)), v(tr.days));
  const R: Val = known(Rv) ? Rv : kc.R;
  if (!known(Rv)) {
    e0.stmt({ k: S_STORE, stores: [[kc.R, Rv]] });
    pieces.add({ body: e0.lines, table: [] });
  }

  // the stages, PIECE_TERMS × TABLE_TERMS_PER_UNIT weight units at a time
  let e = new Emitter(pieces.js);
  let table: number[] = [];
  let weight = 0;
  const budget = PIECE_TERMS * TABLE_TERMS_PER_UNIT;
  const flush = (): void => {
    if (e.lines.length > 0) {
      const open: Stmt = { k: S_LET, local: TOTAL, value: kc.acc };
      const close: Stmt = { k: S_STORE, stores: [[kc.acc, TOTAL]] };
      pieces.add({ body: e.js ? [line(open), ...e.lines, line(close)] : [open, ...e.lines, close], table });
    }
    e = new Emitter(pieces.js);
    table = [];
    weight = 0;
  };
  const isColumn = (slot: number): boolean => column.has(slot);
  const stages = p.stages.length;
  let linesAtHalf = 0;
  for (let si = 0; si < stages; si++) {
    const st = p.stages[si]!;
    const done = pieces.lines + e.lines.length;
    if (si === PROJECT_FROM / 2) linesAtHalf = done;
    else if (si >= PROJECT_FROM && si % 16 === 0 && !pieces.js) {
      const perStage = (done - linesAtHalf) / (si - PROJECT_FROM / 2);
      if (done + perStage * (stages - si) > PROJECT_MARGIN * WASM_KERNEL_MAX_LINES) pieces.preferJs();
    }
    const weights = st.models.map((m) => (tableTerm(st, m, isColumn) ? 1 : TABLE_TERMS_PER_UNIT));
    for (let from = 0; from < st.models.length; ) {
      if (weight >= budget) flush();
      let to = from;
      do weight += weights[to++]!;
      while (to < st.models.length && weight + weights[to]! <= budget);
      stageSegment(e, table, st, from, to, R, v, v(tr.days), kc);
      from = to;
    }
  }
  flush();

  // line items and the result columns
  const e2 = new Emitter(pieces.js);
  lineItems(e2, p, R, v, kc);
  pieces.add({ body: e2.lines, table: [] });
}


/**
 * Models `from` … `to` − 1 of stage `st`: `run`'s stage prelude (recomputed in each piece the stage
 * spans: the same operations give the same values), then each model's cost added to the stage's.
 */
function stageSegment(e: Emitter, table: number[], st: StageProg, from: number, to: number, R: Val, v: (slot: number) => Val, days: Val, kc: KernelColumns): void {
  e.stmt({ k: S_OPEN });
  e.splits.clear();
  const steps = e.bind(v(st.steps));
  const A = known(v(st.retry)) && known(v(st.maxRetries)) ? attemptsPerCall(v(st.retry) as number, v(st.maxRetries) as number) : e.bind(e.node({ k: ATTEMPTS, a: v(st.retry), b: v(st.maxRetries) }));
  const perModel = e.bind(e.mul(e.mul(e.mul(e.mul(R, v(st.sor)), e.sub(1, v(st.rch))), steps), A));
  let stageP: Val = 0;
  for (const part of st.parts) stageP = e.add(stageP, v(part));
  stageP = e.bind(stageP);
  const growth = v(st.growth);
  let stageIc: Val = 0;
  for (const c of st.cacheable) stageIc = e.add(stageIc, v(c));
  stageIc = e.bind(stageIc);
  let stageU: Val = 0;
  for (const c of st.uncached) stageU = e.add(stageU, v(c));
  stageU = e.bind(stageU);
  const batch = v(st.batch);
  let shareSum: Val = 1;
  if (st.normalize) {
    shareSum = 0;
    for (const m of st.models) shareSum = e.add(shareSum, v(m.share));
    shareSum = e.bind(shareSum);
  }
  let stageCost: Val = e.bind(from === 0 ? 0 : kc.stageAcc);
  const vals = { perModel, stageP, stageIc, stageU, growth, steps, batch, shareSum, days };
  // consecutive models that are rows of the constant table are added by one termsRun call
  let rowsFrom = -1;
  const endRows = (): void => {
    if (rowsFrom >= 0 && rowsFrom < table.length) stageCost = e.bind(e.node({ k: TERMS, x: perModel, acc: stageCost, from: rowsFrom, to: table.length }));
    rowsFrom = -1;
  };
  for (let k = from; k < to; k++) {
    const term = modelTerm(e, st, st.models[k]!, vals, v);
    if (Array.isArray(term)) {
      if (rowsFrom < 0) rowsFrom = table.length;
      table.push(term[0], term[1], term[2], term[3]);
    } else {
      endRows();
      stageCost = e.bind(e.add(stageCost, term));
    }
  }
  endRows();
  if (to === st.models.length) e.stmt({ k: S_ADD, local: TOTAL, value: stageCost });
  else e.stmt({ k: S_STORE, stores: [[kc.stageAcc, stageCost]] });
  e.stmt({ k: S_CLOSE });
}

interface StageVals {
  perModel: Val;
  stageP: Val;
  stageIc: Val;
  /** The input parts outside the cached prefix (cost-layout.ts StageProg.uncached). */
  stageU: Val;
  growth: Val;
  steps: Val;
  batch: Val;
  shareSum: Val;
  /** days_per_month (cache storage held per day). */
  days: Val;
}

/**
 * Whether every input of a stage model's cost but the request volume is known (not drawn): its
 * cost is then perModel × a row of known numbers (see `termsRun`).
 */
function tableTerm(st: StageProg, m: ModelProg, isColumn: (slot: number) => boolean): boolean {
  // a model with fees beyond text tokens is code (core/fees.ts), whatever is drawn
  if (m.fees) return false;
  const slots = [st.steps, st.growth, st.hit, st.batch, m.out, m.rs, m.share, ...(m.parts ?? st.parts), ...(m.cacheable ?? st.cacheable)];
  if (st.normalize) for (const o of st.models) slots.push(o.share);
  return !slots.some(isColumn);
}

/**
 * One stage model's monthly cost: `run`'s inner loop body. When only the request volume varies,
 * the four known numbers of `termsRun`'s row instead (share, steps, per-call cost, batch factor).
 */
function modelTerm(e: Emitter, st: StageProg, m: ModelProg, s: StageVals, v: (slot: number) => Val): Val | [number, number, number, number] {
  const share = st.normalize ? e.div(v(m.share), s.shareSum) : v(m.share);
  let P = s.stageP;
  let Ic = s.stageIc;
  let U = s.stageU;
  if (m.parts) {
    P = 0;
    for (const part of m.parts) P = e.add(P, v(part));
    P = e.bind(P);
    Ic = 0;
    for (const c of m.cacheable!) Ic = e.add(Ic, v(c));
    Ic = e.bind(Ic);
    U = 0;
    for (const c of m.uncached!) U = e.add(U, v(c));
    U = e.bind(U);
  }
  // spec §3: the steps at normal rates, then those at long-context rates (steps.ts)
  let w: [Val, Val];
  let j: [Val, Val];
  let ks: [Val, Val];
  if (known(P) && known(s.growth) && known(s.steps)) {
    const sc = stepScratch();
    splitSteps(P, s.growth, s.steps, m.threshold, sc);
    w = [sc[W_NORMAL]!, sc[W_LONG]!];
    j = [sc[J_NORMAL]!, sc[J_LONG]!];
    ks = [sc[K_NORMAL]!, sc[K_LONG]!];
  } else if (known(s.growth) && known(s.steps) && m.threshold === Infinity && !m.longOnSomeDate) {
    // `splitSteps` with no long-context tier and the steps known: one run of every step, whose
    // weight is known and whose input sum is `runSum(P, g, 0, whole)` (+ the fractional last
    // step's), the same operations in the same order, worked out here where they are known
    const key = `${src(P)}, ${lit(s.growth)}, ${lit(s.steps)}, Infinity`;
    let made = e.splits.get(key);
    if (!made) {
      const g = s.growth;
      const whole = Math.floor(s.steps);
      const frac = s.steps - whole;
      let w0 = whole;
      let j0: Val = whole === 0 ? 0 : e.add(e.mul(whole, P), (g * (0 + whole - 1) * whole) / 2);
      let k0 = whole === 0 ? 0 : ((0 + whole - 1) * whole) / 2;
      if (frac > 0) {
        w0 += frac;
        j0 = e.add(j0, e.mul(frac, e.add(P, g * whole)));
        k0 += frac * whole;
      }
      made = [w0, 0, e.bind(j0), 0, k0, 0];
      e.splits.set(key, made);
    }
    w = [made[0], made[1]];
    j = [made[2], made[3]];
    ks = [made[4], made[5]];
  } else {
    const args = `${src(P)}, ${src(s.growth)}, ${src(s.steps)}, ${lit(m.threshold)}`;
    let made = e.splits.get(args);
    if (!made) {
      e.stmt({ k: S_SPLIT, args: [P, s.growth, s.steps, m.threshold] });
      // with no long-context tier the long run has no weight (splitSteps gives 0): left out, unless
      // the model has such a tier on another date (the same code for both, see `longOnSomeDate`)
      const long = m.threshold !== Infinity || m.longOnSomeDate;
      const sc = (k: number): Val => e.bind(e.node({ k: SC, s: k }));
      made = [sc(W_NORMAL), long ? sc(W_LONG) : 0, sc(J_NORMAL), long ? sc(J_LONG) : 0, sc(K_NORMAL), long ? sc(K_LONG) : 0];
      e.splits.set(args, made);
    }
    w = [made[0], made[1]];
    j = [made[2], made[3]];
    ks = [made[4], made[5]];
  }
  const out = v(m.out);
  const rs = v(m.rs);
  let inputSum: Val = 0;
  let outputSum: Val = 0;
  for (let run = 0; run < 2; run++) {
    const wr = w[run]!;
    // with no long-context rates the long run never has weight (splitSteps gives it 0)
    if (run === 1 && m.threshold === Infinity && !m.longOnSomeDate) continue;
    const active = e.bindCond(e.gt(wr, 0));
    if (active === false) continue;
    const r: RateSet = run === 0 ? m.normal : m.long;
    const IcEff = e.bind(e.pick(e.and(e.and(st.hasCache, r.hasCacheRead), e.not(e.lt(Ic, m.cacheMin))), Ic, 0));
    const hit = e.bind(e.pick(e.and(st.hasCache, e.gt(IcEff, 0)), v(st.hit), 0));
    const cached = e.bind(e.mul(wr, IcEff));
    // Σ v_k × (I_k − Ic'): W × U + g × K with the prefix cached, else J (cost-kernel.ts, the same operations)
    const uncached = e.pick(e.gt(IcEff, 0), e.add(e.mul(wr, U), e.mul(s.growth, ks[run]!)), j[run]!);
    const inputPart = e.add(e.add(e.mul(uncached, r.input), e.mul(e.mul(cached, hit), r.cacheRead)), e.mul(e.mul(cached, e.sub(1, hit)), r.cacheWrite));
    const outputPart = e.mul(wr, e.add(e.mul(out, r.output), e.mul(rs, r.reasoning)));
    inputSum = e.bind(e.pick(active, e.add(inputSum, inputPart), inputSum));
    outputSum = e.bind(e.pick(active, e.add(outputSum, outputPart), outputSum));
  }
  const f = e.sub(1, e.mul(s.batch, m.batchDiscount));
  const perCall = e.add(inputSum, outputSum);
  if (!m.fees && !known(s.perModel) && known(share) && known(s.steps) && known(perCall) && known(f)) return [share, s.steps, perCall, f];
  const C = e.mul(s.perModel, share);
  const tokenCost = e.mul(e.mul(e.div(C, s.steps), perCall), f);
  if (!m.fees) return tokenCost;
  // `run`: stageCost += tokenCost + fees.total (core/fees.ts, the same operations)
  const fees = feeLines(e, m.fees.rates, feeValues(e, m.fees, v, s.days), e.bind(C), f, 0);
  return e.add(tokenCost, fees.total);
}

/** `run`'s line items, outcomes and result columns. */
function lineItems(e: Emitter, p: ProgramView, R: Val, v: (slot: number) => Val, kc: KernelColumns): void {
  const tr = p.traffic;
  const u = p.hasUsers ? v(tr.users) : 0;
  let t: Val = e.bind(kc.acc);
  // `run`'s fixed part starts with the cache storage of every stage model, in pipeline order
  let fx: Val = 0;
  for (const st of p.stages) {
    for (const m of st.models) {
      if (!m.fees) continue;
      const storage = feeLines(e, m.fees.rates, feeValues(e, m.fees, v, v(tr.days)), 0, 0, 0).storage;
      if (m.fees.storage) fx = e.bind(e.add(fx, storage));
    }
  }
  for (const it of p.items) {
    let x: Val;
    switch (it.kind) {
      case ITEM_MONTHLY:
        x = v(it.a);
        fx = e.bind(e.add(fx, x));
        break;
      case ITEM_PER_REQUEST:
        x = e.mul(e.mul(R, v(it.b)), v(it.a));
        break;
      case ITEM_PER_USER:
        x = e.mul(u, v(it.a));
        break;
      case ITEM_LABOUR:
        x = e.mul(e.div(e.mul(e.mul(R, v(it.c)), v(it.a)), 60), v(it.b));
        break;
      default:
        x = e.bind(e.div(e.mul(v(it.a), it.price), TOKENS_PER_PRICE_UNIT));
        fx = e.bind(e.add(fx, x));
    }
    t = e.bind(e.add(t, x));
  }
  const o = p.outcomes;
  const oc = e.bind(p.hasOutcomes ? (o.byMonth ? v(o.perMonth) : e.mul(R, v(o.perRequest))) : 0);
  const net = e.sub(e.mul(oc, v(o.value)), t);
  const [total, requests, fixed, users, outcomes, netValue] = kc.results as [Col, Col, Col, Col, Col, Col];
  e.stmt({ k: S_STORE, stores: [[total, t], [requests, R], [fixed, fx], [users, u], [outcomes, oc], [netValue, net]] });
}
