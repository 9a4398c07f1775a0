/**
 * Drive a program through a real pseudo-terminal with tmux, as a person would: wait until a
 * question is on the screen, type an answer, press keys. Each session has its own tmux server
 * (socket), so tests never touch anyone else's sessions.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

export const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;

let counter = 0;

export class TmuxSession {
  private readonly socket: string;
  private readonly name = 'w';

  constructor(command: string, opts: { cwd: string; width?: number; height?: number }) {
    this.socket = `aifinops-test-${process.pid}-${++counter}`;
    // the pane stays open after the program ends so the test can read the last screen
    const script = `${command}; echo "__EXIT=$?"; sleep 600`;
    this.tmux(['new-session', '-d', '-s', this.name, '-x', String(opts.width ?? 160), '-y', String(opts.height ?? 50), '-c', opts.cwd, script]);
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** The whole screen with its scroll-back. */
  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-S', '-500', '-t', this.name]);
  }

  /** Wait until `what` shows (after `after` characters of screen, to skip earlier matches). */
  async waitFor(what: string | RegExp, timeoutMs = 10_000): Promise<string> {
    const start = Date.now();
    for (;;) {
      const s = this.screen();
      if (typeof what === 'string' ? s.includes(what) : what.test(s)) return s;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${String(what)}; the screen was:\n${s}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Type text literally (no key names). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  /** Press keys by tmux name: Enter, Down, C-c, BSpace, … */
  press(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.name, ...keys]);
  }

  /** Wait for a question, then answer it: clear the suggested text, type, Enter. */
  async answer(question: string | RegExp, text: string | null): Promise<void> {
    await this.waitForQuestion(question);
    if (text !== null) {
      this.press('C-u');
      this.type(text);
    }
    this.press('Enter');
  }

  /** Wait until `question` is the active prompt (the last line starting with "?" shows it). */
  async waitForQuestion(question: string | RegExp, timeoutMs = 10_000): Promise<void> {
    const test = (line: string) => (typeof question === 'string' ? line.includes(question) : question.test(line));
    const start = Date.now();
    for (;;) {
      const lines = this.screen().split('\n');
      const active = [...lines].reverse().find((l) => /^\? /.test(l));
      if (active && test(active)) return;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for the question ${String(question)}; the screen was:\n${lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async exitCode(timeoutMs = 10_000): Promise<number> {
    const s = await this.waitFor(/__EXIT=\d+/, timeoutMs);
    return Number(/__EXIT=(\d+)/.exec(s)![1]);
  }

  kill(): void {
    let socketPath: string | undefined;
    try {
      socketPath = this.tmux(['display-message', '-p', '#{socket_path}']).trim();
      this.tmux(['kill-server']);
    } catch {
      /* already gone */
    }
    // tmux leaves its socket file behind after kill-server
    if (socketPath) rmSync(socketPath, { force: true });
  }
}
