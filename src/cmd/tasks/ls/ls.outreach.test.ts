// tasks ls on Outreach: cursor pages, the filters mapped, the table for people, the refusals.
import { describe, expect, it } from 'vitest';
import { closeAfterEach, lines, meanwhile, type OutreachHarness, outreachHarness } from '../../../../test/support/cli.ts';

let h: OutreachHarness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

const ndjson = (text: string) => lines(text).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('tasks ls on Outreach', () => {
  it('reads 5,000 tasks in id ranges at once after the first page: each exactly once, in order; in another order too, sorted when all are in; a --limit in another order follows links.next', async () => {
    h = await outreachHarness({ tasks: 5000 });
    const result = await h.topo(['tasks', 'ls', '--all', '--ndjson']);
    expect(result.code).toBe(0);
    const ids = ndjson(result.stdout).map((task) => Number(task.id));
    expect(ids).toEqual(h.sandbox.tasks.map((task) => task.id).sort((a, b) => a - b));
    const pages = h.sandbox.requests.filter((request) => request.path === '/api/v2/tasks');
    const ranged = pages.filter((request) => decodeURIComponent(request.query).includes('filter[id]='));
    expect(ranged.length).toBeGreaterThanOrEqual(4);
    // The first page, one task to learn the largest id, the ranges (one page each here).
    expect(pages.length).toBeLessThanOrEqual(2 + ranged.length);
    // Three without a due time: where they go is the server's (first, before every due time).
    for (const task of [h.sandbox.tasks[10]!, h.sandbox.tasks[2500]!, h.sandbox.tasks[4990]!]) task.dueAt = null;
    const byDue = await h.topo(['tasks', 'ls', '--all', '--ndjson', '--sort', 'due']);
    const dueOrder = (task: { dueAt?: unknown; id?: unknown }) => [task.dueAt === null || task.dueAt === undefined ? '' : String(task.dueAt), Number(task.id)] as const;
    const byDueThenId = (a: { dueAt?: unknown; id?: unknown }, b: { dueAt?: unknown; id?: unknown }) => {
      const [x, y] = [dueOrder(a), dueOrder(b)];
      return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1];
    };
    // The server's order (no due time first, then id), every task once.
    expect(ndjson(byDue.stdout).map((task) => Number(task.id))).toEqual([...h.sandbox.tasks].sort(byDueThenId).map((task) => task.id));
    const duePages = h.sandbox.requests.filter((request) => request.path === '/api/v2/tasks').slice(pages.length);
    expect(duePages.filter((request) => decodeURIComponent(request.query).includes('filter[id]=')).length).toBeGreaterThanOrEqual(4);
    const before = h.sandbox.requests.length;
    const firstByDue = await h.topo(['tasks', 'ls', '--limit', '2500', '--size', '500', '--ndjson', '--sort', 'due']);
    expect(ndjson(firstByDue.stdout).map((task) => Number(task.id))).toEqual([...h.sandbox.tasks].sort(byDueThenId).slice(0, 2500).map((task) => task.id));
    const cursorPages = h.sandbox.requests.slice(before).filter((request) => request.path === '/api/v2/tasks');
    expect(cursorPages).toHaveLength(5);
    expect(cursorPages.slice(1).every((request) => request.query.includes('page%5Bafter%5D') || request.query.includes('page[after]'))).toBe(true);
    const limited = await h.topo(['tasks', 'ls', '--limit', '1500', '--json']);
    expect(JSON.parse(limited.stdout)).toHaveLength(1500);
  });

  it('an export in id ranges loses nothing while tasks change state; a server that ignores or refuses id ranges, or does not count, is read by cursor, the same tasks', async () => {
    h = await outreachHarness({ tasks: 6000, latency: 20 });
    const incompleteBefore = h.sandbox.tasks.filter((task) => task.state === 'incomplete').map((task) => task.id);
    // Reopen others (never the ones counted) while the pages are read.
    const others = h.sandbox.tasks.filter((task) => task.state !== 'incomplete');
    const { result } = await meanwhile(h.topo(['tasks', 'ls', '--state', 'incomplete', '--all', '--ndjson', '--size', '200']), others, (task) => { task.state = 'incomplete'; });
    expect(result.code, result.stderr).toBe(0);
    const ids = ndjson(result.stdout).map((task) => Number(task.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const printed = new Set(ids);
    expect(incompleteBefore.filter((id) => !printed.has(id))).toEqual([]);
    expect(h.sandbox.requests.some((request) => decodeURIComponent(request.query).includes('filter[id]='))).toBe(true);
    await h.close();
    for (const options of [{ withoutIdRanges: true }, { refusesIdRanges: true }, { withoutCount: true }]) {
      h = await outreachHarness({ tasks: 3000, ...options });
      const listed = await h.topo(['tasks', 'ls', '--all', '--ndjson', '--size', '500']);
      expect(listed.code, listed.stderr).toBe(0);
      const all = ndjson(listed.stdout).map((task) => Number(task.id));
      expect(all, JSON.stringify(options)).toEqual(h.sandbox.tasks.map((task) => task.id));
      await h.close();
    }
    h = undefined;
  });

  it('by update time too: tasks leaving the filter mid-export make none that matched throughout slip, none twice, printed in update order', async () => {
    h = await outreachHarness({ tasks: 6000, latency: 20 });
    const incomplete = h.sandbox.tasks.filter((task) => task.state === 'incomplete');
    const byUpdate = (a: { updatedAt?: unknown; id?: unknown }, b: { updatedAt?: unknown; id?: unknown }) => Date.parse(String(a.updatedAt)) - Date.parse(String(b.updatedAt)) || Number(a.id) - Number(b.id);
    // Completed from the front of the update order: each one leaving would move every later task a place forward.
    const leaving = [...incomplete].sort(byUpdate).filter((_, index) => index % 7 === 0);
    const { result, acted } = await meanwhile(h.topo(['tasks', 'ls', '--state', 'incomplete', '--sort', 'updated', '--all', '--ndjson', '--size', '200']), leaving, (task) => { task.state = 'complete'; });
    const changed = new Set([...acted].map((task) => task.id));
    expect(result.code, result.stderr).toBe(0);
    const tasks = ndjson(result.stdout);
    const ids = tasks.map((task) => Number(task.id));
    expect(new Set(ids).size).toBe(ids.length);
    const printed = new Set(ids);
    expect(incomplete.filter((task) => !changed.has(task.id) && !printed.has(task.id)).map((task) => task.id)).toEqual([]);
    expect(changed.size).toBeGreaterThan(20);
    expect(tasks).toEqual([...tasks].sort(byUpdate));
    await h.close();
    h = undefined;
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
    const mixed = await h.topo(['tasks', 'ls', '--fields', 'ID,State,dueat', '--limit', '1', '--json']);
    expect(Object.keys((JSON.parse(mixed.stdout) as object[])[0]!)).toEqual(['id', 'state', 'dueAt']);
    const typo = await h.topo(['tasks', 'ls', '--fields', 'id,stat', '--limit', '1']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/did you mean state/);
  });

  it('--owner none lists exactly the tasks nobody owns', async () => {
    h = await outreachHarness();
    const nobody = h.sandbox.tasks.filter((task) => task.ownerId === null && task.state === 'incomplete').map((task) => String(task.id)).sort();
    expect(nobody.length).toBeGreaterThan(0);
    const listed = ndjson((await h.topo(['tasks', 'ls', '--owner', 'none', '--state', 'incomplete', '--all', '--ndjson'])).stdout);
    expect(listed.map((task) => String(task.id)).sort()).toEqual(nobody);
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
