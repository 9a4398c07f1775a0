/**
 * On-disk cache of token counts, keyed by the SHA-256 of the counted text and the encoding.
 *
 * One small JSON file (`token-counts-v1.json`) in the user's cache folder:
 *   $AIFINOPS_CACHE_DIR (tests, CI; "off" disables) → $XDG_CACHE_HOME/aifinops → ~/.cache/aifinops
 *   (macOS ~/Library/Caches/aifinops, Windows %LOCALAPPDATA%\aifinops\Cache)
 *   → <cwd>/node_modules/.cache/aifinops when the user's folder cannot be written.
 * Safe under concurrent runs: writers merge with what is on disk, write a private temporary file
 * and rename it over the cache (atomic), so a reader sees the old or the new file, never half of
 * one. A lost update only costs a recount. A corrupt or foreign file is ignored and replaced.
 * Failing to read or write the cache never fails a run: it is only a cache.
 * Besides counts, the file remembers each prompt file's content hash under its stat signature, so
 * a cached run does not even read and hash unchanged files (see `files` below).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { lazyBuiltin } from '../util/builtin.js';

const os = lazyBuiltin<typeof import('node:os')>('node:os');

export const CACHE_FILE = 'token-counts-v1.json';
const FORMAT = 'aifinops-token-counts';
const VERSION = 1;
/** Oldest entries are dropped beyond this many (≈ 100 bytes each). */
export const MAX_ENTRIES = 20_000;

interface CacheDoc {
  format: typeof FORMAT;
  version: typeof VERSION;
  /** "<encoding>:<sha256 hex>" → token count, oldest first. */
  counts: Record<string, number>;
  /**
   * "<absolute path>" → "<stat signature>|<sha256 hex>": the content hash of a file as it was when
   * its signature (device, inode, size, mtime and ctime in ns) was taken, so an unchanged file is
   * not read and hashed again. Only files last changed ≥ 2 s before they were read are recorded,
   * so a change within the timestamp resolution cannot hide behind an equal signature.
   */
  files: Record<string, string>;
}

interface Entries {
  counts: Map<string, number>;
  files: Map<string, string>;
}

/**
 * The folders the cache may live in, in order of preference: AIFINOPS_CACHE_DIR alone when set
 * (empty or "off" disables the cache), else the user's cache folder, then node_modules/.cache of
 * the current folder (used when the first cannot be written).
 */
export function cacheDirs(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string[] {
  const explicit = env.AIFINOPS_CACHE_DIR;
  if (explicit !== undefined) return explicit === '' || explicit === 'off' ? [] : [explicit];
  const dirs: string[] = [];
  const xdg = env.XDG_CACHE_HOME;
  let home = '';
  try {
    // os.homedir() is $HOME where it is set (libuv's rule; USERPROFILE on Windows): read without loading node:os
    const h = process.platform === 'win32' ? undefined : process.env.HOME;
    home = h !== undefined ? h : os().homedir();
  } catch {
    home = '';
  }
  if (xdg && isAbsolute(xdg)) dirs.push(join(xdg, 'aifinops'));
  else if (home && process.platform === 'win32') dirs.push(join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'aifinops', 'Cache'));
  else if (home && process.platform === 'darwin') dirs.push(join(home, 'Library', 'Caches', 'aifinops'));
  else if (home) dirs.push(join(home, '.cache', 'aifinops'));
  if (existsSync(join(cwd, 'node_modules'))) dirs.push(join(cwd, 'node_modules', '.cache', 'aifinops'));
  return dirs;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

const COUNT_KEY = /^[a-z0-9_]+:[0-9a-f]{64}$/;
const FILE_VALUE = /^[0-9:]+\|[0-9a-f]{64}$/;

/** What a lookup needs: the count under a key, the file entry under a path (each only if well-formed). */
interface Lookup {
  count(key: string): number | undefined;
  file(path: string): string | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The cache file's two tables, or null when it is missing, unreadable, corrupt or of another format. */
function readTables(file: string): { counts: Record<string, unknown>; files: Record<string, unknown> | undefined } | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const doc = JSON.parse(text) as Partial<CacheDoc> | null;
    if (!doc || doc.format !== FORMAT || doc.version !== VERSION || !isRecord(doc.counts)) return null;
    return { counts: doc.counts, files: isRecord(doc.files) ? doc.files : undefined };
  } catch {
    return null; // corrupt: as empty
  }
}

/**
 * The cache file for lookups: the entries are checked when they are looked up, not all at once
 * (a run looks up a few of up to 20,000); the same answers as {@link readDoc}'s.
 */
function readLookup(file: string): Lookup {
  const t = readTables(file);
  if (!t) return { count: () => undefined, file: () => undefined };
  const { counts, files } = t;
  return {
    count: (k) => {
      const v = Object.hasOwn(counts, k) ? counts[k] : undefined;
      return isCount(v) && COUNT_KEY.test(k) ? v : undefined;
    },
    file: (k) => {
      const v = files && Object.hasOwn(files, k) ? files[k] : undefined;
      return typeof v === 'string' && FILE_VALUE.test(v) ? v : undefined;
    },
  };
}

const lookupOf = (e: Entries): Lookup => ({ count: (k) => e.counts.get(k), file: (k) => e.files.get(k) });

/** Read the cache file; anything unreadable or malformed reads as empty. */
export function readDoc(file: string): Entries {
  const out: Entries = { counts: new Map(), files: new Map() };
  const t = readTables(file);
  if (!t) return out;
  for (const [k, v] of Object.entries(t.counts)) if (isCount(v) && COUNT_KEY.test(k)) out.counts.set(k, v);
  if (t.files) for (const [k, v] of Object.entries(t.files)) if (typeof v === 'string' && FILE_VALUE.test(v)) out.files.set(k, v);
  return out;
}

const newest = <V>(m: Map<string, V>, max: number): [string, V][] => {
  const e = [...m];
  return e.length > max ? e.slice(e.length - max) : e;
};

export class CountCache {
  private loaded: Lookup | null = null;
  private readonly added: Entries = { counts: new Map(), files: new Map() };
  /** Candidate cache files, in order of preference (empty: no disk cache). */
  readonly files: string[];
  /** Where the entries were read from (the first candidate that exists). */
  private source: string | null = null;
  /** Lookups answered from disk or not, for tests and the bench. */
  hits = 0;
  misses = 0;

  constructor(
    dirs: readonly string[] = cacheDirs(),
    private readonly maxEntries = MAX_ENTRIES,
  ) {
    this.files = dirs.map((d) => join(d, CACHE_FILE));
  }

  static key(encoding: string, sha256: string): string {
    return `${encoding}:${sha256}`;
  }

  private load(): Lookup {
    if (this.loaded) return this.loaded;
    this.source = this.files.find((f) => existsSync(f)) ?? null;
    this.loaded = this.source === null ? lookupOf({ counts: new Map(), files: new Map() }) : readLookup(this.source);
    return this.loaded;
  }

  get(key: string): number | undefined {
    const mine = this.added.counts.get(key);
    if (mine !== undefined) return mine;
    if (this.files.length === 0) return undefined;
    const v = this.load().count(key);
    if (v === undefined) this.misses++;
    else this.hits++;
    return v;
  }

  set(key: string, count: number): void {
    this.added.counts.set(key, count);
  }

  /** The content hash recorded for `path` when its stat signature was `signature`, if it still is. */
  fileHash(path: string, signature: string): string | undefined {
    if (this.files.length === 0) return undefined;
    const v = this.added.files.get(path) ?? this.load().file(path);
    if (v === undefined) return undefined;
    const bar = v.lastIndexOf('|');
    return v.slice(0, bar) === signature ? v.slice(bar + 1) : undefined;
  }

  setFileHash(path: string, signature: string, sha256: string): void {
    if (this.files.length === 0 || this.fileHash(path, signature) === sha256) return;
    this.added.files.set(path, `${signature}|${sha256}`);
  }

  /** Write new entries (merged with the file as it is now) atomically. Never throws. */
  flush(): void {
    if (this.added.counts.size === 0 && this.added.files.size === 0) return;
    this.load();
    // the file we read from first, then the others in order of preference
    const targets = this.source === null ? this.files : [this.source, ...this.files.filter((f) => f !== this.source)];
    for (const file of targets) {
      if (this.write(file)) {
        this.added.counts.clear();
        this.added.files.clear();
        return;
      }
    }
  }

  private write(file: string): boolean {
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      const merged = readDoc(file);
      for (const [k, v] of this.added.counts) {
        merged.counts.delete(k); // re-insert as newest
        merged.counts.set(k, v);
      }
      for (const [k, v] of this.added.files) {
        merged.files.delete(k);
        merged.files.set(k, v);
      }
      const counts = newest(merged.counts, this.maxEntries);
      const files = newest(merged.files, this.maxEntries);
      const doc: CacheDoc = { format: FORMAT, version: VERSION, counts: Object.fromEntries(counts), files: Object.fromEntries(files) };
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(tmp, JSON.stringify(doc));
      renameSync(tmp, file);
      this.loaded = lookupOf({ counts: new Map(counts), files: new Map(files) });
      this.source = file;
      return true;
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        /* nothing to clean */
      }
      return false;
    }
  }
}
