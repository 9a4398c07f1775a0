/** Load pricing catalogues: the bundled ones, then a scenario's `pricing:`, then `--pricing` flags. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import type { LoadedCatalogue } from '../core/registry.js';
import { catalogueSchema } from '../schema/catalogue.js';
import { issuesToProblems, keysFromSchema } from './issues.js';
import { diskSource, readYamlFile, type FileSource, type LoadedYaml } from './yaml.js';

let root: string | undefined;

/** The package's own folder (where `pricing/` and `scenarios/` live), from src/ or dist/. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'aifinops') return (root = dir);
      } catch {
        /* keep looking */
      }
    }
    dir = dirname(dir);
  }
  throw new Error('aifinops: cannot find the package folder (package.json named aifinops)');
}

/** A path as reports show it: relative to the current folder when inside it, with forward slashes. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !resolve(rel).startsWith('..') ? rel : abs;
  return shown.split(sep).join('/');
}

const keysAt = keysFromSchema(catalogueSchema);

export function validateCatalogue(loaded: LoadedYaml, display = loaded.file): LoadedCatalogue {
  const parsed = catalogueSchema.safeParse(loaded.data, { reportInput: true });
  if (!parsed.success) throw new InputError(issuesToProblems(parsed.error.issues, { file: display, locate: loaded.locate }, keysAt));
  return { file: display, catalogue: parsed.data };
}

export function loadCatalogueFile(file: string, display = displayPath(file), source: FileSource = diskSource): LoadedCatalogue {
  return validateCatalogue(readYamlFile(file, source, display), display);
}

/** Token catalogues are the `pricing/*.yaml` files with a top-level `models:` mapping. */
function isTokenCatalogue(file: string): boolean {
  return /^models:/m.test(readFileSync(file, 'utf8'));
}

let bundled: LoadedCatalogue[] | undefined;

export function bundledCatalogues(): LoadedCatalogue[] {
  if (bundled) return bundled;
  const dir = join(packageRoot(), 'pricing');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : [];
  bundled = files
    .map((f) => join(dir, f))
    .filter(isTokenCatalogue)
    .map((abs) => loadCatalogueFile(abs, `pricing/${abs.slice(dir.length + 1)}`));
  return bundled;
}
