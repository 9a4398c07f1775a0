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
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

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
    home = homedir();
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

/** Read the cache file; anything unreadable or malformed reads as empty. */
function readDoc(file: string): Map<string, number> {
  const out = new Map<string, number>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  try {
    const doc = JSON.parse(text) as Partial<CacheDoc> | null;
    if (!doc || doc.format !== FORMAT || doc.version !== VERSION || typeof doc.counts !== 'object' || doc.counts === null) return out;
    for (const [k, v] of Object.entries(doc.counts)) if (isCount(v) && /^[a-z0-9_]+:[0-9a-f]{64}$/.test(k)) out.set(k, v);
  } catch {
    /* corrupt: start over */
  }
  return out;
}

export class CountCache {
  private loaded: Map<string, number> | null = null;
  private readonly added = new Map<string, number>();
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

  private load(): Map<string, number> {
    if (this.loaded) return this.loaded;
    this.source = this.files.find((f) => existsSync(f)) ?? null;
    this.loaded = this.source === null ? new Map() : readDoc(this.source);
    return this.loaded;
  }

  get(key: string): number | undefined {
    const mine = this.added.get(key);
    if (mine !== undefined) return mine;
    if (this.files.length === 0) return undefined;
    const v = this.load().get(key);
    if (v === undefined) this.misses++;
    else this.hits++;
    return v;
  }

  set(key: string, count: number): void {
    this.added.set(key, count);
  }

  /** Write new entries (merged with the file as it is now) atomically. Never throws. */
  flush(): void {
    if (this.added.size === 0) return;
    this.load();
    // the file we read from first, then the others in order of preference
    const targets = this.source === null ? this.files : [this.source, ...this.files.filter((f) => f !== this.source)];
    for (const file of targets) {
      if (this.write(file)) {
        this.added.clear();
        return;
      }
    }
  }

  private write(file: string): boolean {
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      const merged = readDoc(file);
      for (const [k, v] of this.added) {
        merged.delete(k); // re-insert as newest
        merged.set(k, v);
      }
      const entries = [...merged];
      const kept = entries.length > this.maxEntries ? entries.slice(entries.length - this.maxEntries) : entries;
      const doc: CacheDoc = { format: FORMAT, version: VERSION, counts: Object.fromEntries(kept) };
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(tmp, JSON.stringify(doc));
      renameSync(tmp, file);
      this.loaded = new Map(kept);
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
