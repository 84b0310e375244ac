// The HTTP core: the only module that touches the network.
// Built on node:http/https with keep-alive agents (undici costs 30-70 ms to import here, see README).
// Layers, innermost first: one attempt (sendOnce) -> rate-limit gate (Throttle) -> retries with
// backoff (request) -> error mapping (toApiError).
import http from 'node:http';
import { rateLimitHeaders } from '../contract.ts';
import {
  ApiError, AuthenticationError, TopoError, ConflictError, NetworkError, NotFoundError, PermissionError,
  RateLimitError, ServerError, TimeoutError, UnprocessableError, UsageError,
} from './errors.ts';
import { USER_AGENT } from '../version.ts';

export type QueryValue = string | number | boolean | readonly string[] | undefined | null;
export type Query = Record<string, QueryValue>;

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  query?: Query;
  body?: unknown;
}

export interface HttpClientOptions {
  baseUrl: string;
  apiKey?: string;
  /** Per attempt: connect, send and read the whole body. */
  timeoutMs: number;
  /** Retries after the first attempt for 5xx, resets, timeouts and unreadable bodies. */
  maxRetries: number;
  debug?: (line: string) => void;
  /** Aborting stops retries and waits; a request already in flight is let finish. */
  signal?: AbortSignal;
  /** Base of the exponential backoff, in ms (tests shorten it). */
  backoffBaseMs?: number;
}

export interface HttpStats {
  requests: number;
  retries: number;
  rateLimited: number;
}

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const MAX_BACKOFF_MS = 8_000;
/** A Retry-After longer than this is not waited out: the command fails with exit 6 instead. */
const MAX_RETRY_AFTER_MS = 60_000;
/** 429s are the server pacing us, not failing: they get their own, larger budget. */
const MAX_RATE_LIMIT_RETRIES = 30;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** Hosts for which plain http:// is allowed: the key never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Validates a base URL: https anywhere, http only on loopback. */
export function parseBaseUrl(value: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source}: '${value}' is not a URL (expected https://host)`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `${source}: refusing plain http:// to ${url.hostname}: the API key would cross the network unencrypted`,
      'use https://, or http:// only for a loopback sandbox (127.0.0.1, localhost)',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source}: unsupported protocol '${url.protocol}' (expected https://)`);
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
  try {
    return new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
  } catch {
    throw new UsageError(`HTTPS_PROXY: '${proxy}' is not a URL`);
  }
}

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

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Retry-After as seconds or an HTTP-date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** X-RateLimit-Reset as epoch seconds (large values) or seconds from now, as an epoch ms. */
function parseReset(value: string | undefined, now: number): number | undefined {
  const seconds = Number(value);
  if (!value || !Number.isFinite(seconds)) return undefined;
  return seconds > 1e9 ? seconds * 1000 : now + seconds * 1000;
}

function header(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Shared by every request of one client, so that a bulk run backs off as a whole:
 * a 429 pauses everyone until Retry-After, and a window reported exhausted by
 * X-RateLimit-Remaining holds new requests until its reset instead of earning 429s.
 */
class Throttle {
  private pausedUntil = 0;
  private window: { remaining: number; resetAt: number } | undefined;
  private inFlight = 0;
  private wakeUps: Array<() => void> = [];

  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      const now = Date.now();
      if (now < this.pausedUntil) {
        await sleep(this.pausedUntil - now, signal);
        continue;
      }
      const window = this.window;
      if (window && now >= window.resetAt) this.window = undefined;
      else if (window && window.remaining - this.inFlight <= 0) {
        await Promise.race([sleep(window.resetAt - now, signal), new Promise<void>((r) => this.wakeUps.push(r))]);
        continue;
      }
      this.inFlight++;
      return;
    }
  }

  release(headers: http.IncomingHttpHeaders | undefined, status: number | undefined): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (headers) {
      const now = Date.now();
      const remaining = Number(header(headers, rateLimitHeaders.remaining));
      const resetAt = parseReset(header(headers, rateLimitHeaders.reset), now);
      if (Number.isFinite(remaining) && resetAt !== undefined && resetAt > now) {
        this.window = { remaining, resetAt };
      }
      if (status === 429) {
        const wait = parseRetryAfter(header(headers, rateLimitHeaders.retryAfter), now);
        this.pausedUntil = Math.max(this.pausedUntil, now + (wait ?? 1000));
      }
    }
    const wakeUps = this.wakeUps;
    this.wakeUps = [];
    for (const wake of wakeUps) wake();
  }
}

/** Turns a FastAPI error body into one line: the detail string, or each `loc: msg` of a 422 list. */
export function describeErrorBody(text: string, status: number, statusText: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const title = /<title>([^<]{1,200})<\/title>/i.exec(text)?.[1]?.trim();
    return `HTTP ${status} ${title ?? statusText} (the response was not JSON${/<html/i.test(text) ? ': an HTML page, probably from a proxy' : ''})`;
  }
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((item: { loc?: unknown[]; msg?: string }) => {
        const loc = Array.isArray(item?.loc) ? item.loc.filter((part) => !['query', 'body', 'path'].includes(String(part))) : [];
        return `${loc.length ? `${loc.join('.')}: ` : ''}${item?.msg ?? JSON.stringify(item)}`;
      })
      .join('; ');
  }
  return statusText || `HTTP ${status}`;
}

function toApiError(status: number, text: string, method: string, path: string): ApiError {
  const detail = describeErrorBody(text, status, http.STATUS_CODES[status] ?? '');
  switch (status) {
    case 401:
      return new AuthenticationError(status, detail, method, path, 'check the API key: run `topo auth login`, or set TOPO_API_KEY');
    case 403:
      return new PermissionError(status, detail, method, path,
        /write/i.test(detail)
          ? 'this key lacks the tasks:write scope: ask a workspace admin for a key with tasks:write'
          : 'this key lacks a scope this call needs (tasks:read to read, tasks:write to change tasks)');
    case 404:
      return new NotFoundError(status, detail, method, path, 'check the id: `topo tasks ls` lists tasks and their ids');
    case 409:
      return new ConflictError(status, detail, method, path);
    case 422:
      return new UnprocessableError(status, detail, method, path);
    case 429:
      return new RateLimitError(status, detail, method, path, 'the API is rate limiting this key: wait, or lower --concurrency');
    default:
      if (status >= 500) return new ServerError(status, detail, method, path, 'the API is failing: try again later (--debug shows each attempt)');
      return new ApiError(status, detail, method, path);
  }
}

const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH',
  'TRUNCATED', 'UNPARSEABLE', 'TIMEOUT', 'UND_ERR_SOCKET',
]);

export class HttpClient {
  readonly stats: HttpStats = { requests: 0, retries: 0, rateLimited: 0 };
  private readonly base: URL;
  private readonly options: HttpClientOptions;
  private readonly throttle = new Throttle();
  private connection: Promise<{ agent: http.Agent; request: typeof http.request }> | undefined;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.base = parseBaseUrl(options.baseUrl, 'base URL');
  }

  get baseUrl(): string {
    return this.base.href.replace(/\/$/, '');
  }

  /** Sends one API call with retries; resolves to the parsed JSON body of a 2xx answer. */
  async request<T>(spec: RequestSpec): Promise<T> {
    const { signal } = this.options;
    const backoffBase = this.options.backoffBaseMs ?? 300;
    let failures = 0;
    let rateLimits = 0;
    // Set once an attempt may have reached the server without us seeing the answer: callers of a
    // mutation then know a later "illegal transition" may be their own earlier success.
    let uncertain = false;
    for (;;) {
      let response: RawResponse | undefined;
      let failure: TopoError;
      try {
        response = await this.sendOnce(spec);
        if (response.status < 300) return this.parseBody(response, spec) as T;
        failure = toApiError(response.status, response.text, spec.method, spec.path);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        failure = error;
      }
      if (signal?.aborted) throw failure;
      if (failure instanceof ApiError) failure.uncertainEarlierAttempt = uncertain;
      // A 2xx whose body could not be read is a network-class failure, not an HTTP status.
      const status = failure instanceof ApiError ? failure.status : undefined;
      const retryAfter = response && status !== undefined ? parseRetryAfter(header(response.headers, rateLimitHeaders.retryAfter)) : undefined;
      if ((retryAfter ?? 0) > MAX_RETRY_AFTER_MS) throw failure;

      let waitMs: number;
      if (status === 429) {
        this.stats.rateLimited++;
        if (++rateLimits > MAX_RATE_LIMIT_RETRIES) throw failure;
        // The throttle already holds every request until Retry-After; jitter keeps them from returning in lockstep.
        waitMs = Math.random() * 100;
      } else {
        const retryable = status !== undefined
          ? RETRYABLE_STATUSES.has(status)
          : RETRYABLE_NETWORK_CODES.has((failure as NetworkError).code ?? '');
        if (!retryable || failures >= this.options.maxRetries) throw failure;
        failures++;
        if (status === undefined || status === 502 || status === 504) uncertain = true;
        waitMs = retryAfter ?? Math.random() * Math.min(MAX_BACKOFF_MS, backoffBase * 2 ** (failures - 1));
      }
      this.stats.retries++;
      this.options.debug?.(`retry ${spec.method} ${spec.path} in ${Math.round(waitMs)} ms after ${status ? `HTTP ${status}` : failure.message}`);
      await sleep(waitMs, signal);
      if (signal?.aborted) throw failure;
    }
  }

  private parseBody(response: RawResponse, spec: RequestSpec): unknown {
    if (response.text === '') return undefined;
    try {
      return JSON.parse(response.text);
    } catch {
      throw new NetworkError(`unreadable JSON in the answer to ${spec.method} ${spec.path}`, 'UNPARSEABLE');
    }
  }

  /** One keep-alive agent per client; https and any proxy tunnel are loaded only when the base URL needs them. */
  private connect(): Promise<{ agent: http.Agent; request: typeof http.request }> {
    this.connection ??= (async () => {
      if (this.base.protocol === 'http:') {
        return { agent: new http.Agent({ keepAlive: true, maxSockets: 32, scheduling: 'lifo' }), request: http.request };
      }
      const https = await import('node:https');
      const proxy = proxyFor(this.base, process.env);
      if (proxy) {
        const { createTunnelAgent } = await import('./proxy.ts');
        return { agent: createTunnelAgent(proxy), request: https.request };
      }
      return { agent: new https.Agent({ keepAlive: true, maxSockets: 32, scheduling: 'lifo' }), request: https.request };
    })();
    return this.connection;
  }

  /** Closes idle keep-alive sockets so the process can exit at once. */
  close(): void {
    void this.connection?.then(({ agent }) => agent.destroy());
  }

  private async sendOnce(spec: RequestSpec): Promise<RawResponse> {
    const { debug, apiKey, timeoutMs } = this.options;
    const { agent, request: send } = await this.connect();
    const url = new URL(this.base.pathname.replace(/\/$/, '') + spec.path + buildQuery(spec.query), this.base);
    const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const headers: http.OutgoingHttpHeaders = {
      accept: 'application/json',
      'user-agent': USER_AGENT,
    };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    await this.throttle.acquire(this.options.signal);
    this.stats.requests++;
    const started = Date.now();
    debug?.(`> ${spec.method} ${url.href}${apiKey ? ' (authorization: Bearer [redacted])' : ''}${payload ? ` ${payload}` : ''}`);
    let responseHeaders: http.IncomingHttpHeaders | undefined;
    let status: number | undefined;
    try {
      const response = await new Promise<RawResponse>((resolve, reject) => {
        // No abort signal here: Ctrl-C lets a request in flight finish, so its outcome is known.
        const request = send(url, { method: spec.method, headers, agent });
        const timer = setTimeout(() => {
          request.destroy(new TimeoutError(`no complete answer to ${spec.method} ${spec.path} within ${timeoutMs} ms`, 'TIMEOUT', 'raise --timeout, or check the network'));
        }, timeoutMs);
        const fail = (error: Error & { code?: string }) => {
          clearTimeout(timer);
          if (error instanceof NetworkError) return reject(error);
          reject(new NetworkError(`${spec.method} ${spec.path}: ${error.message}${error.code ? ` (${error.code})` : ''}`, error.code,
            'check --base-url / TOPO_BASE_URL and the network'));
        };
        request.on('error', fail);
        request.on('response', (res) => {
          responseHeaders = res.headers;
          status = res.statusCode;
          // Text, not Buffers: page bodies then live on the V8 heap, where the GC reclaims them
          // promptly; a long export's Buffers piled up as external memory (+50 MB per 100k tasks).
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('error', fail);
          res.on('aborted', () => fail(new NetworkError(`the answer to ${spec.method} ${spec.path} was cut off`, 'TRUNCATED')));
          res.on('end', () => {
            clearTimeout(timer);
            if (!res.complete) return fail(new NetworkError(`the answer to ${spec.method} ${spec.path} was cut off`, 'TRUNCATED'));
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
          });
        });
        request.end(payload);
      });
      debug?.(`< ${response.status} ${spec.method} ${spec.path} ${Date.now() - started} ms`);
      return response;
    } catch (error) {
      debug?.(`< ${status ?? 'error'} ${spec.method} ${spec.path} ${Date.now() - started} ms: ${(error as Error).message}`);
      throw error;
    } finally {
      this.throttle.release(responseHeaders, status);
    }
  }
}
