// A local Outreach-shaped API on 127.0.0.1, from the same demo story as the Topo sandbox: the reps
// are users with emails (Bram has left: locked), prospects with companies, tasks in every state with
// priorities. It answers JSON:API as shared/outreach-api.md describes it: integer ids, filters,
// keyset cursors in links.next, include=, the task actions, {errors: [...]} bodies, 415 for a body
// that is not application/vnd.api+json, x-ratelimit-* on every answer, and OAuth refresh with
// expiring, rotating tokens. Tests arm a 429 storm, rate limits and short token lifetimes.
import http from 'node:http';
import {
  JSONAPI_MEDIA_TYPE, OUTREACH_API_PATH, OUTREACH_PAGE_SIZE_MAX, OUTREACH_TOKEN_PATH, TASK_ACTION_PARAMS,
  outreachParams, RATE_LIMIT_PER_HOUR, type Resource, type TaskAction,
} from './contract.ts';
import { generateOutreach, PRIORITIES, type ProspectRecord, type TaskRecord, type UserRecord } from './sandbox-data.ts';
import { Failure, listTaskPage } from './sandbox-query.ts';
import { LoopbackSandbox, PIPELINE_CODES, SandboxFailure, type LoggedRequest, type LoopbackOptions } from '../loopback.ts';

export const OUTREACH_SANDBOX = {
  /** An access token that never expires: tasks.all, users.read, prospects.read. */
  token: 'outreach_sandbox_at_rw_6f2c9e1a7b30d458',
  /** Read only: tasks.read, users.read, prospects.read. */
  readToken: 'outreach_sandbox_at_ro_2d8b4f6a1c9e0357',
  clientId: 'topo-sandbox-client',
  clientSecret: 'outreach_sandbox_secret_94c1e7a20b5d3f68',
  /** The first refresh token; each refresh spends it and hands out a new one. */
  refreshToken: 'outreach_sandbox_rt_0_5a3e8c1f9d7b2460',
} as const;

const WRITE_SCOPES = ['tasks.all', 'users.read', 'prospects.read'];
const READ_SCOPES = ['tasks.read', 'users.read', 'prospects.read'];
export interface OutreachSandboxOptions extends LoopbackOptions {
  /** Lifetime of access tokens handed out by a refresh, in seconds (default 7200). */
  tokenTtlSeconds?: number;
  /** Lists answer without meta.count, which the reference leaves optional. */
  withoutCount?: boolean;
  /** Ranges on ids (`filter[id]=a..b`) are ignored, as a server might that has them only for dates. */
  withoutIdRanges?: boolean;
  /** Ranges on ids are refused (400), as a server might whose reference lists ranges for dates only. */
  refusesIdRanges?: boolean;
}

/** The pipeline's own failures, as Outreach names them. */
const PIPELINE_ERRORS: Record<string, [id: string, title: string]> = {
  [PIPELINE_CODES.rateLimited]: ['rateLimitExceeded', 'Rate Limit Exceeded'], [PIPELINE_CODES.unavailable]: ['serverError', 'Internal Server Error'],
  [PIPELINE_CODES.forbidden]: ['forbidden', 'Forbidden'], [PIPELINE_CODES.notFound]: ['notFound', 'Not Found'],
};

export class OutreachSandbox extends LoopbackSandbox {
  readonly options: OutreachSandboxOptions;
  readonly users: UserRecord[];
  readonly prospects: ProspectRecord[];
  readonly tasks: TaskRecord[];
  readonly byId: Map<number, TaskRecord>;
  /** Access tokens handed out by refreshes: token -> expiry (epoch ms). */
  private issued = new Map<string, number>();
  private refreshTokens = new Set<string>([OUTREACH_SANDBOX.refreshToken]);
  private issuedCount = 0;
  /** How many refreshes were answered (tests check the client refreshed). */
  refreshes = 0;

  constructor(options: OutreachSandboxOptions = {}) {
    super(options);
    this.options = options;
    const generated = generateOutreach(this.state.seed, this.state.tasks, this.state.anchor);
    this.users = generated.users;
    this.prospects = generated.prospects;
    this.tasks = generated.tasks;
    this.byId = new Map(this.tasks.map((task) => [task.id, task]));
    for (const [id, change] of Object.entries(this.state.changes)) {
      const task = this.byId.get(Number(id));
      if (task) Object.assign(task, change);
    }
  }

  /** The changes the server applied (task actions), from the request log. */
  get mutations(): LoggedRequest[] {
    return this.requests.filter((request) => request.method !== 'GET' && request.path !== OUTREACH_TOKEN_PATH);
  }

  /** Every access token handed out so far expires now (a token lapsing mid-run). */
  expireTokens(): void {
    for (const token of this.issued.keys()) this.issued.set(token, 0);
  }

  private change(task: TaskRecord, change: Partial<TaskRecord>): void {
    Object.assign(task, change, { updatedAt: new Date().toISOString() });
    this.persist(String(task.id), task);
  }

  protected contentType(entry: LoggedRequest): string {
    return entry.path === OUTREACH_TOKEN_PATH ? 'application/json' : JSONAPI_MEDIA_TYPE;
  }

  /** The API's path below /api/v2; the OAuth token endpoint is not counted against the rate limit nor faulted. */
  protected apiPath(url: URL): string | undefined {
    if (url.pathname === OUTREACH_TOKEN_PATH) return undefined;
    return url.pathname.startsWith(OUTREACH_API_PATH) ? url.pathname.slice(OUTREACH_API_PATH.length) || '/' : url.pathname;
  }

  /** `--rate-limit` per second when given (a scaled-down sandbox), else the documented 10,000 an hour. */
  protected override rateWindow(): { limit: number; lengthMs: number } {
    return super.rateWindow() ?? { limit: RATE_LIMIT_PER_HOUR, lengthMs: 3_600_000 };
  }

  protected errorAnswer(failure: SandboxFailure, entry: LoggedRequest): { status: number; body: unknown } {
    const [id, title] = PIPELINE_ERRORS[failure.code] ?? [failure.code, failure.extra.title ?? ''];
    if (entry.path === OUTREACH_TOKEN_PATH) return { status: failure.status, body: { error: id, error_description: failure.message } };
    return { status: failure.status, body: { errors: [{ id, title, detail: failure.message }] } };
  }

  protected route(req: http.IncomingMessage, url: URL, body: string, entry: LoggedRequest): unknown {
    return url.pathname === OUTREACH_TOKEN_PATH ? this.oauth(req, body) : this.routeApi(req, url, body, entry);
  }

  private oauth(req: http.IncomingMessage, body: string): unknown {
    if (req.method !== 'POST') throw new Failure(405, 'invalid_request', 'Method Not Allowed', 'POST only');
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'refresh_token') throw new Failure(400, 'unsupported_grant_type', 'Bad Request', 'only grant_type=refresh_token is supported here');
    if (form.get('client_id') !== OUTREACH_SANDBOX.clientId || form.get('client_secret') !== OUTREACH_SANDBOX.clientSecret) throw new Failure(401, 'invalid_client', 'Unauthorized', 'Client authentication failed');
    const refresh = form.get('refresh_token') ?? '';
    if (!this.refreshTokens.has(refresh)) throw new Failure(400, 'invalid_grant', 'Bad Request', 'The refresh token is invalid, expired or revoked');
    this.refreshTokens.delete(refresh);
    const n = ++this.issuedCount;
    const ttl = this.options.tokenTtlSeconds ?? 7200;
    const accessToken = `outreach_sandbox_at_${n}_${Math.random().toString(36).slice(2, 12)}`;
    const refreshToken = `outreach_sandbox_rt_${n}_${Math.random().toString(36).slice(2, 12)}`;
    this.issued.set(accessToken, Date.now() + ttl * 1000);
    this.refreshTokens.add(refreshToken);
    this.refreshes++;
    return { access_token: accessToken, refresh_token: refreshToken, expires_in: ttl, token_type: 'bearer', scope: WRITE_SCOPES.join(' ') };
  }

  private scopesOf(authorization: string | undefined): string[] {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (token === OUTREACH_SANDBOX.token) return WRITE_SCOPES;
    if (token === OUTREACH_SANDBOX.readToken) return READ_SCOPES;
    const expiry = token ? this.issued.get(token) : undefined;
    if (expiry === undefined) throw new Failure(401, 'unauthorized', 'Unauthorized', 'The access token is invalid');
    if (expiry <= Date.now()) throw new Failure(401, 'unauthorized', 'Unauthorized', 'The access token expired');
    return WRITE_SCOPES;
  }

  private routeApi(req: http.IncomingMessage, url: URL, body: string, entry: LoggedRequest): unknown {
    if (!url.pathname.startsWith(OUTREACH_API_PATH)) throw new Failure(404, 'notFound', 'Not Found', `No route ${url.pathname}`);
    const scopes = this.scopesOf(req.headers.authorization);
    const path = url.pathname.slice(OUTREACH_API_PATH.length) || '/';
    const method = req.method ?? 'GET';
    const contentType = req.headers['content-type'];
    if ((body.length > 0 || contentType) && !String(contentType ?? '').startsWith(JSONAPI_MEDIA_TYPE)) {
      throw new Failure(415, 'unsupportedMediaType', 'Unsupported Media Type', `Content-Type must be ${JSONAPI_MEDIA_TYPE}`);
    }
    const params = url.searchParams;
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/') {
      const me = this.users[0]!;
      return { meta: { user: { id: me.id, email: me.email, firstName: me.firstName, lastName: me.lastName }, token: { scopes } }, links: { tasks: `${this.url}${OUTREACH_API_PATH}/tasks` } };
    }
    if (method === 'GET' && path === '/tasks') return this.listTasks(params);
    if (method === 'GET' && (match = /^\/tasks\/(\d+)$/.exec(path))) {
      const task = this.findTask(match[1]!);
      return { data: this.taskResource(task), included: this.included([task], params.get(outreachParams.include)) };
    }
    if (method === 'POST' && (match = /^\/tasks\/(\d+)\/actions\/(\w+)$/.exec(path))) {
      entry.taskId = match[1];
      entry.action = match[2];
      if (!scopes.includes('tasks.all') && !scopes.includes('tasks.write')) throw new Failure(403, 'forbidden', 'Forbidden', 'This token lacks the tasks.write scope');
      return { data: this.taskResource(this.act(this.findTask(match[1]!), match[2]!, params)) };
    }
    if (method === 'GET' && path === '/users') {
      const email = params.get(outreachParams.email);
      const locked = params.get(outreachParams.locked);
      const users = this.users.filter((user) => (!email || user.email === email) && (locked === null || String(user.locked) === locked));
      return this.pageOf(users.map((user) => ({ type: 'user', id: user.id, attributes: { firstName: user.firstName, lastName: user.lastName, email: user.email, locked: user.locked, createdAt: user.createdAt } })), params, '/users');
    }
    if (method === 'GET' && path === '/prospects') {
      const ids = new Set((params.get(outreachParams.id) ?? '').split(',').filter(Boolean).map(Number));
      const prospects = this.prospects.filter((prospect) => ids.size === 0 || ids.has(prospect.id));
      return this.pageOf(prospects.map((prospect) => this.prospectResource(prospect)), params, '/prospects');
    }
    if (method === 'GET' && path === '/taskPriorities') {
      return this.pageOf(PRIORITIES.map((priority) => ({ type: 'taskPriority', id: priority.id, attributes: { name: priority.name, weight: priority.weight } })), params, '/taskPriorities');
    }
    throw new Failure(404, 'notFound', 'Not Found', `No route ${method} ${url.pathname}`);
  }

  private findTask(id: string): TaskRecord {
    const task = this.byId.get(Number(id));
    if (!task) throw new Failure(404, 'resourceNotFound', 'Resource Not Found', `Could not find 'task' with ID '${id}'.`);
    return task;
  }

  private act(task: TaskRecord, action: string, params: URLSearchParams): TaskRecord {
    if (!Object.hasOwn(TASK_ACTION_PARAMS, action)) throw new Failure(404, 'notFound', 'Not Found', `Unknown action '${action}'`);
    const argument = (name: string | undefined) => (name ? params.get(name) : null);
    const value = argument(TASK_ACTION_PARAMS[action as TaskAction]);
    const now = new Date().toISOString();
    if (task.state === 'complete' && action !== 'updateNote') throw new Failure(422, 'validationError', 'Validation Error', `Task ${task.id} is already complete`);
    switch (action as TaskAction) {
      case 'markComplete':
        this.change(task, { state: 'complete', completed: true, completedAt: now, stateChangedAt: now, note: value ? [task.note, value].filter(Boolean).join('\n') : task.note });
        break;
      case 'reassignOwner': {
        const owner = this.users.find((user) => String(user.id) === value);
        if (!owner) throw new Failure(422, 'validationError', 'Validation Error', `Owner ${value ?? '(none)'} does not exist`);
        if (owner.locked) throw new Failure(422, 'validationError', 'Validation Error', `Owner ${owner.id} is locked and cannot own tasks`);
        if (task.ownerId !== owner.id) this.change(task, { ownerId: owner.id });
        break;
      }
      case 'reschedule': {
        const due = value ? Date.parse(value) : NaN;
        if (Number.isNaN(due)) throw new Failure(422, 'validationError', 'Validation Error', `dueAt '${value ?? ''}' is not a valid date-time`);
        this.change(task, { dueAt: new Date(due).toISOString() });
        break;
      }
      case 'snooze': {
        const base = Math.max(Date.now(), Date.parse(task.dueAt ?? '') || 0);
        this.change(task, { dueAt: new Date(base + 86_400_000).toISOString() });
        break;
      }
      case 'updateNote':
        this.change(task, { note: value ?? '' });
        break;
    }
    return task;
  }

  private listTasks(params: URLSearchParams): unknown {
    const { page, count, next } = listTaskPage(this.tasks, params, this.pageSize(params), this.options);
    const nextParams = new URLSearchParams(params);
    if (next) nextParams.set(outreachParams.pageAfter, next);
    return {
      data: page.map((task) => this.taskResource(task)),
      included: this.included(page, params.get(outreachParams.include)),
      links: { first: `${this.url}${OUTREACH_API_PATH}/tasks`, ...(next ? { next: `${this.url}${OUTREACH_API_PATH}/tasks?${nextParams.toString()}` } : {}) },
      meta: this.options.withoutCount ? {} : { count },
    };
  }

  private pageSize(params: URLSearchParams): number {
    const raw = params.get(outreachParams.pageSize);
    if (raw === null) return 50;
    const size = Number(raw);
    if (!/^\d+$/.test(raw) || size < 1 || size > OUTREACH_PAGE_SIZE_MAX) throw new Failure(400, 'invalidPageSize', 'Invalid Page Size', `page[size] must be between 1 and ${OUTREACH_PAGE_SIZE_MAX}`);
    return size;
  }

  /** Users, prospects and priorities: small lists, offset cursors. */
  private pageOf(resources: Resource[], params: URLSearchParams, path: string): unknown {
    const size = this.pageSize(params);
    const start = Number(params.get(outreachParams.pageAfter) ?? 0) || 0;
    const next = new URLSearchParams(params);
    next.set(outreachParams.pageAfter, String(start + size));
    return {
      data: resources.slice(start, start + size),
      links: start + size < resources.length ? { next: `${this.url}${OUTREACH_API_PATH}${path}?${next.toString()}` } : {},
      meta: this.options.withoutCount ? {} : { count: resources.length },
    };
  }

  private taskResource(task: TaskRecord): Resource {
    const { id, ownerId, prospectId, sequenceId, taskPriorityId, ...attributes } = task;
    const one = (type: string, value: number | null) => ({ data: value === null ? null : { type, id: value } });
    return {
      type: 'task', id,
      attributes,
      relationships: {
        owner: one('user', ownerId), prospect: one('prospect', prospectId), subject: one('prospect', prospectId),
        sequence: one('sequence', sequenceId), taskPriority: one('taskPriority', taskPriorityId),
      } as Resource['relationships'],
      links: { self: `${this.url}${OUTREACH_API_PATH}/tasks/${id}` },
    };
  }

  private prospectResource(prospect: ProspectRecord): Resource {
    const { id, ...attributes } = prospect;
    return { type: 'prospect', id, attributes };
  }

  private included(tasks: TaskRecord[], include: string | null): Resource[] {
    const wanted = new Set((include ?? '').split(',').filter(Boolean));
    if (this.refused.has('/taskPriorities')) wanted.delete('taskPriority');
    const out: Resource[] = [];
    if (wanted.has('owner')) {
      for (const id of new Set(tasks.map((task) => task.ownerId).filter((id): id is number => id !== null))) {
        const user = this.users[id - 1]!;
        out.push({ type: 'user', id, attributes: { firstName: user.firstName, lastName: user.lastName, email: user.email, locked: user.locked } });
      }
    }
    if (wanted.has('prospect')) {
      for (const id of new Set(tasks.map((task) => task.prospectId).filter((id): id is number => id !== null))) out.push(this.prospectResource(this.prospects[id - 1]!));
    }
    if (wanted.has('taskPriority')) {
      for (const id of new Set(tasks.map((task) => task.taskPriorityId))) {
        const priority = PRIORITIES[id - 1]!;
        out.push({ type: 'taskPriority', id, attributes: { name: priority.name, weight: priority.weight } });
      }
    }
    return out;
  }
}

export async function startOutreachSandbox(options: OutreachSandboxOptions = {}): Promise<OutreachSandbox> {
  const sandbox = new OutreachSandbox(options);
  await sandbox.listen();
  return sandbox;
}
