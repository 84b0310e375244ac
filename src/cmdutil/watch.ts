// --watch [interval] (tasks ls, tasks stats): on a terminal, the view redrawn in place every
// interval with the time of the last refresh and what changed since the one before (counts up or
// down), over the run's one connection. Ctrl-C ends it (exit 0). A pipe gets a refusal: scripts
// loop over --json themselves.
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../core/errors.ts';
import type { OutputStream } from '../core/io.ts';
import { reasonOf } from '../core/errors.ts';
import { sanitizeInline } from '../render/sanitize.ts';
import type { Runtime } from './runtime.ts';

const WATCH_DEFAULT_MS = 30_000;
const WATCH_MIN_MS = 5_000;

/** `--watch` alone (true), or `--watch 10` / `10s` / `2m`: at least 5 s. */
export function watchParser(raw: string): number {
  const match = /^\s*(\d+)\s*(s|m)?\s*$/i.exec(raw);
  const ms = match ? Number(match[1]) * (match[2]?.toLowerCase() === 'm' ? 60_000 : 1000) : NaN;
  if (!(ms >= WATCH_MIN_MS)) throw new InvalidArgumentError(`'${raw.slice(0, 40)}' must be an interval of at least 5 s: 5, 30s, 2m.`);
  return ms;
}

/** One drawn frame: the counts it showed, by key ("ana", "total"), to tell what changed. */
export type Counts = Map<string, number>;

class Capture implements OutputStream {
  text = '';
  constructor(readonly isTTY: boolean, readonly columns: number | undefined) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** Words for what changed between two frames: `ana +2 · chen −1`, or `no change`. */
function changesBetween(before: Counts | undefined, now: Counts): string {
  if (!before) return 'first refresh';
  const keys = [...new Set([...before.keys(), ...now.keys()])];
  const moved = keys.map((key) => [key, (now.get(key) ?? 0) - (before.get(key) ?? 0)] as const).filter(([, delta]) => delta !== 0);
  return moved.length ? moved.map(([key, delta]) => `${sanitizeInline(key)} ${delta > 0 ? '+' : '−'}${Math.abs(delta)}`).join(' · ') : 'no change';
}

export async function watch(rt: Runtime, option: number | true, what: string, draw: (frame: Runtime) => Promise<Counts>): Promise<number> {
  if (!rt.stdoutIsTty) throw new UsageError('--watch redraws a terminal, and stdout is not one; nothing was sent', 'in a script, run the command with --json in a loop');
  const every = option === true ? WATCH_DEFAULT_MS : option;
  // One connection for the whole watch: made now, shared by every frame.
  await rt.tasks();
  const screen = rt.io.stdout;
  const p = rt.out;
  let previous: Counts | undefined;
  while (!rt.interrupt.signal.aborted) {
    const out = new Capture(true, screen.columns);
    const err = new Capture(false, undefined);
    let line: string;
    try {
      const counts = await draw(rt.writingTo(out, err));
      line = p.dim(`${what} · every ${every / 1000}s · refreshed ${new Date().toLocaleTimeString()} · ${changesBetween(previous, counts)} · Ctrl-C to stop`);
      previous = counts;
    } catch (error) {
      if (rt.interrupt.signal.aborted) break;
      // A failed refresh keeps the watch going: said at the top, the last good view is not kept.
      line = p.yellow(`${what} · refresh failed ${new Date().toLocaleTimeString()}: ${sanitizeInline(reasonOf(error))} · retrying in ${every / 1000}s`);
    }
    screen.write(`\u001b[H\u001b[2J${line}\n\n${out.text}`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        rt.interrupt.signal.removeEventListener('abort', stop);
        resolve();
      }, every);
      rt.interrupt.signal.addEventListener('abort', stop, { once: true });
    });
  }
  return 0;
}
