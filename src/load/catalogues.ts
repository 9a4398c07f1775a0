/** Load pricing catalogues: the bundled ones, then a scenario's `pricing:`, then `--pricing` flags. */
import { createHash } from 'node:crypto';
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

/** Where the build stores the validated bundled catalogues (see scripts/build.mjs). */
export const BUNDLED_SNAPSHOT = 'dist/catalogues.json';

interface Snapshot {
  files: { name: string; sha1: string }[];
  catalogues: LoadedCatalogue[];
}

function pricingFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : [];
}

function sha1(file: string): string {
  return createHash('sha1').update(readFileSync(file)).digest('hex');
}

/** The build's validated copy, if every YAML file still has the content it was built from. */
function fromSnapshot(root: string, dir: string, files: readonly string[]): LoadedCatalogue[] | undefined {
  const snap = join(root, BUNDLED_SNAPSHOT);
  if (!existsSync(snap)) return undefined;
  try {
    const s = JSON.parse(readFileSync(snap, 'utf8')) as Snapshot;
    if (s.files.length !== files.length) return undefined;
    for (let i = 0; i < files.length; i++) {
      const f = s.files[i]!;
      if (f.name !== files[i]) return undefined;
      if (sha1(join(dir, f.name)) !== f.sha1) return undefined;
    }
    return s.catalogues;
  } catch {
    return undefined;
  }
}

/** The bundled token catalogues, read and validated from `pricing/*.yaml` (no snapshot). */
export function readBundledCatalogues(): { snapshot: Snapshot } {
  const dir = join(packageRoot(), 'pricing');
  const files = pricingFiles(dir);
  const catalogues = files
    .map((f) => join(dir, f))
    .filter(isTokenCatalogue)
    .map((abs) => loadCatalogueFile(abs, `pricing/${abs.slice(dir.length + 1)}`));
  const stats = files.map((name) => ({ name, sha1: sha1(join(dir, name)) }));
  return { snapshot: { files: stats, catalogues } };
}

export function bundledCatalogues(): LoadedCatalogue[] {
  if (bundled) return bundled;
  const root = packageRoot();
  const dir = join(root, 'pricing');
  bundled = fromSnapshot(root, dir, pricingFiles(dir)) ?? readBundledCatalogues().snapshot.catalogues;
  return bundled;
}
