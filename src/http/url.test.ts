// Where requests go.
import { describe, expect, it } from 'vitest';
import { buildQuery, parseBaseUrl, proxyFor, requestUrl } from './url.ts';

describe('base URL and proxy', () => {
  it('honours HTTPS_PROXY and NO_PROXY, never for loopback', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'internal.example,.corp' };
    expect(proxyFor(new URL('https://api.topo.io'), env)?.host).toBe('proxy:3128');
    expect(proxyFor(new URL('https://internal.example'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://x.corp'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://127.0.0.1:8443'), env)).toBeUndefined();
  });

  it('allows https anywhere and http only on loopback; no query, fragment or credentials', () => {
    expect(parseBaseUrl('https://api.topo.io/v1', 'x').href).toBe('https://api.topo.io/v1');
    expect(parseBaseUrl('http://127.0.0.1:4010', 'x').port).toBe('4010');
    expect(() => parseBaseUrl('http://evil.com', 'config base-url')).toThrow(/config base-url: refusing plain http/);
    expect(() => parseBaseUrl('ftp://x', 'x')).toThrow(/unsupported protocol/);
    expect(() => parseBaseUrl('https://u:p@api.topo.io', 'x')).toThrow(/credentials/);
    expect(() => parseBaseUrl('not a url', 'x')).toThrow(/not a URL/);
  });

  it('keeps the base path and repeats list keys', () => {
    expect(requestUrl(new URL('https://h/v1/'), '/tasks', { types: ['CALL', 'EMAIL_REPLY'], page: 2, status: undefined }).href)
      .toBe('https://h/v1/tasks?types=CALL&types=EMAIL_REPLY&page=2');
    expect(buildQuery({})).toBe('');
  });
});
