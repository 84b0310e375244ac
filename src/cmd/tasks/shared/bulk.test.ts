// The bulk runner's stops, pure: what it reports when a request is held past what topo waits, or
// when the user stops the run while requests wait.
import { describe, expect, it } from 'vitest';
import { NotSentError } from '../../../core/errors.ts';
import { RateLimitWaitError } from '../../../http/throttle.ts';
import { runBulk } from './bulk.ts';

const items = ['a', 'b', 'c', 'd'].map((id) => ({ id }));

describe('runBulk', () => {
  it('a rate limit held far ahead stops the run: that item and the rest are not sent (·), exit class 6', async () => {
    const sent: string[] = [];
    const results = await runBulk(items, async ({ id }) => {
      if (id === 'b') throw new RateLimitWaitError(Date.now() + 3_600_000);
      sent.push(id);
      return { id, outcome: 'changed', status: null };
    }, { concurrency: 1, signal: new AbortController().signal });
    expect(sent).toEqual(['a']);
    expect(results.map((r) => r.outcome)).toEqual(['changed', 'not-attempted', 'not-attempted', 'not-attempted']);
    expect(results.slice(1).every((r) => r.code === 6)).toBe(true);
  });

  it('a request held when the user stopped is not sent (·), not failed', async () => {
    const stop = new AbortController();
    const results = await runBulk(items, async ({ id }) => {
      if (id === 'a') return { id, outcome: 'changed', status: null };
      stop.abort();
      throw new NotSentError();
    }, { concurrency: 1, signal: stop.signal });
    expect(results.map((r) => r.outcome)).toEqual(['changed', 'not-attempted', 'not-attempted', 'not-attempted']);
    expect(results.some((r) => r.outcome === 'failed')).toBe(false);
  });
});
