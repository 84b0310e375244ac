// What a run of changes costs against the rate limit the server states (x-ratelimit-*), said before
// it starts and said honestly: calls that fit in what the window has left cost no waiting at all;
// only the rest waits for windows to reset. Based on the server's own numbers, and saying so.
import type { RateBudget } from '../http/client.ts';

function duration(ms: number): string {
  const seconds = ms / 1000;
  return seconds < 90 ? `${Math.ceil(seconds)} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * `windowMs`: the provider's documented window (Outreach: an hour); unknown, a window resetting
 * within a second is taken as per-second, else the time to its reset. `documented`: what the
 * reference says, for before the server has said anything.
 */
export function estimateCalls(calls: number, budget: RateBudget | undefined, options: { windowMs?: number; documented?: string; now?: number } = {}): string {
  const now = options.now ?? Date.now();
  if (!budget) return `${count(calls)} calls${options.documented ? ` (${options.documented})` : ''}; the server has not stated its rate limit yet`;
  const untilReset = Math.max(0, budget.resetAt - now);
  const windowMs = options.windowMs ?? (untilReset <= 1000 ? 1000 : untilReset);
  const per = windowMs === 1000 ? 's' : windowMs === 3_600_000 ? 'h' : duration(windowMs);
  const basis = `the server's x-ratelimit: ${count(budget.limit)}/${per}, ${count(budget.remaining)} left, resets in ${duration(untilReset)}`;
  if (calls <= budget.remaining) return `${count(calls)} calls fit in what this window has left: no waiting on the rate limit (${basis})`;
  const windows = Math.ceil((calls - budget.remaining) / Math.max(1, budget.limit));
  return `${count(calls)} calls ≈ at least ${duration(untilReset + (windows - 1) * windowMs)} waiting on the rate limit: ${count(budget.remaining)} now, then ${windows} more window${windows === 1 ? '' : 's'} (${basis})`;
}
