// Where requests go: a validated base URL, the query string, and whether a proxy applies.
import { UsageError } from '../core/errors.ts';

export type QueryValue = string | number | boolean | readonly string[] | undefined | null;
export type Query = Record<string, QueryValue>;

/** Hosts for which plain http:// is allowed: the key never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Validates a base URL: https anywhere, http only on loopback; no query, fragment or credentials. */
export function parseBaseUrl(value: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source}: '${value}' is not a URL (expected https://host)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source}: unsupported protocol '${url.protocol}' (expected https://)`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `${source}: refusing plain http:// to ${url.hostname}: the API key would cross the network unencrypted`,
      'use https://, or http:// only for a loopback sandbox (127.0.0.1, localhost)',
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new UsageError(`${source}: a base URL has no query, fragment or credentials (expected https://host or https://host/v1)`);
  }
  return url;
}

/** The proxy for an https target from HTTPS_PROXY, unless NO_PROXY names the host; loopback never uses one. */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv): URL | undefined {
  const proxy = env.HTTPS_PROXY ?? env.https_proxy;
  if (!proxy || isLoopbackHost(target.hostname)) return undefined;
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  const host = target.hostname.toLowerCase();
  const excluded = noProxy.some((entry) => entry === '*' || host === entry.replace(/^\*?\./, '') || host.endsWith(entry.startsWith('.') ? entry : `.${entry}`));
  if (excluded) return undefined;
  let url: URL;
  try {
    url = new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
  } catch {
    throw new UsageError(`HTTPS_PROXY: '${proxy}' is not a URL`, 'e.g. HTTPS_PROXY=http://proxy.example:3128');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`HTTPS_PROXY: ${url.protocol.replace(/:$/, '')}:// proxies are not supported: topo tunnels through an HTTP CONNECT proxy (http:// or https://)`, 'e.g. HTTPS_PROXY=http://proxy.example:3128, or unset it');
  }
  return url;
}

/** Lists become repeated keys (`types=CALL&types=EMAIL_REPLY`); undefined and null are left out. */
export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** base + path + query; the base's own path (e.g. /v1) is kept. */
export function requestUrl(base: URL, path: string, query?: Query): URL {
  return new URL(base.pathname.replace(/\/$/, '') + path + buildQuery(query), base);
}
