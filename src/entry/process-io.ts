// The real process as an Io: fd writes for stdout/stderr, stdin on demand, the controlling terminal
// for prompts, and SIGINT/SIGTERM for interrupts.
import tty from 'node:tty';
import type { Io, PagerStream, PromptStreams, StopSignal } from '../core/io.ts';
import { FdStream } from './fd-stream.ts';

/** A third Ctrl-C ends the process at once, whatever is still running. */
const HARD_EXIT_AFTER = 3;

export function processIo(): Io {
  const onClosed = () => process.exit(0);
  const stdout = new FdStream(1, onClosed);
  const stderr = new FdStream(2, onClosed);
  const handlers = new Set<(signal: StopSignal) => void>();
  let memoryBounded = false;
  let interrupts = 0;
  const onSignal = (signal: StopSignal) => {
    if (++interrupts >= HARD_EXIT_AFTER) process.exit(signal === 'SIGTERM' ? 143 : 130);
    for (const handler of [...handlers]) handler(signal);
  };
  return {
    stdout,
    stderr,
    // process.stdin is a getter: only commands that read stdin pay for creating it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    /**
     * topo asks only when stdin, stdout and stderr are all a terminal: a pipeline (ids on stdin,
     * results into a file) never waits on a prompt it did not ask for.
     */
    terminal(): PromptStreams | undefined {
      if (!stderr.isTTY || !stdout.isTTY || !tty.isatty(0)) return undefined;
      return { input: process.stdin, output: process.stderr, close: () => process.stdin.pause() };
    },
    /**
     * Memory that does not grow with the export. V8 sizes both generations by how fast a program
     * allocates, and a long export allocates page after page: by default peak memory grows with the
     * number of tasks (measured, Outreach: 25k → 250k tasks, 130–180 MB and rising). So the old
     * generation grows by a fixed 20% over what is live, and the young one may double up to 16 MB and
     * no further (V8 reads both flags at each resize, so they can be set late; its size is looked at
     * every 10 ms until it is reached). Up to 4 MB only, each page's objects outlived the young
     * generation's many scavenges: 234 of them, 325 ms of a 50,000-task Outreach export's 1.9 s of
     * CPU; up to 16 MB, 54 and 207 ms (the export 2.05 → 1.85 s), for ~14 MB more at every size (bench
     * medians, 25k → 250k tasks: Topo 84 → 92 MB, Outreach 112 → 119 MB); 32 MB: 96 → 108 MB, no longer
     * flat; unbounded, 133-172 MB at 50,000 tasks already. Loading node:v8 costs 1.6 ms, so only long listings ask for it.
     */
    async boundMemory() {
      // Once per process: a --watch refresh asks again.
      if (memoryBounded) return;
      memoryBounded = true;
      const v8 = await import('node:v8');
      v8.setFlagsFromString('--heap-growing-percent=20');
      const youngMost = 16 * 1024 * 1024;
      const watch = setInterval(() => {
        const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
        if (young && young.space_size < youngMost) return;
        v8.setFlagsFromString('--semi-space-growth-factor=1');
        clearInterval(watch);
      }, 10);
      watch.unref();
    },
    async pager(command: string): Promise<PagerStream | undefined> {
      const { spawn } = await import('node:child_process');
      // less without -F would wait on a one-line answer; LESS is set only where the user has not.
      const child = spawn(command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: { ...process.env, LESS: process.env.LESS ?? 'FRX', LV: process.env.LV ?? '-c' } });
      const started = await new Promise<boolean>((resolve) => {
        child.once('spawn', () => resolve(true));
        child.once('error', () => resolve(false));
      });
      if (!started) return undefined;
      let open = true;
      // The person quit the pager before the end: not an error, the rest has nobody to read it.
      child.stdin.on('error', () => { open = false; });
      const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
      return {
        isTTY: true,
        get columns() { return stdout.columns; },
        write(chunk: string) {
          if (!open) return true;
          return child.stdin.write(chunk);
        },
        once(event: 'drain', listener: () => void) {
          if (!open) setImmediate(listener);
          else child.stdin.once(event, listener);
          return this;
        },
        async close() {
          if (open) child.stdin.end();
          await exited;
        },
      };
    },
    onInterrupt(handler) {
      if (handlers.size === 0) {
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      }
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
        if (handlers.size === 0) {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      };
    },
  };
}

