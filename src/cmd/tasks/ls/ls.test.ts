// The read path end to end: the built binary against the sandbox over real HTTP.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../../providers/topo/contract.ts';
import { contactOf } from '../../../providers/topo/sandbox-data.ts';
import { SANDBOX_KEYS } from '../../../providers/topo/sandbox.ts';
import { harness, lines, meanwhile, type Harness } from '../../../../test/support/cli.ts';

const ESC = '\u001b';
let h: Harness;

beforeAll(async () => {
  h = await harness({ tasks: 600 });
});
afterAll(() => h.close());

const byCreated = (a: Task, b: Task) => (a.created_at! < b.created_at! ? -1 : a.created_at! > b.created_at! ? 1 : a.id < b.id ? -1 : 1);

describe('tasks ls filters', () => {
  it('returns exactly the tasks the server holds for status, types and priorities', async () => {
    const result = await h.topo(['tasks', 'ls', '--status', 'pending', '--types', 'CALL,EMAIL_REPLY', '--priorities', 'HOT', '--priorities', 'TODAY', '--all', '--json']);
    expect(result.code).toBe(0);
    const got = JSON.parse(result.stdout) as Task[];
    const expected = h.sandbox.tasks.filter((t) => t.status === 'PENDING' && ['CALL', 'EMAIL_REPLY'].includes(t.type!) && ['HOT', 'TODAY'].includes(t.priority!));
    expect(expected.length).toBeGreaterThan(20);
    expect(got.map((t) => t.id)).toEqual(expected.sort(byCreated).map((t) => t.id));
    const query = h.sandbox.requests.at(-1)!.query;
    expect(query).toContain('types=CALL&types=EMAIL_REPLY');
    expect(query).toContain('priorities=HOT&priorities=TODAY');
  });

  it('filters by assignee alias, sequence, template and creation window', async () => {
    const rep = h.sandbox.workspace.reps[2]!;
    await h.topo(['users', 'alias', 'set', 'chen', rep.id]);
    const byAssignee = JSON.parse((await h.topo(['tasks', 'ls', '--assignee', 'chen', '--all', '--json'])).stdout) as Task[];
    expect(byAssignee.length).toBe(h.sandbox.tasks.filter((t) => t.assignee_user_id === rep.id).length);
    expect(byAssignee.every((t) => t.assignee_user_id === rep.id)).toBe(true);

    const sequence = h.sandbox.tasks[10]!.sequence_id!;
    const bySequence = JSON.parse((await h.topo(['tasks', 'ls', '--sequence', sequence, '--json'])).stdout) as Task[];
    expect(bySequence.map((t) => t.id).sort()).toEqual(h.sandbox.tasks.filter((t) => t.sequence_id === sequence).map((t) => t.id).sort());

    const template = h.sandbox.workspace.templates[1]!;
    const byTemplate = JSON.parse((await h.topo(['tasks', 'ls', '--template', template, '--all', '--json'])).stdout) as Task[];
    const expectedTemplate = h.sandbox.tasks.filter((t) => h.sandbox.workspace.sequenceTemplate.get(t.sequence_id!) === template);
    expect(byTemplate.length).toBe(expectedTemplate.length);

    const after = '2026-10-20T00:00:00Z';
    const before = '2026-10-25T00:00:00Z';
    const window = JSON.parse((await h.topo(['tasks', 'ls', '--created-after', after, '--created-before', before, '--all', '--json'])).stdout) as Task[];
    const expectedWindow = h.sandbox.tasks.filter((t) => t.created_at! > after && t.created_at! < before);
    expect(window.length).toBe(expectedWindow.length);
    expect(window.length).toBeGreaterThan(0);
  });

  it('sorts by update time, newest first', async () => {
    const got = JSON.parse((await h.topo(['tasks', 'ls', '--sort', 'updated', '--order', 'desc', '--size', '20', '--json'])).stdout) as Task[];
    const times = got.map((t) => t.updated_at!);
    expect(times).toEqual([...times].sort().reverse());
    expect(h.sandbox.requests.at(-1)!.query).toContain('sort_by=updated_at&sort_order=desc');
  });
});

describe('pagination', () => {
  it('--all returns every task exactly once, in order, pinned to a snapshot', async () => {
    const result = await h.topo(['tasks', 'ls', '--all', '--ndjson']);
    const ids = lines(result.stdout).map((line) => (JSON.parse(line) as Task).id);
    expect(ids.length).toBe(600);
    expect(new Set(ids).size).toBe(600);
    expect(ids).toEqual([...h.sandbox.tasks].sort(byCreated).map((t) => t.id));
    const pages = h.sandbox.requests.slice(-6);
    expect(pages.every((r) => r.query.includes('created_at_before=') && r.query.includes('size=100'))).toBe(true);
  });

  it('--limit stops at n tasks; one page honours --page and --size', async () => {
    const limited = lines((await h.topo(['tasks', 'ls', '--limit', '150', '--ndjson'])).stdout);
    expect(limited.length).toBe(150);
    const page3 = JSON.parse((await h.topo(['tasks', 'ls', '--page', '3', '--size', '7', '--json'])).stdout) as Task[];
    expect(page3.map((t) => t.id)).toEqual([...h.sandbox.tasks].sort(byCreated).slice(14, 21).map((t) => t.id));
  });
});

describe('pagination while the queue changes', () => {
  it('tasks entering the filter mid-export shift pages, yet no task is printed twice and none that matched throughout is lost', async () => {
    const moving = await harness({ tasks: 3000, seed: 17, latency: 30 });
    try {
      const pendingBefore = moving.sandbox.tasks.filter((t) => t.status === 'PENDING').map((t) => t.id);
      const skipped = moving.sandbox.tasks.filter((t) => t.status === 'SKIPPED');
      // Reopen skipped tasks, spread through the order, for as long as pages are being fetched.
      const { result } = await meanwhile(moving.topo(['tasks', 'ls', '--status', 'PENDING', '--all', '--ndjson']), skipped, (task) => moving.sandbox.patchTask(task.id, { status: 'PENDING' }), 2);
      expect(result.code).toBe(0);
      const ids = lines(result.stdout).map((line) => (JSON.parse(line) as Task).id);
      expect(new Set(ids).size).toBe(ids.length);
      const printed = new Set(ids);
      expect(pendingBefore.filter((id) => !printed.has(id))).toEqual([]);
      // Everything was read: the count at the start is not a rest to fetch with --all.
      expect(result.stderr).not.toMatch(/use --all/);
      expect(result.stderr).toMatch(new RegExp(`^(${ids.length} tasks; \\d+ matched when the listing began \\(others changed meanwhile\\)\\n)?$`));
    } finally {
      await moving.close();
    }
  });
  it('by update time too: tasks leaving the filter mid-export make none that matched throughout slip, none twice, printed in update order', async () => {
    const moving = await harness({ tasks: 3000, seed: 17, latency: 30 });
    try {
      const pending = moving.sandbox.tasks.filter((t) => t.status === 'PENDING');
      const byUpdate = (a: Task, b: Task) => Date.parse(String(a.updated_at)) - Date.parse(String(b.updated_at)) || (String(a.id) < String(b.id) ? -1 : 1);
      // Skipped from the front of the update order: each one leaving moves every later task a place forward.
      const leaving = [...pending].sort(byUpdate).filter((_, index) => index % 7 === 0);
      const { result, acted } = await meanwhile(moving.topo(['tasks', 'ls', '--status', 'PENDING', '--sort', 'updated', '--all', '--ndjson']), leaving, (task) => moving.sandbox.patchTask(task.id, { status: 'SKIPPED' }), 2);
      const changed = new Set([...acted].map((task) => task.id));
      expect(result.code, result.stderr).toBe(0);
      const tasks = lines(result.stdout).map((line) => JSON.parse(line) as Task);
      const ids = tasks.map((task) => task.id);
      expect(new Set(ids).size).toBe(ids.length);
      const printed = new Set(ids);
      expect(pending.filter((task) => !changed.has(task.id) && !printed.has(task.id)).map((task) => task.id)).toEqual([]);
      expect(changed.size).toBeGreaterThan(20);
      expect(tasks).toEqual([...tasks].sort(byUpdate));
    } finally {
      await moving.close();
    }
  });
});

describe('output formats', () => {
  it('piped: tab-separated full values, RFC3339, no header, no colour', async () => {
    const result = await h.topo(['tasks', 'ls', '--size', '5']);
    const rows = lines(result.stdout).map((line) => line.split('\t'));
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(row).toHaveLength(6);
      expect(row[4]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(row[5]).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(result.stdout).not.toContain(ESC);
    // A script that gets one page is told so on stderr, in every output mode.
    expect(result.stderr).toBe('showing 5 of 600 tasks — use --all or --page 2 for more\n');
    expect((await h.topo(['tasks', 'ls', '--limit', '150'])).stderr).toBe('showing 150 of 600 tasks — use --all or a larger --limit for more\n');
    expect((await h.topo(['tasks', 'ls', '--size', '5', '--json'])).stderr).toMatch(/showing 5 of 600/);
    expect((await h.topo(['tasks', 'ls', '--all', '--json'])).stderr).toBe('');
    // Past page 1 the note says which tasks these are; on the last page it offers no next page.
    expect((await h.topo(['tasks', 'ls', '--size', '7', '--page', '2'])).stderr).toBe('showing tasks 8–14 of 600 (page 2 of 86) — use --all or --page 3 for more\n');
    expect((await h.topo(['tasks', 'ls', '--size', '7', '--page', '86'])).stderr).toBe('showing tasks 596–600 of 600 (page 86 of 86)\n');
  });

  it('terminal: a table with a header, colour, relative ages and a footer; NO_COLOR removes colour', async () => {
    const result = await h.topo(['tasks', 'ls', '--priorities', 'HOT', '--size', '5'], { tty: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/TYPE.*PRIORITY.*STATUS.*ASSIGNEE.*AGE.*ID/);
    expect(result.stdout).toContain(`${ESC}[31m`);
    expect(result.stdout).toMatch(/\d+d ago/);
    expect(result.stderr).toMatch(/showing 5 of \d+ tasks — use --all or --page 2/);
    const plain = await h.topo(['tasks', 'ls', '--size', '5'], { tty: true, env: { NO_COLOR: '1' } });
    expect(plain.stdout).toMatch(/TYPE/);
    expect(plain.stdout).not.toContain(ESC);
    const noColorFlag = await h.topo(['--no-color', 'tasks', 'ls', '--size', '5'], { tty: true });
    expect(noColorFlag.stdout).not.toContain(ESC);
  });

  it('FORCE_COLOR colours output that is not a terminal; NO_COLOR wins over it', async () => {
    const forced = await h.topo(['tasks', 'ls', '--status', 'DONE'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain(`${ESC}[31m`);
    const both = await h.topo(['tasks', 'ls', '--status', 'DONE'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(both.stderr).not.toContain(ESC);
    const piped = await h.topo(['tasks', 'ls', '--status', 'DONE']);
    expect(piped.stderr).not.toContain(ESC);
  });

  it('--fields selects fields in TSV and JSON', async () => {
    const tsv = lines((await h.topo(['tasks', 'ls', '--size', '3', '--fields', 'id,status'])).stdout);
    expect(tsv.every((line) => /^[0-9a-f-]{36}\t[A-Z_]+$/.test(line))).toBe(true);
    const json = JSON.parse((await h.topo(['tasks', 'ls', '--size', '3', '--fields', 'id,status', '--json'])).stdout) as object[];
    expect(json.every((task) => Object.keys(task).join() === 'id,status')).toBe(true);
  });
});

describe('--json of a long export', () => {
  it('waits on disk past 2,000 tasks, prints one complete array equal to --ndjson, and leaves nothing behind, also when the export fails', async () => {
    const tmp = fs.mkdtempSync(path.join(h.configDir, 'tmp-'));
    const env = { TMPDIR: tmp };
    const json = await h.topo(['tasks', 'ls', '--all', '--json'], { env, spawn: true });
    expect(json.code, json.stderr).toBe(0);
    const ndjson = await h.topo(['tasks', 'ls', '--all', '--ndjson']);
    expect(JSON.parse(json.stdout)).toEqual(lines(ndjson.stdout).map((line) => JSON.parse(line)));
    expect((JSON.parse(json.stdout) as Task[]).length).toBe(600);
    expect(fs.readdirSync(tmp)).toEqual([]);
    // 600 tasks fit in memory; this test's point is the disk: a smaller in-memory share is not a flag,
    // so the spool is checked with the unit below. A failure part-way prints nothing and leaves nothing.
    let pages = 0;
    h.sandbox.rewrite = (entry, body) => (entry.path === '/v1/tasks' && ++pages === 4 ? { not: 'a page' } : body);
    try {
      const failed = await h.topo(['tasks', 'ls', '--all', '--json'], { env, spawn: true });
      expect(failed.code).toBe(6);
      expect(failed.stdout).toBe('');
      expect(pages).toBeGreaterThan(4);
    } finally {
      h.sandbox.rewrite = undefined;
    }
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('the line spool keeps order across memory and disk, and removes its folder', async () => {
    const { LineSpool } = await import('../../../core/page-spool.ts');
    const spool = new LineSpool(3);
    spool.append(['a', 'b']);
    spool.append(['c', 'd', 'e']);
    spool.append(['f']);
    const read: string[] = [];
    for await (const line of spool.lines()) read.push(line);
    spool.remove();
    expect(read).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(spool.count).toBe(6);
  });
});

describe('--assignee none', () => {
  it('lists exactly the unassigned tasks (filtered here: the API cannot), every one with --all, the first page-full without', async () => {
    const nobody = h.sandbox.tasks.filter((t) => !t.assignee_user_id && t.status === 'PENDING').sort(byCreated).map((t) => t.id);
    expect(nobody.length).toBeGreaterThan(3);
    const all = JSON.parse((await h.topo(['tasks', 'ls', '-a', 'none', '-s', 'PENDING', '--all', '--json'])).stdout) as Task[];
    expect(all.map((t) => t.id)).toEqual(nobody);
    const first = await h.topo(['tasks', 'ls', '-a', 'none', '-s', 'PENDING', '--limit', '3', '--fields', 'id']);
    expect(lines(first.stdout)).toEqual(nobody.slice(0, 3));
    expect(first.stderr).toMatch(/showing the first 3 unassigned tasks; there may be more/);
    const page = await h.topo(['tasks', 'ls', '-a', 'none', '--page', '2']);
    expect(page.code).toBe(2);
    expect(page.stderr).toMatch(/--assignee none .* not --page/);
  });
});

describe('--fields names', () => {
  it('match whatever their case; a typo is exit 2 with "did you mean" and the list, nothing fetched; a field only the server knows is kept', async () => {
    const mixed = await h.topo(['tasks', 'ls', '--size', '2', '--fields', 'ID,Status', '--json']);
    expect(mixed.code).toBe(0);
    expect((JSON.parse(mixed.stdout) as object[]).map((task) => Object.keys(task).join())).toEqual(['id,status', 'id,status']);
    const before = h.sandbox.requests.length;
    const typo = await h.topo(['tasks', 'ls', '--fields', 'id,stauts']);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toMatch(/--fields: 'stauts' is not a task field \(did you mean status\?\)/);
    expect(typo.stderr).toMatch(/fields: id, type, priority, status/);
    expect(h.sandbox.requests.length).toBe(before);
    const contact = await h.topo(['tasks', 'ls', '--with-contact', '--fields', 'id,contact.nmae']);
    expect(contact.code).toBe(2);
    expect(contact.stderr).toMatch(/did you mean contact\.name\?/);
    // Like no documented field: kept when the tasks have it, refused (no rows printed) when they do not.
    const absent = await h.topo(['tasks', 'ls', '--size', '3', '--fields', 'id,wibble']);
    expect(absent.code).toBe(2);
    expect(absent.stdout).toBe('');
    expect(absent.stderr).toMatch(/'wibble' is not a task field/);
  });
});

describe('tolerance', () => {
  it('passes unknown fields through and shows unknown enum values as they are', async () => {
    const task = h.sandbox.tasks[5]!;
    h.sandbox.patchTask(task.id, { priority: 'URGENT', custom_score: 7 });
    const json = JSON.parse((await h.topo(['tasks', 'show', task.id, '--json'])).stdout) as Task;
    expect(json.custom_score).toBe(7);
    const table = await h.topo(['tasks', 'ls', '--sequence', task.sequence_id!], { tty: true });
    expect(table.stdout).toContain('URGENT');
    const detail = await h.topo(['tasks', 'show', task.id]);
    expect(detail.stdout).toContain('custom_score\t7');
  });
});

describe('exit codes', () => {
  it('2: bad input is refused before any request', async () => {
    const before = h.sandbox.requests.length;
    const cases: Array<[string[], RegExp]> = [
      [['tasks', 'ls', '--status', 'DONE'], /--status.*'DONE' is not one of PENDING, IN_PROGRESS, COMPLETED, SKIPPED/],
      [['tasks', 'ls', '--types', 'CALL,FAX'], /--types.*'FAX'.*EMAIL_REPLY/],
      [['tasks', 'ls', '--size', '101'], /--size.*from 1 to 100/],
      [['tasks', 'ls', '--page', '0'], /--page/],
      [['tasks', 'ls', '--assignee', 'nobody'], /--assignee: 'nobody' is neither a user UUID nor a known alias/],
      [['tasks', 'ls', '--created-after', 'last tuesday'], /--created-after.*ISO 8601/],
      [['tasks', 'ls', '--sequence', 'abc'], /--sequence.*not a UUID/],
      [['tasks', 'ls', '--all', '--page', '2'], /--page/],
      [['tasks', 'ls', '--json', '--ndjson'], /--json and --ndjson/],
      [['tasks', 'show', 'not-a-uuid'], /not a UUID/],
      [['tasks', 'ls', '--stauts', 'PENDING'], /unknown option '--stauts'[\s\S]*--status/],
      [['tasks', 'shwo'], /did you mean show/i],
      [['tasks', 'show'], /missing required argument 'id'/],
      [['--base-url', 'http://api.example.com', 'tasks', 'ls'], /refusing plain http:\/\/ to api.example.com/],
    ];
    for (const [args, message] of cases) {
      const result = await h.topo(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
    expect(h.sandbox.requests.length).toBe(before);
  });

  it('3: a rejected key; 4: an unknown task; 6: no server', async () => {
    const bad = await h.topo(['tasks', 'ls'], { env: { TOPO_API_KEY: 'topo_wrong_key_000000' } });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/Invalid API key[\s\S]*hint: .*topo auth login/);
    const missing = await h.topo(['tasks', 'show', '00000000-0000-4000-8000-000000000000']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/Task not found/);
    const down = await h.topo(['tasks', 'ls', '--max-retries', '1'], { env: { TOPO_BASE_URL: 'http://127.0.0.1:9' } });
    expect(down.code).toBe(6);
    expect(down.stderr).toMatch(/error: GET http:\/\/127.0.0.1:9\/v1\/tasks: connection refused: nothing is listening there \(ECONNREFUSED\)/);
  });

});

describe('who each task is about', () => {
  const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
  it('a terminal table has a CONTACT column; each run and contact is fetched once, concurrently', async () => {
    const mark = h.sandbox.requests.length;
    const result = await h.topo(['--no-cache', 'tasks', 'ls', '--size', '100'], { tty: true, env: { NO_COLOR: '1' }, columns: 200 });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^TYPE +PRIORITY +STATUS +ASSIGNEE +CONTACT +AGE +ID$/m);
    const rows = lines(result.stdout).slice(1);
    const expected = [...h.sandbox.tasks].sort(byCreated).slice(0, 100);
    for (const [index, task] of expected.entries()) {
      const contact = contactOf(h.sandbox.state.seed, h.sandbox.workspace, task.sequence_id!);
      const name = contact ? `${contact.first_name} ${contact.last_name ?? ''}`.trim().replace(/[\u0000-\u001f\u202e]/g, '') : '—';
      if (contact && !/[\u0000-\u001f]/.test(`${contact.first_name}${contact.last_name}`)) expect(rows[index]).toContain(name);
      if (!contact) expect(rows[index]).toMatch(/ — /);
    }
    const calls = h.sandbox.requests.slice(mark);
    const runs = new Set(expected.map((t) => t.sequence_id));
    expect(calls.filter((r) => r.path.startsWith('/v1/sequences/'))).toHaveLength(runs.size);
    const contactCalls = calls.filter((r) => r.path.startsWith('/v1/contacts/'));
    expect(new Set(contactCalls.map((r) => r.path)).size).toBe(contactCalls.length);
  });

  it('the second table costs no contact calls (runs remembered for good, contacts for a day); --no-cache asks again; the cache holds no secret', async () => {
    const args = ['tasks', 'ls', '--size', '50', '--page', '3'];
    const calls = async (extra: string[] = []) => {
      const mark = h.sandbox.requests.length;
      const result = await h.topo([...extra, ...args], { tty: true, env: { NO_COLOR: '1' }, columns: 200 });
      expect(result.code).toBe(0);
      return { table: result.stdout, lookups: h.sandbox.requests.slice(mark).filter((r) => /^\/v1\/(sequences|contacts)\//.test(r.path)).length };
    };
    const cold = await calls(['--no-cache']);
    expect(cold.lookups).toBeGreaterThan(10);
    const first = await calls();
    const warm = await calls();
    expect(warm.lookups).toBe(0);
    expect(warm.table).toBe(first.table);
    expect((await calls(['--no-cache'])).lookups).toBe(cold.lookups);
    const dir = path.join(h.configDir, 'cache');
    const file = path.join(dir, fs.readdirSync(dir).find((name) => name.startsWith('lookups-'))!);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(String(h.env.TOPO_API_KEY));
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    // A day later the contacts are asked again, the runs' contacts are not.
    const cache = JSON.parse(text) as Record<string, Record<string, { at: number }>>;
    for (const entry of Object.values(cache['topo-contact']!)) entry.at -= 25 * 3_600_000;
    fs.writeFileSync(file, JSON.stringify(cache));
    const mark = h.sandbox.requests.length;
    await calls();
    const later = h.sandbox.requests.slice(mark);
    expect(later.filter((r) => r.path.startsWith('/v1/sequences/'))).toHaveLength(0);
    expect(later.filter((r) => r.path.startsWith('/v1/contacts/')).length).toBeGreaterThan(0);
  });

  it('tables fit the terminal, the whole UUID always; at 80 columns type, priority, status and assignee stay; at 200 every column shows', async () => {
    // Every status and type, so the widest values are on the page.
    const table = async (columns: number) => lines((await h.topo(['tasks', 'ls', '--size', '100'], { tty: true, env: { NO_COLOR: '1' }, columns })).stdout);
    const heads: Record<number, string> = {};
    for (const columns of [40, 50, 60, 70, 80, 90, 100, 120]) {
      const rows = await table(columns);
      expect(Math.max(...rows.map((row) => [...stripAnsi(row)].length)), `${columns} columns`).toBeLessThanOrEqual(columns);
      expect(rows.slice(1).every((row) => /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(row))).toBe(true);
      heads[columns] = rows[0]!.replace(/ +/g, ' ');
    }
    expect(new Set((await table(80)).slice(1).map((row) => row.split(/ +/)[2]))).toEqual(new Set(['PENDING', 'IN_PROGRESS', 'COMPLETED', 'SKIPPED']));
    // The give-way order the README states: age, contact; short type, status, priority; then status, priority, assignee.
    expect(heads).toEqual({
      120: 'TYPE PRIORITY STATUS ASSIGNEE CONTACT AGE ID', 100: 'TYPE PRIORITY STATUS ASSIGNEE CONTACT ID', 90: 'TYPE PRIORITY STATUS ASSIGNEE ID',
      80: 'TYPE PRIORITY STATUS ASSIGNEE ID', 70: 'TYPE PRI STAT ASSIGNEE ID', 60: 'TYPE ASSIGNEE ID', 50: 'TYPE ID', 40: 'ID',
    });
    expect((await table(70)).slice(1).map((row) => row.split(/ +/)[0]).filter((type, at, all) => all.indexOf(type) === at).sort()).toEqual(['call', 'email', 'lead', 'linkedin']);
    const wide = await h.topo(['tasks', 'ls', '--size', '20'], { tty: true, env: { NO_COLOR: '1' }, columns: 200 });
    expect(lines(wide.stdout)[0]).toMatch(/^TYPE +PRIORITY +STATUS +ASSIGNEE +CONTACT +AGE +ID$/);
  });

  it('machine output stays what the API returned unless --with-contact; then a contact object and contact.* fields', async () => {
    const plain = lines((await h.topo(['tasks', 'ls', '--size', '3', '--ndjson'])).stdout).map((line) => JSON.parse(line) as Task);
    expect(plain.every((task) => !('contact' in task))).toBe(true);
    const mark = h.sandbox.requests.length;
    const withContact = lines((await h.topo(['--no-cache', 'tasks', 'ls', '--size', '3', '--ndjson', '--with-contact'])).stdout).map((line) => JSON.parse(line) as Task & { contact: { name: string } | null });
    expect(withContact.map(({ contact: _contact, ...task }) => task)).toEqual(plain);
    const first = contactOf(h.sandbox.state.seed, h.sandbox.workspace, plain[0]!.sequence_id!);
    expect(withContact[0]!.contact?.name).toBe(first ? `${first.first_name} ${first.last_name}` : undefined);
    expect(h.sandbox.requests.slice(mark).some((r) => r.path.startsWith('/v1/contacts/'))).toBe(true);
    const fields = lines((await h.topo(['tasks', 'ls', '--size', '3', '--with-contact', '--fields', 'id,contact.name,contact.company'])).stdout);
    expect(fields[0]!.split('\t')).toHaveLength(3);
    const refused = await h.topo(['tasks', 'ls', '--fields', 'id,contact.name']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/contact fields need --with-contact/);
  });

  it('without contacts:read the table still prints: contacts are —, one note on stderr, no command fails', async () => {
    const result = await h.topo(['tasks', 'ls', '--size', '30'], { tty: true, env: { NO_COLOR: '1', TOPO_API_KEY: SANDBOX_KEYS.tasksOnly }, columns: 200 });
    expect(result.code).toBe(0);
    expect(lines(result.stdout).slice(1).every((row) => / — /.test(row))).toBe(true);
    expect(result.stderr.match(/note: contacts are not shown: this key lacks the sequences:read scope/g)).toHaveLength(1);
  });
});

describe('templates by name', () => {
  it('--template takes an exact name or a UUID; an unknown name lists the closest and sends nothing else', async () => {
    const [template] = h.sandbox.workspace.templates;
    const name = "Inbound demo follow-up";
    const byId = JSON.parse((await h.topo(['tasks', 'ls', '--template', template!, '--all', '--json'])).stdout) as Task[];
    const byName = JSON.parse((await h.topo(['tasks', 'ls', '--template', name, '--all', '--json'])).stdout) as Task[];
    expect(byName.map((t) => t.id)).toEqual(byId.map((t) => t.id));
    expect(byName.length).toBeGreaterThan(0);
    const mark = h.sandbox.requests.length;
    const unknown = await h.topo(['tasks', 'ls', '--template', 'Founders intro']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no sequence template is named 'Founders intro'\nhint: closest names: "Founders' intro"/);
    expect(h.sandbox.requests.slice(mark).every((r) => r.path === '/v1/sequence-templates')).toBe(true);
  });
});

describe('errors as the API documents them', () => {
  it('a server rule topo does not know (400 ValidationIssue): exit 2, the server\'s message, request id and data', async () => {
    const strict = await harness({ tasks: 30, maxPageSize: 50 });
    try {
      const result = await strict.topo(['tasks', 'ls', '--size', '100']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^error: size: Input should be less than or equal to 50 \(HTTP 400 ValidationIssue, request req_\w+\)$/m);
      expect(result.stderr).toMatch(/hint: the server rejected what topo sent; topo should have caught it first: a topo bug or a new server rule \(data: \{"errors"/);
    } finally {
      await strict.close();
    }
  });

  it('FastAPI\'s older dialect is still read: a 422 field list is exit 2, a detail string is the message', async () => {
    const old = await harness({ tasks: 30, maxPageSize: 50, errors: 'fastapi' });
    try {
      const result = await old.topo(['tasks', 'ls', '--size', '100']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/error: size: Input should be less than or equal to 50 \(HTTP 422\)/);
      const missing = await old.topo(['tasks', 'show', '00000000-0000-4000-8000-000000000000']);
      expect(missing.code).toBe(4);
      expect(missing.stderr).toMatch(/error: Task not found \(HTTP 404\)/);
    } finally {
      await old.close();
    }
  });

  it('401 shows the server\'s words and request id (exit 3); a base URL with or without /v1 reaches the same API', async () => {
    const bad = await h.topo(['tasks', 'ls'], { env: { TOPO_API_KEY: 'topo_wrong_key_000000' } });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/error: Invalid API key \(HTTP 401 UnauthorizedIssue, request req_\w+\)\nhint: check the API key/);
    for (const base of [h.sandbox.url, `${h.sandbox.url}/v1`, `${h.sandbox.url}/v1/`]) {
      const result = await h.topo(['tasks', 'ls', '--size', '2', '--fields', 'id'], { env: { TOPO_BASE_URL: base } });
      expect(result.code, base).toBe(0);
      expect(lines(result.stdout)).toHaveLength(2);
    }
    expect(h.sandbox.requests.every((r) => !r.path.startsWith('/v1/v1'))).toBe(true);
  });

  it('a 404 on a list is never "check the id": it points at the base URL', async () => {
    const result = await h.topo(['tasks', 'ls'], { env: { TOPO_BASE_URL: `${h.sandbox.url}/api` } });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/hint: the API has no such endpoint here: check --base-url/);
    expect(result.stderr).not.toMatch(/check the id/);
  });
});


describe('--status open', () => {
  it('is PENDING and IN_PROGRESS as one listing: merged in creation order, each task once, paged like any other', async () => {
    const open = [...h.sandbox.tasks].filter((t) => t.status === 'PENDING' || t.status === 'IN_PROGRESS').sort(byCreated).map((t) => t.id);
    expect(open.some((id) => h.sandbox.task(id)!.status === 'IN_PROGRESS')).toBe(true);
    const all = JSON.parse((await h.topo(['tasks', 'ls', '--status', 'open', '--all', '--json'])).stdout) as Task[];
    expect(all.map((t) => t.id)).toEqual(open);
    const page2 = JSON.parse((await h.topo(['tasks', 'ls', '-s', 'OPEN', '--page', '2', '--size', '7', '--json'])).stdout) as Task[];
    expect(page2.map((t) => t.id)).toEqual(open.slice(7, 14));
    const limited = lines((await h.topo(['tasks', 'ls', '--status', 'open', '--limit', '25', '--ndjson'])).stdout).map((line) => (JSON.parse(line) as Task).id);
    expect(limited).toEqual(open.slice(0, 25));
    const newest = JSON.parse((await h.topo(['tasks', 'ls', '--status', 'open', '--order', 'DESC', '--size', '5', '--json'])).stdout) as Task[];
    expect(newest.map((t) => t.id)).toEqual([...open].reverse().slice(0, 5));
  });
});

describe('short flags and --quiet', () => {
  it('-s -t -p -a -L are --status --types --priorities --assignee --limit', async () => {
    const rep = h.sandbox.workspace.reps[1]!;
    const long = await h.topo(['tasks', 'ls', '--status', 'PENDING', '--types', 'CALL,EMAIL_REPLY', '--priorities', 'TODAY', '--assignee', rep.id, '--limit', '5', '--json']);
    const short = await h.topo(['tasks', 'ls', '-s', 'PENDING', '-t', 'CALL,EMAIL_REPLY', '-p', 'TODAY', '-a', rep.id, '-L', '5', '--json']);
    expect(short.stdout).toBe(long.stdout);
    expect(JSON.parse(short.stdout).length).toBeGreaterThan(0);
  });

  it('--quiet leaves nothing on stderr but errors', async () => {
    const quiet = await h.topo(['tasks', 'ls', '--size', '3', '--quiet']);
    expect(quiet.stderr).toBe('');
    expect(lines(quiet.stdout)).toHaveLength(3);
    const failing = await h.topo(['tasks', 'show', '00000000-0000-4000-8000-000000000000', '--quiet']);
    expect(failing.code).toBe(4);
    expect(failing.stderr).toMatch(/^error: Task not found/);
  });
});
