// An Io that records what a command writes, for tests that run `main(argv, io)` in-process.
import { Readable } from 'node:stream';
import type { Io, OutputStream, StopSignal } from './io.ts';

export interface RecordingStream extends OutputStream {
  text: string;
}

export interface TestIo extends Io {
  stdout: RecordingStream;
  stderr: RecordingStream;
  /** Simulates Ctrl-C: calls the handlers installed with onInterrupt. */
  interrupt(signal?: StopSignal): void;
}

function recording(tty: boolean, columns: number | undefined, rows: number | undefined): RecordingStream {
  const stream: RecordingStream = {
    text: '',
    isTTY: tty,
    columns: tty ? columns : undefined,
    rows: tty ? rows : undefined,
    write(chunk: string) {
      stream.text += chunk;
      return true;
    },
  };
  return stream;
}

export function createTestIo(options: { env?: NodeJS.ProcessEnv; input?: string | Buffer; tty?: boolean; stdinTty?: boolean; columns?: number; rows?: number } = {}): TestIo {
  const handlers = new Set<(signal: StopSignal) => void>();
  const stdin = Readable.from(options.input === undefined ? [] : [typeof options.input === 'string' ? Buffer.from(options.input) : options.input]) as Readable & { isTTY?: boolean };
  stdin.isTTY = options.stdinTty ?? false;
  return {
    stdout: recording(Boolean(options.tty), options.columns ?? 120, options.rows ?? 40),
    stderr: recording(Boolean(options.tty), options.columns ?? 120, options.rows ?? 40),
    stdin,
    env: options.env ?? {},
    terminal: () => undefined,
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    interrupt(signal: StopSignal = 'SIGINT') {
      for (const handler of [...handlers]) handler(signal);
    },
  };
}
