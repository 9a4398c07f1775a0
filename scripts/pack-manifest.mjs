// `npm pack` / `npm publish` hooks (prepack, postpack): the published package.json carries no
// `prepare` script. `prepare` builds dist/ after `npm install` in a clone, but an installed
// package is already built and has no scripts/build.mjs, and npm warns about install scripts
// of a dependency. prepack removes it (keeping the file as it was beside it), postpack puts the
// file back. (The same trick as pinst's for postinstall.)
import { copyFileSync, existsSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('../package.json', import.meta.url));
const kept = `${file}.before-pack`;
const step = process.argv[2];
if (step === 'strip') {
  const text = readFileSync(file, 'utf8');
  // the copy keeps the file's times, so putting it back does not make package.json look newer
  // than dist/ (the test setup rebuilds when it is)
  const st = statSync(file);
  copyFileSync(file, kept);
  utimesSync(kept, st.atime, st.mtime);
  const pkg = JSON.parse(text);
  delete pkg.scripts.prepare;
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (step === 'restore') {
  if (existsSync(kept)) renameSync(kept, file);
} else {
  process.stderr.write('usage: node scripts/pack-manifest.mjs strip|restore\n');
  process.exit(2);
}
