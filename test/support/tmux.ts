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

  constructor(command: string, env: Record<string, string>) {
    const envPrefix = Object.entries(env).map(([key, value]) => `${key}='${value.replace(/'/g, `'\\''`)}'`).join(' ');
    // The shell stays after the command ends so its last screen can still be read.
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', '160', '-y', '50', `env ${envPrefix} ${command}; echo "[exit $?]"; sleep 600`]);
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name, '-S', '-200'], { encoding: 'utf8' });
  }

  keys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
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
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
