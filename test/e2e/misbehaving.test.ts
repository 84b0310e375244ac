// Servers that break the API's contract, on both providers: a listing that never advances, a page
// that is not a page, resources without ids. Each is an error naming the server's fault (exit 6),
// never a silent partial or empty answer; and a one-page Outreach listing without a count still says
// when there are more pages.
import { describe, expect, it } from 'vitest';
import { closeAfterEach, type Harness, harness, outreachHarness, type OutreachHarness } from '../support/cli.ts';

let h: Harness | OutreachHarness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

describe('a Topo server that misbehaves', () => {
  it('pages that repeat while saying there is more: exit 6 within a few requests, nothing printed as complete', async () => {
    const topo = await harness({ tasks: 300 });
    h = topo;
    let first: unknown;
    topo.sandbox.rewrite = (entry, body) => {
      if (entry.path !== '/v1/tasks') return body;
      first ??= body;
      return { ...(first as object), has_more: true, total_pages: 1, total_count: 10 };
    };
    const result = await topo.topo(['tasks', 'ls', '--all', '--json']);
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/repeats what earlier pages held and says there is more|answered tasks outside the created_at window it was asked for/);
    expect(result.stdout).toBe('');
    expect(topo.sandbox.requests.length).toBeLessThan(10);
  });

  it('tasks without a creation time to page by are read by offset instead, each once, in creation and in update order', async () => {
    const topo = await harness({ tasks: 300 });
    h = topo;
    topo.sandbox.rewrite = (entry, body) => {
      const page = body as { items?: Array<Record<string, unknown>> };
      return entry.path === '/v1/tasks' && page.items ? { ...page, items: page.items.map(({ created_at: _, ...task }) => task) } : body;
    };
    for (const sort of [[], ['--sort', 'updated'], ['--sort', '-updated']]) {
      const result = await topo.topo(['tasks', 'ls', '--all', '--ndjson', ...sort]);
      expect(result.code, result.stderr).toBe(0);
      const ids = result.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id);
      expect(ids.length, sort.join(' ')).toBe(300);
      expect(new Set(ids)).toEqual(new Set(topo.sandbox.tasks.map((task) => task.id)));
    }
  });

  it('an answer that is not a page (no items) is an error, not "no tasks", in ls, stats and offboarding', async () => {
    const topo = await harness({ tasks: 100 });
    h = topo;
    topo.sandbox.rewrite = (entry, body) => (entry.path === '/v1/tasks' ? { total_count: 3 } : body);
    for (const args of [['tasks', 'ls'], ['tasks', 'stats', '--by', 'assignee', '--json'], ['tasks', 'reassign', '--from', topo.sandbox.workspace.reps[1]!.id, '--to', topo.sandbox.workspace.reps[0]!.id, '--dry-run']]) {
      const result = await topo.topo(args);
      expect(result.code, args.join(' ')).toBe(6);
      expect(result.stderr).toMatch(/is not a page \(no items list\)/);
    }
  });
});

describe('an Outreach server that misbehaves', () => {
  it('a next-page link that repeats is an error (exit 6), not a listing cut short', async () => {
    const outreach = await outreachHarness({ tasks: 600 });
    h = outreach;
    let firstNext: string | undefined;
    outreach.sandbox.rewrite = (entry, body) => {
      const list = body as { links?: { next?: string } };
      if (entry.path !== '/api/v2/tasks' || !list.links?.next) return body;
      firstNext ??= list.links.next;
      return { ...list, links: { ...list.links, next: firstNext } };
    };
    // The first 500 in due order follow the cursor page after page (every task, or in id order, is
    // read in id ranges, whose pages are checked on their own).
    const result = await outreach.topo(['tasks', 'ls', '--limit', '500', '--json', '--size', '100', '--sort', 'due']);
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/next-page link repeats an earlier one|nothing new and a next page/);
    expect(result.stdout).toBe('');
  });

  it('a list without a data array, or resources without ids, is an error in users ls and offboarding', async () => {
    const outreach = await outreachHarness();
    h = outreach;
    outreach.sandbox.rewrite = (entry, body) => (entry.path === '/api/v2/users' ? { data: { not: 'a list' } } : body);
    const users = await outreach.topo(['users', 'ls']);
    expect(users.code).toBe(6);
    expect(users.stderr).toMatch(/is not a JSON:API list/);
    outreach.sandbox.rewrite = (entry, body) => (entry.path === '/api/v2/tasks' ? { ...(body as object), data: [{ type: 'task', attributes: {} }] } : body);
    const offboard = await outreach.topo(['tasks', 'reassign', '--from', 'chen', '--to', 'ana', '--dry-run']);
    expect(offboard.code).toBe(6);
    expect(offboard.stderr).toMatch(/without an id/);
  });

  it('a one-page listing without meta.count still says there are more pages', async () => {
    const outreach = await outreachHarness({ tasks: 300, withoutCount: true });
    h = outreach;
    const result = await outreach.topo(['tasks', 'ls', '--json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as unknown[]).length).toBe(50);
    expect(result.stderr).toMatch(/showing 50 tasks; there are more — use --all or --limit <n> for more/);
  });
});

describe.each([
  { provider: 'topo', start: async () => { const t = await harness({ tasks: 100 }); return { h: t, storm: (seconds: number) => t.sandbox.storm(1, seconds), ids: t.sandbox.tasks.filter((x) => x.status === 'PENDING').slice(0, 4).map((x) => x.id), verb: 'skip', changes: () => t.sandbox.mutations.length }; } },
  { provider: 'outreach', start: async () => { const o = await outreachHarness({ tasks: 100 }); return { h: o, storm: (seconds: number) => o.sandbox.storm(1, seconds), ids: o.sandbox.tasks.filter((x) => x.state === 'incomplete').slice(0, 4).map((x) => String(x.id)), verb: 'complete', changes: () => o.sandbox.mutations.length }; } },
])('a wait far ahead on $provider', (subject) => {
  it('Retry-After of a billion seconds: exit 6 at once, naming when to try again; a bulk run sends nothing more and says so', async () => {
    const s = await subject.start();
    h = s.h;
    s.storm(1_000_000_000);
    const started = Date.now();
    const listed = await s.h.topo(['tasks', 'ls']);
    expect(listed.code).toBe(6);
    expect(listed.stderr).toMatch(/rate limit holds every request until \d{4}-\d\d-\d\dT.* not waiting that long/);
    expect(listed.stderr).toMatch(/hint: run it again after/);
    expect(listed.stderr).not.toMatch(/TimeoutOverflowWarning/);
    expect(Date.now() - started).toBeLessThan(10_000);
    s.storm(1_000_000_000);
    const mark = s.changes();
    const bulk = await s.h.topo(['tasks', s.verb, ...s.ids, '--yes', '--json']);
    expect(bulk.code).toBe(6);
    expect(bulk.stderr).toMatch(/not waiting that long[\s\S]*nothing more was sent/);
    // The first request (who the credential is) met the wait: no change was sent.
    expect(s.changes() - mark).toBe(0);
  });
});

describe('secrets a server echoes back', () => {
  it('a key quoted in a 401 message, or in a 400\'s data, never reaches stderr or the --json report', async () => {
    const topo = await harness({ tasks: 50 });
    h = topo;
    const key = 'topo_live_sk_9f8e7d6c5b4a3210';
    topo.sandbox.rewrite = (entry, body) => (entry.status === 401 ? { status: 401, type: 'UnauthorizedIssue', message: `Invalid key: Bearer ${key}`, data: { key } } : body);
    const listed = await topo.topo(['tasks', 'ls'], { env: { TOPO_API_KEY: key } });
    expect(listed.code).toBe(3);
    expect(listed.stderr).toMatch(/Invalid key: Bearer \[redacted\]/);
    expect(listed.stderr + listed.stdout).not.toContain(key);
    const skipped = await topo.topo(['tasks', 'skip', topo.sandbox.tasks[0]!.id, '--json', '--debug'], { env: { TOPO_API_KEY: key } });
    expect(skipped.stderr + skipped.stdout).not.toContain(key);
    // `auth token` prints the key on purpose, and only it.
    const token = await topo.topo(['auth', 'token'], { env: { TOPO_API_KEY: key } });
    expect(token.stdout).toBe(`${key}\n`);
  });
});

describe('an answer without end', () => {
  it('a body past 64 MiB is refused with an error naming it (exit 6), no crash, no source on stderr', async () => {
    const topo = await harness({ tasks: 50 });
    h = topo;
    const huge = 'x'.repeat(70 * 1_048_576);
    topo.sandbox.rewrite = (entry, body) => (entry.path === '/v1/tasks' ? { ...(body as object), padding: huge } : body);
    const result = await topo.topo(['tasks', 'ls', '--json']);
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/the answer to GET \/v1\/tasks is larger than 64 MiB: not read further/);
    expect(result.stderr.length).toBeLessThan(2000);
    expect(topo.sandbox.requests.filter((r) => r.path === '/v1/tasks')).toHaveLength(1);
  }, 60_000);
});
