// One driver per registered provider's sandbox, for the tests that run on every provider (the
// conformance suite, rclone's fstests in small): start a sandbox and a `topo` bound to it, and read
// the server's own truth (what it holds, what reached it) without going through topo.
import { SANDBOX_REPS } from '../../src/providers/demo.ts';
import { HOSTILE_PROSPECT } from '../../src/providers/outreach/sandbox-data.ts';
import type { FaultKind } from '../../src/providers/loopback.ts';
import { harness, outreachHarness, run, tempDir, type RunOptions, type RunResult } from './cli.ts';
import { MEMORY } from './memory-provider.ts';
import fs from 'node:fs';

export interface ServerTask {
  id: string;
  /** The provider's own status word. */
  status: string;
  open: boolean;
  /** Done (completed), in whatever word the provider has for it. */
  completed: boolean;
  owner: string | null;
  due: string | null;
}

export interface Driver {
  provider: string;
  topo(args: string[], options?: RunOptions): Promise<RunResult>;
  /** Every task the server holds, as it holds it now. */
  tasks(): ServerTask[];
  /** API requests that reached the server since the start (admin calls excluded). */
  requests(): number;
  /** Changes the server applied to a task (a change whose answer was lost counts). */
  appliedTo(id: string): number;
  /** The next change is applied but its answer never arrives (the connection is cut). */
  loseNextAnswer(kind?: FaultKind): void;
  /** A task on which `verb` applies now, and what the server should hold after it. */
  taskFor(verb: string): { id: string; after: (task: ServerTask) => boolean; value?: string[] };
  /**
   * Where the server's data carries escape sequences (the demo world's hostile person, a contact on
   * Topo, a prospect on Outreach): a listing whose table shows it, and one task's show (with --json,
   * the arguments that make it carry the person).
   */
  hostile: { list: string[]; show: string[]; showJson: string[] };
  /** Users: a rep with open work, and colleagues to give it to. */
  rep: string;
  colleagues: string[];
  close(): Promise<void>;
}

export interface DriverFactory {
  provider: string;
  /** Its server speaks HTTP through topo's HTTP core (retries, backoff); the in-memory provider does not. */
  overHttp: boolean;
  start(): Promise<Driver>;
}

const topoDriver: DriverFactory = {
  provider: 'topo',
  overHttp: true,
  async start() {
    const h = await harness({ tasks: 600, seed: 5 });
    const server = (task: { id: string; status?: string; assignee_user_id?: string | null }): ServerTask => ({
      id: task.id, status: task.status ?? '', open: task.status === 'PENDING' || task.status === 'IN_PROGRESS', completed: task.status === 'COMPLETED', owner: task.assignee_user_id ?? null, due: null,
    });
    const hostileRun = [...h.sandbox.workspace.sequenceIndex.entries()].find(([, index]) => index === 1)![0];
    return {
      provider: 'topo',
      topo: h.topo,
      tasks: () => h.sandbox.tasks.map(server),
      requests: () => h.sandbox.requests.length,
      appliedTo: (id) => h.sandbox.appliedCount.get(id) ?? 0,
      loseNextAnswer: (kind = 'reset-after') => h.sandbox.failNext(kind, { changesOnly: true }),
      taskFor(verb) {
        const pick = (status: string) => h.sandbox.tasks.find((task) => task.status === status && task.assignee_user_id && !h.sandbox.appliedCount.has(task.id) && !used.has(task.id))!;
        const task = verb === 'reopen' ? pick('SKIPPED') : pick('PENDING');
        used.add(task.id);
        return { id: task.id, after: (now) => now.status === (verb === 'skip' ? 'SKIPPED' : 'PENDING') };
      },
      hostile: (() => {
        const task = h.sandbox.tasks.find((candidate) => candidate.sequence_id === hostileRun)!;
        return { list: ['tasks', 'ls', '--sequence', hostileRun, '--with-contact'], show: ['tasks', 'show', task.id], showJson: ['tasks', 'show', task.id, '--json', '--with-contact'] };
      })(),
      rep: SANDBOX_REPS[1]!.id,
      colleagues: [SANDBOX_REPS[0]!.id, SANDBOX_REPS[2]!.id],
      close: () => h.close(),
    };
  },
};
const used = new Set<string>();

const outreachDriver: DriverFactory = {
  provider: 'outreach',
  overHttp: true,
  async start() {
    const h = await outreachHarness({ tasks: 600 });
    const server = (task: { id: number; state: string; ownerId: number | null; dueAt: string | null }): ServerTask => ({
      id: String(task.id), status: task.state, open: task.state === 'incomplete', completed: task.state === 'complete', owner: task.ownerId === null ? null : String(task.ownerId), due: task.dueAt,
    });
    return {
      provider: 'outreach',
      topo: h.topo,
      tasks: () => h.sandbox.tasks.map(server),
      requests: () => h.sandbox.requests.length,
      appliedTo: (id) => h.sandbox.mutations.filter((request) => request.taskId === id && (request.status === 200 || request.status === -1)).length,
      loseNextAnswer: (kind = 'reset-after') => h.sandbox.failNext(kind, { changesOnly: true }),
      taskFor(verb) {
        const task = h.sandbox.tasks.find((candidate) => candidate.state === 'incomplete' && candidate.ownerId !== null && !used.has(String(candidate.id)) && !h.sandbox.mutations.some((request) => request.taskId === String(candidate.id)))!;
        used.add(String(task.id));
        const before = task.dueAt;
        const due = '2027-01-15T09:00:00.000Z';
        if (verb === 'complete') return { id: String(task.id), after: (now) => now.status === 'complete' };
        if (verb === 'reschedule') return { id: String(task.id), after: (now) => now.due === due, value: ['--due', due] };
        return { id: String(task.id), after: (now) => Date.parse(now.due ?? '') >= Math.max(Date.now(), Date.parse(before ?? '')) + 86_400_000 - 60_000 && Date.parse(now.due ?? '') <= Math.max(Date.now(), Date.parse(before ?? '')) + 86_400_000 + 60_000 };
      },
      hostile: (() => {
        const task = h.sandbox.tasks.find((candidate) => candidate.prospectId === HOSTILE_PROSPECT && candidate.ownerId !== null)!;
        return { list: ['tasks', 'ls', '--owner', String(task.ownerId), '--all'], show: ['tasks', 'show', String(task.id)], showJson: ['tasks', 'show', String(task.id), '--json'] };
      })(),
      rep: 'chen',
      colleagues: ['ana', 'dana'],
      close: () => h.close(),
    };
  },
};

const memoryDriver: DriverFactory = {
  provider: 'memory',
  overHttp: false,
  async start() {
    MEMORY.reset();
    const configDir = tempDir();
    const env = { TOPO_CONFIG_DIR: configDir, TOPO_PROVIDER: 'memory', TOPO_SANDBOX: '1' };
    return {
      provider: 'memory',
      topo: (args, options = {}) => run(args, { ...options, env: { ...env, ...options.env } }),
      tasks: () => MEMORY.tasks.map((task) => ({ id: task.id, status: task.status, open: task.status === 'open', completed: task.status === 'done', owner: task.owner, due: null })),
      requests: () => MEMORY.calls,
      appliedTo: (id) => MEMORY.applied.get(id) ?? 0,
      loseNextAnswer: () => {
        MEMORY.loseNext = true;
      },
      taskFor(verb) {
        const task = MEMORY.tasks.find((candidate) => candidate.status === (verb === 'reopen' ? 'done' : 'open') && !used.has(candidate.id) && !MEMORY.applied.has(candidate.id))!;
        used.add(task.id);
        return { id: task.id, after: (now) => now.status === (verb === 'reopen' ? 'open' : 'done') };
      },
      hostile: { list: ['tasks', 'ls', '--all'], show: ['tasks', 'show', 'm8'], showJson: ['tasks', 'show', 'm8', '--json'] },
      rep: 'bram',
      colleagues: ['ana', 'dana'],
      close: async () => fs.rmSync(configDir, { recursive: true, force: true }),
    };
  },
};

/** Every registered provider's sandbox, and the tests' in-memory provider (proof that commands depend on the interface alone). */
export const DRIVERS: DriverFactory[] = [topoDriver, outreachDriver, memoryDriver];
