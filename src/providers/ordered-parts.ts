// A listing cut into parts walked at once and yielded in order, for any provider: each part is read
// by its own walker (its pages in order), the part being printed streams, and parts ahead of it keep
// a few pages in memory and the rest on disk, so memory stays flat and no walker waits for the
// printing. A walker may cut the rest of its part into new parts that follow it in the order.
import { SpoolFolder, type PageSpool } from '../core/page-spool.ts';

/**
 * What a part ahead of the one printing holds in memory before the rest goes to disk: 2,000 items,
 * at least 2 pages (Outreach's 2 pages of 1,000; 20 of Topo's 100). Topo's parts spooled past 2
 * pages: writing a mid-size export's pages and reading them back was ~4% of its time, and holding
 * them measured flat (peak RSS 25k → 250k tasks: 86 → 88 MB).
 */
const PAGES_AHEAD = 2;
const ITEMS_AHEAD = 2000;

interface Part<S, T> {
  spec: S;
  pages: T[][];
  /** Pages beyond the few kept in memory while another part prints. */
  spool?: PageSpool<T>;
  started: boolean;
  /** Its turn to print has come: its pages are no longer spooled. */
  printing: boolean;
  done: boolean;
  error?: unknown;
  wake?: () => void;
}

export interface PartWalker<S, T> {
  (spec: S, tools: {
    /** The next page of this part, in order. */
    push(items: T[]): void;
    /** New parts read after this one (in this order), by free walkers. */
    follow(specs: S[]): void;
    stopped(): boolean;
  }): Promise<void>;
}

/**
 * Every page of every part, parts in the order given; stopping the iteration stops the walkers. A
 * walker starts no part more than `window` parts ahead of the one printing (many small parts then
 * hold little, and nothing need go to disk).
 */
export async function* inOrder<S, T>(specs: S[], walk: PartWalker<S, T>, concurrency: number, window = Infinity): AsyncGenerator<T[]> {
  const parts: Array<Part<S, T>> = specs.map((spec) => ({ spec, pages: [], started: false, printing: false, done: false }));
  const spools = new SpoolFolder();
  let stopped = false;
  let running = 0;
  let changed: () => void = () => undefined;
  const signal = () => {
    const waiting = changed;
    changed = () => undefined;
    waiting();
  };
  const run = async (part: Part<S, T>) => {
    const push = (items: T[]) => {
      const full = () => part.pages.length >= PAGES_AHEAD && part.pages.reduce((count, page) => count + page.length, 0) >= ITEMS_AHEAD;
      if (!part.printing && (part.spool || full())) {
        part.spool ??= spools.spool<T>();
        for (const page of part.pages.splice(0)) part.spool.append(page);
        part.spool.append(items);
        return;
      }
      part.pages.push(items);
      part.wake?.();
    };
    const follow = (more: S[]) => {
      parts.splice(parts.indexOf(part) + 1, 0, ...more.map((spec) => ({ spec, pages: [], started: false, printing: false, done: false })));
      signal();
    };
    try {
      await walk(part.spec, { push, follow, stopped: () => stopped });
    } catch (error) {
      part.error = error;
    }
    part.done = true;
    part.wake?.();
  };
  let printing = 0;
  const worker = async () => {
    while (!stopped) {
      const at = parts.findIndex((candidate) => !candidate.started);
      const part = at >= 0 && at <= printing + window ? parts[at] : undefined;
      if (!part) {
        if (at < 0 && running === 0) return;
        await new Promise<void>((resolve) => { const before = changed; changed = () => { before(); resolve(); }; });
        continue;
      }
      part.started = true;
      running++;
      await run(part);
      running--;
      signal();
    }
  };
  const workers = Array.from({ length: Math.max(1, concurrency) }, worker);
  try {
    for (; printing < parts.length; printing++) {
      const part = parts[printing]!;
      signal();
      // From now on its pages stay in memory: what was spooled comes first, in order.
      part.printing = true;
      if (part.spool) {
        const spool = part.spool;
        part.spool = undefined;
        yield* spool.drain();
      }
      for (;;) {
        const page = part.pages.shift();
        if (page) {
          yield page;
          continue;
        }
        if (part.error) throw part.error;
        if (part.done) break;
        await new Promise<void>((resolve) => { part.wake = resolve; });
      }
    }
  } finally {
    stopped = true;
    signal();
    await Promise.allSettled(workers);
    for (const part of parts) part.spool?.close();
    spools.remove();
  }
}
