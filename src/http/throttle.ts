// Shared by every request of one client, so that a bulk run backs off as a whole: a 429 pauses
// everyone until Retry-After, and a window reported exhausted by X-RateLimit-Remaining holds new
// requests until its reset instead of earning 429s (Octokit's throttling plugin, in small).
import { Sleeper } from '../core/time.ts';
import { parseRetryAfter } from './retry.ts';

/**
 * The rate-limit headers both providers send (Topo's reference and Outreach's name the same
 * de-facto X-RateLimit-* set), read by the HTTP core for every provider.
 */
export const rateLimitHeaders = {
  retryAfter: 'retry-after',
  limit: 'x-ratelimit-limit',
  remaining: 'x-ratelimit-remaining',
  reset: 'x-ratelimit-reset',
} as const;

export type HeaderReader = (name: string) => string | undefined;

/** X-RateLimit-Reset as epoch seconds (large values) or seconds from now, as an epoch ms. */
export function parseReset(value: string | undefined, now: number): number | undefined {
  const seconds = Number(value);
  if (!value || !Number.isFinite(seconds)) return undefined;
  return seconds > 1e9 ? seconds * 1000 : now + seconds * 1000;
}

export class Throttle {
  private pausedUntil = 0;
  private window: { remaining: number; resetAt: number } | undefined;
  private inFlight = 0;
  private waiters = new Set<() => void>();
  private readonly sleeper: Sleeper;

  /** Aborting `signal` lets every waiting request go at once (the callers then stop). */
  constructor(private readonly signal?: AbortSignal, private readonly clock: () => number = Date.now) {
    this.sleeper = new Sleeper(signal);
  }

  /** Waits until a request may go. */
  async acquire(): Promise<void> {
    const signal = this.signal;
    for (;;) {
      if (signal?.aborted) return;
      const now = this.clock();
      if (now < this.pausedUntil) {
        await this.wait(this.pausedUntil - now);
        continue;
      }
      const window = this.window;
      if (window && now >= window.resetAt) this.window = undefined;
      else if (window && window.remaining - this.inFlight <= 0) {
        await this.wait(window.resetAt - now);
        continue;
      }
      this.inFlight++;
      return;
    }
  }

  /** After each attempt: what the answer said about the budget (no headers: no answer came). */
  release(status: number | undefined, header: HeaderReader | undefined): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (header) {
      const now = this.clock();
      const remaining = Number(header(rateLimitHeaders.remaining));
      const resetAt = parseReset(header(rateLimitHeaders.reset), now);
      if (Number.isFinite(remaining) && resetAt !== undefined && resetAt > now) this.window = { remaining, resetAt };
      if (status === 429) {
        const wait = parseRetryAfter(header(rateLimitHeaders.retryAfter), now);
        this.pausedUntil = Math.max(this.pausedUntil, now + (wait ?? 1000));
      }
    }
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Until `ms` pass, a release wakes us, or the signal aborts; leaves no timer or listener behind. */
  private wait(ms: number): Promise<void> {
    return this.sleeper.sleep(Math.max(1, ms), (wake) => {
      this.waiters.add(wake);
      return () => this.waiters.delete(wake);
    });
  }
}
