// topo api against the sandbox over real HTTP: every flag, a 2,000-item pagination, errors.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact, Task } from '../../providers/topo/contract.ts';
import { contactOf } from '../../providers/topo/sandbox-data.ts';
import { SANDBOX_KEYS } from '../../providers/topo/sandbox.ts';
import { harness, lines, type Harness } from '../../../test/support/cli.ts';

const SEED = 51;
let h: Harness;
beforeAll(async () => {
  h = await harness({ tasks: 2000, seed: SEED });
});
afterAll(() => h.close());
const last = () => h.sandbox.requests.at(-1)!;

describe('topo api', () => {
  it('a full URL on the API\'s host is its path and query; any other host is refused with nothing sent', async () => {
    const same = await h.topo(['api', `${h.sandbox.url}/v1/tasks?status=SKIPPED&size=2`]);
    expect(same.code, same.stderr).toBe(0);
    expect(last().path).toBe('/v1/tasks');
    expect(last().query).toMatch(/status=SKIPPED/);
    expect((JSON.parse(same.stdout) as { items: Array<{ status: string }> }).items.every((task) => task.status === 'SKIPPED')).toBe(true);
    const mark = h.sandbox.requests.length;
    const other = await h.topo(['api', 'https://other.example/v1/tasks']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/https:\/\/other\.example is not the API's host \(http:\/\/127\.0\.0\.1:\d+\): topo sends its key to its API only; nothing was sent/);
    expect(h.sandbox.requests.length).toBe(mark);
  });

  it('GET prints the body exactly as received when piped, with the key sent and --debug redacting it', async () => {
    const result = await h.topo(['api', '/me', '--debug']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: 'Sandbox ops (read+write)', scopes: expect.arrayContaining(['tasks:write']) });
    expect(result.stdout).not.toContain('\n  ');
    expect(result.stderr).toContain('Bearer [redacted]');
    expect(last().path).toBe('/v1/me');
  });

  it('GET /contacts finds a contact by email, as the reference documents (exact match, any case)', async () => {
    const run = h.sandbox.tasks.map((task) => task.sequence_id!).find((id) => contactOf(SEED, h.sandbox.workspace, id))!;
    const contact = contactOf(SEED, h.sandbox.workspace, run)!;
    const result = await h.topo(['api', '-X', 'GET', '/contacts', '-f', `email=${contact.email!.toUpperCase()}`, '--jq', '.items']);
    expect(result.code, result.stderr).toBe(0);
    const found = JSON.parse(result.stdout) as Contact[];
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((item) => item.email === contact.email)).toBe(true);
    expect(found.map((item) => item.id)).toContain(contact.id);
    const none = await h.topo(['api', '/contacts', '-X', 'GET', '-f', 'email=nobody@nowhere.example', '--jq', '.total_count']);
    expect(none.stdout).toBe('0\n');
  });

  it('GET /sequences lists the runs, paginated and filtered by status', async () => {
    const runs = new Set(h.sandbox.tasks.map((task) => task.sequence_id));
    const all = await h.topo(['api', '/sequences', '--paginate', '--jq', 'length']);
    expect(all.stdout).toBe(`${runs.size}\n`);
    const none = await h.topo(['api', '-X', 'GET', '/sequences', '-f', 'status=FAILED', '--jq', '.total_count']);
    expect(none.stdout).toBe('0\n');
  });

  it('on a terminal the body is indented and coloured', async () => {
    const result = await h.topo(['api', 'me'], { tty: true });
    expect(result.stdout).toMatch(/^\{\n {2}\u001b\[34m\u001b\[1m"id"/);
  });

  it('-f and -F are query parameters for GET, repeated keys a list; /v1/… and … name the same endpoint', async () => {
    const result = await h.topo(['api', '-X', 'GET', '/v1/tasks', '-f', 'types=CALL', '-f', 'types=EMAIL_REPLY', '-F', 'size=7', '-f', 'status=PENDING']);
    expect(result.code).toBe(0);
    expect(last().path).toBe('/v1/tasks');
    const query = new URLSearchParams(last().query);
    expect(query.getAll('types')).toEqual(['CALL', 'EMAIL_REPLY']);
    expect([query.get('size'), query.get('status')]).toEqual(['7', 'PENDING']);
    const page = JSON.parse(result.stdout) as { items: Task[] };
    expect(page.items).toHaveLength(7);
    expect(page.items.every((task) => ['CALL', 'EMAIL_REPLY'].includes(task.type!) && task.status === 'PENDING')).toBe(true);
  });

  it('fields become a JSON body otherwise (POST by default); -F types true, numbers, null and @file', async () => {
    const task = h.sandbox.tasks.find((t) => t.status === 'PENDING')!;
    const rep = h.sandbox.workspace.reps.find((r) => r.id !== task.assignee_user_id)!;
    const body = path.join(h.configDir, 'scope.txt');
    fs.writeFileSync(body, 'TASK');
    const result = await h.topo(['api', '-X', 'PATCH', `/tasks/${task.id}/assignee`, '-f', `assignee_user_id=${rep.id}`, '-F', `scope=@${body}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(h.sandbox.task(task.id)!.assignee_user_id).toBe(rep.id);
    const skipped = await h.topo(['api', `/tasks/${task.id}/skip`, '-F', 'note=null']);
    expect(skipped.code).toBe(0);
    expect(last().method).toBe('POST');
    expect(h.sandbox.task(task.id)!.status).toBe('SKIPPED');
  });

  it('--input sends a raw body from a file or stdin; -H adds headers; -i prints the status line and headers', async () => {
    const task = h.sandbox.tasks.find((t) => t.status === 'PENDING')!;
    const rep = h.sandbox.workspace.reps.find((r) => r.id !== task.assignee_user_id)!;
    const result = await h.topo(['api', '-X', 'PATCH', `/tasks/${task.id}/assignee`, '--input', '-', '-H', 'X-Trace: topo-test', '-i'], { input: JSON.stringify({ assignee_user_id: rep.id, scope: 'TASK' }) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^HTTP 200 OK\ncontent-type: application\/json\n/);
    expect(result.stdout).toMatch(/x-request-id: req_\w+\n/i);
    expect(h.sandbox.task(task.id)!.assignee_user_id).toBe(rep.id);
  });

  it('--paginate fetches every page of a 2,000-item list concurrently: one array, or --ndjson, each item once', async () => {
    const mark = h.sandbox.requests.length;
    const all = JSON.parse((await h.topo(['api', '/tasks', '--paginate'])).stdout) as Task[];
    expect(all).toHaveLength(2000);
    expect(new Set(all.map((task) => task.id)).size).toBe(2000);
    expect(h.sandbox.requests.slice(mark).filter((r) => r.path === '/v1/tasks')).toHaveLength(20);
    const ndjson = lines((await h.topo(['api', '/tasks', '--paginate', '--ndjson', '-f', 'status=PENDING'])).stdout).map((line) => JSON.parse(line) as Task);
    expect(ndjson.map((task) => task.id)).toEqual(all.filter((task) => task.status === 'PENDING').map((task) => task.id));
    const names = await h.topo(['api', '/sequence-templates', '--paginate', '--jq', '.[].name']);
    expect(lines(names.stdout)).toHaveLength(5);
  });

  it('errors: the server\'s message and request id, the exit code by status; the body still printed', async () => {
    const missing = await h.topo(['api', '/tasks/00000000-0000-4000-8000-000000000000']);
    expect(missing.code).toBe(4);
    expect(JSON.parse(missing.stdout)).toMatchObject({ type: 'NotFoundIssue' });
    expect(missing.stderr).toMatch(/^error: Task not found \(HTTP 404 NotFoundIssue, request req_\w+\)/);
    const denied = await h.topo(['api', `/tasks/${h.sandbox.tasks[0]!.id}/skip`, '-X', 'POST'], { env: { TOPO_API_KEY: SANDBOX_KEYS.read } });
    expect(denied.code).toBe(3);
    expect(denied.stderr).toMatch(/lacks the required scope: tasks:write/);
    const invalid = await h.topo(['api', '/tasks', '-X', 'GET', '-F', 'size=1000']);
    expect(invalid.code).toBe(2);
    for (const [args, message] of [
      [['api', '/tasks', '-X', 'FETCH'], /-X: 'FETCH' is not one of GET/],
      [['api', '/tasks', '-f', 'novalue'], /-f 'novalue': expected key=value/],
      [['api', '/tasks', '--ndjson'], /--ndjson goes with --paginate/],
      [['api', '/tasks', '-F', 'x=@/nonexistent/file'], /cannot read \/nonexistent\/file: no such file/],
      [['api', '/me', '--paginate'], /--paginate: \/me did not answer a paginated list/],
    ] as Array<[string[], RegExp]>) {
      const result = await h.topo(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it('works against --sandbox', async () => {
    const dir = `${h.configDir}-api-sandbox`;
    const result = await h.topo(['--sandbox', 'api', '/me', '--jq', '.key_prefix'], { env: { TOPO_CONFIG_DIR: dir, TOPO_BASE_URL: undefined, TOPO_API_KEY: undefined } });
    expect(result.stdout).toBe('topo_sandbox_rw\n');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
