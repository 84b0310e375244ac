// tasks triage: refused without a terminal; driven in a real terminal (tmux) over the built binary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../../providers/topo/contract.ts';
import { SANDBOX_REPS } from '../../../providers/demo.ts';
import { BIN, harness, outreachHarness, type Harness } from '../../../../test/support/cli.ts';
import { hasTmux, TmuxSession } from '../../../../test/support/tmux.ts';
import { contactOf } from '../../../providers/topo/sandbox-data.ts';
import { SANDBOX_KEYS } from '../../../providers/topo/sandbox.ts';
import { queueOrder } from '../../../providers/topo/triage.ts';

const isOpen = (task: Task) => task.status === 'PENDING' || task.status === 'IN_PROGRESS';
let h: Harness;
beforeAll(async () => {
  h = await harness({ tasks: 2500, seed: 5 });
});
afterAll(() => h.close());

/** After a user is picked: where the whole run could go too, "Move what?" asks first; Enter keeps it to this task. */
async function thisTaskOnly(session: TmuxSession, next: RegExp): Promise<string> {
  const screen = await session.waitFor(new RegExp(`Move what\\?|${next.source}`));
  if (next.test(screen)) return screen;
  session.keys('Enter');
  return session.waitFor(next);
}

describe('tasks triage', () => {
  it('refuses without a terminal, pointing to tasks ls --json', async () => {
    const result = await h.topo(['tasks', 'triage']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tasks ls --all --json/);
  });

  it.runIf(hasTmux())('skip the first card, reassign the second, quit: exactly those two changes', async () => {
    const rep = SANDBOX_REPS[1]!;
    for (const r of SANDBOX_REPS) await h.topo(['users', 'alias', 'set', r.alias, r.id]);
    const queue = h.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === SANDBOX_REPS[6]!.id).sort(queueOrder);
    const [first, second] = queue as [Task, Task];
    const before = new Map(h.sandbox.tasks.map((t) => [t.id, { ...t }]));
    const session = new TmuxSession(`${process.execPath} ${BIN} tasks triage --assignee ${SANDBOX_REPS[6]!.alias}`, h.env);
    const contact = contactOf(h.sandbox.state.seed, h.sandbox.workspace, first.sequence_id!);
    try {
      const card = await session.waitFor(new RegExp(`1 / ${queue.length}[\\s\\S]*Action`));
      // The header says who the task is about: name · title · company.
      if (contact) expect(card).toContain(`1 / ${queue.length} ── ${[`${contact.first_name} ${contact.last_name ?? ''}`.trim(), contact.job_title, contact.company_name].filter(Boolean).join(' · ')}`);
      session.keys('s');
      await session.waitFor(new RegExp(`2 / ${queue.length}[\\s\\S]*Action`));
      session.keys('r');
      await session.waitFor(/Reassign to/);
      session.keys(rep.alias);
      await session.waitFor(new RegExp(`❯ ${rep.alias}`));
      session.keys('Enter');
      await thisTaskOnly(session, new RegExp(`3 / ${queue.length}[\\s\\S]*Action`));
      session.keys('q');
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(/triage: 1 skipped, 1 reassigned/);
      expect(done).toMatch(/\[exit 0\]/);
    } finally {
      session.kill();
    }
    for (const task of h.sandbox.tasks) {
      const old = before.get(task.id)!;
      if (task.id === first.id) expect(task.status).toBe('SKIPPED');
      else if (task.id === second.id) expect(task.assignee_user_id).toBe(rep.id);
      else expect(task).toEqual(old);
    }
  });

  it.runIf(hasTmux())('a colleague skips the card\'s task meanwhile: s finds the card stale and sends nothing; nothing to undo, nothing in the summary', async () => {
    const rep = SANDBOX_REPS[5]!;
    const queue = h.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === rep.id).sort(queueOrder);
    const first = queue[0]!;
    const session = new TmuxSession(`${process.execPath} ${BIN} tasks triage --assignee ${rep.id}`, h.env);
    try {
      await session.waitFor(new RegExp(`1 / ${queue.length}[\\s\\S]*Action`));
      const mark = h.sandbox.mutations.length;
      h.sandbox.patchTask(first.id, { status: 'SKIPPED' });
      session.keys('s');
      const stale = await session.waitFor(/the card was stale: the task is SKIPPED now[\s\S]*── 1 \/ \d+ ──[^\n]*\n[^\n]*SKIPPED[\s\S]*Action/);
      expect(stale.split('the card was stale').at(-1)).not.toMatch(/\[u\] undo/);
      expect(h.sandbox.mutations.length).toBe(mark);
      session.keys('q');
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(/triage: nothing was changed\n\[exit 0\]/);
    } finally {
      session.kill();
    }
  });

  it.runIf(hasTmux())('skip, back, skip again: s is not offered on a closed card; reopen and skip; the summary lists the task once', async () => {
    const rep = SANDBOX_REPS[3]!;
    const queue = h.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === rep.id).sort(queueOrder);
    const [first] = queue as [Task];
    const session = new TmuxSession(`${process.execPath} ${BIN} tasks triage --assignee ${rep.id}`, h.env);
    try {
      await session.waitFor(new RegExp(`1 / ${queue.length}[\\s\\S]*Action`));
      session.keys('s');
      await session.waitFor(new RegExp(`2 / ${queue.length}[\\s\\S]*Action`));
      session.keys('b');
      const back = await session.waitFor(new RegExp(`── 1 / ${queue.length}[^\\n]*\\n[^\\n]*SKIPPED[\\s\\S]*Action.*\\[o\\] reopen`));
      expect(back.split('── 1 /').at(-1)).not.toMatch(/\[s\] skip/);
      session.keys('s');
      await session.waitFor(/skip: not for this card \(SKIPPED\)/);
      session.keys('z');
      await session.waitFor(/unknown key 'z': press \? for the keys/);
      session.keys('?');
      await session.waitFor(/u  undo +take back the last change/);
      session.keys('o');
      await session.waitFor(/✓ reopened/);
      session.keys('s');
      await session.waitFor(new RegExp(`2 / ${queue.length}[\\s\\S]*Action`));
      session.keys('q');
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(/triage: 1 skipped\n/);
      expect(done.match(new RegExp(first.id, 'g'))!.length).toBeGreaterThanOrEqual(1);
      expect(done.split('triage: 1 skipped')[1]!.match(new RegExp(first.id, 'g'))).toHaveLength(1);
      expect(done).toMatch(/\[exit 0\]/);
    } finally {
      session.kill();
    }
    expect(h.sandbox.task(first.id)!.status).toBe('SKIPPED');
  });

  it.runIf(hasTmux())('the reassign picker: Esc goes back to the card; a typed UUID can be chosen; Ctrl-C after a change exits 130 with it listed', async () => {
    const rep = SANDBOX_REPS[5]!;
    // A new hire: a member with no alias anywhere and no open tasks can still be chosen by UUID.
    const stranger = { id: '9e9e9e9e-0000-4000-8000-00000000beef', name: 'New Hire', alias: 'newhire' };
    h.sandbox.workspace.reps.push(stranger);
    const queue = h.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === rep.id).sort(queueOrder);
    const [first] = queue as [Task];
    const session = new TmuxSession(`${process.execPath} ${BIN} tasks triage --assignee ${rep.id}`, h.env);
    try {
      await session.waitFor(new RegExp(`1 / ${queue.length}[\\s\\S]*Action`));
      session.keys('r');
      await session.waitFor(/Reassign to/);
      session.keys('Escape');
      const cancelled = await session.waitFor(/reassign cancelled[\s\S]*Action/);
      expect(cancelled.split('reassign cancelled')[1]).not.toMatch(/Reassign to/);
      session.keys('r');
      await session.waitFor(/Reassign to/);
      session.keys(stranger.id);
      await session.waitFor(new RegExp(`❯ ${stranger.id} \\(typed\\)`));
      session.keys('Enter');
      await thisTaskOnly(session, new RegExp(`2 / ${queue.length}[\\s\\S]*Action`));
      session.keys('C-c');
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(new RegExp(`triage interrupted: 1 reassigned\\n +${first.id} +reassigned to ${stranger.id}`));
      expect(done).not.toMatch(/nothing was changed/);
      expect(done).toMatch(/\[exit 130\]/);
    } finally {
      session.kill();
    }
    expect(h.sandbox.task(first.id)!.assignee_user_id).toBe(stranger.id);
  });

  it.runIf(hasTmux())('u takes back the last change, then the one before: a skip and a reassign undone leave the summary empty', async () => {
    const rep = SANDBOX_REPS[4]!;
    const target = SANDBOX_REPS[0]!;
    await h.topo(['users', 'alias', 'set', target.alias, target.id]);
    const queue = h.sandbox.tasks.filter((t) => isOpen(t) && t.status === 'PENDING' && t.assignee_user_id === rep.id).sort(queueOrder);
    const [first, second] = queue as [Task, Task];
    const session = new TmuxSession(`${process.execPath} ${BIN} tasks triage --assignee ${rep.id} --status PENDING`, h.env);
    try {
      await session.waitFor(new RegExp(`1 / ${queue.length}[\\s\\S]*Action`));
      const card = (screen: string) => screen.split('── ').at(-1)!;
      session.keys('s');
      await session.waitFor(new RegExp(`2 / ${queue.length}[\\s\\S]*Action`));
      session.keys('r');
      await session.waitFor(/Reassign to/);
      session.keys(target.alias);
      await session.waitFor(new RegExp(`❯ ${target.alias}`));
      session.keys('Enter');
      await thisTaskOnly(session, new RegExp(`3 / ${queue.length}[\\s\\S]*Action`));
      expect(h.sandbox.task(second.id)!.assignee_user_id).toBe(target.id);
      session.keys('u');
      expect(card(await session.waitFor(new RegExp(`undone: ${second.id}[\\s\\S]*── 2 / ${queue.length}[\\s\\S]*Action`)))).toContain(second.id);
      session.keys('u');
      expect(card(await session.waitFor(new RegExp(`undone: ${first.id}[\\s\\S]*── 1 / ${queue.length}[\\s\\S]*Action`)))).toContain(first.id);
      // Nothing left to take back: u is no longer offered.
      session.keys('u');
      await session.waitFor(/undo: not for this card \(PENDING, nothing to undo\)/);
      session.keys('q');
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(/triage: nothing was changed\n\[exit 0\]/);
    } finally {
      session.kill();
    }
    expect(h.sandbox.task(first.id)!.status).toBe('PENDING');
    expect(h.sandbox.task(second.id)!.assignee_user_id).toBe(rep.id);
  });

  it.runIf(hasTmux())('r offers the whole run when every open task of it is the rep\'s, and u takes the whole run back; b on the first card and n on the last say so', async () => {
    const rep = SANDBOX_REPS[3]!;
    const target = SANDBOX_REPS[4]!;
    const queue = h.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === rep.id).sort(queueOrder);
    const runOf = (task: Task) => h.sandbox.tasks.filter((other) => isOpen(other) && other.sequence_id === task.sequence_id);
    const at = queue.findIndex((task) => runOf(task).length >= 2 && runOf(task).every((other) => other.assignee_user_id === rep.id));
    expect(at).toBeGreaterThanOrEqual(0);
    const run = runOf(queue[at]!).map((task) => task.id);
    const session = new TmuxSession(`${process.execPath} ${BIN} tasks triage --assignee ${rep.id}`, h.env);
    try {
      await session.waitFor(new RegExp(`1 / ${queue.length}[\\s\\S]*Action`));
      session.keys('b');
      await session.waitFor(/this is the first card/);
      for (let card = 1; card <= at; card++) {
        session.keys('n');
        await session.waitFor(new RegExp(`${card + 1} / ${queue.length}[\\s\\S]*Action`));
      }
      session.keys('r');
      await session.waitFor(/Reassign to/);
      session.type(target.id);
      await session.waitFor(/❯ /);
      session.keys('Enter');
      await session.waitFor(new RegExp(`Move what\\?[\\s\\S]*the whole sequence run: its ${run.length} open tasks`));
      session.keys('Down', 'Enter');
      await session.waitFor(/the whole sequence run reassigned to/);
      expect(run.map((id) => h.sandbox.task(id)!.assignee_user_id)).toEqual(run.map(() => target.id));
      session.keys('u');
      await session.waitFor(/undone:/);
      expect(run.map((id) => h.sandbox.task(id)!.assignee_user_id)).toEqual(run.map(() => rep.id));
      session.keys('q');
      await session.waitFor(/\[exit 0\]/);
    } finally {
      session.kill();
    }
    // The last card: n stays, and says so.
    const hot = h.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === rep.id && t.priority === 'HOT');
    expect(hot.length).toBeGreaterThan(0);
    const last = new TmuxSession(`${process.execPath} ${BIN} tasks triage --assignee ${rep.id} -p HOT`, h.env);
    try {
      for (let card = 1; card < hot.length; card++) {
        await last.waitFor(new RegExp(`${card} / ${hot.length}[\\s\\S]*Action`));
        last.keys('n');
      }
      await last.waitFor(new RegExp(`${hot.length} / ${hot.length}[\\s\\S]*Action`));
      last.keys('n');
      await last.waitFor(/this is the last card: q ends the session/);
      last.keys('C-c');
      const done = await last.waitFor(/\[exit \d+\]/);
      expect(done).not.toMatch(/Action 'c'/);
      expect(done).toMatch(/\[exit 130\]/);
    } finally {
      last.kill();
    }
  });

  it.runIf(hasTmux())('a read-only key is refused before any change (exit 3, nothing sent but reads)', async () => {
    const mark = h.sandbox.requests.length;
    const session = new TmuxSession(`${process.execPath} ${BIN} tasks triage`, { ...h.env, TOPO_API_KEY: SANDBOX_KEYS.read });
    try {
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(/lacks the tasks:write scope/);
      expect(done).toMatch(/\[exit 3\]/);
    } finally {
      session.kill();
    }
    expect(h.sandbox.requests.slice(mark).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});


describe('tasks triage on Outreach', () => {
  it.runIf(hasTmux())('complete, snooze, reassign, then u, u, u: the reassign and the snooze are taken back, the completion cannot be; c is not offered on a complete card', async () => {
    const o = await outreachHarness();
    const session = new TmuxSession(`${process.execPath} ${BIN} tasks triage --owner chen`, o.env);
    const cardId = (screen: string) => Number([...screen.matchAll(/^id +(\d+)$/gm)].at(-1)![1]);
    try {
      const first = cardId(await session.waitFor(/── 1 \/ \d+ ──[\s\S]*Action/));
      const before = new Map(o.sandbox.tasks.map((task) => [task.id, { ...task }]));
      session.keys('c');
      const second = cardId(await session.waitFor(/── 2 \/ \d+ ──[\s\S]*Action/));
      session.keys('z');
      const third = cardId(await session.waitFor(/── 3 \/ \d+ ──[\s\S]*Action/));
      session.keys('r');
      await session.waitFor(/Reassign to/);
      session.keys('Ana');
      await session.waitFor(/❯ Ana García/);
      session.keys('Enter');
      await session.waitFor(/reassigned to Ana García[\s\S]*── 4 \/ \d+ ──[\s\S]*Action/);
      expect(o.sandbox.byId.get(third)!.ownerId).toBe(1);
      session.keys('u');
      const undone = await session.waitFor(new RegExp(`undone: ${third}[\\s\\S]*── 3 / \\d+ ──[\\s\\S]*Action`));
      expect(cardId(undone)).toBe(third);
      // u again takes back the change before: the snooze (its due time put back)...
      session.keys('u');
      const unsnoozed = await session.waitFor(new RegExp(`undone: ${second}[\\s\\S]*── 2 / \\d+ ──[\\s\\S]*Action`));
      expect(cardId(unsnoozed)).toBe(second);
      // ...but not the completion: Outreach has no way to reopen a task.
      session.keys('u');
      await session.waitFor(/cannot undo: Outreach cannot reopen a complete task/);
      session.keys('b');
      // The card drawn after the refusal (the scrollback holds card 1 as first shown, "incomplete").
      const closed = await session.waitFor(/cannot undo: Outreach cannot reopen[\s\S]*── 1 \/ \d+ ──[^\n]*\n[^\n]*(?<!in)complete[\s\S]*Action/);
      expect(closed.split('── 1 /').at(-1)).not.toMatch(/\[c\] complete/);
      session.keys('c');
      await session.waitFor(/complete: not for this card \(complete\)/);
      session.keys('q');
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(new RegExp(`triage: 1 completed\n +${first} +completed\n\\[exit 0\\]`));
      for (const task of o.sandbox.tasks) {
        const old = before.get(task.id)!;
        if (task.id === first) expect(task.state).toBe('complete');
        else if (task.id === second) expect(Date.parse(task.dueAt!)).toBe(Date.parse(old.dueAt!));
        else expect({ ...task, updatedAt: old.updatedAt }).toEqual(old);
      }
    } finally {
      session.kill();
      await o.close();
    }
  });
});
