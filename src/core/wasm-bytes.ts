/**
 * Writing small WebAssembly modules as bytes (sampler-wasm.ts, columns-wasm.ts): the encodings of
 * the binary format (https://webassembly.github.io/spec/core/binary/) that those modules use, and
 * instantiating one where WebAssembly can run.
 */
/**
 * Bytes, nested as written, flattened by `flat` (spreading them, or `Array.prototype.flat(Infinity)`,
 * costs milliseconds for a kernel's module).
 */
export type Code = (number | Code)[];
export const I32 = 0x7f;
export const F64 = 0x7c;
export const VOID = 0x40;

/** Unsigned LEB128 of `x`, appended to `to` (for code written straight into one array). */
export function ulebInto(to: number[], x: number): void {
  do {
    let b = x & 0x7f;
    x >>>= 7;
    if (x !== 0) b |= 0x80;
    to.push(b);
  } while (x !== 0);
}
export const uleb = (x: number): Code => {
  const out: number[] = [];
  ulebInto(out, x);
  return out;
};
/** Signed LEB128 of a non-negative constant (all these modules use). */
export const sleb = (x: number): Code => (x < 64 ? [x] : [(x & 0x7f) | 0x80, sleb(x >> 7)]);
export function flat(c: Code): number[] {
  const out: number[] = [];
  flatInto(out, c);
  return out;
}
function flatInto(out: number[], c: Code): void {
  for (let i = 0; i < c.length; i++) {
    const x = c[i]!;
    if (typeof x === 'number') out.push(x);
    else flatInto(out, x);
  }
}
const f64Scratch = new Float64Array(1);
const f64View = new Uint8Array(f64Scratch.buffer);
export const f64Bytes = (x: number): Code => {
  f64Scratch[0] = x;
  const b = f64View;
  return [b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!, b[7]!];
};
export const vec = (items: Code[]): Code => [uleb(items.length), items];
export const name = (s: string): Code => [uleb(s.length), Array.from(s, (c) => c.charCodeAt(0))];
export const section = (id: number, body: Code): Code => {
  const bytes = flat(body);
  return [id, uleb(bytes.length), bytes];
};

// instructions
export const get = (i: number): Code => [0x20, uleb(i)];
export const set = (i: number): Code => [0x21, uleb(i)];
export const tee = (i: number): Code => [0x22, uleb(i)];
export const i32 = (x: number): Code => [0x41, sleb(x)];
export const f64 = (x: number): Code => [0x44, f64Bytes(x)];
export const call = (f: number): Code => [0x10, uleb(f)];
export const F64_LOAD = [0x2b, 3, 0];
export const F64_STORE = [0x39, 3, 0];
export const i32Store = (offset: number): Code => [0x36, 2, uleb(offset)];
export const [BLOCK, LOOP, IF, ELSE, END, BR_IF, RETURN, SELECT] = [0x02, 0x03, 0x04, 0x05, 0x0b, 0x0d, 0x0f, 0x1b];
export const [I32_EQZ, I32_LT_U, I32_ADD, I32_MUL, I32_XOR, I32_SHL, I32_SHR_U, I32_ROTL] = [0x45, 0x49, 0x6a, 0x6c, 0x73, 0x74, 0x76, 0x77];
export const [F64_EQ, F64_NE, F64_ABS] = [0x61, 0x62, 0x99];
export const [I32_SUB, I32_NE] = [0x6b, 0x47];
export const [I32_AND, I32_EQ, I32_WRAP_I64, BR] = [0x71, 0x46, 0xa7, 0x0c];
export const I64 = 0x7e;
export const I64_LOAD = [0x29, 3, 0];
export const I64_STORE = [0x37, 3, 0];
export const [I64_AND, I64_OR, I64_XOR, I64_SHR_S, I64_SHR_U, I64_EXTEND_I32_U] = [0x83, 0x84, 0x85, 0x87, 0x88, 0xad];
/** i64.const −2⁶³ (the sign bit alone). */
export const I64_SIGN = [0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f];
export const [F64_LT, F64_GT, F64_LE, F64_GE, F64_NEG, F64_CEIL, F64_SQRT, F64_ADD, F64_SUB, F64_MUL, F64_DIV, F64_FROM_U32] = [
  0x63, 0x64, 0x65, 0x66, 0x9a, 0x9b, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xb8,
];


export interface Func {
  type: number;
  locals: [count: number, type: number][];
  body: Code;
  export?: string;
}

/** A module importing JavaScript functions and one memory (module "m"), exporting its functions. */
export function moduleBytes(types: Code[], importedFunctions: { name: string; type: number }[], funcs: Func[]): Uint8Array {
  const imports: Code[] = [...importedFunctions.map((f) => [name('m'), name(f.name), 0x00, uleb(f.type)]), [name('m'), name('mem'), 0x02, 0x00, 1]];
  const bodies = funcs.map((f) => {
    const code = flat([vec(f.locals.map(([count, type]) => [uleb(count), type])), f.body, END]);
    return [uleb(code.length), code];
  });
  const first = importedFunctions.length;
  return Uint8Array.from(
    flat([
      [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
      section(1, vec(types)),
      section(2, vec(imports)),
      section(3, vec(funcs.map((f) => uleb(f.type)))),
      section(7, vec(funcs.flatMap((f, k) => (f.export ? [[name(f.export), 0x00, uleb(first + k)]] : [])))),
      section(10, vec(bodies)),
    ]),
  );
}

/** A function type: parameters → results. */
export const funcType = (params: number[], results: number[]): Code => [0x60, vec(params.map((t) => [t])), vec(results.map((t) => [t]))];

/** What this file uses of the WebAssembly API (TypeScript's node types here do not declare it). */
export interface WebAssemblyApi {
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer; grow(pages: number): number };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

/** The WebAssembly API, or null where it cannot run (e.g. node --jitless). */
export function webAssembly(): WebAssemblyApi | null {
  return (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly ?? null;
}

/**
 * Instantiate `bytes` with `functions` and a memory; `room(bytes)` grows the memory to hold that
 * many bytes (views of `memory.buffer` made before it grows are no longer valid).
 */
export function instantiate<T>(bytes: Uint8Array, functions: Record<string, (x: number) => number>): { exports: T; memory: { buffer: ArrayBuffer }; room(bytes: number): void } | null {
  const wa = webAssembly();
  if (!wa) return null;
  return instanceOf<T>(new wa.Module(bytes), functions);
}

/**
 * A new instance of a compiled `module` (`new WebAssembly.Module(bytes)`), with a memory of its own
 * (see instantiate): the instances of one module share its compiled code.
 */
export function instanceOf<T>(module: object, functions: Record<string, (x: number) => number>): { exports: T; memory: { buffer: ArrayBuffer }; room(bytes: number): void } | null {
  const wa = webAssembly();
  if (!wa) return null;
  const memory = new wa.Memory({ initial: 1 });
  const exports = new wa.Instance(module, { m: { ...functions, mem: memory } }).exports as unknown as T;
  const room = (bytes: number): void => {
    const have = memory.buffer.byteLength;
    if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
  };
  return { exports, memory, room };
}
