/**
 * A Node built-in module loaded on first use instead of at start-up. Bundled, every `import`
 * runs when the CLI starts, and some built-ins cost more to load than a whole short run of
 * aifinops spends elsewhere (node:crypto, node:os): modules that need one only on some paths
 * take it through this.
 */
import { createRequire } from 'node:module';

let requireBuiltin: NodeJS.Require | undefined;

export function lazyBuiltin<T>(id: `node:${string}`): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= (requireBuiltin ??= createRequire(import.meta.url))(id) as T);
}
