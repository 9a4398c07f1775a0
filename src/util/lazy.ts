/**
 * Load an optional, heavy package (a tokenizer, interactive prompts) only when a command needs
 * it. The bundled CLI runs inside a V8-cached script where a bare `import()` is not available,
 * so bin/aifinops.js provides the loader; under tests (source) a plain dynamic import is used.
 * Such packages are listed in LAZY_EXTERNALS in scripts/build.mjs.
 */
type Importer = (specifier: string) => Promise<unknown>;

export async function importLazy<T>(specifier: string): Promise<T> {
  const hook = (globalThis as { __aifinopsImport?: Importer }).__aifinopsImport;
  return (hook ? hook(specifier) : import(specifier)) as Promise<T>;
}
