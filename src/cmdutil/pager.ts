// The pager, started on the first write: until a command prints, the terminal is its own (progress
// lines, prompts), and a command that prints nothing starts no pager.
import type { Io, OutputStream, PagerStream } from '../core/io.ts';

/**
 * The pager a person gets on a terminal: TOPO_PAGER, else PAGER, else `less -FRX`; none with
 * --no-pager, TOPO_PAGER=cat (or empty), and never when stdout is not a terminal.
 */
export function pagerCommand(io: Io, enabled: boolean): string | undefined {
  if (!enabled || !io.stdout.isTTY || !io.pager) return undefined;
  const command = (io.env.TOPO_PAGER ?? io.env.PAGER ?? 'less -FRX').trim();
  return command === '' || command === 'cat' ? undefined : command;
}

export function lazyPager(io: Io, command: string): PagerStream {
  let queue: string[] = [];
  let target: OutputStream | undefined;
  let pager: Promise<PagerStream | undefined> | undefined;
  return {
    isTTY: true,
    get columns() { return io.stdout.columns; },
    get rows() { return io.stdout.rows; },
    write(chunk: string) {
      if (target) return target.write(chunk);
      queue.push(chunk);
      pager ??= io.pager!(command).then((started) => {
        // No pager could start (not installed): the terminal itself.
        target = started ?? io.stdout;
        for (const queued of queue) target.write(queued);
        queue = [];
        return started;
      });
      return true;
    },
    async close() {
      await (await pager)?.close();
    },
  };
}
