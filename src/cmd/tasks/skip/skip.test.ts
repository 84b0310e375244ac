// skip / reopen / reassign end to end: transitions, stdin forms, safety rails, faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../../providers/topo/contract.ts';
import { SANDBOX_KEYS } from '../../../providers/topo/sandbox.ts';
import { harness, type Harness } from '../../../../test/support/cli.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tasks: 400, seed: 7 });
});
afterAll(() => h.close());

const withStatus = (status: string, skip = 0) => h.sandbox.tasks.filter((t) => t.status === status)[skip]!;
const mutationsSince = (mark: number) => h.sandbox.requests.slice(mark).filter((r) => r.method !== 'GET');

describe('transitions', () => {
  it('skip moves PENDING to SKIPPED once; again is "unchanged"; a COMPLETED task is a conflict (exit 5)', async () => {
    const task = withStatus('PENDING');
    const first = await h.topo(['tasks', 'skip', task.id, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual([expect.objectContaining({ id: task.id, outcome: 'changed', status: 'SKIPPED' })]);
    expect(h.sandbox.task(task.id)!.status).toBe('SKIPPED');
    const again = await h.topo(['tasks', 'skip', task.id, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)[0]).toMatchObject({ outcome: 'unchanged', status: 'SKIPPED' });
    const completed = withStatus('COMPLETED');
    const refused = await h.topo(['tasks', 'skip', completed.id]);
    expect(refused.code).toBe(5);
    // The documented 422 BusinessIssue: the server's words, the request id, and why.
    expect(refused.stdout).toMatch(/Task cannot be skipped from status COMPLETED: cannot skip a COMPLETED task \(allowed from PENDING or IN_PROGRESS\) \(HTTP 422 BusinessIssue, request req_\w+\)/);
    expect(h.sandbox.task(completed.id)!.status).toBe('COMPLETED');
    expect(h.sandbox.appliedCount.get(task.id)).toBe(1);
  });

  it('reopen returns SKIPPED and COMPLETED to PENDING; an open task is unchanged; IN_PROGRESS can be skipped', async () => {
    const skipped = withStatus('SKIPPED');
    const completed = withStatus('COMPLETED', 1);
    const pending = withStatus('PENDING', 3);
    const result = await h.topo(['tasks', 'reopen', skipped.id, completed.id, pending.id, '--yes', '--json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Array<{ outcome: string }>).map((r) => r.outcome)).toEqual(['changed', 'changed', 'unchanged']);
    expect([skipped, completed, pending].map((t) => h.sandbox.task(t.id)!.status)).toEqual(['PENDING', 'PENDING', 'PENDING']);
    const inProgress = withStatus('IN_PROGRESS');
    expect((await h.topo(['tasks', 'skip', inProgress.id])).code).toBe(0);
    expect(h.sandbox.task(inProgress.id)!.status).toBe('SKIPPED');
  });

  it('404 for an unknown id exits 4', async () => {
    const result = await h.topo(['tasks', 'skip', '00000000-0000-4000-8000-000000000000']);
    expect(result.code).toBe(4);
  });
});

describe('ids from stdin', () => {
  it('accepts plain lines, the JSON array of tasks ls --json, and NDJSON', async () => {
    const pending = h.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(10, 16);
    const plain = await h.topo(['tasks', 'skip', '-', '--yes'], { input: `${pending[0]!.id}\n\n${pending[1]!.id}\n` });
    expect(plain.code).toBe(0);
    const listed = await h.topo(['tasks', 'ls', '--sequence', pending[2]!.sequence_id!, '--status', 'PENDING', '--json']);
    const json = await h.topo(['tasks', 'skip', '-', '--yes', '--json'], { input: listed.stdout });
    expect(json.code).toBe(0);
    const fromJson = (JSON.parse(json.stdout) as Array<{ id: string }>).map((r) => r.id);
    expect(fromJson).toEqual((JSON.parse(listed.stdout) as Task[]).map((t) => t.id));
    const ndjson = pending.slice(3).map((t) => JSON.stringify(t)).join('\n');
    const nd = await h.topo(['tasks', 'skip', '-', '--yes'], { input: ndjson });
    expect(nd.code).toBe(0);
    for (const task of [pending[0]!, pending[1]!, ...pending.slice(3)]) expect(h.sandbox.task(task.id)!.status).toBe('SKIPPED');
  });

  it('reports every malformed id with its line before sending anything (exit 2)', async () => {
    const mark = h.sandbox.requests.length;
    const good = withStatus('PENDING', 20).id;
    const result = await h.topo(['tasks', 'skip', '-', '--yes'], { input: `${good}\nnot-an-id\n{"name":"x"}\n${good.slice(0, 30)}\n` });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/3 malformed task ids/);
    expect(result.stderr).toMatch(/line 2: not a task UUID: not-an-id/);
    expect(result.stderr).toMatch(/line 3: not a task \(no "id"\)/);
    expect(result.stderr).toMatch(/line 4:/);
    expect(h.sandbox.requests.length).toBe(mark);
    // An empty pipe is nothing to do (test/e2e/scripting.test.ts), not an error.
    const empty = await h.topo(['tasks', 'skip', '-', '--yes'], { input: '' });
    expect(empty.code).toBe(0);
  });
});

describe('safety', () => {
  it('refuses several tasks without --yes when nobody can confirm; sends nothing', async () => {
    const mark = h.sandbox.requests.length;
    const [a, b] = h.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(30, 32);
    const result = await h.topo(['tasks', 'skip', a!.id, b!.id]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refusing to skip 2 tasks without --yes/);
    expect(h.sandbox.requests.length).toBe(mark);
  });

  it('an older server without /v1/me: a read-only key is refused by the first request alone', async () => {
    const old = await harness({ tasks: 50, seed: 7, noMe: true }, SANDBOX_KEYS.read);
    try {
      const ids = old.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(0, 6).map((t) => t.id);
      const result = await old.topo(['tasks', 'skip', '-', '--yes', '--concurrency', '4'], { input: ids.join('\n') });
      expect(result.code).toBe(3);
      expect(old.sandbox.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
      expect(result.stderr).toMatch(/lacks the required scope: tasks:write/);
    } finally {
      await old.close();
    }
  });

  it('--dry-run shows what would be sent and sends no mutation', async () => {
    const mark = h.sandbox.requests.length;
    const [a, b] = h.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(40, 42);
    const completed = withStatus('COMPLETED', 3);
    const result = await h.topo(['tasks', 'skip', a!.id, b!.id, completed.id, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(report.map((r) => r.outcome)).toEqual(['skipped-by-dry-run', 'skipped-by-dry-run', 'skipped-by-dry-run']);
    expect(report[0]).toMatchObject({ status: 'PENDING', would_become: 'SKIPPED', would_send: `POST /v1/tasks/${a!.id}/skip` });
    expect(report[2]).toMatchObject({ status: 'COMPLETED', would_become: null });
    expect(mutationsSince(mark)).toEqual([]);
    const reassign = await h.topo(['tasks', 'reassign', a!.id, '--to', h.sandbox.workspace.reps[0]!.id, '--scope', 'sequence', '--dry-run']);
    expect(reassign.code).toBe(0);
    expect(mutationsSince(mark)).toEqual([]);
  });

  it('a read-only key is refused before any mutation (GET /v1/me says so): exit 3, nothing changed', async () => {
    const mark = h.sandbox.requests.length;
    const ids = h.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(50, 60).map((t) => t.id);
    const result = await h.topo(['tasks', 'skip', '-', '--yes'], { input: ids.join('\n'), env: { TOPO_API_KEY: SANDBOX_KEYS.read } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/Sandbox dashboard \(read only\).*lacks the tasks:write scope.*nothing was sent/);
    expect(mutationsSince(mark)).toHaveLength(0);
    expect(h.sandbox.requests.slice(mark).map((r) => r.path)).toEqual(['/v1/me']);
    expect(ids.every((id) => h.sandbox.task(id)!.status === 'PENDING')).toBe(true);
  });
});

describe('bulk under faults', () => {
  it('500 tasks with 20% 503s, 5% resets and 429 bursts: every task SKIPPED exactly once, exit 0', async () => {
    const f = await harness({ tasks: 1000, seed: 3, faults: { '503': 0.2, 'reset-before': 0.025, 'reset-after': 0.025, '429': 0.01 }, burstMs: 100 });
    try {
      const ids = f.sandbox.tasks.filter((t) => t.status === 'PENDING' || t.status === 'IN_PROGRESS').slice(0, 500).map((t) => t.id);
      expect(ids).toHaveLength(500);
      const result = await f.topo(['tasks', 'skip', '-', '--yes', '--json'], { input: ids.join('\n'), timeoutMs: 120_000 });
      expect(result.stderr).toMatch(/500 changed, 0 unchanged, 0 failed/);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as Array<{ id: string; outcome: string }>;
      expect(report.map((r) => r.id)).toEqual(ids);
      for (const id of ids) {
        expect(f.sandbox.task(id)!.status).toBe('SKIPPED');
        expect(f.sandbox.appliedCount.get(id)).toBe(1);
      }
      expect(f.sandbox.requests.filter((r) => r.fault === 'reset-after').length).toBeGreaterThan(0);
      expect(f.sandbox.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    } finally {
      await f.close();
    }
  }, 150_000);
});

describe('conflicts as the API documents them', () => {
  it('FastAPI\'s older dialect: an illegal transition answered 409 with a detail is exit 5 too', async () => {
    const old = await harness({ tasks: 60, seed: 7, errors: 'fastapi' });
    try {
      const completed = old.sandbox.tasks.find((t) => t.status === 'COMPLETED')!;
      const result = await old.topo(['tasks', 'skip', completed.id]);
      expect(result.code).toBe(5);
      expect(result.stderr).toMatch(/cannot skip a COMPLETED task \(allowed from PENDING or IN_PROGRESS\) \(HTTP 409\)/);
    } finally {
      await old.close();
    }
  });

  it('409 CommitIssue (a concurrent change): the task is read back and the skip retried once', async () => {
    const busy = await harness({ tasks: 60, seed: 7, commitConflicts: 1 });
    try {
      const task = busy.sandbox.tasks.find((t) => t.status === 'PENDING')!;
      const result = await busy.topo(['tasks', 'skip', task.id, '--json']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)[0]).toMatchObject({ outcome: 'changed', status: 'SKIPPED' });
      expect(busy.sandbox.requests.map((r) => `${r.method} ${r.path.replace(task.id, 'ID')} ${r.status}`)).toEqual([
        'GET /v1/me 200', 'POST /v1/tasks/ID/skip 409', 'GET /v1/tasks/ID 200', 'POST /v1/tasks/ID/skip 200',
      ]);
    } finally {
      await busy.close();
    }
  });
});


describe('interrupted bulk runs', () => {
  it('Ctrl-C: requests in flight finish, the rest are listed as not sent, exit 130', async () => {
    const slow = await harness({ tasks: 200, seed: 7, latency: 30 });
    try {
      const ids = slow.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(0, 60).map((t) => t.id);
      const result = await slow.topo(['tasks', 'skip', '-', '--yes', '--concurrency', '2'], {
        input: ids.join('\n'),
        onStart: (io) => {
          const timer = setInterval(() => {
            if (slow.sandbox.requests.filter((r) => r.method === 'POST').length >= 5) {
              clearInterval(timer);
              io.interrupt();
            }
          }, 5);
        },
      });
      expect(result.code).toBe(130);
      const skipped = ids.filter((id) => slow.sandbox.task(id)!.status === 'SKIPPED');
      const notSent = ids.filter((id) => !skipped.includes(id));
      expect(skipped.length).toBeGreaterThanOrEqual(5);
      expect(notSent.length).toBeGreaterThan(0);
      // Whatever the summary refers to, it shows: every task not sent is listed (up to 50, then counted).
      for (const id of notSent.slice(0, 50)) expect(result.stderr).toContain(`· ${id}: not attempted: interrupted`);
      expect(result.stderr).toMatch(new RegExp(`interrupted: the ${notSent.length} tasks marked · above were not sent; re-run the same command to finish`));
    } finally {
      await slow.close();
    }
  });

  it('a second Ctrl-C stops waiting for requests in flight: what is known is printed, exit 130', async () => {
    const stuck = await harness({ tasks: 100, seed: 7, latency: 1500 });
    try {
      const ids = stuck.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(0, 12).map((t) => t.id);
      const result = await stuck.topo(['tasks', 'skip', '-', '--yes', '--concurrency', '4', '--json'], {
        input: ids.join('\n'),
        onStart: (io) => {
          const timer = setInterval(() => {
            if (stuck.sandbox.requests.filter((r) => r.method === 'POST').length >= 1) {
              clearInterval(timer);
              io.interrupt();
              io.interrupt();
            }
          }, 5);
        },
      });
      expect(result.code).toBe(130);
      const report = JSON.parse(result.stdout) as Array<{ id: string; outcome: string; error: string | null }>;
      expect(report.map((r) => r.id)).toEqual(ids);
      expect(report.filter((r) => /outcome unknown: the request was still in flight/.test(r.error ?? '')).length).toBeGreaterThan(0);
      expect(report.filter((r) => r.outcome === 'not-attempted').length).toBeGreaterThan(0);
      expect(result.stderr).toMatch(/skip: 0 changed, 0 unchanged, 1 failed, 11 not attempted/);
    } finally {
      await stuck.close();
    }
  }, 20_000);
});

describe('short safety flags', () => {
  it('-n is --dry-run and -y is --yes', async () => {
    const ids = h.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(90, 93).map((t) => t.id);
    const mark = h.sandbox.requests.length;
    const dry = await h.topo(['tasks', 'skip', ...ids, '-n']);
    expect(dry.code).toBe(0);
    expect(mutationsSince(mark)).toEqual([]);
    const done = await h.topo(['tasks', 'skip', ...ids, '-y']);
    expect(done.code).toBe(0);
    expect(ids.every((id) => h.sandbox.task(id)!.status === 'SKIPPED')).toBe(true);
  });
});
