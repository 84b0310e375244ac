// The streams and environment a command runs with. Only the entry point (src/entry) builds them
// from the real process; tests build them with createTestIo. Nothing else reads process.env,
// process.stdout/stderr/stdin or installs signal handlers.

export interface OutputStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  once?(event: 'drain', listener: () => void): unknown;
}

/** What stops a run: Ctrl-C, or SIGTERM (what `timeout`, CI runners and `docker stop` send). */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** A terminal to ask a person on: readline needs real streams. */
export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  close(): void;
}

/** A pager's input: what is written goes to `less` (or $PAGER); close waits for the person to quit it. */
export interface PagerStream extends OutputStream {
  close(): Promise<void>;
}

export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The terminal to prompt on, or undefined when nobody is there to answer. */
  terminal(): PromptStreams | undefined;
  /** Calls `handler` on each Ctrl-C (SIGINT) or SIGTERM, naming it, until the returned function is called. */
  onInterrupt(handler: (signal: StopSignal) => void): () => void;
  /** Tunes the process for a long listing, so that its memory stays flat. */
  boundMemory?(): Promise<void>;
  /** Starts a pager (a shell command) on the terminal; undefined where there is none to start. */
  pager?(command: string): Promise<PagerStream | undefined>;
}

/**
 * The same Io writing to other streams. Not a spread: that would read every getter, and the real
 * process's stdin is one that costs ~3 ms to create (only commands that read stdin should pay).
 */
export function withOutput(io: Io, stdout: OutputStream, stderr: OutputStream): Io {
  return Object.create(io, { stdout: { value: stdout, enumerable: true }, stderr: { value: stderr, enumerable: true } }) as Io;
}
