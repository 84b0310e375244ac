// The hint under an error names only flags the failed command has.
import { describe, expect, it } from 'vitest';
import { NotFoundError, RateLimitError } from '../core/errors.ts';
import { hintFor } from './hints.ts';

describe('hintFor', () => {
  it('a rate-limited read is told to wait; a rate-limited change to lower --concurrency (only changes have it)', () => {
    const info = { message: 'Rate limit exceeded', type: 'RateLimitIssue' };
    expect(hintFor(new RateLimitError(429, info, 'GET', '/tasks'))).toBe('the API is rate limiting this key: wait a minute and run it again');
    expect(hintFor(new RateLimitError(429, info, 'POST', '/tasks/x/skip'))).toBe('the API is rate limiting this key: wait, or lower --concurrency');
  });

  it('a 404 on an id path says to check the id; on any other path, the base URL', () => {
    const info = { message: 'Not Found' };
    expect(hintFor(new NotFoundError(404, info, 'GET', '/tasks/3c90c3cc-0d44-4b50-8888-8dd25736052a'))).toMatch(/check the id/);
    expect(hintFor(new NotFoundError(404, info, 'GET', '/taks'))).toMatch(/--base-url/);
  });
});
