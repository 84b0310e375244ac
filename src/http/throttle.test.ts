// The shared rate-limit gate, on a fake clock.
import { describe, expect, it } from 'vitest';
import { parseReset, Throttle } from './throttle.ts';

const headers = (values: Record<string, string>) => (name: string) => values[name];

describe('throttle', () => {
  it('holds new requests while the reported window is spent, and lets them go at its reset', async () => {
    let now = 1_700_000_000_000;
    const throttle = new Throttle(undefined, () => now);
    await throttle.acquire();
    throttle.release(200, headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String((now + 40) / 1000) }));
    let admitted = false;
    const waiting = throttle.acquire().then(() => { admitted = true; });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(admitted).toBe(false);
    now += 50;
    await waiting;
    expect(admitted).toBe(true);
  });

  it('pauses everyone after a 429 for Retry-After', async () => {
    let now = 5_000_000;
    const throttle = new Throttle(undefined, () => now);
    await throttle.acquire();
    throttle.release(429, headers({ 'retry-after': '0.03' }));
    let admitted = false;
    const waiting = throttle.acquire().then(() => { admitted = true; });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(admitted).toBe(false);
    now += 40;
    await waiting;
    expect(admitted).toBe(true);
  });

  it('an abort lets a waiting request go at once and leaves no listener behind', async () => {
    const controller = new AbortController();
    const throttle = new Throttle(controller.signal);
    throttle.release(429, headers({ 'retry-after': '30' }));
    // Many waits on one signal: each must remove its own listener (Node warns past 10).
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const waits = Array.from({ length: 20 }, () => throttle.acquire());
    controller.abort();
    await Promise.all(waits);
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('warning', onWarning);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('reads X-RateLimit-Reset as epoch seconds or seconds from now', () => {
    expect(parseReset('1700000000', 0)).toBe(1_700_000_000_000);
    expect(parseReset('2', 1000)).toBe(3000);
    expect(parseReset(undefined, 0)).toBeUndefined();
  });
});
