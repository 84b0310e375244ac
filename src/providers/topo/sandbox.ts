// A local Topo-compatible API on 127.0.0.1 that answers as the public reference documents it:
// repeated list keys, strict enums, the error envelope {status_code, type, message, data,
// request_id} (400 ValidationIssue, 401/403 UnauthorizedIssue by key scope, 404 NotFoundIssue,
// 422 BusinessIssue for an illegal transition or a non-member assignee), GET /v1/me, sequences,
// contacts and named templates, 429 with Retry-After. `errors: 'fastapi'` answers in FastAPI's
// older dialect ({"detail": ...}, 422 lists, 409 for transitions) so tests prove both are read.
// Fault injection and a request log serve the tests.
import http from 'node:http';
import {
  OPEN_STATUSES, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, SCOPES, SCOPE_READ, SCOPE_WRITE, isUuid, listParams, transitions, type Message, type Task, type Transition,
  SCOPE_SEQUENCES_READ, SCOPE_CONTACTS_READ, ERROR_TYPES, errorEnvelope, REQUEST_ID_HEADER, type Contact, type KeyInfo, type SequenceRun,
} from './contract.ts';
import { contactIdOf, contactOf, generateThread, generateWorkspace, templatesOf, type Workspace } from './sandbox-data.ts';
import { bisect, LoopbackSandbox, SandboxFailure, type LoggedRequest, type LoopbackOptions } from '../loopback.ts';
import { ENUM_MSG, HttpFailure, parseListQuery, PIPELINE_TYPES, validationFailure, type ValidationIssue } from './sandbox-query.ts';

export const SANDBOX_KEYS = {
  /** tasks, sequences and contacts: read and write tasks */
  write: 'topo_sandbox_rw_7c1d4e9a2f6b8035',
  /** read only: tasks, sequences, contacts */
  read: 'topo_sandbox_ro_3b8e0f5a9c2d7146',
  /** tasks:read and tasks:write, but no sequences:read or contacts:read */
  tasksOnly: 'topo_sandbox_tk_5e2a9d7c1b4f8063',
  /** contacts:read only: cannot even read tasks */
  noTasks: 'topo_sandbox_nt_0d6c3b8a4e1f9257',
} as const;

/** What GET /v1/me says of each demo key. */
const KEY_INFO: Record<string, KeyInfo> = {
  [SANDBOX_KEYS.write]: { id: '9a1b2c3d-0000-4000-8000-00000000a001', name: 'Sandbox ops (read+write)', key_prefix: 'topo_sandbox_rw', scopes: [SCOPE_READ, SCOPE_WRITE, SCOPE_SEQUENCES_READ, SCOPE_CONTACTS_READ] },
  [SANDBOX_KEYS.read]: { id: '9a1b2c3d-0000-4000-8000-00000000a002', name: 'Sandbox dashboard (read only)', key_prefix: 'topo_sandbox_ro', scopes: [SCOPE_READ, SCOPE_SEQUENCES_READ, SCOPE_CONTACTS_READ] },
  [SANDBOX_KEYS.tasksOnly]: { id: '9a1b2c3d-0000-4000-8000-00000000a003', name: 'Sandbox tasks only', key_prefix: 'topo_sandbox_tk', scopes: [SCOPE_READ, SCOPE_WRITE] },
  [SANDBOX_KEYS.noTasks]: { id: '9a1b2c3d-0000-4000-8000-00000000a004', name: 'Sandbox contacts sync', key_prefix: 'topo_sandbox_nt', scopes: [SCOPE_CONTACTS_READ] },
};

export type ErrorDialect = 'topo' | 'fastapi';

export { FAULT_KINDS, type FaultKind, type LoggedRequest } from '../loopback.ts';

export interface SandboxOptions extends LoopbackOptions {
  /** How errors are answered: the documented envelope (default) or FastAPI's older dialect. */
  errors?: ErrorDialect;
  /** Answer 404 for GET /v1/me, like an older deployment. */
  noMe?: boolean;
  /** A server rule topo does not know: pages larger than this are a 400 ValidationIssue. */
  maxPageSize?: number;
  /** The first N mutations answer 409 CommitIssue (a concurrent change) without applying. */
  commitConflicts?: number;
}

/** Members of the workspace: the reps. Reassigning to anyone else is a business-rule refusal. */
function memberIds(workspace: Workspace): Set<string> {
  return new Set(workspace.reps.map((rep) => rep.id));
}

export class Sandbox extends LoopbackSandbox {
  /** How many times each task was actually changed by skip/reopen/reassign. */
  readonly appliedCount = new Map<string, number>();
  readonly options: SandboxOptions;
  readonly workspace: Workspace;
  /** Filtered lists in creation order by filter, for the current version of the tasks. */
  private listCache: { version: number; lists: Map<string, Task[]> } = { version: -1, lists: new Map() };
  private version = 0;
  /** Every task in creation order, sorted again only when a creation time changes. */
  private byCreation: { version: number; tasks: Task[] } = { version: -1, tasks: [] };
  private creationVersion = 0;
  private conflictsAnswered = 0;
  readonly keys = SANDBOX_KEYS;

  constructor(options: SandboxOptions = {}) {
    super(options);
    this.options = options;
    this.workspace = generateWorkspace({ seed: this.state.seed, tasks: this.state.tasks, anchor: this.state.anchor });
    for (const [id, change] of Object.entries(this.state.changes)) {
      const task = this.workspace.byId.get(id);
      if (task) Object.assign(task, change);
    }
  }

  get tasks(): Task[] {
    return this.workspace.tasks;
  }

  task(id: string): Task | undefined {
    return this.workspace.byId.get(id);
  }

  /** Mutations the server applied, from the request log. */
  get mutations(): LoggedRequest[] {
    return this.requests.filter((request) => request.method !== 'GET');
  }

  /** Changes a task directly (test set-up) and records it in the state. */
  patchTask(id: string, change: Partial<Task>): void {
    const task = this.workspace.byId.get(id);
    if (!task) throw new Error(`no task ${id}`);
    Object.assign(task, change);
    this.persist(id, change);
    this.version++;
    if ('created_at' in change) this.creationVersion++;
  }

  /** Extra thread messages by sequence run id (tests add hostile ones). */
  readonly extraMessages = new Map<string, Message[]>();

  protected override readonly requestIdHeader = REQUEST_ID_HEADER;

  protected apiPath(url: URL): string {
    return url.pathname;
  }

  /**
   * The error body in the configured dialect. FastAPI services of old answered validation with 422
   * and an illegal transition with 409, each with a plain detail (the status here is the answer's).
   */
  protected errorAnswer(failure: SandboxFailure, entry: LoggedRequest): { status: number; body: unknown } {
    const { issues, data } = failure.extra;
    if (this.options.errors === 'fastapi') {
      if (issues) return { status: 422, body: { detail: issues } };
      return { status: failure.code === ERROR_TYPES.business && data === 'transition' ? 409 : failure.status, body: { detail: failure.message } };
    }
    return {
      status: failure.status,
      body: {
        [errorEnvelope.status]: failure.status,
        [errorEnvelope.type]: PIPELINE_TYPES[failure.code] ?? failure.code,
        [errorEnvelope.message]: failure.message,
        ...(data !== undefined && data !== 'transition' ? { [errorEnvelope.data]: data } : {}),
        [errorEnvelope.requestId]: entry.requestId,
      },
    };
  }

  protected override admin(url: URL): unknown {
    if (url.pathname === '/_sandbox/requests') return this.requests;
    if (url.pathname === '/_sandbox/reps') return this.workspace.reps;
    if (url.pathname === '/_sandbox/applied') return Object.fromEntries(this.appliedCount);
    return undefined;
  }

  protected route(req: http.IncomingMessage, url: URL, body: string, entry: LoggedRequest): unknown {
    return this.routeApi(req.method ?? 'GET', url, body, req.headers.authorization, entry);
  }

  /** The key's description; 401 without a valid key, 403 without `scope`. */
  private authorize(header: string | undefined, scope?: string): KeyInfo {
    const key = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    const info = key ? KEY_INFO[key] : undefined;
    if (!info) throw new HttpFailure(401, ERROR_TYPES.unauthorized, key ? 'Invalid API key' : 'Missing Authorization header', { 'www-authenticate': 'Bearer' });
    if (scope && !info.scopes!.includes(scope)) throw new HttpFailure(403, ERROR_TYPES.unauthorized, `This API key lacks the required scope: ${scope}`, {}, undefined, { required_scope: scope });
    return info;
  }

  private routeApi(method: string, url: URL, bodyText: string, authorization: string | undefined, entry: LoggedRequest): unknown {
    const parts = url.pathname.replace(/\/+$/, '').split('/').slice(1);
    const notFound = () => new HttpFailure(404, ERROR_TYPES.notFound, 'Not Found');
    const onlyGet = () => {
      if (method !== 'GET') throw new HttpFailure(405, 'MethodNotAllowedIssue', 'Method Not Allowed');
    };
    if (parts[0] !== 'v1') throw notFound();
    const resource = parts[1];
    if (resource === 'me' && parts.length === 2) {
      if (this.options.noMe) throw notFound();
      onlyGet();
      const info = this.authorize(authorization);
      return { ...info, organization_id: this.workspace.organizationId, last_used_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), created_at: '2026-09-01T08:00:00Z' };
    }
    if (resource === 'sequences' && parts.length <= 3) {
      onlyGet();
      this.authorize(authorization, SCOPE_SEQUENCES_READ);
      if (parts.length === 3) return this.sequence(parts[2]!);
      const status = url.searchParams.get(listParams.status);
      const runs = [...this.workspace.sequenceIndex.keys()].map((id) => this.sequence(id));
      return this.page(status === null ? runs : runs.filter((run) => run.status === status), url.searchParams);
    }
    if (resource === 'contacts' && parts.length <= 3) {
      onlyGet();
      this.authorize(authorization, SCOPE_CONTACTS_READ);
      return parts.length === 3 ? this.contact(parts[2]!) : this.page(this.contactsMatching(url.searchParams), url.searchParams);
    }
    if (resource === 'sequence-templates' && parts.length <= 3) {
      onlyGet();
      this.authorize(authorization, SCOPE_SEQUENCES_READ);
      const templates = templatesOf(this.workspace);
      if (parts.length === 3) return templates.find((template) => template.id === parts[2]!.toLowerCase()) ?? (() => { throw new HttpFailure(404, ERROR_TYPES.notFound, 'Sequence template not found'); })();
      const name = url.searchParams.get('name');
      return this.page(name === null ? templates : templates.filter((template) => template.name === name), url.searchParams);
    }
    if (resource !== 'tasks') throw notFound();
    if (parts.length === 2) {
      onlyGet();
      this.authorize(authorization, SCOPE_READ);
      return this.list(url.searchParams);
    }
    const taskId = parts[2]!;
    const action = parts[3];
    const allowed: Record<string, string> = { '': 'GET', messages: 'GET', skip: 'POST', reopen: 'POST', assignee: 'PATCH' };
    const expected = allowed[action ?? ''];
    if (parts.length > 4 || expected === undefined) throw notFound();
    if (method !== expected) throw new HttpFailure(405, 'MethodNotAllowedIssue', 'Method Not Allowed');
    this.authorize(authorization, method === 'GET' ? SCOPE_READ : SCOPE_WRITE);
    if (!isUuid(taskId)) {
      throw validationFailure([{ type: 'uuid_parsing', loc: ['path', 'task_id'], msg: 'Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-]', input: taskId }]);
    }
    entry.taskId = taskId.toLowerCase();
    const body = action === 'assignee' ? this.parseReassignBody(bodyText) : undefined;
    const task = this.workspace.byId.get(taskId.toLowerCase());
    if (!task) throw new HttpFailure(404, ERROR_TYPES.notFound, 'Task not found');
    if (!action) return task;
    if (action === 'messages') return this.thread(task);
    if ((this.options.commitConflicts ?? 0) > this.conflictsAnswered) {
      this.conflictsAnswered++;
      throw new HttpFailure(409, ERROR_TYPES.commit, 'The task was changed by another request; retry', {}, undefined, { task_id: task.id });
    }
    if (action === 'assignee') return this.reassign(task, body!, entry);
    return this.transition(task, action as Transition, entry);
  }

  private sequence(id: string): SequenceRun {
    const key = id.toLowerCase();
    if (!this.workspace.sequenceIndex.has(key)) throw new HttpFailure(404, ERROR_TYPES.notFound, 'Sequence not found');
    const first = this.workspace.tasks.find((task) => task.sequence_id === key);
    return {
      id: key, organization_id: this.workspace.organizationId, contact_id: contactIdOf(this.state.seed, this.workspace, key),
      sequence_template_id: this.workspace.sequenceTemplate.get(key) ?? null, status: 'WAITING_FOR_USER', variables: {},
      source_contact_list_id: null, last_step_executed_at: first?.created_at ?? null, created_at: first?.created_at ?? null, updated_at: first?.updated_at ?? null,
    };
  }

  /** Contacts by id: the sandbox looks them up through the runs that name them. */
  private contact(id: string): unknown {
    const run = this.runsByContact().get(id.toLowerCase());
    const contact = run ? contactOf(this.state.seed, this.workspace, run) : null;
    if (!contact) throw new HttpFailure(404, ERROR_TYPES.notFound, 'Contact not found');
    return contact;
  }

  /** GET /v1/contacts: exact-match filters on email (any case), linkedin_url and contact_id, as documented. */
  private contactsMatching(params: URLSearchParams): Contact[] {
    const email = params.get(listParams.contactEmail)?.toLowerCase();
    const linkedin = params.get(listParams.contactLinkedin);
    const id = params.get(listParams.contactId)?.toLowerCase();
    const contacts = [...this.runsByContact().values()].map((run) => contactOf(this.state.seed, this.workspace, run)!);
    return contacts.filter((contact) => (email === undefined || contact.email?.toLowerCase() === email)
      && (linkedin === null || contact.linkedin_url === linkedin) && (id === undefined || contact.id === id));
  }

  /** Each contact's run (a contact is generated from its run). */
  private runsByContact(): Map<string, string> {
    this.contactRuns ??= new Map([...this.workspace.sequenceIndex.keys()].flatMap((run) => {
      const contact = contactIdOf(this.state.seed, this.workspace, run);
      return contact ? [[contact, run] as const] : [];
    }));
    return this.contactRuns;
  }

  private contactRuns: Map<string, string> | undefined;

  /** The documented page envelope over any list. */
  private page<T>(items: T[], params: URLSearchParams): unknown {
    const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
    const size = Math.min(PAGE_SIZE_MAX, Math.max(1, Number(params.get('size') ?? PAGE_SIZE_DEFAULT) || PAGE_SIZE_DEFAULT));
    const totalPages = Math.ceil(items.length / size);
    return { items: items.slice((page - 1) * size, page * size), total_count: items.length, total_pages: totalPages, has_more: page < totalPages };
  }

  private thread(task: Task): Message[] {
    const sequenceId = task.sequence_id ?? '';
    return [...generateThread(this.state.seed, this.workspace, sequenceId), ...(this.extraMessages.get(sequenceId) ?? [])];
  }

  private record(task: Task, change: Partial<Task>, entry: LoggedRequest): void {
    const stamped = { ...change, updated_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
    Object.assign(task, stamped);
    this.persist(task.id, stamped);
    this.version++;
    this.appliedCount.set(task.id, (this.appliedCount.get(task.id) ?? 0) + 1);
    entry.applied = true;
  }

  private transition(task: Task, action: Transition, entry: LoggedRequest): Task {
    const rule = transitions[action];
    if (!rule.from.includes(task.status ?? '')) {
      throw new HttpFailure(422, ERROR_TYPES.business, `Task cannot be ${action === 'skip' ? 'skipped' : 'reopened'} from status ${task.status}`, {}, undefined, 'transition');
    }
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.record(task, action === 'skip'
      ? { status: rule.to, skipped_at: now }
      : { status: rule.to, reopened_at: now, reopen_reason: null, skipped_at: null, completed_at: null, disposition: null }, entry);
    return task;
  }

  private parseReassignBody(text: string): { assignee_user_id: string; scope: string } {
    let body: unknown;
    try {
      body = JSON.parse(text || 'null');
    } catch {
      throw validationFailure([{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }]);
    }
    const issues: ValidationIssue[] = [];
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw validationFailure([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: body }]);
    }
    const { assignee_user_id: assignee, scope = 'TASK' } = body as Record<string, unknown>;
    if (assignee === undefined) issues.push({ type: 'missing', loc: ['body', 'assignee_user_id'], msg: 'Field required', input: body });
    else if (typeof assignee !== 'string' || !isUuid(assignee)) issues.push({ type: 'uuid_parsing', loc: ['body', 'assignee_user_id'], msg: 'Input should be a valid UUID', input: assignee });
    if (!SCOPES.includes(scope as never)) issues.push({ type: 'enum', loc: ['body', 'scope'], msg: ENUM_MSG(SCOPES), input: scope });
    if (issues.length) throw validationFailure(issues);
    return { assignee_user_id: (assignee as string).toLowerCase(), scope: scope as string };
  }

  /** TASK moves this task; SEQUENCE moves it and every PENDING/IN_PROGRESS task of its run (seed 003). */
  private reassign(task: Task, body: { assignee_user_id: string; scope: string }, entry: LoggedRequest): Task {
    if (!memberIds(this.workspace).has(body.assignee_user_id)) {
      throw new HttpFailure(422, ERROR_TYPES.business, 'User is not a member of this workspace', {}, undefined, { assignee_user_id: body.assignee_user_id });
    }
    const targets = body.scope === 'SEQUENCE'
      ? this.workspace.tasks.filter((other) => other.sequence_id === task.sequence_id && (OPEN_STATUSES as readonly string[]).includes(other.status ?? ''))
      : [task];
    for (const target of targets) {
      if (target.assignee_user_id !== body.assignee_user_id) this.record(target, { assignee_user_id: body.assignee_user_id }, entry);
    }
    return task;
  }

  private list(params: URLSearchParams): unknown {
    const { page, size, sortBy, sortOrder, sequence, templates, types, status, priorities, assignee, after, before } = parseListQuery(params, this.options.maxPageSize ?? PAGE_SIZE_MAX);
    // Like a database with an index on created_at: tasks are kept in creation order (a change of
    // status never moves one), the filtered list per filter, and a creation window is cut from it by
    // binary search (keyset paging asks for many windows). The documented order: by the sort field,
    // then id (tasks added later may be older).
    // By instant, not by text: a time with milliseconds and one without may name the same second.
    const by = (field: 'created_at' | 'updated_at') => (a: Task, b: Task) => Date.parse(a[field] ?? '') - Date.parse(b[field] ?? '') || (a.id < b.id ? -1 : 1);
    if (this.byCreation.version !== this.creationVersion) this.byCreation = { version: this.creationVersion, tasks: [...this.workspace.tasks].sort(by('created_at')) };
    const key = JSON.stringify([sequence, templates, types, status, priorities, assignee]);
    if (this.listCache.version !== this.version) this.listCache = { version: this.version, lists: new Map() };
    let filtered = this.listCache.lists.get(key);
    if (!filtered) {
      const templateSet = new Set(templates.map((value) => value.toLowerCase()));
      filtered = this.byCreation.tasks.filter((task) => {
        if (status && task.status !== status) return false;
        if (types.length && !types.includes(task.type ?? '')) return false;
        if (priorities.length && !priorities.includes(task.priority ?? '')) return false;
        if (assignee && task.assignee_user_id !== assignee) return false;
        if (sequence && task.sequence_id !== sequence) return false;
        if (templateSet.size && !templateSet.has(this.workspace.sequenceTemplate.get(task.sequence_id ?? '') ?? '')) return false;
        return true;
      });
      this.listCache.lists.set(key, filtered);
    }
    const created = (task: Task) => Date.parse(task.created_at ?? '');
    const firstAt = (test: (task: Task) => boolean) => bisect(filtered, test);
    const startsAt = after === undefined ? 0 : firstAt((task) => created(task) > after);
    const endsAt = before === undefined ? filtered.length : firstAt((task) => created(task) >= before);
    let matching = filtered.slice(startsAt, Math.max(startsAt, endsAt));
    if (sortBy === 'updated_at') matching.sort(by('updated_at'));
    if (sortOrder === 'desc') matching = matching.reverse();
    const total = matching.length;
    const totalPages = Math.ceil(total / size);
    return {
      items: matching.slice((page - 1) * size, page * size),
      total_count: total,
      total_pages: totalPages,
      has_more: page < totalPages,
    };
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = new Sandbox(options);
  await sandbox.listen();
  return sandbox;
}
