// A provider that lives in this process's memory, for tests only: no HTTP, no wire format, its own
// words (tasks are "done" or "open", changes are complete and reopen). Registered at run time, it
// goes through the same registry, runtime and commands as Topo and Outreach, and runs the same
// conformance suite: proof that the commands depend on the provider interface alone.
import { NetworkError, UsageError } from '../../src/core/errors.ts';
import type { ItemResult } from '../../src/core/model.ts';
import { registerProvider } from '../../src/providers/registry.ts';
import type { Counted, Listing, NormalTask, PeopleReport, ProviderSpec, TaskProvider, TaskQuery } from '../../src/providers/types.ts';
import { sanitizeInline } from '../../src/render/sanitize.ts';
import { pipeCell, type ListLayout, type Task } from '../../src/render/tasks.ts';

export interface MemoryTask {
  id: string;
  status: 'open' | 'done';
  owner: string | null;
  about: string;
  group: string | null;
  kind: string;
  hot: boolean;
}

/** The one store of this process; `reset` seeds it. Tests read it as the server's truth. */
export const MEMORY = {
  tasks: [] as MemoryTask[],
  users: ['ana', 'bram', 'chen', 'dana'],
  /** Calls that reached the store (reads and changes). */
  calls: 0,
  applied: new Map<string, number>(),
  /** The next change is applied, then its answer is "lost" (a network error). */
  loseNext: false,
  reset(count = 60): void {
    this.tasks = Array.from({ length: count }, (_, index) => ({
      id: `m${index + 1}`,
      status: index % 5 === 4 ? 'done' : 'open',
      owner: this.users[index % this.users.length]!,
      about: index === 7 ? 'Mallory\u001b]0;pwned\u0007 \u202Egnirts' : `Person ${index + 1}`,
      group: index % 9 === 0 ? null : `g${Math.floor(index / 3)}`,
      kind: index % 2 ? 'call' : 'email',
      hot: index % 7 === 0,
    }));
    this.calls = 0;
    this.applied.clear();
    this.loseNext = false;
  },
};

const normal = (task: MemoryTask): NormalTask => ({
  id: task.id, group: task.group, owner: task.owner, open: task.status === 'open', status: task.status, hot: task.hot,
  type: task.kind, priority: task.hot ? 'hot' : 'normal', due: null, raw: { ...task },
});

function find(id: string): MemoryTask {
  MEMORY.calls++;
  const task = MEMORY.tasks.find((candidate) => candidate.id === id);
  if (!task) throw new UsageError(`no task ${id} in memory`);
  return task;
}

/** A change, applied; when an answer is to be lost, applied and then failed as the wire would. */
function change(task: MemoryTask, edit: Partial<MemoryTask>): ItemResult {
  Object.assign(task, edit);
  MEMORY.applied.set(task.id, (MEMORY.applied.get(task.id) ?? 0) + 1);
  if (MEMORY.loseNext) {
    MEMORY.loseNext = false;
    throw new NetworkError('the connection was cut before the answer', 'ECONNRESET');
  }
  return { id: task.id, outcome: 'changed', status: task.status, error: null };
}

const LAYOUT: ListLayout<{ palette: unknown }> = {
  listFields: ['id', 'status', 'owner', 'about'],
  tableFields: ['id', 'status', 'owner', 'about'],
  headings: {},
  columns: {},
  cell: (task: Task, field: string) => sanitizeInline(String(task[field] ?? '—')),
};

function query(raw: TaskQuery): { status?: string; owner?: string } {
  return raw as unknown as { status?: string; owner?: string };
}

function memoryProvider(spec: ProviderSpec): TaskProvider {
  const matching = (filters: { status?: string; owner?: string }) => {
    MEMORY.calls++;
    return MEMORY.tasks.filter((task) => (!filters.status || task.status === filters.status) && (!filters.owner || task.owner === filters.owner));
  };
  return {
    spec,
    resolveUser: async (text, flag) => {
      if (!MEMORY.users.includes(text)) throw new UsageError(`${flag}: no user '${sanitizeInline(text)}' in memory`);
      return text;
    },
    name: (id) => id ?? 'nobody',
    people: async () => MEMORY.users.map((user) => ({ id: user, open: matching({ status: 'open', owner: user }).length })),
    cannotTake: async () => undefined,
    openTasksOf: async (owner) => matching({ status: 'open', ...(owner === null ? {} : { owner }) }).map(normal),
    openCount: async () => ({ tasks: matching({ status: 'open' }).length, pageSize: 100 }),
    wholeGroups: async () => new Set(),
    openTasksOfGroups: async (groups) => new Map(groups.map((group) => [group, matching({ status: 'open' }).map(normal).filter((task) => task.group === group)])),
    loads: async (users) => new Map(users.map((user) => [user, matching({ status: 'open', owner: user }).length])),
    read: async (id) => normal(find(id)),
    async move(id, to, _scope, current) {
      const task = find(id);
      if (current?.owner === to || task.owner === to) return { id, outcome: 'unchanged', status: task.status, error: null, note: 'already theirs' };
      return change(task, { owner: to });
    },
    estimate: () => undefined,
    identity: async () => ({ facts: [{ key: 'user', label: 'user', value: 'memory' }], canRead: true, canWrite: true }),
    async query(flags) {
      if (flags.assignee !== undefined && !MEMORY.users.includes(flags.assignee)) throw new UsageError(`--assignee: no user '${sanitizeInline(flags.assignee)}' in memory`);
      return { status: flags.status === 'COMPLETED' ? 'done' : flags.status === 'open' ? 'open' : flags.status, owner: flags.assignee } as unknown as TaskQuery;
    },
    previewChange(task, verb, value) {
      const target = verb === 'complete' ? 'done' : 'open';
      if (verb === 'reassign') return { would_send: task.owner === value ? null : `move ${task.id} to ${value}`, note: `${task.owner} → ${value}` };
      return { would_send: task.status === target ? null : `${verb} ${task.id}`, note: task.status === target ? `already ${target}` : `${task.status} → ${target}` };
    },
    async applyChange(id, verb, _value, uncertain) {
      const task = find(id);
      const target = verb === 'complete' ? 'done' : 'open';
      if (task.status === target) return { id, outcome: uncertain ? 'changed' : 'unchanged', status: task.status, error: null, ...(uncertain ? {} : { note: `already ${target}` }) };
      return change(task, { status: target });
    },
    groupOpenTasks: async (group) => MEMORY.tasks.filter((task) => task.group === group && task.status === 'open').map(normal),
    list(raw, request): Listing {
      const all = matching(query(raw)).map((task) => ({ ...task }));
      const size = request.all ? all.length : request.limit ?? request.size ?? 20;
      const rows = all.slice(0, size);
      return {
        batches: (async function* () {
          for (let start = 0; start < rows.length; start += 7) yield rows.slice(start, start + 7);
        })(),
        layout: LAYOUT as ListLayout<never>,
        view: { palette: request.palette, width: request.width },
        total: () => all.length,
        more: () => undefined,
        totalPages: () => undefined,
      };
    },
    async count(raw, by, then): Promise<Counted> {
      const field = (dim: string) => (dim === 'assignee' ? 'owner' : dim === 'status' ? 'status' : dim === 'type' ? 'kind' : 'hot') as keyof MemoryTask;
      const filters = query(raw);
      const tasks = matching({ status: filters.status ?? (by === 'status' || then === 'status' ? undefined : 'open'), owner: filters.owner });
      const cells = new Map<string, { key: string | null; then_key?: string | null; count: number }>();
      for (const task of tasks) {
        const key = String(task[field(by)]);
        const col = then ? String(task[field(then)]) : undefined;
        const cell = cells.get(`${key}|${col}`) ?? { key, ...(then ? { then_key: col } : {}), count: 0 };
        cell.count++;
        cells.set(`${key}|${col}`, cell);
      }
      return { result: { by, then: then ?? null, source: { method: 'full-listing', calls: 1 }, cells: [...cells.values()], total: tasks.length }, nameOf: () => undefined, named: [], known: {} };
    },
    queue: async (raw) => matching({ status: 'open', ...query(raw) }).map(normal),
    card: async (task) => ({ about: sanitizeInline(String(task.raw.about)), lines: [`${task.status}  ${task.owner ?? 'nobody'}`, `id ${task.id}`] }),
    prefetch: () => undefined,
    thread: () => Promise.reject(new UsageError('memory tasks have no thread')),
    allows: (task, verb) => (verb === 'complete' ? task.open : verb === 'reopen' ? !task.open : verb === 'reassign'),
    afterChange: (task, verb, _result, value) => (verb === 'reassign' ? { ...task, owner: value ?? null } : normal({ ...(task.raw as unknown as MemoryTask), status: verb === 'complete' ? 'done' : 'open' })),
    async peopleReport(): Promise<PeopleReport> {
      const rows = MEMORY.users.map((user) => ({ user, open: matching({ status: 'open', owner: user }).length }));
      return { records: [], json: { users: rows }, tsv: rows.map((row) => [row.user, String(row.open)]), head: ['USER', 'OPEN'], rows: rows.map((row) => [row.user, String(row.open)]), alignRight: [1] };
    },
    async show(id) {
      const task = find(id);
      return {
        json: { ...task },
        render: async (stream) => {
          stream.write(Object.entries(task).map(([field, value]) => `${field}\t${pipeCell({ [field]: value }, field)}`).join('\n') + '\n');
        },
      };
    },
  };
}

const NOT_HERE = { why: 'memory tasks are only opened and done', instead: 'topo tasks complete|reopen' };

export const MEMORY_SPEC: ProviderSpec = {
  name: 'memory',
  title: 'Memory',
  defaultBaseUrl: 'http://127.0.0.1:9/memory',
  credentials: 'api-key',
  taskIds: { valid: (id) => /^m\d+$/.test(id), noun: 'memory task id (m1, m2, ...)', shape: 'memory id (m1, m2, ...)' },
  userIds: (id) => MEMORY.users.includes(id),
  capabilities: {
    lacks: { 'tasks skip': NOT_HERE, 'tasks snooze': NOT_HERE, 'tasks reschedule': NOT_HERE, 'tasks thread': { why: 'memory tasks have no thread' }, api: { why: 'memory has no API' } },
    lacksFlags: [{ key: 'types', flag: '--types', why: 'memory tasks have kinds, not types' }, { key: 'withContact', flag: '--with-contact', why: 'memory tasks say whom they are about' }],
    paging: 'cursor',
    groupMove: false,
    ageBasis: 'created',
    offboardFilters: false,
    lacksDimensions: { template: { why: 'memory tasks have no template' } },
    inverse: { complete: 'reopen', reopen: 'complete' },
    pastTense: { done: 'completed', open: 'reopened' },
    dimensionOrder: {},
    dimensionWords: {},
  },
  groups: { field: 'sequence_id', noun: 'group', column: 'GROUPS', openWord: 'open' },
  taskFields: ['id', 'status', 'owner', 'about', 'group', 'kind', 'hot'],
  assigneeField: 'owner',
  pageSize: { min: 1, max: 100, default: 20 },
  vocabulary: {},
  filePrefix: 'memory-',
  scriptsInsteadOfTriage: 'for scripts, use `topo tasks ls --all --json` and pipe ids to `topo tasks complete -`',
  secret: { field: 'memoryKey', form: 'string', env: 'key', noun: 'memory key' },
  client: async (options) => ({ client: MEMORY, currentSecret: async () => options.secret, close: () => undefined }),
  embeddedSandbox: async () => ({ url: 'http://127.0.0.1:9/memory', secret: { key: 'memory' }, close: async () => undefined }),
  describeSecret: () => [],
  login: () => Promise.reject(new UsageError('memory needs no login')),
  sandboxAliases: () => ({}),
  isDemoSecret: () => false,
  connect: async (host) => {
    await host.client();
    return memoryProvider(MEMORY_SPEC);
  },
  serveSandbox: () => Promise.reject(new UsageError('memory cannot be served')),
};

registerProvider(MEMORY_SPEC);
