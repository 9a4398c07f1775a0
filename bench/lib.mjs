// Shared benchmark helpers: interleaved side-by-side timing and a results table.
import { spawnSync } from 'node:child_process';

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Time each command `runs` times, interleaved (A B A B …) so machine noise hits both alike. */
export function timeCommands(commands, { runs = 21, warmup = 3, cwd } = {}) {
  const times = commands.map(() => []);
  for (let r = 0; r < warmup + runs; r++) {
    commands.forEach((c, i) => {
      const t0 = process.hrtime.bigint();
      const res = spawnSync(c.cmd, c.args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res.status !== 0) throw new Error(`${c.name} failed (exit ${res.status}): ${res.stderr}`);
      if (r >= warmup) times[i].push(ms);
    });
  }
  return commands.map((c, i) => ({ name: c.name, median: median(times[i]), runs }));
}

export function printTable(rows, headers) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}
