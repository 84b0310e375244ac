// Bounded concurrency.
import { describe, expect, it } from 'vitest';
import { limiter, mapLimit } from './map-limit.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('bounded concurrency', () => {
  it('mapLimit keeps the order and never runs more than the limit', async () => {
    let active = 0;
    let peak = 0;
    const results = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      peak = Math.max(peak, ++active);
      for (let i = 0; i < n; i++) await tick();
      active--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('limiter runs tasks given at any time at most `limit` at once, and passes results and errors through', async () => {
    const pool = limiter(3);
    let active = 0;
    let peak = 0;
    const task = (value: number) => pool(async () => {
      peak = Math.max(peak, ++active);
      await tick();
      await tick();
      active--;
      if (value < 0) throw new Error('negative');
      return value;
    });
    const results = await Promise.allSettled([1, 2, 3, 4, -5, 6, 7].map(task));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([1, 2, 3, 4, 'negative', 6, 7]);
    expect(peak).toBe(3);
  });
});
