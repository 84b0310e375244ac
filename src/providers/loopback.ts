// What every provider's sandbox shares: a server on 127.0.0.1 (an ephemeral port by default) that
// closes its keep-alive connections when asked; a state file that merges this server's changes over
// what the file holds now, so two sandboxes on one file never undo each other's changes; and the
// request pipeline: the request log, latency, a rate-limit window, faults at a rate or armed for the
// next requests (a 429 storm, an answer lost on the wire, a refused endpoint). Each sandbox brings
// its routes and its error shape, so `sandbox serve` takes the same flags for every provider.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { withLockSync } from '../core/file-lock.ts';
import { rateLimitHeaders } from '../http/throttle.ts';
import { prng } from './demo.ts';

/** What the state file holds: how to regenerate the workspace, and every change made since. */
export interface SandboxState {
  version: 1;
  seed: number;
  tasks: number;
  anchor: number;
  changes: Record<string, Record<string, unknown>>;
}

export function loadState(file: string | undefined, wanted: { seed?: number; tasks?: number }, defaults: { seed: number; tasks: number }): SandboxState {
  if (file) {
    try {
      const state = JSON.parse(fs.readFileSync(file, 'utf8')) as SandboxState;
      const sameWorkspace = (wanted.seed === undefined || wanted.seed === state.seed) && (wanted.tasks === undefined || wanted.tasks === state.tasks);
      if (state.version === 1 && sameWorkspace) return state;
    } catch {
      // missing or unreadable: start a fresh workspace
    }
  }
  const anchor = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  return { version: 1, seed: wanted.seed ?? defaults.seed, tasks: wanted.tasks ?? defaults.tasks, anchor, changes: {} };
}

export function saveState(file: string, state: SandboxState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
  fs.renameSync(temp, file);
}

/** The first index whose item passes `test`, which is false then true along the list (a sandbox's index lookup). */
export function bisect<T>(items: readonly T[], test: (item: T) => boolean): number {
  let [lo, hi] = [0, items.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(items[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

async function listenLoopback(handler: http.RequestListener, port: number): Promise<{ server: http.Server; port: number; url: string }> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return { server, port: bound, url: `http://127.0.0.1:${bound}` };
}

async function closeServer(server: http.Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Writes the changes of `dirty` ids over the file's current state (same workspace only); nothing dirty, nothing written. */
function flushChanges(file: string | undefined, state: SandboxState, dirty: Set<string>): void {
  if (!file || dirty.size === 0) return;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Read, merge and write under a lock: 20 `--sandbox` skips at once (20 processes) keep all 20.
  withLockSync(`${file}.lock`, () => {
    const onDisk = loadState(file, { seed: state.seed, tasks: state.tasks }, state);
    const merged: SandboxState = { ...state, changes: { ...(onDisk.anchor === state.anchor ? onDisk.changes : {}) } };
    for (const id of dirty) merged.changes[id] = state.changes[id]!;
    saveState(file, merged);
  });
  dirty.clear();
}

export const FAULT_KINDS = [
  '429', '500', '502', '503', '504', 'reset-before', 'reset-after', 'truncate', 'non-json', 'html', 'slow',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface LoopbackOptions {
  port?: number;
  seed?: number;
  tasks?: number;
  stateFile?: string;
  /** Epoch ms the demo data is dated from, for a fresh state (tests pin it). */
  anchor?: number;
  /** Added to every answer, in ms. */
  latency?: number;
  /** Requests per second (fixed one-second windows, 429 over it); 0 or undefined: the provider's own limit, if any. */
  rateLimit?: number;
  /** Probability of a fault on each request, spread evenly over `faultKinds`. */
  failRate?: number;
  faultKinds?: FaultKind[];
  /** Per-kind probabilities; adds to failRate. */
  faults?: Partial<Record<FaultKind, number>>;
  /** How long a 'slow' fault holds the answer, in ms. */
  slowMs?: number;
  /** 429 bursts last this long once triggered, in ms. */
  burstMs?: number;
  /** Called as each API request arrives, before it is answered: tests change the data at a chosen moment. */
  onRequest?: (entry: LoggedRequest) => void;
  /** Fault randomness seed, so a failing test can be replayed. */
  faultSeed?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  /** The status answered; -1: the connection was cut. */
  status: number;
  requestId?: string;
  fault?: FaultKind;
  /** A change: which task, which action, and whether the server applied it (it may still have failed to answer). */
  taskId?: string;
  applied?: boolean;
  action?: string;
}

/** An error answer, in no provider's shape yet: each sandbox's `errorBody` writes it its way. */
export class SandboxFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly extra: {
    headers?: Record<string, string>;
    title?: string;
    issues?: Array<{ loc: Array<string | number>; msg: string; type: string; input?: unknown }>;
    data?: unknown;
  } = {}) {
    super(message);
  }
}

/** The codes the pipeline itself answers with; each sandbox's error shape names them its way. */
export const PIPELINE_CODES = { rateLimited: 'rate-limited', unavailable: 'unavailable', forbidden: 'forbidden', notFound: 'not-found' } as const;

/** A sandbox: its state loaded from and saved to `stateFile`, served on 127.0.0.1 through the shared pipeline. */
export abstract class LoopbackSandbox {
  readonly state: SandboxState;
  url = '';
  port = 0;
  readonly requests: LoggedRequest[] = [];
  /**
   * Endpoints this server refuses (the API's path, e.g. `/taskPriorities`), with the status: 403, a
   * credential without the scope; 404, a server without the endpoint; 5xx, one failing.
   */
  readonly refused = new Map<string, number>();
  /** Rewrites each answer's body (errors too) before it is sent: tests make a server that breaks the API's contract. */
  rewrite: ((entry: LoggedRequest, body: unknown) => unknown) | undefined;
  private server: http.Server | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  /** Tasks changed since the last flush: only these are written, over what the file holds now. */
  private readonly dirty = new Set<string>();
  private readonly random: () => number;
  private readonly armed: Array<{ kind: FaultKind; changesOnly: boolean }> = [];
  private stormLeft = 0;
  private stormRetryAfter: number | undefined;
  private burstUntil = 0;
  private window = { start: 0, used: 0 };
  private requestCounter = 0;

  protected constructor(protected readonly loopback: LoopbackOptions) {
    this.state = loadState(loopback.stateFile, { seed: loopback.seed, tasks: loopback.tasks }, { seed: 1, tasks: 240 });
    if (loopback.anchor !== undefined && Object.keys(this.state.changes).length === 0) this.state.anchor = loopback.anchor;
    this.random = prng(loopback.faultSeed ?? 12345);
  }

  /** The answer to an API request (the body of a 200), or a SandboxFailure. */
  protected abstract route(req: http.IncomingMessage, url: URL, body: string, entry: LoggedRequest): unknown;
  /** A failure as this API writes errors: the status it answers with, and the body. */
  protected abstract errorAnswer(failure: SandboxFailure, entry: LoggedRequest): { status: number; body: unknown };
  /** The API's path of a request (`/tasks`), or undefined for what no limit or fault touches (an OAuth token endpoint). */
  protected abstract apiPath(url: URL): string | undefined;
  protected contentType(_entry: LoggedRequest): string {
    return 'application/json';
  }
  /** The header carrying each answer's request id, where the API sends one. */
  protected readonly requestIdHeader: string | undefined = undefined;
  /** The rate-limit window: `rateLimit` per second when given, else the provider's documented limit (none by default). */
  protected rateWindow(): { limit: number; lengthMs: number } | undefined {
    return this.loopback.rateLimit ? { limit: this.loopback.rateLimit, lengthMs: 1000 } : undefined;
  }
  /** `/_sandbox/...` answers for tests and scripts (not logged); undefined: 404. */
  protected admin(_url: URL): unknown {
    return undefined;
  }

  /** The next `count` API requests answer 429 (Retry-After 0 or 1, alternately, unless `retryAfterSeconds` says): a storm. */
  storm(count: number, retryAfterSeconds?: number): void {
    this.stormLeft = count;
    this.stormRetryAfter = retryAfterSeconds;
  }

  /**
   * The next `count` API requests meet `kind` (e.g. 'reset-after': applied, but the answer is lost
   * on the wire); with `changesOnly`, the next changes (not reads).
   */
  failNext(kind: FaultKind, options: { count?: number; changesOnly?: boolean } = {}): void {
    for (let i = 0; i < (options.count ?? 1); i++) this.armed.push({ kind, changesOnly: Boolean(options.changesOnly) });
  }

  private pickFault(now: number, method: string): FaultKind | undefined {
    const armed = this.armed.findIndex((fault) => !fault.changesOnly || method !== 'GET');
    if (armed >= 0) return this.armed.splice(armed, 1)[0]!.kind;
    if (now < this.burstUntil) return '429';
    const { failRate = 0, faultKinds = [...FAULT_KINDS.filter((kind) => kind !== 'slow')], faults = {} } = this.loopback;
    let roll = this.random();
    if (failRate > 0) {
      if (roll < failRate) return faultKinds[Math.floor(this.random() * faultKinds.length)];
      roll -= failRate;
    }
    for (const [kind, probability] of Object.entries(faults) as Array<[FaultKind, number]>) {
      if (roll < probability) return kind;
      roll -= probability;
    }
    return undefined;
  }

  private limitHeaders(now: number): { headers: Record<string, string>; over: boolean; limit?: number } {
    const window = this.rateWindow();
    if (!window) return { headers: {}, over: false };
    const start = Math.floor(now / window.lengthMs) * window.lengthMs;
    if (this.window.start !== start) this.window = { start, used: 0 };
    const over = this.window.used >= window.limit;
    if (!over) this.window.used++;
    return {
      over,
      limit: window.limit,
      headers: {
        [rateLimitHeaders.limit]: String(window.limit),
        [rateLimitHeaders.remaining]: String(Math.max(0, window.limit - this.window.used)),
        [rateLimitHeaders.reset]: String((start + window.lengthMs) / 1000),
      },
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const requestId = `req_${(++this.requestCounter).toString(36).padStart(6, '0')}${this.port.toString(36)}`;
    const entry: LoggedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.search, status: 0, requestId };
    const body = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', () => resolve(''));
    });
    if (url.pathname.startsWith('/_sandbox/')) {
      const answer = this.admin(url);
      return this.send(res, entry, answer === undefined ? 404 : 200, answer ?? { detail: 'Not Found' }, {});
    }
    this.requests.push(entry);
    this.loopback.onRequest?.(entry);
    if (this.loopback.latency) await new Promise((resolve) => setTimeout(resolve, this.loopback.latency));
    const api = this.apiPath(url);
    const now = Date.now();
    const limit = api === undefined ? { headers: {}, over: false } : this.limitHeaders(now);
    const fault = api === undefined ? undefined : this.stormLeft > 0 ? '429' : this.pickFault(now, entry.method);
    if (fault) entry.fault = fault;
    const fail = (failure: SandboxFailure) => {
      const answer = this.errorAnswer(failure, entry);
      this.send(res, entry, answer.status, answer.body, { ...limit.headers, ...failure.extra.headers });
    };
    if (fault === 'reset-before') {
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    if (fault === '429' || limit.over) {
      let retryAfter = '1';
      if (this.stormLeft > 0) retryAfter = this.stormRetryAfter !== undefined ? (this.stormLeft--, String(this.stormRetryAfter)) : --this.stormLeft % 2 ? '0' : '1';
      else if (fault === '429') {
        if (now >= this.burstUntil) this.burstUntil = now + (this.loopback.burstMs ?? 300);
        // Alternate the two Retry-After forms the RFC allows.
        if (this.random() < 0.5) retryAfter = new Date(now + 1000).toUTCString();
      }
      return fail(new SandboxFailure(429, PIPELINE_CODES.rateLimited, 'Rate limit exceeded', { headers: { [rateLimitHeaders.retryAfter]: retryAfter }, data: { limit: limit.limit ?? null, window: '1s' } }));
    }
    const refusal = api === undefined ? undefined : this.refused.get(api);
    if (refusal) {
      const code = refusal === 404 ? PIPELINE_CODES.notFound : refusal === 403 ? PIPELINE_CODES.forbidden : PIPELINE_CODES.unavailable;
      return fail(new SandboxFailure(refusal, code, refusal === 404 ? 'No such resource' : refusal === 403 ? 'This credential lacks the scope for this resource' : 'Something went wrong'));
    }
    if (fault === 'html') {
      entry.status = 502;
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>');
      return;
    }
    if (fault && /^5\d\d$/.test(fault)) return fail(new SandboxFailure(Number(fault), PIPELINE_CODES.unavailable, 'Service temporarily unavailable'));

    let status = 200;
    let answer: unknown;
    let headers: Record<string, string> = limit.headers;
    try {
      answer = this.route(req, url, body, entry);
    } catch (error) {
      if (!(error instanceof SandboxFailure)) throw error;
      ({ status, body: answer } = this.errorAnswer(error, entry));
      headers = { ...headers, ...error.extra.headers };
    }
    if (fault === 'reset-after') {
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, this.loopback.slowMs ?? 5_000));
    if (fault === 'truncate' || fault === 'non-json') {
      entry.status = status;
      const text = JSON.stringify(answer);
      if (fault === 'non-json') {
        res.writeHead(status, { 'content-type': this.contentType(entry) });
        res.end(`${text.slice(0, Math.floor(text.length / 2))}<!-- upstream error -->`);
        return;
      }
      res.writeHead(status, { 'content-type': this.contentType(entry), 'content-length': Buffer.byteLength(text) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      setTimeout(() => req.socket.destroy(), 5);
      return;
    }
    this.send(res, entry, status, answer, headers);
  }

  private send(res: http.ServerResponse, entry: LoggedRequest, status: number, body: unknown, headers: Record<string, string>): void {
    entry.status = status;
    const text = JSON.stringify(this.rewrite && !entry.path.startsWith('/_sandbox/') ? this.rewrite({ ...entry }, body) : body);
    res.writeHead(status, {
      'content-type': this.contentType(entry), 'content-length': Buffer.byteLength(text),
      ...(this.requestIdHeader ? { [this.requestIdHeader]: entry.requestId ?? '' } : {}), ...headers,
    });
    res.end(text);
  }
  async listen(port = this.loopback.port ?? 0): Promise<void> {
    ({ server: this.server, port: this.port, url: this.url } = await listenLoopback((req, res) => void this.handle(req, res), port));
  }

  async close(): Promise<void> {
    this.flush();
    const server = this.server;
    this.server = undefined;
    await closeServer(server);
  }

  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    flushChanges(this.loopback.stateFile, this.state, this.dirty);
  }

  /** Records a task's change in the state; the file gets it within 50 ms (changes are batched). */
  protected persist(id: string, change: object): void {
    this.state.changes[id] = { ...this.state.changes[id], ...change };
    this.dirty.add(id);
    if (this.loopback.stateFile && !this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), 50);
      this.flushTimer.unref();
    }
  }
}
