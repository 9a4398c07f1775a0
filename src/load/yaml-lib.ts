/**
 * The `yaml` library, loaded the first time it is needed. Plain scenarios and catalogues are read
 * by the fast path (yaml-simple.ts); the library parses the rest, and positions for messages.
 * `require` (which esbuild bundles as a module initialised on that first call, and which the
 * test runner provides) rather than `import`, which would initialise the library, and put its
 * code in the start-up code cache, on every run.
 */
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  return (loaded ??= require('yaml') as typeof Yaml);
}
