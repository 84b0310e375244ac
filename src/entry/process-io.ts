// The real process as an Io: fd writes for stdout/stderr, stdin on demand, the controlling terminal
// for prompts, and SIGINT/SIGTERM for interrupts.
import tty from 'node:tty';
import type { Io, PromptStreams } from '../core/io.ts';
import { FdStream } from './fd-stream.ts';

/** A third Ctrl-C ends the process at once, whatever is still running. */
const HARD_EXIT_AFTER = 3;

export function processIo(): Io {
  const onClosed = () => process.exit(0);
  const stdout = new FdStream(1, onClosed);
  const stderr = new FdStream(2, onClosed);
  const handlers = new Set<() => void>();
  let interrupts = 0;
  const onSignal = () => {
    if (++interrupts >= HARD_EXIT_AFTER) process.exit(130);
    for (const handler of [...handlers]) handler();
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

