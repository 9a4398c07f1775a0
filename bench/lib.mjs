// Shared benchmark helpers: interleaved side-by-side timing and a results table.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
      const res = spawnSync(c.cmd, c.args, { cwd: c.cwd ?? cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
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

/** CPU time (user + sys) of the waited-for children of this process so far, in ms (Linux /proc; null elsewhere). */
export function childCpuMs() {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, USER_HZ = 100
  } catch {
    return null;
  }
}

/**
 * Like timeCommands (interleaved runs), measuring CPU time (user + sys) as well as wall clock.
 * The kernel reports children's CPU time in 10 ms ticks, so one run's figure is too coarse for a
 * 50 ms command; the total over each command's runs is exact to 10 ms, and its mean per run is what
 * is reported (`cpu`), with the lowest and highest of `blocks` consecutive-run means as a range.
 * CPU time is what other processes on a shared machine disturb least.
 */
export function timeCommandsCpu(commands, { runs = 21, warmup = 2, cwd, blocks = 3, env = {} } = {}) {
  const wall = commands.map(() => []);
  const cpu = commands.map(() => []);
  for (let r = 0; r < warmup + runs; r++) {
    commands.forEach((c, i) => {
      const c0 = childCpuMs();
      const t0 = process.hrtime.bigint();
      const res = spawnSync(c.cmd, c.args, { cwd: c.cwd ?? cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env, ...c.env } });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const c1 = childCpuMs();
      if (res.status !== 0) throw new Error(`${c.name} failed (exit ${res.status}): ${res.stderr}`);
      if (r >= warmup) {
        wall[i].push(ms);
        if (c0 !== null && c1 !== null) cpu[i].push(c1 - c0);
      }
    });
  }
  const per = Math.max(1, Math.floor(runs / blocks));
  return commands.map((c, i) => {
    const xs = cpu[i];
    const sum = (a) => a.reduce((s, x) => s + x, 0);
    const means = [];
    for (let b = 0; b + per <= xs.length; b += per) means.push(sum(xs.slice(b, b + per)) / per);
    return {
      name: c.name,
      median: median(wall[i]),
      cpu: xs.length ? sum(xs) / xs.length : null,
      cpuMedian: xs.length ? median(xs) : null,
      cpuRange: means.length ? [Math.min(...means), Math.max(...means)] : null,
      runs,
    };
  });
}
