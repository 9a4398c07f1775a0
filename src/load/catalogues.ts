/** Load pricing catalogues: the bundled ones, then a scenario's `pricing:`, then `--pricing` flags. */
import { isAscii } from 'node:buffer';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import { joinPath, resolvePath } from '../util/read.js';
import type { LoadedCatalogue } from '../core/registry.js';
import { catalogueSchema } from '../schema/catalogue.js';
import { parseSnapshotText, snapshotText, type Snapshot } from './catalogue-snapshot.js';
import { issuesToProblems, keysFromSchema } from './issues.js';
import { diskSource, parseYamlText, readYamlFile, type FileSource, type LoadedYaml } from './yaml.js';

let root: string | undefined;

/** The package's own folder (where `pricing/` and `scenarios/` live), from src/ or dist/. */
export function packageRoot(): string {
  if (root) return root;
  // the bundle runs as a CommonJS function given its own path (bin/aifinops.js): no URL to parse
  let dir = typeof __filename === 'string' ? dirname(__filename) : dirname(fileURLToPath(import.meta.url));
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

const shownPaths = new Map<string, string>();

/** A path as reports show it: relative to the current folder when inside it, with forward slashes. */
export function displayPath(file: string, cwd = process.cwd()): string {
  // (the same path is shown again and again: the file, then each problem and warning in it)
  const key = `${cwd}\u0000${file}`;
  let shown = shownPaths.get(key);
  if (shown === undefined) {
    shown = showPath(file, cwd);
    if (shownPaths.size < 10_000) shownPaths.set(key, shown);
  }
  return shown;
}

function showPath(file: string, cwd: string): string {
  const abs = resolvePath(cwd, file);
  // a path below the folder is the rest of it (what path.relative gives, without resolving both
  // paths again: this runs for every file a command reads and every path it reports)
  const below = cwd.endsWith(sep) ? '' : `${cwd}${sep}`;
  const rel = below && abs.startsWith(below) && abs.length > below.length ? abs.slice(below.length) : relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') ? rel : abs;
  return shown.split(sep).join('/');
}

const keysAt = keysFromSchema(catalogueSchema);

export function validateCatalogue(loaded: LoadedYaml, display = loaded.file): LoadedCatalogue {
  const parsed = catalogueSchema.safeParse(loaded.data, { reportInput: true });
  if (!parsed.success) throw new InputError(issuesToProblems(parsed.error.issues, { file: display, locate: loaded.locate }, keysAt));
  return { file: display, catalogue: parsed.data };
}

/** Parsed catalogues by display path and content: many scenarios sharing one `pricing:` file parse it once. */
const catalogueCache = new Map<string, LoadedCatalogue>();

export function loadCatalogueFile(file: string, display = displayPath(file), source: FileSource = diskSource): LoadedCatalogue {
  let text: string;
  try {
    text = source.readText(resolve(file));
  } catch {
    return validateCatalogue(readYamlFile(file, source, display), display); // reports the read error
  }
  const key = `${display}\u0000${text}`;
  const hit = catalogueCache.get(key);
  if (hit) return hit;
  const loaded = validateCatalogue(parseYamlText(text, display), display);
  catalogueCache.set(key, loaded);
  return loaded;
}

/** Token catalogues are the `pricing/*.yaml` files with a top-level `models:` mapping. */
function isTokenCatalogue(file: string): boolean {
  return /^models:/m.test(readFileSync(file, 'utf8'));
}

let bundled: LoadedCatalogue[] | undefined;

/**
 * Where the build stores the validated bundled catalogues (see scripts/build.mjs), and beside it
 * the bytes of the YAML files they were validated from, one after another. A run takes the
 * snapshot only if every pricing/*.yaml file still has exactly those bytes. The check compares
 * bytes (no file is decoded to a string: a string of text that is not all ASCII takes two bytes
 * a character on the heap, and every fresh page a run touches costs a page fault), which costs
 * less than loading node:crypto to hash them, and less than parsing them from JSON. The JSON's
 * layout (each model's entry parsed when first read) is in catalogue-snapshot.ts.
 */
export const BUNDLED_SNAPSHOT = 'dist/catalogues.json';
export const BUNDLED_SNAPSHOT_TEXTS = 'dist/catalogues.texts';

function pricingFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : [];
}

/**
 * The bytes of the file `fd` when it has exactly `size` of them, read into `into` (at least
 * size + 1 long: a file that grew reads one byte more), else undefined.
 */
function readExactly(fd: number, into: Buffer, size: number): Buffer | undefined {
  let n = 0;
  for (let r; n <= size && (r = readSync(fd, into, n, size + 1 - n, null)) > 0; ) n += r;
  return n === size ? into.subarray(0, size) : undefined;
}

/** Each bundled catalogue taken from the snapshot, by absolute path, with the bytes it was validated from. */
let fromBuild: Map<string, { bytes: Buffer; catalogue: LoadedCatalogue }> | undefined;

/** The build's validated copy, if every YAML file still has the content it was built from. */
function fromSnapshot(root: string, dir: string, files: readonly string[]): LoadedCatalogue[] | undefined {
  try {
    const json = readFileSync(join(root, BUNDLED_SNAPSHOT));
    // (positions in the snapshot are positions in its bytes: it must be ASCII, as the build writes it)
    const s = isAscii(json) ? parseSnapshotText(json.toString('latin1')) : undefined;
    if (s === undefined || s.files.length !== files.length) return undefined;
    const texts = readFileSync(join(root, BUNDLED_SNAPSHOT_TEXTS));
    let at = 0;
    let largest = 0;
    for (const f of s.files) largest = Math.max(largest, f.bytes);
    // one scratch buffer for every file (no Buffer each), one byte longer than the largest
    const scratch = Buffer.allocUnsafe(largest + 1);
    const byPath = new Map<string, { bytes: Buffer; catalogue: LoadedCatalogue }>();
    for (let i = 0; i < files.length; i++) {
      const f = s.files[i]!;
      if (f.name !== files[i] || at + f.bytes > texts.length) return undefined;
      const bytes = texts.subarray(at, at + f.bytes);
      const abs = joinPath(dir, f.name);
      const fd = openSync(abs, 'r');
      let now: Buffer | undefined;
      try {
        now = readExactly(fd, scratch, f.bytes);
      } finally {
        closeSync(fd);
      }
      if (now === undefined || !now.equals(bytes)) return undefined;
      const catalogue = s.catalogues.find((c) => c.file === `pricing/${f.name}`);
      if (catalogue) byPath.set(abs, { bytes, catalogue });
      at += f.bytes;
    }
    if (at !== texts.length) return undefined;
    fromBuild = byPath;
    return s.catalogues;
  } catch {
    return undefined; // no snapshot (not built yet) or an unreadable one: validate the YAML instead
  }
}

/** The bundled token catalogues, read and validated from `pricing/*.yaml` (no snapshot). */
export function readBundledCatalogues(): { snapshot: Snapshot; texts: Buffer; json: string } {
  const dir = join(packageRoot(), 'pricing');
  const files = pricingFiles(dir);
  const catalogues = files
    .map((f) => join(dir, f))
    .filter(isTokenCatalogue)
    .map((abs) => loadCatalogueFile(abs, `pricing/${abs.slice(dir.length + 1)}`));
  const bytes = files.map((name) => readFileSync(join(dir, name)));
  const listed = files.map((name, i) => ({ name, bytes: bytes[i]!.length, length: bytes[i]!.toString('utf8').length }));
  const snapshot = { files: listed, catalogues };
  return { snapshot, texts: Buffer.concat(bytes), json: snapshotText(snapshot) };
}

/**
 * The build's validated copy of the bundled catalogue `file` when `text` is exactly the text it
 * was validated from, else undefined. Validating a catalogue depends on its text alone, so
 * `aifinops validate` of an unchanged bundled catalogue takes this instead of parsing it again.
 */
export function bundledCatalogueWithText(file: string, text: string): LoadedCatalogue | undefined {
  bundledCatalogues();
  const hit = fromBuild?.get(resolvePath(file));
  // (a text of other bytes cannot be this one: its UTF-8 length is counted without encoding it)
  return hit && Buffer.byteLength(text, 'utf8') === hit.bytes.length && hit.bytes.toString('utf8') === text ? hit.catalogue : undefined;
}

export function bundledCatalogues(): LoadedCatalogue[] {
  if (bundled) return bundled;
  const root = packageRoot();
  const dir = join(root, 'pricing');
  bundled = fromSnapshot(root, dir, pricingFiles(dir)) ?? readBundledCatalogues().snapshot.catalogues;
  return bundled;
}
