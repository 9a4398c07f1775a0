#!/usr/bin/env node
// Tiny shim: the CLI lives in the bundled dist/cli.js (built by `npm install` via `prepare`).
import('../dist/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist')) {
    process.stderr.write('aifinops: the CLI is not built yet. Run `npm install` (or `npm run build`) in the package folder.\n');
    process.exit(70);
  }
  throw err;
});
