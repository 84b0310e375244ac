// Offboarding on Outreach: prospects kept with one rep, the journal, plan files, SIGKILL and resume.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAfterEach, type OutreachHarness, outreachHarness } from '../../../../test/support/cli.ts';

let h: OutreachHarness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

const incompleteOf = (sandbox: OutreachHarness['sandbox'], owner: number) => sandbox.tasks.filter((task) => task.state === 'incomplete' && task.ownerId === owner);

describe('offboarding on Outreach', () => {
  it('moves every incomplete task of the rep, one prospect to one rep, journaled; --undo puts them back', async () => {
    h = await outreachHarness();
    const before = incompleteOf(h.sandbox, 8).map((task) => task.id);
    const result = await h.topo(['tasks', 'reassign', '--from', 'hana', '--to', 'ana', '--to', 'chen', '--yes', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/budget: \d+ calls fit in what this window has left: no waiting on the rate limit \(the server's x-ratelimit: 10,000\/h, [\d,]+ left, resets in/);
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
