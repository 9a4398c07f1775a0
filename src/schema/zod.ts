/**
 * zod/mini, loaded when the first schema node is built — not at start-up.
 *
 * A run whose files pass the zod-free fast checks (schema/scenario-fast.ts, quote-fast.ts) and take
 * the bundled catalogues from the build's snapshot builds no schema node, yet importing zod ran its
 * module initialisation (some hundred classes, regexes, locales: ≈ 0.4 ms) on every start. The schema
 * modules import `z` from here instead: an object that stands for zod/mini and loads it (`require`,
 * which esbuild bundles as a module initialised on that first call, and which the test runner
 * provides; as load/yaml-lib.ts loads the yaml library) on the first property read. Anything unsure
 * still steps aside to the schema, which then loads zod: same parsing, issues, paths and JSON Schema.
 *
 * On loading, zod gets the settings every schema has relied on (they were set at start-up before):
 * its English messages (classic zod installs them when imported, zod/mini leaves it to the program)
 * and `jitless` (each schema runs once per process: zod's code generation on first parse costs more
 * than it saves). zod keeps its settings on globalThis, so the classic-zod schemas (report-zod.ts,
 * diff-report.ts, comment-api.ts, jsonschema.ts) share them; each sets `jitless` too, as it may run
 * before any mini schema is built.
 */
import type * as Z from 'zod/mini';

// (Node's require; declared here for the what-if page's type check, whose script reaches the schema modules' constants)
declare const require: (id: string) => unknown;

let loaded: typeof Z | undefined;

/** zod/mini, configured; loaded on the first call. */
export function zodMini(): typeof Z {
  if (loaded === undefined) {
    const z = require('zod/mini') as typeof Z;
    z.config(z.locales.en());
    z.config({ jitless: true });
    loaded = z;
  }
  return loaded;
}

/** zod/mini's namespace (`z.object`, `z.lazy`, …), loaded on the first property read. */
export const z: typeof Z = /* @__PURE__ */ new Proxy({} as typeof Z, {
  get: (_target, key) => Reflect.get(zodMini(), key),
});

/**
 * A schema exported as a constant (catalogueSchema, scenarioSchema, … are part of the public API)
 * that is built — and loads zod — on its first use: an object that forwards every operation to the
 * node `make` builds. zod asks a node only through its properties (`_zod`, `safeParse`, …; its
 * `instanceof` reads `_zod.traits`), so it parses, walks and describes exactly as the node does.
 */
/* @__NO_SIDE_EFFECTS__ */ export function deferred<T extends object>(make: () => T): T {
  let node: T | undefined;
  const real = (): T => (node ??= make());
  return new Proxy({} as T, {
    get: (_t, key) => Reflect.get(real(), key),
    set: (_t, key, value) => Reflect.set(real(), key, value),
    has: (_t, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_t, key) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      return d && { ...d, configurable: true };
    },
    defineProperty: (_t, key, d) => Reflect.defineProperty(real(), key, d),
    deleteProperty: (_t, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
