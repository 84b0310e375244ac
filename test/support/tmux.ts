// Drives a command in a real terminal: tmux runs it, send-keys types, capture-pane reads the screen.
import { execFileSync } from 'node:child_process';

export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
}

export class TmuxSession {
  readonly name = `topo-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  /**
   * Every session runs its own tmux server (socket named after it): on one shared server, a session
   * started while another test file's last session ends the server fails with "server exited unexpectedly".
   */
  private tmux(args: string[], options: { encoding?: 'utf8'; stdio?: 'ignore' } = {}): string {
    return execFileSync('tmux', ['-L', this.name, ...args], options) as unknown as string;
  }

  constructor(command: string, env: Record<string, string>) {
    const envPrefix = Object.entries(env).map(([key, value]) => `${key}='${value.replace(/'/g, `'\\''`)}'`).join(' ');
    // The shell stays after the command ends so its last screen can still be read.
    this.tmux(['new-session', '-d', '-s', this.name, '-x', '160', '-y', '50', `env ${envPrefix} ${command}; echo "[exit $?]"; sleep 600`]);
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-t', this.name, '-S', '-200'], { encoding: 'utf8' });
  }

  /** What the terminal shows now (no scrollback): a view redrawn in place holds one frame. */
  visible(): string {
    return this.tmux(['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.name, ...keys]);
  }

  /** Text typed as it is (no key names). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  kill(): void {
    try {
      this.tmux(['kill-server'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
