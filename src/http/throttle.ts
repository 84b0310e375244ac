// Shared by every request of one client, so that a bulk run backs off as a whole: a 429 pauses
// everyone until Retry-After, and a window reported exhausted by X-RateLimit-Remaining holds new
// requests until its reset instead of earning 429s (Octokit's throttling plugin, in small).
import { NetworkError } from '../core/errors.ts';
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

/** Longer than this, a wait the server asks for is not waited out: the run says when to try again (exit 6). */
export const MAX_THROTTLE_WAIT_MS = 60_000;

/** The rate limit holds the way shut for longer than topo waits. */
export class RateLimitWaitError extends NetworkError {
  constructor(readonly until: number) {
    const minutes = Math.ceil((until - Date.now()) / 60_000);
    super(`the API's rate limit holds every request until ${new Date(until).toISOString()} (in ${minutes} min): not waiting that long`, 'RATE_LIMIT_WAIT',
      `run it again after ${new Date(until).toISOString()}; nothing more was sent`);
  }
}

export class Throttle {
  private pausedUntil = 0;
  private window: { remaining: number; resetAt: number } | undefined;
  private inFlight = 0;
  private waiters = new Set<() => void>();
  private readonly sleeper: Sleeper;

  /**
   * Aborting `signal` lets every waiting request go at once (the callers then stop, sending
   * nothing). `onWait` hears each wait of a second or more, with when it ends, for the person watching.
   */
  constructor(private readonly signal?: AbortSignal, private readonly clock: () => number = Date.now, private readonly onWait?: (until: number, why: string) => void) {
    this.sleeper = new Sleeper(signal);
  }

  /** Waits until a request may go. */
  async acquire(): Promise<void> {
    const signal = this.signal;
    for (;;) {
      if (signal?.aborted) return;
      const now = this.clock();
      if (now < this.pausedUntil) {
        await this.hold(this.pausedUntil, 'the API asked to wait (Retry-After)');
        continue;
      }
      const window = this.window;
      if (window && now >= window.resetAt) this.window = undefined;
      else if (window && window.remaining - this.inFlight <= 0) {
        await this.hold(window.resetAt, 'the rate-limit window is spent');
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

  /** Waits until `until` (said when it is a second or more), or refuses a wait past MAX_THROTTLE_WAIT_MS. */
  private hold(until: number, why: string): Promise<void> {
    const ms = until - this.clock();
    if (ms > MAX_THROTTLE_WAIT_MS) throw new RateLimitWaitError(until);
    if (ms >= 1000 && this.announced !== until) {
      this.announced = until;
      this.onWait?.(until, why);
    }
    return this.wait(ms);
  }

  private announced = 0;

  /** Until `ms` pass, a release wakes us, or the signal aborts; leaves no timer or listener behind. */
  private wait(ms: number): Promise<void> {
    return this.sleeper.sleep(Math.max(1, ms), (wake) => {
      this.waiters.add(wake);
      return () => this.waiters.delete(wake);
    });
  }
}
