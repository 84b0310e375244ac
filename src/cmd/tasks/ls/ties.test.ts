// Tasks created in the same millisecond, more of them than a page holds, several times over (a bulk
// import): every export prints each task once, in both orders. The regression: a part's sample page
// landing inside such a tie was followed by the same page again, and the export stopped with an error.
import { describe, expect, it } from 'vitest';
import { closeAfterEach, harness, type Harness } from '../../../../test/support/cli.ts';

let h: Harness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

describe('tasks ls --all over ties larger than a page', () => {
  it.each(['asc', 'desc'])('prints every task once (%s)', async (order) => {
    h = await harness({ tasks: 1200, seed: 11 });
    const now = Date.parse('2026-11-30T05:00:00.000Z');
    const hours = [0.5, 2, 10, 30, 100, 300];
    const open = h.sandbox.tasks.filter((task) => task.status === 'PENDING' || task.status === 'IN_PROGRESS');
    open.forEach((task, index) => h!.sandbox.patchTask(task.id, { created_at: new Date(now - hours[index % hours.length]! * 3_600_000).toISOString() }));
    const pending = h.sandbox.tasks.filter((task) => task.status === 'PENDING').map((task) => task.id).sort();
    expect(Math.min(...hours.map((_, at) => open.filter((task, index) => index % hours.length === at && task.status === 'PENDING').length))).toBeGreaterThan(100);
    const result = await h.topo(['tasks', 'ls', '--status', 'PENDING', '--all', '--sort', 'created', '--order', order, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const ids = (JSON.parse(result.stdout) as Array<{ id: string; created_at: string }>);
    expect(ids.map((task) => task.id).sort()).toEqual(pending);
    const times = ids.map((task) => Date.parse(task.created_at));
    expect(times).toEqual([...times].sort((a, b) => (order === 'asc' ? a - b : b - a)));
  });

  // The listing's first second holds 450 pending tasks (5 pages): read in update order, in runs of
  // two pages at once. Each time its third page is asked for, the oldest-updated tasks at its front
  // leave the filter: 10 move the rest less than a page (the runs prove themselves), 110 more (one
  // run over all five pages follows). Either way every unchanged task is printed, once.
  it.each([[10, 1 + 8], [110, 1 + 8 + 5]])('a tie whose front leaves the filter while it is read (%i at each read of page 3): the unchanged ones are all printed, once', async (leaving, updateOrderPages) => {
    const at = '2026-01-05T10:00:00Z';
    const changed = new Set<string>();
    let updateOrderReads = 0;
    h = await harness({
      tasks: 3000,
      seed: 12,
      onRequest: (entry) => {
        const query = new URLSearchParams(entry.query);
        if (entry.path !== '/v1/tasks' || query.get('created_at_before') !== new Date(Date.parse(at) + 1).toISOString()) return;
        if (query.get('sort_by') !== 'updated_at' || query.get('sort_order') !== 'asc') return;
        updateOrderReads++;
        if (query.get('page') !== '3') return;
        const front = h!.sandbox.tasks.filter((task) => task.created_at === at && task.status === 'PENDING')
          .sort((a, b) => (a.updated_at! < b.updated_at! ? -1 : a.updated_at! > b.updated_at! ? 1 : a.id < b.id ? -1 : 1)).slice(0, leaving);
        for (const task of front) {
          h!.sandbox.patchTask(task.id, { status: 'SKIPPED', updated_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
          changed.add(task.id);
        }
      },
    });
    const tied = h.sandbox.tasks.filter((task) => task.status === 'PENDING').slice(0, 450);
    for (const task of tied) h.sandbox.patchTask(task.id, { created_at: at, updated_at: at });
    const pendingBefore = h.sandbox.tasks.filter((task) => task.status === 'PENDING').map((task) => task.id);
    const result = await h.topo(['tasks', 'ls', '--status', 'PENDING', '--all', '--ndjson']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('did not sort');
    expect(changed.size).toBeGreaterThanOrEqual(leaving);
    const printed = result.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id);
    expect(new Set(printed).size).toBe(printed.length);
    const seen = new Set(printed);
    expect(pendingBefore.filter((id) => !changed.has(id) && !seen.has(id))).toEqual([]);
    // The count, then 4 runs of 2 pages sharing their ends (8 reads); after 110 left, all 5 pages again, one after another.
    expect(updateOrderReads).toBe(updateOrderPages);
  });

  it('a server that does not sort a tie by updated_at: every task printed once, and a note that the read is unproven', async () => {
    h = await harness({ tasks: 3000, seed: 12 });
    const at = '2026-01-05T10:00:00Z';
    const tied = h.sandbox.tasks.filter((task) => task.status === 'PENDING').slice(0, 250);
    tied.forEach((task, index) => h!.sandbox.patchTask(task.id, { created_at: at, updated_at: new Date(Date.parse(at) + index * 1000).toISOString().replace('.000Z', 'Z') }));
    // Its answers in update order come back in the reverse order.
    h.sandbox.rewrite = (entry, body) => {
      const query = new URLSearchParams(entry.query);
      if (entry.path !== '/v1/tasks' || query.get('sort_by') !== 'updated_at' || query.get('sort_order') !== 'asc') return body;
      const page = body as { items: unknown[] };
      return { ...page, items: [...page.items].reverse() };
    };
    const pending = h.sandbox.tasks.filter((task) => task.status === 'PENDING').map((task) => task.id).sort();
    const result = await h.topo(['tasks', 'ls', '--status', 'PENDING', '--all', '--ndjson']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id).sort()).toEqual(pending);
    expect(result.stderr).toContain(`note: tasks created at 2026-01-05T10:00:00.000Z: 250 read, but the server did not sort them by updated_at`);
  });

  it('a server that leaves the counts out of a tie read in update order: every task printed once, and a note', async () => {
    h = await harness({ tasks: 3000, seed: 12 });
    const at = '2026-01-05T10:00:00Z';
    const tied = h.sandbox.tasks.filter((task) => task.status === 'PENDING').slice(0, 450);
    for (const task of tied) h.sandbox.patchTask(task.id, { created_at: at, updated_at: at });
    // Its pages in update order say has_more, not how many there are: the count topo derives falls short.
    h.sandbox.rewrite = (entry, body) => {
      const query = new URLSearchParams(entry.query);
      if (entry.path !== '/v1/tasks' || query.get('sort_by') !== 'updated_at' || query.get('sort_order') !== 'asc') return body;
      const { total_count: _count, total_pages: _pages, ...page } = body as Record<string, unknown>;
      return page;
    };
    const pending = h.sandbox.tasks.filter((task) => task.status === 'PENDING').map((task) => task.id).sort();
    const result = await h.topo(['tasks', 'ls', '--status', 'PENDING', '--all', '--ndjson']);
    expect(result.code, result.stderr).toBe(0);
    const printed = result.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id);
    expect(printed.length).toBe(new Set(printed).size);
    expect(printed.sort()).toEqual(pending);
    expect(result.stderr).toContain('note: tasks created at 2026-01-05T10:00:00.000Z: 450 read, but the server did not say how many there are');
  });
});
