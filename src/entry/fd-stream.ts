// stdout and stderr as plain synchronous writes to their file descriptors. Creating
// process.stdout costs ~25 ms on Node 20 (it loads the stream, net and tty machinery), more than
// all of topo's own start-up; a CLI that writes a few lines, or streams an export, needs none of it.
import fs from 'node:fs';
import tty from 'node:tty';
import type { OutputStream } from '../core/io.ts';

const wait = new Int32Array(new SharedArrayBuffer(4));

export class FdStream implements OutputStream {
  readonly isTTY: boolean;

  constructor(private readonly fd: number, private readonly onClosed: () => void) {
    this.isTTY = tty.isatty(fd);
  }

  /** Terminal width, read only on a terminal (the tty stream is cheap to skip elsewhere). */
  get columns(): number | undefined {
    if (!this.isTTY) return undefined;
    // A pseudo-terminal that never had its size set reports 0: unknown, not zero columns.
    return (this.fd === 2 ? process.stderr : process.stdout).columns || undefined;
  }

  write(chunk: string): boolean {
    // Strings are written as they are; only a partial write (a full pipe) needs a Buffer for the rest.
    let rest: string | Buffer = chunk;
    while (rest.length > 0) {
      try {
        const written = typeof rest === 'string' ? fs.writeSync(this.fd, rest) : fs.writeSync(this.fd, rest);
        if (typeof rest === 'string') {
          if (written === Buffer.byteLength(rest)) return true;
          rest = Buffer.from(rest).subarray(written);
        } else rest = rest.subarray(written);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A non-blocking descriptor that is full: wait a moment and go on.
        if (code === 'EAGAIN') Atomics.wait(wait, 0, 0, 1);
        // The reader went away (`topo tasks ls | head`): there is nobody left to write for.
        else if (code === 'EPIPE') {
          this.onClosed();
          return true;
        } else throw error;
      }
    }
    return true;
  }
}
