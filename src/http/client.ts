// The one request function. Layers, innermost first: one attempt (Transport) -> rate-limit gate
// (Throttle) -> retries with backoff (delayFor) -> typed errors (errorFor). Only this layer and the
// transport below it know HTTP; the API layer above knows the provider's paths and bodies.
import { ApiError, NetworkError, NotSentError, TopoError } from '../core/errors.ts';
import { USER_AGENT } from '../core/version.ts';
import { errorFor, unreadableBody, type ErrorReader } from './error-map.ts';
import { delayFor, parseRetryAfter, type AttemptCounts, type AttemptFailure, MAX_RATE_LIMIT_RETRIES, MAX_RETRY_AFTER_MS } from './retry.ts';
import { parseReset, rateLimitHeaders, RateLimitWaitError, Throttle } from './throttle.ts';
import { nodeTransport, type Transport, type WireResponse } from './transport.ts';
import { parseBaseUrl, requestUrl, type Query } from './url.ts';
import { Sleeper } from '../core/time.ts';

export type { Query } from './url.ts';

export interface RequestSpec {
  method: string;
  path: string;
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is (with its own content type in `headers`). */
  rawBody?: string;
  headers?: Record<string, string>;
  /**
   * An absolute URL instead of path and query (a cursor's `links.next`, followed exactly as given).
   * It must be on the base URL's origin: the token is never sent elsewhere.
   */
  url?: string;
  /**
   * false: a change that is not safe to send twice (its effect would add up). When an attempt may
   * have reached the server without an answer (a cut connection, 502, 504), it is not sent again:
   * the failure goes to the caller, who reads back before anything else.
   */
  retrySafe?: boolean;
  /** The body holds secrets (an OAuth refresh): --debug shows that a body was sent, not what. */
  secretBody?: boolean;
}

/**
 * Credentials that change while a run goes on (OAuth): `token()` before each attempt (it may refresh
 * an access token about to expire), `renew(rejected)` once after a 401 with the token the server
 * rejected (true: a newer token is there, try again).
 */
export interface Credentials {
  token(): Promise<string | undefined>;
  renew(rejected: string | undefined): Promise<boolean>;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Hears each rate-limit wait of a second or more: until when, and why (for the progress line). */
  onWait?: (until: number, why: string) => void;
  /** Hears each retry before its backoff: "API failing: retry 3 of 4 in 2 s" (for the progress line). */
  onRetry?: (notice: string) => void;
  apiKey?: string;
  /** Per attempt: connect, send and read the whole body. */
  timeoutMs: number;
  /** Retries after the first attempt for 5xx, resets, timeouts and unreadable bodies. */
  maxRetries: number;
  /** For HTTPS_PROXY / NO_PROXY. */
  env: NodeJS.ProcessEnv;
  debug?: (line: string) => void;
  /** Aborting stops retries and waits; a request already in flight is let finish. */
  signal?: AbortSignal;
  /** Base of the exponential backoff, in ms (tests shorten it). */
  backoffBaseMs?: number;
  /** The provider's error-body reader; without one, the status text. */
  readError?: ErrorReader;
  /** Replaces the network (tests script answers with it). */
  transport?: Transport;
  random?: () => number;
  /** The header carrying a request id on every answer, shown by --debug. */
  requestIdHeader?: string;
  /** Media type of bodies sent and answers accepted (JSON:API's for Outreach); default application/json. */
  mediaType?: string;
  /** Instead of a fixed apiKey: a token source that refreshes itself. */
  credentials?: Credentials;
}

export interface HttpStats {
  requests: number;
  retries: number;
  rateLimited: number;
}

const defaultReader: ErrorReader = (status, text, statusText) => unreadableBody(text, status, statusText);

/** The budget the last answer reported (x-ratelimit-*): what a long run can say up front. */
export interface RateBudget {
  limit: number;
  remaining: number;
  /** Epoch ms. */
  resetAt: number;
}

export class HttpClient {
  readonly stats: HttpStats = { requests: 0, retries: 0, rateLimited: 0 };
  budget: RateBudget | undefined;
  readonly base: URL;
  private readonly options: HttpClientOptions;
  private readonly throttle: Throttle;
  private readonly sleeper: Sleeper;
  private readonly transport: Transport;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.throttle = new Throttle(options.signal, Date.now, options.onWait);
    this.sleeper = new Sleeper(options.signal);
    this.base = parseBaseUrl(options.baseUrl, 'base URL');
    this.transport = options.transport ?? nodeTransport(this.base, options.env);
  }

  get baseUrl(): string {
    return this.base.href.replace(/\/$/, '');
  }

  /** Sends one API call with retries; resolves to the parsed JSON body of a 2xx answer. */
  request<T>(spec: RequestSpec): Promise<T> {
    return this.exchange(spec, (response) => {
      if (response.text === '') return undefined as T;
      try {
        return JSON.parse(response.text) as T;
      } catch {
        throw new NetworkError(`unreadable JSON in the answer to ${spec.method} ${spec.path}`, 'UNPARSEABLE');
      }
    });
  }

  /**
   * With retries, the final answer whatever its status (`topo api` prints error answers too);
   * network failures still throw once retries are spent.
   */
  send(spec: RequestSpec): Promise<WireResponse> {
    return this.exchange(spec, (response) => response, true);
  }

  /** With retries, resolves to the raw 2xx answer; `accept` may reject it as unreadable (retried). */
  async exchange<T>(spec: RequestSpec, accept: (response: WireResponse) => T, acceptErrors = false): Promise<T> {
    const { signal } = this.options;
    const counts: AttemptCounts = { failures: 0, rateLimits: 0 };
    // Set once an attempt may have reached the server without us seeing the answer: callers of a
    // mutation then know a later "illegal transition" may be their own earlier success.
    let uncertain = false;
    let renewed = false;
    const started = Date.now();
    for (;;) {
      let failure: TopoError;
      let attempt: AttemptFailure;
      let answered: WireResponse | undefined;
      const sent: { token?: string } = {};
      try {
        const response = await this.attempt(spec, sent);
        if (response.status < 300) return accept(response);
        answered = response;
        failure = this.errorOf(response, spec);
        attempt = { status: response.status, retryAfterMs: parseRetryAfter(response.header('retry-after')) };
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        failure = error;
        attempt = { networkCode: error.code };
      }
      // Stopped: a change the server refused unapplied (429, 503) was not sent, as far as it goes.
      const notApplied = attempt.status === 429 || attempt.status === 503;
      if (signal?.aborted) throw notApplied ? new NotSentError() : failure;
      // An expired or revoked access token: renewed once, then the request goes again at once.
      if (attempt.status === 401 && this.options.credentials && !renewed) {
        renewed = true;
        if (await this.options.credentials.renew(sent.token)) continue;
      }
      if (failure instanceof ApiError) failure.uncertainEarlierAttempt = uncertain;
      const mayHaveLanded = attempt.status === undefined ? attempt.networkCode !== 'ECONNREFUSED' : attempt.status === 502 || attempt.status === 504;
      if (spec.retrySafe === false && mayHaveLanded) throw failure;
      const waitMs = delayFor(attempt, counts, {
        maxRetries: this.options.maxRetries,
        backoffBaseMs: this.options.backoffBaseMs ?? 300,
        random: this.options.random ?? Math.random,
      });
      if (attempt.status === 429) this.stats.rateLimited++;
      if (waitMs === undefined) {
        if (acceptErrors && answered) return accept(answered);
        // Asked to wait longer than topo waits: say until when, and stop (nothing was applied).
        if (attempt.retryAfterMs !== undefined && attempt.retryAfterMs > MAX_RETRY_AFTER_MS && (attempt.status === 429 || attempt.status === 503)) throw new RateLimitWaitError(Date.now() + attempt.retryAfterMs);
        // The last attempt's words alone ("within 1000 ms") would hide how long topo kept trying.
        const tries = counts.failures + counts.rateLimits + 1;
        if (tries > 1) failure.message += ` (gave up after ${tries} attempts over ${((Date.now() - started) / 1000).toFixed(1)} s)`;
        throw failure;
      }
      if (attempt.status === 429) counts.rateLimits++;
      else {
        counts.failures++;
        if (attempt.status === undefined || attempt.status === 502 || attempt.status === 504) uncertain = true;
      }
      this.stats.retries++;
      const [why, retry, of] = attempt.status === 429 ? ['rate limited', counts.rateLimits, MAX_RATE_LIMIT_RETRIES] : ['API failing', counts.failures, this.options.maxRetries];
      this.options.onRetry?.(`${why}: retry ${retry} of ${of} in ${waitMs < 1000 ? `${Math.max(1, Math.round(waitMs))} ms` : `${Math.round(waitMs / 1000)} s`}`);
      this.options.debug?.(`retry ${spec.method} ${spec.path} in ${Math.round(waitMs)} ms after ${attempt.status ? `HTTP ${attempt.status}` : failure.message}`);
      await this.sleeper.sleep(waitMs);
      if (signal?.aborted) throw notApplied ? new NotSentError() : failure;
    }
  }

  /** An error answer as a typed error; the answer itself, for callers that print any status (topo api). */
  errorOf(response: WireResponse, spec: RequestSpec): ApiError {
    const reader = this.options.readError ?? defaultReader;
    return errorFor(response.status, reader(response.status, response.text, response.statusText), spec.method, spec.path);
  }

  close(): void {
    this.transport.close?.();
  }

  private noteBudget(response: WireResponse): void {
    const limit = Number(response.header(rateLimitHeaders.limit));
    const remaining = Number(response.header(rateLimitHeaders.remaining));
    const resetAt = parseReset(response.header(rateLimitHeaders.reset), Date.now());
    if (Number.isFinite(limit) && Number.isFinite(remaining) && resetAt !== undefined) this.budget = { limit, remaining, resetAt };
  }

  /** One request on the wire; `sent.token` is the access token it carried. */
  private async attempt(spec: RequestSpec, sent: { token?: string } = {}): Promise<WireResponse> {
    const { debug, timeoutMs, credentials } = this.options;
    const url = spec.url ? sameOrigin(this.base, spec.url) : requestUrl(this.base, spec.path, spec.query);
    const body = spec.rawBody ?? (spec.body === undefined ? undefined : JSON.stringify(spec.body));
    const mediaType = this.options.mediaType ?? 'application/json';
    const headers: Record<string, string | number> = { accept: mediaType, 'user-agent': USER_AGENT };
    if (body !== undefined) {
      headers['content-type'] = mediaType;
      headers['content-length'] = Buffer.byteLength(body);
    }
    Object.assign(headers, spec.headers);
    const apiKey = credentials ? await credentials.token() : this.options.apiKey;
    sent.token = apiKey;
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    await this.throttle.acquire();
    // Stop means stop: a request still held when the user said so is never sent.
    if (this.options.signal?.aborted) {
      this.throttle.release(undefined, undefined);
      throw new NotSentError();
    }
    this.stats.requests++;
    const started = Date.now();
    debug?.(`> ${spec.method} ${url.href}${apiKey ? ' (authorization: Bearer [redacted])' : ''}${body ? ` ${spec.secretBody ? '[body redacted]' : body.length > 2000 ? `${body.slice(0, 2000)}…` : body}` : ''}`);
    let response: WireResponse | undefined;
    try {
      response = await this.transport({ method: spec.method, url, headers, body, timeoutMs });
      if (debug) {
        const requestId = (this.options.requestIdHeader && response.header(this.options.requestIdHeader))
          ?? (response.status >= 400 ? this.errorOf(response, spec).requestId : undefined);
        debug(`< ${response.status} ${spec.method} ${spec.path} ${Date.now() - started} ms${requestId ? ` request ${requestId}` : ''}`);
      }
      return response;
    } catch (error) {
      debug?.(`< error ${spec.method} ${spec.path} ${Date.now() - started} ms: ${(error as Error).message}`);
      throw error;
    } finally {
      if (response) this.noteBudget(response);
      this.throttle.release(response?.status, response?.header);
    }
  }
}

/** A URL the server handed us (a next-page link), accepted only on the base URL's origin. */
function sameOrigin(base: URL, href: string): URL {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    throw new TopoError(`the server gave an unreadable next-page link: ${href.slice(0, 200)}`);
  }
  if (url.origin !== base.origin) throw new TopoError(`the server gave a next-page link to another host (${url.origin}); topo does not send the token there`);
  return url;
}
