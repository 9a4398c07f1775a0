/** Inlined at build time from package.json (esbuild `define`, vitest `define`). */
declare const __AIFINOPS_VERSION__: string;
