// The retry decision, pure: given what went wrong and how often, wait how long, or give up.
// Modelled on openai-node's shouldRetry/retryDelay: full-jitter exponential backoff, Retry-After
// honoured, 429s with their own larger budget because they are the server pacing us, not failing.

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH',
  'TRUNCATED', 'UNPARSEABLE', 'TIMEOUT', 'UND_ERR_SOCKET',
]);

export const MAX_BACKOFF_MS = 8_000;
/** A Retry-After longer than this is not waited out: the command fails instead. */
export const MAX_RETRY_AFTER_MS = 60_000;
export const MAX_RATE_LIMIT_RETRIES = 30;

/** One failed attempt: an HTTP status, or a network-class code when no usable answer came. */
export interface AttemptFailure {
  status?: number;
  networkCode?: string;
  /** From Retry-After, in ms. */
  retryAfterMs?: number;
}

export interface AttemptCounts {
  /** Earlier failures other than 429s. */
  failures: number;
  /** Earlier 429s. */
  rateLimits: number;
}

export interface RetryPolicy {
  maxRetries: number;
  backoffBaseMs: number;
  /** [0, 1): Math.random in production; fixed in tests. */
  random: () => number;
}

export function isRetryable(failure: AttemptFailure): boolean {
  return failure.status !== undefined ? RETRYABLE_STATUSES.has(failure.status) : RETRYABLE_NETWORK_CODES.has(failure.networkCode ?? '');
}

/**
 * How long to wait before the next attempt, in ms, or undefined to give up. A 429 waits briefly
 * with jitter: the shared throttle already holds every request until the server's Retry-After.
 */
export function delayFor(failure: AttemptFailure, counts: AttemptCounts, policy: RetryPolicy): number | undefined {
  if ((failure.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS) return undefined;
  if (failure.status === 429) return counts.rateLimits >= MAX_RATE_LIMIT_RETRIES ? undefined : policy.random() * 100;
  if (!isRetryable(failure) || counts.failures >= policy.maxRetries) return undefined;
  if (failure.retryAfterMs !== undefined) return failure.retryAfterMs;
  return policy.random() * Math.min(MAX_BACKOFF_MS, policy.backoffBaseMs * 2 ** counts.failures);
}

/** Retry-After as seconds or an HTTP-date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
