// Every Outreach command end to end against the Outreach-shaped sandbox over real HTTP on
// 127.0.0.1: cursor pages, filters, actions, reassign and offboarding (killed and resumed), token
// refresh mid-run, a 429 storm, JSON:API errors, stats, and the refusals (exit 2, nothing sent). Triage, which needs a terminal, is driven in tmux beside its command (src/cmd/tasks/triage).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OUTREACH_SANDBOX } from '../../src/providers/outreach/sandbox.ts';
import { lines, outreachHarness, type OutreachHarness } from '../support/cli.ts';

let h: OutreachHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ndjson = (text: string) => lines(text).map((line) => JSON.parse(line) as Record<string, unknown>);
const incompleteOf = (sandbox: OutreachHarness['sandbox'], owner: number) => sandbox.tasks.filter((task) => task.state === 'incomplete' && task.ownerId === owner);

describe('tasks ls on Outreach', () => {
  it('follows links.next over 5,000 tasks: each exactly once, 1,000 a page', async () => {
    h = await outreachHarness({ tasks: 5000 });
    const result = await h.topo(['tasks', 'ls', '--all', '--ndjson']);
    expect(result.code).toBe(0);
    const ids = ndjson(result.stdout).map((task) => task.id);
    expect(ids).toHaveLength(5000);
    expect(new Set(ids).size).toBe(5000);
    const pages = h.sandbox.requests.filter((request) => request.path === '/api/v2/tasks');
    expect(pages).toHaveLength(5);
    expect(pages.slice(1).every((request) => request.query.includes('page%5Bafter%5D') || request.query.includes('page[after]'))).toBe(true);
    const limited = await h.topo(['tasks', 'ls', '--limit', '1500', '--json']);
    expect(JSON.parse(limited.stdout)).toHaveLength(1500);
  });

  it('maps the filters: state, owner by email, action, due window, sort', async () => {
    h = await outreachHarness();
    const result = await h.topo(['tasks', 'ls', '--state', 'incomplete', '--owner', 'chen.wei@demo-outreach.example', '--action', 'call,email', '--due-after', '2026-10-01', '--sort', '-due', '--all', '--json']);
    expect(result.code).toBe(0);
    const tasks = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    const expected = h.sandbox.tasks.filter((task) => task.state === 'incomplete' && task.ownerId === 3 && ['call', 'email'].includes(task.action) && Date.parse(task.dueAt!) >= Date.parse('2026-10-01'));
    expect(tasks.map((task) => task.id).sort()).toEqual(expected.map((task) => task.id).sort());
    const due = tasks.map((task) => Date.parse(String(task.dueAt)));
    expect(due).toEqual([...due].sort((a, b) => b - a));
    // Flattened JSON:API: id, type, attributes, relationship ids.
    expect(tasks[0]).toMatchObject({ type: 'task', ownerId: 3 });
    expect(tasks[0]).toHaveProperty('prospectId');
    const status = await h.topo(['tasks', 'ls', '--status', 'COMPLETED', '--all', '--json']);
    expect((JSON.parse(status.stdout) as Array<{ state: string }>).every((task) => task.state === 'complete')).toBe(true);
  });

  it('shows people a table with owner, prospect and company; scripts get --fields as TSV', async () => {
    h = await outreachHarness();
    const table = await h.topo(['tasks', 'ls', '--owner', 'Ana'], { tty: true, env: { NO_COLOR: '1' } });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/OWNER.*PROSPECT/);
    expect(table.stdout).toContain('Ana García');
    const tsv = await h.topo(['tasks', 'ls', '--fields', 'id,state', '--limit', '3']);
    expect(lines(tsv.stdout).map((line) => line.split('\t'))).toEqual([['1', 'incomplete'], ['2', 'incomplete'], ['3', 'pending']]);
  });

  it('refuses Topo-only flags and unmappable values with exit 2 and no request', async () => {
    h = await outreachHarness();
    for (const [args, words] of [
      [['--types', 'CALL'], '--types does not exist on Outreach'],
      [['--status', 'SKIPPED'], 'Outreach has no such state'],
      [['--page', '2'], '--page does not exist on Outreach'],
      [['--sequence', '3c90c3cc-0d44-4b50-8888-8dd25736052a'], 'not an Outreach sequence id'],
      [['--size', '1001'], 'from 1 to 1000'],
    ] as const) {
      const result = await h.topo(['tasks', 'ls', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(words);
    }
    expect(h.sandbox.requests).toHaveLength(0);
  });
});

describe('tasks show, complete, snooze, reschedule', () => {
  it('shows the prospect by name and company, the owner and the note', async () => {
    h = await outreachHarness();
    const piped = await h.topo(['tasks', 'show', '1']);
    expect(piped.code).toBe(0);
    const prospect = h.sandbox.prospects[h.sandbox.byId.get(1)!.prospectId! - 1]!;
    expect(piped.stdout).toContain(`prospect.name\t${prospect.firstName} ${prospect.lastName}`);
    expect(piped.stdout).toContain(`prospect.company\t${prospect.company}`);
    expect(piped.stdout).toContain('owner.name\tAna García');
    const json = JSON.parse((await h.topo(['tasks', 'show', '1', '--json'])).stdout);
    expect(json.prospect.company).toBe(prospect.company);
    const missing = await h.topo(['tasks', 'show', '999999']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain("Could not find 'task' with ID '999999'");
  });

  it('completes tasks read from `tasks ls --json` on stdin, with a note; a second time they are unchanged', async () => {
    h = await outreachHarness();
    const listed = await h.topo(['tasks', 'ls', '--state', 'incomplete', '--owner', '4', '--all', '--json']);
    const ids = (JSON.parse(listed.stdout) as Array<{ id: number }>).map((task) => task.id);
    expect(ids.length).toBeGreaterThan(3);
    const dry = await h.topo(['tasks', 'complete', '-', '--dry-run'], { input: listed.stdout });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('actions/markComplete');
    expect(h.sandbox.mutations).toHaveLength(0);
    const done = await h.topo(['tasks', 'complete', '-', '--yes', '--note', 'called back', '--json'], { input: listed.stdout });
    expect(done.code).toBe(0);
    expect((JSON.parse(done.stdout) as Array<{ outcome: string }>).every((result) => result.outcome === 'changed')).toBe(true);
    for (const id of ids) expect(h.sandbox.byId.get(id)).toMatchObject({ state: 'complete' });
    expect(h.sandbox.byId.get(ids[0]!)!.note).toContain('called back');
    const again = await h.topo(['tasks', 'complete', String(ids[0])]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('unchanged');
  });

  it('snoozes a day on, reschedules to --due, and refuses to reschedule a complete task (exit 5, Outreach\'s words)', async () => {
    h = await outreachHarness();
    const open = incompleteOf(h.sandbox, 1)[0]!;
    const before = Date.parse(open.dueAt!);
    expect((await h.topo(['tasks', 'snooze', String(open.id)])).code).toBe(0);
    expect(Date.parse(h.sandbox.byId.get(open.id)!.dueAt!)).toBeGreaterThanOrEqual(Math.max(before, Date.now() - 5000) + 86_400_000 - 5000);
    expect((await h.topo(['tasks', 'reschedule', String(open.id), '--due', '2027-01-15T09:00:00Z'])).code).toBe(0);
    expect(h.sandbox.byId.get(open.id)!.dueAt).toBe('2027-01-15T09:00:00.000Z');
    const complete = h.sandbox.tasks.find((task) => task.state === 'complete')!;
    const refused = await h.topo(['tasks', 'reschedule', String(complete.id), '--due', '+2d']);
    expect(refused.code).toBe(5);
    expect(refused.stdout + refused.stderr).toContain('is already complete');
    const noDue = await h.topo(['tasks', 'reschedule', String(open.id)]);
    expect(noDue.code).toBe(2);
    expect(noDue.stderr).toContain('--due');
  });
});

describe('refusals across providers', () => {
  it('skip, reopen, thread, topo api and --scope sequence do not exist on Outreach: exit 2, nothing sent', async () => {
    h = await outreachHarness();
    for (const args of [['tasks', 'skip', '1'], ['tasks', 'reopen', '1'], ['tasks', 'thread', '3c90c3cc-0d44-4b50-8888-8dd25736052a'], ['tasks', 'thread', '42'], ['api', '/tasks'], ['tasks', 'reassign', '1', '--to', 'ana', '--scope', 'sequence']]) {
      const result = await h.topo(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/does not exist on Outreach/);
    }
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it('complete, snooze and reschedule do not exist on Topo profiles: exit 2, nothing sent', async () => {
    h = await outreachHarness();
    for (const verb of ['complete', 'snooze', 'reschedule']) {
      const result = await h.topo(['tasks', verb, '1', '--due', 'tomorrow'].slice(0, verb === 'reschedule' ? 5 : 3), { env: { TOPO_PROVIDER: 'topo' } });
      expect(result.code, verb).toBe(2);
      expect(result.stderr).toContain('does not exist on Topo');
    }
    const bad = await h.topo(['tasks', 'ls'], { env: { TOPO_PROVIDER: 'hubspot' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("TOPO_PROVIDER: 'hubspot' is not a provider");
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it('a profile set to provider outreach speaks Outreach without flags', async () => {
    h = await outreachHarness();
    const env = { TOPO_PROVIDER: undefined };
    expect((await h.topo(['config', 'set', 'provider', 'outreach', '--profile', 'acme'], { env })).code).toBe(0);
    const result = await h.topo(['--profile', 'acme', 'tasks', 'ls', '--limit', '2', '--json'], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ type: 'task', id: 1 });
  });
});

describe('users and reassign on Outreach', () => {
  it.each([['meta.count', false], ['no meta.count (the reference leaves it optional)', true]])('users ls lists every user with email, locked flag and exact incomplete count: %s', async (_name, withoutCount) => {
    h = await outreachHarness({ tasks: 3000, withoutCount });
    const result = await h.topo(['users', 'ls', '--json']);
    const users = JSON.parse(result.stdout).users as Array<{ id: number; locked: boolean; incomplete_tasks: number; email: string }>;
    expect(users).toHaveLength(8);
    expect(users.find((user) => user.id === 2)).toMatchObject({ locked: true, email: 'bram.devries@demo-outreach.example' });
    for (const user of users) expect(user.incomplete_tasks).toBe(incompleteOf(h.sandbox, user.id).length);
    // A count guessed from the size-1 page would be 0 or 1.
    expect(users.some((user) => user.incomplete_tasks > 1)).toBe(true);
  });

  it('reassigns by id to a user named by email; a locked target is refused before anything is sent', async () => {
    h = await outreachHarness();
    const [a, b] = incompleteOf(h.sandbox, 1);
    const locked = await h.topo(['tasks', 'reassign', String(a!.id), '--to', 'bram']);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain('locked');
    expect(h.sandbox.mutations).toHaveLength(0);
    const moved = await h.topo(['tasks', 'reassign', String(a!.id), String(b!.id), '--to', 'dana.okafor@demo-outreach.example', '--yes']);
    expect(moved.code).toBe(0);
    expect(h.sandbox.byId.get(a!.id)!.ownerId).toBe(4);
    expect(h.sandbox.byId.get(b!.id)!.ownerId).toBe(4);
    const ambiguous = await h.topo(['tasks', 'reassign', String(a!.id), '--to', 'nobody-here']);
    expect(ambiguous.code).toBe(2);
  });
});

describe('offboarding on Outreach', () => {
  it('moves every incomplete task of the rep, one prospect to one rep, journaled; --undo puts them back', async () => {
    h = await outreachHarness();
    const before = incompleteOf(h.sandbox, 8).map((task) => task.id);
    const result = await h.topo(['tasks', 'reassign', '--from', 'hana', '--to', 'ana', '--to', 'chen', '--yes', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/budget: \d+ calls ≈ .* at your remaining [\d,]+\/h/);
    expect(incompleteOf(h.sandbox, 8)).toHaveLength(0);
    const byProspect = new Map<number, Set<number>>();
    for (const id of before) {
      const task = h.sandbox.byId.get(id)!;
      expect([1, 3]).toContain(task.ownerId);
      if (task.prospectId !== null) byProspect.set(task.prospectId, (byProspect.get(task.prospectId) ?? new Set()).add(task.ownerId!));
    }
    for (const owners of byProspect.values()) expect(owners.size).toBe(1);
    expect(h.sandbox.mutations).toHaveLength(before.length);
    const journal = fs.readdirSync(path.join(h.configDir, 'journals')).map((name) => path.join(h!.configDir, 'journals', name))[0]!;
    const undo = await h.topo(['tasks', 'reassign', '--undo', journal, '--yes']);
    expect(undo.code).toBe(0);
    for (const id of before) expect(h.sandbox.byId.get(id)!.ownerId).toBe(8);
  });

  it('--plan-out writes a plan and sends nothing; --plan applies it; a locked --to is refused', async () => {
    h = await outreachHarness();
    const file = path.join(h.configDir, 'plan.json');
    expect((await h.topo(['tasks', 'reassign', '--from', 'bram', '--to', 'farah', '--plan-out', file])).code).toBe(0);
    expect(h.sandbox.mutations).toHaveLength(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ provider: 'outreach', from: '2' });
    const applied = await h.topo(['tasks', 'reassign', '--plan', file, '--yes']);
    expect(applied.code).toBe(0);
    expect(incompleteOf(h.sandbox, 2)).toHaveLength(0);
    const refused = await h.topo(['tasks', 'reassign', '--from', 'ana', '--to', 'bram', '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('locked');
  });

  it('SIGKILLed mid-run and run again: continues from the journal, prospects keep their target, nothing left behind', async () => {
    h = await outreachHarness({ tasks: 600, latency: 100 });
    const owned = incompleteOf(h.sandbox, 3).map((task) => task.id);
    expect(owned.length).toBeGreaterThan(30);
    const args = ['tasks', 'reassign', '--from', 'chen', '--to', 'ana', '--to', 'dana', '--to', 'emile', '--yes', '--concurrency', '2'];
    // The binary, killed with SIGKILL once a few moves reached the server, whatever the machine's speed.
    const kill = 5 + Math.floor(Math.random() * 10);
    const first = await h.topo(args, { spawn: true, killWhen: () => h!.sandbox.mutations.length >= kill, timeoutMs: 30_000 });
    expect(first.code).toBe(137);
    const moved = owned.filter((id) => h!.sandbox.byId.get(id)!.ownerId !== 3);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(owned.length);
    const early = new Map(moved.map((id) => [h!.sandbox.byId.get(id)!.prospectId, h!.sandbox.byId.get(id)!.ownerId]));
    const again = await h.topo(args);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('continuing from');
    expect(incompleteOf(h.sandbox, 3)).toHaveLength(0);
    for (const id of owned) {
      const task = h.sandbox.byId.get(id)!;
      if (task.prospectId !== null && early.has(task.prospectId)) expect(task.ownerId).toBe(early.get(task.prospectId));
    }
    // Nothing moved twice: one successful call per task over both runs.
    const calls = h.sandbox.mutations.filter((request) => request.status === 200).map((request) => request.taskId);
    expect(new Set(calls).size).toBe(calls.length);
  }, 60_000);
});

describe('tasks stats on Outreach', () => {
  it('counts incomplete tasks by owner (headed in Outreach words), by priority then state in JSON; --by template is refused with nothing sent', async () => {
    h = await outreachHarness({ tasks: 1500 });
    const table = await h.topo(['tasks', 'stats']);
    expect(table.code).toBe(0);
    const [head, ...rows] = lines(table.stdout);
    expect(head).toBe('OWNER\tTOTAL');
    const counted = new Map(rows.map((row) => row.split('\t') as [string, string]).map(([owner, count]) => [owner, Number(count)]));
    const open = h.sandbox.tasks.filter((task) => task.state === 'incomplete');
    expect([...counted.values()].reduce((sum, count) => sum + count, 0)).toBe(open.length);
    for (const user of h.sandbox.users) expect(counted.get(String(user.id)) ?? 0).toBe(incompleteOf(h.sandbox, user.id).length);
    expect(counted.get('unassigned') ?? 0).toBe(open.filter((task) => task.ownerId === null).length);

    const json = await h.topo(['tasks', 'stats', '--by', 'priority', '--then', 'status', '--json']);
    expect(json.code).toBe(0);
    const stats = JSON.parse(json.stdout) as { total: number; groups: Array<{ priority: string; status: string; count: number }> };
    expect(stats.total).toBe(h.sandbox.tasks.length);
    for (const group of stats.groups) {
      expect(group.count).toBe(h.sandbox.tasks.filter((task) => String(task.taskPriorityId) === group.priority && task.state === group.status).length);
    }

    const before = h.sandbox.requests.length;
    const refused = await h.topo(['tasks', 'stats', '--by', 'template']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--by template does not exist on Outreach/);
    expect(h.sandbox.requests.length).toBe(before);
  });
});

describe('OAuth, rate limits and errors', () => {
  it('logs in with a refresh token, stores it 0600 without printing it, and refreshes once after a 401 mid-run', async () => {
    h = await outreachHarness({ tokenTtlSeconds: 3600 }, null);
    const login = await h.topo(['auth', 'login', '--client-id', OUTREACH_SANDBOX.clientId, '--with-token', '--insecure-storage'], { input: `${OUTREACH_SANDBOX.refreshToken}\n${OUTREACH_SANDBOX.clientSecret}\n` });
    expect(login.code).toBe(0);
    expect(login.stderr).toContain('Ana García');
    const config = path.join(h.configDir, 'config.json');
    expect(fs.statSync(config).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(fs.readFileSync(config, 'utf8')).profiles.default.outreach;
    expect(stored.refreshToken).not.toBe(OUTREACH_SANDBOX.refreshToken);
    const status = await h.topo(['auth', 'status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ api: 'accepted', refreshes_itself: true, user: { email: 'ana.garcia@demo-outreach.example' } });
    expect(status.stdout).not.toContain(stored.accessToken);
    const refreshes = h.sandbox.refreshes;
    h.sandbox.expireTokens();
    const listed = await h.topo(['tasks', 'ls', '--all', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(240);
    expect(h.sandbox.refreshes).toBe(refreshes + 1);
    expect(h.sandbox.requests.filter((request) => request.status === 401)).toHaveLength(1);
    const rotated = JSON.parse(fs.readFileSync(config, 'utf8')).profiles.default.outreach;
    expect(rotated.refreshToken).not.toBe(stored.refreshToken);
  });

  it('refreshes before expiry: short-lived tokens never earn a 401', async () => {
    h = await outreachHarness({ tokenTtlSeconds: 8 }, null);
    await h.topo(['auth', 'login', '--client-id', OUTREACH_SANDBOX.clientId, '--with-token', '--insecure-storage'], { input: `${OUTREACH_SANDBOX.refreshToken}\n${OUTREACH_SANDBOX.clientSecret}\n` });
    await new Promise((resolve) => setTimeout(resolve, 6500));
    const listed = await h.topo(['tasks', 'ls', '--limit', '5', '--json']);
    expect(listed.code).toBe(0);
    expect(h.sandbox.requests.filter((request) => request.status === 401)).toHaveLength(0);
    expect(h.sandbox.refreshes).toBe(2);
  }, 30_000);

  it('rides out a 429 storm (25 answers in a row, inside the 30-retry budget): every task changed once, exit 0', async () => {
    h = await outreachHarness();
    const ids = incompleteOf(h.sandbox, 6).map((task) => String(task.id));
    h.sandbox.storm(25);
    const result = await h.topo(['tasks', 'snooze', ...ids, '--yes', '--concurrency', '8', '--json']);
    expect(result.code).toBe(0);
    expect(h.sandbox.requests.filter((request) => request.status === 429)).toHaveLength(25);
    const applied = h.sandbox.mutations.filter((request) => request.status === 200);
    expect(applied.map((request) => request.taskId).sort()).toEqual([...ids].sort());
  });

  it('a read-only token is refused before any change is sent (exit 3)', async () => {
    h = await outreachHarness({}, OUTREACH_SANDBOX.readToken);
    const result = await h.topo(['tasks', 'complete', '1']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('tasks.write');
    expect(h.sandbox.mutations).toHaveLength(0);
  });
});
