// The retry decision, without any network: which failures are retried, how long each wait is.
import { describe, expect, it } from 'vitest';
import { delayFor, MAX_BACKOFF_MS, MAX_RATE_LIMIT_RETRIES, parseRetryAfter, type RetryPolicy } from './retry.ts';

const policy: RetryPolicy = { maxRetries: 4, backoffBaseMs: 300, random: () => 0.5 };
const counts = (failures: number, rateLimits = 0) => ({ failures, rateLimits });

describe('delayFor', () => {
  it('retries 408, 5xx gateways and network resets with full-jitter exponential backoff, up to maxRetries', () => {
    expect(delayFor({ status: 503 }, counts(0), policy)).toBe(150);
    expect(delayFor({ status: 502 }, counts(1), policy)).toBe(300);
    expect(delayFor({ status: 408 }, counts(2), policy)).toBe(600);
    expect(delayFor({ networkCode: 'ECONNRESET' }, counts(3), policy)).toBe(1200);
    expect(delayFor({ status: 503 }, counts(4), policy)).toBeUndefined();
    expect(delayFor({ status: 500 }, counts(20), { ...policy, maxRetries: 30, random: () => 0.999 })).toBeLessThanOrEqual(MAX_BACKOFF_MS);
  });

  it('never retries what another attempt cannot fix', () => {
    for (const status of [400, 401, 403, 404, 409, 422]) expect(delayFor({ status }, counts(0), policy), String(status)).toBeUndefined();
    expect(delayFor({ networkCode: 'CERT_HAS_EXPIRED' }, counts(0), policy)).toBeUndefined();
    expect(delayFor({ networkCode: 'UNPARSEABLE' }, counts(0), policy)).toBe(150);
  });

  it('honours Retry-After, but gives up rather than wait more than a minute', () => {
    expect(delayFor({ status: 503, retryAfterMs: 2000 }, counts(0), policy)).toBe(2000);
    expect(delayFor({ status: 503, retryAfterMs: 120_000 }, counts(0), policy)).toBeUndefined();
  });

  it('gives 429s their own budget and only a short jittered wait (the throttle holds everyone)', () => {
    expect(delayFor({ status: 429, retryAfterMs: 1000 }, counts(4, 0), policy)).toBe(50);
    expect(delayFor({ status: 429 }, counts(0, MAX_RATE_LIMIT_RETRIES), policy)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-22T12:30:00Z');
  it('reads seconds or an HTTP-date', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(new Date(now + 3000).toUTCString(), now)).toBe(3000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
