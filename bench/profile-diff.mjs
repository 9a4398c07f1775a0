// Where two command lines' CPU time differs, by kind of work: Linux `perf` samples every thread of
// each run (cpu-clock, 25 kHz), the runs of A and B interleaved, and each sample is put in a
// category by its symbol (V8's deserialiser, interpreter and inline caches, TurboFan, the garbage
// collector, OpenSSL, the kernel's page faults, WebAssembly and other generated code, …).
// The sampling inflates every figure; read the differences, not the totals.
// Not part of `npm run bench`: it needs `perf` and permission to sample (perf_event_paranoid ≤ 2).
//
//   RUNS=30 A='["-e","0"]' B='["bin/aifinops.js","forecast","scenarios/coding-agent-growth.yaml"]' node bench/profile-diff.mjs
//
// A and B are the arguments to `node` (JSON arrays), run in the current folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.env.RUNS ?? 30);
const sides = { A: JSON.parse(process.env.A ?? '["-e","0"]'), B: JSON.parse(process.env.B ?? '["bin/aifinops.js","forecast","scenarios/coding-agent-growth.yaml"]') };
const HZ = 25_000;
const dir = mkdtempSync(join(tmpdir(), 'aifinops-profile-'));

/** The kind of work a sample's symbol (and the object it is in) belongs to. */
function category(sym, dso) {
  if (dso.includes('kernel')) return /page|fault|folio|lru|pte|zap|unmap|rmqueue|memcg|mm_/.test(sym) ? 'kernel: memory (page faults)' : 'kernel: other';
  if (dso.includes('perf-') || sym.startsWith('JS:') || /wasm-function/.test(sym)) return 'generated code (WebAssembly, baseline JS)';
  if (sym.startsWith('Builtins_')) return /Interpreter|Bytecode|IC|Handler/.test(sym) ? 'V8: interpreter and inline caches' : 'V8: other builtins';
  if (/OPENSSL|ossl_|EVP_|CRYPTO_|X509|ASN1|PEM_|BN_|BIO_|sprp/.test(sym)) return 'OpenSSL (certificates)';
  if (/Deserializer|Snapshot/.test(sym)) return 'V8: deserialising (snapshot, code cache)';
  if (/Scaveng|Heap|MarkCompact|Marking|Sweep|Evacuat|GC/.test(sym)) return 'V8: garbage collection and heap';
  if (/compiler::|Turbofan|Pipeline/.test(sym)) return 'V8: TurboFan';
  if (/wasm::|Liftoff/.test(sym)) return 'V8: WebAssembly compiler and decoder';
  if (/baseline::/.test(sym)) return 'V8: Sparkplug';
  if (/Parser|Scanner|Preparse|interpreter::|BytecodeGenerator/.test(sym)) return 'V8: parsing and bytecode (lazy functions)';
  if (/v8::|Runtime_/.test(sym)) return 'V8: runtime (lookups, maps, objects, strings)';
  if (/malloc|free|memmove|memcpy|memset|strlen|pthread/.test(sym)) return 'libc: memory and locks';
  return `other (${dso.replace(/.*\//, '') || '?'})`;
}

const counts = { A: new Map(), B: new Map() };
try {
  for (let r = -1; r < runs; r++) {
    for (const side of ['A', 'B']) {
      const data = join(dir, `${side}.data`);
      const rec = spawnSync('perf', ['record', '-q', '-e', 'cpu-clock', '-F', String(HZ), '-o', data, process.execPath, ...sides[side]], { stdio: ['ignore', 'ignore', 'pipe'] });
      if (rec.error || rec.status !== 0) throw new Error(`perf record failed: ${rec.error?.message ?? rec.stderr.toString().slice(0, 300)}`);
      if (r < 0) continue; // a first run of each writes its code cache
      const script = spawnSync('perf', ['script', '-i', data, '-F', 'ip,sym,dso'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      for (const line of script.stdout.split('\n')) {
        const m = /^\s*[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$/.exec(line);
        if (!m) continue;
        const key = category(m[1].replace(/\+0x[0-9a-f]+$/, ''), m[2]);
        counts[side].set(key, (counts[side].get(key) ?? 0) + 1);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const ms = (n) => (n * 1000) / HZ / runs;
const keys = [...new Set([...counts.A.keys(), ...counts.B.keys()])];
const rows = keys.map((k) => [k, ms(counts.A.get(k) ?? 0), ms(counts.B.get(k) ?? 0)]).sort((x, y) => y[2] - y[1] - (x[2] - x[1]));
const total = (side) => ms([...counts[side].values()].reduce((a, b) => a + b, 0));
console.log(`A: node ${sides.A.join(' ')}\nB: node ${sides.B.join(' ')}\n${runs} runs each, interleaved; ms of sampled CPU per run (all threads)\n`);
console.log('| kind of work | A | B | B − A |\n|---|---|---|---|');
for (const [k, a, b] of rows) if (Math.abs(b - a) >= 0.05 || a >= 0.5) console.log(`| ${k} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b - a >= 0 ? '+' : '') + (b - a).toFixed(2)} |`);
console.log(`| **total** | ${total('A').toFixed(2)} | ${total('B').toFixed(2)} | ${(total('B') - total('A') >= 0 ? '+' : '') + (total('B') - total('A')).toFixed(2)} |`);
