/**
 * A FileSource that reads files as they are at a git commit: `diff --base origin/main` evaluates
 * the same scenario paths, their catalogues and prompt files at that ref. Read-only plumbing
 * (`rev-parse`, `ls-tree`, `cat-file --batch`): no checkout, no index or working-tree change.
 *
 * One `ls-tree` lists the whole commit (paths, modes, sizes); contents are read in batches
 * (`prefetch`) or one by one on a miss, and cached by object id.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { MAX_YAML_BYTES, type FileSource } from './yaml.js';
import { decodeUtf8 } from '../util/read.js';
import { excerpt, quoted } from '../util/excerpt.js';

interface Entry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  size: number;
}

const MAX_SYMLINK_HOPS = 40;
const MAX_BUFFER = 1024 * 1024 * 1024;

function runGit(args: string[], cwd: string, input?: string): { status: number | null; stdout: Buffer; stderr: string; error?: Error } {
  const r = spawnSync('git', ['-c', 'core.quotepath=off', ...args], {
    cwd,
    input,
    maxBuffer: MAX_BUFFER,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
  });
  return { status: r.status, stdout: r.stdout ?? Buffer.alloc(0), stderr: r.stderr?.toString('utf8') ?? '', ...(r.error ? { error: r.error } : {}) };
}

function gitMissing(flag: string, ref: string): InputError {
  return new InputError({
    path: flag,
    message: `${quoted(ref)} looks like a git ref, but git is not installed or not on PATH`,
    fix: 'install git, or compare against a baseline JSON report (aifinops estimate … --format json -o baseline.json)',
  });
}

/** Resolve the physical form of a path whose tail may not exist (a scenario removed from the working tree). */
function physical(abs: string): string {
  let head = abs;
  const tail: string[] = [];
  for (let i = 0; i < 4096; i++) {
    if (existsSync(head)) {
      try {
        return join(realpathSync(head), ...tail.reverse());
      } catch {
        break;
      }
    }
    const up = dirname(head);
    if (up === head) break;
    tail.push(basename(head));
    head = up;
  }
  return abs;
}

export class GitSource implements FileSource {
  readonly label: string;
  /** The full commit id the ref resolved to. */
  readonly commit: string;
  /** The repository's top folder (physical path). */
  readonly root: string;
  private readonly entries = new Map<string, Entry>();
  private readonly children = new Map<string, string[]>();
  private readonly blobs = new Map<string, Buffer>();

  private constructor(label: string, commit: string, root: string, listing: Buffer) {
    this.label = label;
    this.commit = commit;
    this.root = root;
    this.children.set('', []);
    const text = listing.toString('utf8');
    for (const rec of text.split('\0')) {
      if (!rec) continue;
      const m = /^(\d+) (blob|tree|commit) ([0-9a-f]+) +(-|\d+)\t([\s\S]*)$/.exec(rec);
      if (!m) continue;
      const path = m[5]!;
      this.entries.set(path, { mode: m[1]!, type: m[2] as Entry['type'], oid: m[3]!, size: m[4] === '-' ? 0 : Number(m[4]) });
      const slash = path.lastIndexOf('/');
      const parent = slash < 0 ? '' : path.slice(0, slash);
      let list = this.children.get(parent);
      if (!list) this.children.set(parent, (list = []));
      list.push(slash < 0 ? path : path.slice(slash + 1));
    }
  }

  /**
   * Open `ref` in the repository that holds `cwd`. `flag` names the option in messages.
   * Throws InputError (exit 2) when git is missing, `cwd` is not in a repository, or the ref is unknown.
   */
  static open(ref: string, opts: { cwd?: string; flag?: string } = {}): GitSource {
    const cwd = opts.cwd ?? process.cwd();
    const flag = opts.flag ?? '--base';
    if (ref.startsWith('-') || /[\0\n]/.test(ref)) throw new InputError({ path: flag, message: `${quoted(ref)} is not a valid git ref` });
    const top = runGit(['rev-parse', '--show-toplevel'], cwd);
    if (top.error) throw gitMissing(flag, ref);
    if (top.status !== 0) {
      throw new InputError({
        path: flag,
        message: `${quoted(ref)} is not a JSON file here, and the current folder is not inside a git repository to read it as a git ref`,
        fix: 'give a baseline JSON report (aifinops estimate … --format json -o baseline.json), or run inside the repository',
      });
    }
    const root = physical(top.stdout.toString('utf8').trim());
    const rev = runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], root);
    if (rev.status !== 0) {
      const refs = runGit(['for-each-ref', '--format=%(refname:short)'], root).stdout.toString('utf8').split('\n').filter(Boolean);
      const shallow = runGit(['rev-parse', '--is-shallow-repository'], root).stdout.toString('utf8').trim() === 'true';
      const hint = didYouMean(ref, refs);
      const fetch = shallow
        ? 'this clone is shallow: fetch the history (actions/checkout with fetch-depth: 0, GitLab GIT_DEPTH: 0, or `git fetch --unshallow`)'
        : 'fetch it first (e.g. `git fetch origin main`); in CI use actions/checkout with fetch-depth: 0 or GitLab GIT_DEPTH: 0';
      throw new InputError({
        path: flag,
        message: `${quoted(ref)} is neither a JSON file nor a commit in this repository`,
        fix: hint ? `${hint} Or ${fetch}` : fetch,
      });
    }
    const commit = rev.stdout.toString('utf8').trim();
    const tree = runGit(['ls-tree', '-r', '-t', '-l', '-z', '--full-tree', commit], root);
    if (tree.status !== 0) throw new InputError({ path: flag, message: `cannot list the files of ${ref} (${commit.slice(0, 12)}): ${excerpt(tree.stderr.trim(), 200)}` });
    return new GitSource(ref, commit, root, tree.stdout);
  }

  /** `abs` as a `/` path relative to the repository root, or null when it is outside. */
  private rel(abs: string): string | null {
    const tryRel = (p: string) => {
      const r = relative(this.root, p);
      if (r === '') return '';
      if (r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r)) return null;
      return r.split(sep).join('/');
    };
    return tryRel(abs) ?? tryRel(physical(abs));
  }

  /** Follow symbolic links stored in the commit; returns the final in-repo path, or an absolute path outside. */
  private resolveLinks(rel: string): { rel: string } | { outside: string } | null {
    let parts = rel === '' ? [] : rel.split('/');
    let hops = 0;
    for (let i = 0; i < parts.length; i++) {
      const cur = parts.slice(0, i + 1).join('/');
      const e = this.entries.get(cur);
      if (!e) return null;
      if (e.mode === '120000') {
        if (++hops > MAX_SYMLINK_HOPS) return null;
        const target = this.readBlob(e.oid, join(this.root, ...parts.slice(0, i + 1)));
        const base = parts.slice(0, i).join('/');
        const abs = isAbsolute(target) ? target : resolve(this.root, base, target);
        const r = this.rel(abs);
        if (r === null) return { outside: join(abs, ...parts.slice(i + 1)) };
        parts = [...(r === '' ? [] : r.split('/')), ...parts.slice(i + 1)];
        i = -1;
      }
    }
    return { rel: parts.join('/') };
  }

  private entryAt(abs: string): { rel: string; entry: Entry | null } | null {
    const rel = this.rel(abs);
    if (rel === null) return null;
    const r = this.resolveLinks(rel);
    if (!r || 'outside' in r) return null;
    if (r.rel === '') return { rel: '', entry: { mode: '040000', type: 'tree', oid: '', size: 0 } };
    return { rel: r.rel, entry: this.entries.get(r.rel) ?? null };
  }

  exists(absPath: string): boolean {
    const e = this.entryAt(absPath);
    return Boolean(e?.entry);
  }

  readText(absPath: string): string {
    const rel = this.rel(absPath);
    if (rel === null) {
      throw new InputError({ file: absPath, message: `is outside the git repository (${this.root}), so it cannot be read at ${this.label}` });
    }
    const at = this.entryAt(absPath);
    if (!at?.entry) throw Object.assign(new Error(`${rel} does not exist at ${this.label}`), { code: 'ENOENT' });
    const e = at.entry;
    if (e.type === 'tree') throw new InputError({ file: absPath, message: `is a folder at ${this.label}, expected a file` });
    if (e.type !== 'blob') throw new InputError({ file: absPath, message: `is a submodule at ${this.label}, expected a file` });
    if (e.size > MAX_YAML_BYTES) throw new InputError({ file: absPath, message: `is ${e.size} bytes at ${this.label}; inputs are limited to ${MAX_YAML_BYTES} bytes` });
    return this.readBlob(e.oid, absPath);
  }

  /** The path with the commit's symbolic links resolved (the prompt-file guard compares these). */
  realPath(absPath: string): string {
    const rel = this.rel(absPath);
    if (rel === null) return physical(absPath);
    const r = this.resolveLinks(rel);
    if (!r) throw Object.assign(new Error(`${rel} does not exist at ${this.label}`), { code: 'ENOENT' });
    return 'outside' in r ? r.outside : join(this.root, ...r.rel.split('/').filter(Boolean));
  }

  /** A folder's entries at the commit (symbolic links count as files when they lead to one). */
  listDir(absPath: string): { name: string; kind: 'file' | 'dir' | 'other' }[] {
    const at = this.entryAt(absPath);
    if (!at?.entry || at.entry.type !== 'tree') throw Object.assign(new Error(`not a folder at ${this.label}`), { code: 'ENOTDIR' });
    return (this.children.get(at.rel) ?? []).map((name) => {
      const p = at.rel ? `${at.rel}/${name}` : name;
      const e = this.entries.get(p)!;
      let kind: 'file' | 'dir' | 'other' = e.type === 'tree' ? 'dir' : e.type === 'blob' && e.mode !== '120000' ? 'file' : 'other';
      if (e.mode === '120000') {
        const r = this.resolveLinks(p);
        kind = r && 'rel' in r && this.entries.get(r.rel)?.type === 'blob' ? 'file' : 'other';
      }
      return { name, kind };
    });
  }

  /** Files under `absDir` at the commit, as `/` paths relative to it; hidden folders and node_modules skipped. */
  listFiles(absDir: string, relDir = ''): string[] {
    const base = this.rel(absDir);
    if (base === null) return [];
    const start = [base, relDir].filter(Boolean).join('/');
    const prefix = start ? `${start}/` : '';
    const out: string[] = [];
    for (const [p, e] of this.entries) {
      if (e.type !== 'blob' || (prefix && !p.startsWith(prefix))) continue;
      const within = p.slice(base ? base.length + 1 : 0);
      const segs = within.split('/');
      if (segs.slice(0, -1).some((s) => s.startsWith('.') || s === 'node_modules')) continue;
      out.push(within);
    }
    return out;
  }

  /** Read many files in one `git cat-file --batch` (paths that do not exist are ignored). */
  prefetch(absPaths: Iterable<string>): void {
    const want = new Set<string>();
    for (const abs of absPaths) {
      const at = this.entryAt(abs);
      const e = at?.entry;
      if (e && e.type === 'blob' && e.mode !== '120000' && e.size <= MAX_YAML_BYTES && !this.blobs.has(e.oid)) want.add(e.oid);
    }
    if (want.size) this.catFile([...want]);
  }

  /** A blob's text; bytes that are not UTF-8 are an input error naming `display` (src/util/read.ts). */
  private readBlob(oid: string, display: string): string {
    let hit = this.blobs.get(oid);
    if (hit === undefined) {
      this.catFile([oid]);
      hit = this.blobs.get(oid) ?? Buffer.alloc(0);
    }
    return decodeUtf8(hit, display);
  }

  private catFile(oids: string[]): void {
    const r = runGit(['cat-file', '--batch'], this.root, `${oids.join('\n')}\n`);
    if (r.status !== 0) throw new InputError({ message: `cannot read files at ${this.label}: git cat-file failed: ${excerpt(r.stderr.trim(), 200)}` });
    const buf = r.stdout;
    let pos = 0;
    while (pos < buf.length) {
      const nl = buf.indexOf(10, pos);
      if (nl < 0) break;
      const header = buf.toString('utf8', pos, nl);
      const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
      if (!m) {
        pos = nl + 1; // "<oid> missing"
        continue;
      }
      const size = Number(m[3]);
      this.blobs.set(m[1]!, buf.subarray(nl + 1, nl + 1 + size));
      pos = nl + 1 + size + 1;
    }
  }
}
