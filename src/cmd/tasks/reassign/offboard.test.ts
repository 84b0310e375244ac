// Offboarding a rep: tasks reassign --from, end to end against the sandbox.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Task } from '../../../providers/topo/contract.ts';
import { SANDBOX_REPS } from '../../../providers/demo.ts';
import { SANDBOX_KEYS } from '../../../providers/topo/sandbox.ts';
import type { Plan } from '../shared/redistribution/plan.ts';
import { BIN, harness, run, type Harness } from '../../../../test/support/cli.ts';
import { hasTmux, TmuxSession } from '../../../../test/support/tmux.ts';

const [ana, bram, chen, dana] = SANDBOX_REPS as [typeof SANDBOX_REPS[0], typeof SANDBOX_REPS[0], typeof SANDBOX_REPS[0], typeof SANDBOX_REPS[0]];
const isOpen = (task: Task) => task.status === 'PENDING' || task.status === 'IN_PROGRESS';
let h: Harness;

beforeEach(async () => {
  h = await harness({ tasks: 1200, seed: 11 });
});
afterEach(() => h.close());

function snapshot(): Map<string, Task> {
  return new Map(h.sandbox.tasks.map((task) => [task.id, { ...task }]));
}

/** The invariants of a finished redistribution from `from` to `targets`. */
function expectRedistributed(before: Map<string, Task>, from: string, targets: string[]): void {
  const openOfFrom = h.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === from);
  expect(openOfFrom).toEqual([]);
  const newOwnerByRun = new Map<string, string>();
  for (const task of h.sandbox.tasks) {
    const old = before.get(task.id)!;
    const moved = isOpen(old) && old.assignee_user_id === from;
    if (!moved) {
      expect(task.assignee_user_id, `task ${task.id} of someone else changed`).toBe(old.assignee_user_id);
      continue;
    }
    expect(targets).toContain(task.assignee_user_id);
    const owner = newOwnerByRun.get(task.sequence_id!) ?? task.assignee_user_id!;
    expect(task.assignee_user_id, `run ${task.sequence_id} split`).toBe(owner);
    newOwnerByRun.set(task.sequence_id!, owner);
    expect(h.sandbox.appliedCount.get(task.id) ?? 0).toBeLessThanOrEqual(1);
  }
}

describe('tasks reassign --from', () => {
  it('the demo data holds the hard cases: shared runs, unassigned, IN_PROGRESS, closed tasks in open runs', () => {
    const runs = new Map<string, Task[]>();
    for (const task of h.sandbox.tasks) runs.set(task.sequence_id!, [...(runs.get(task.sequence_id!) ?? []), task]);
    const open = [...runs.values()].map((tasks) => tasks.filter(isOpen));
    expect(open.some((tasks) => new Set(tasks.map((t) => t.assignee_user_id)).size > 1)).toBe(true);
    expect(h.sandbox.tasks.some((t) => isOpen(t) && t.assignee_user_id === null)).toBe(true);
    expect(h.sandbox.tasks.some((t) => t.status === 'IN_PROGRESS')).toBe(true);
    expect([...runs.values()].some((tasks) => tasks.some(isOpen) && tasks.some((t) => !isOpen(t)))).toBe(true);
  });

  it('moves every open task of the rep, run by run, balanced, touching nobody else, with far fewer calls than tasks', async () => {
    const before = snapshot();
    const targets = [ana.id, chen.id, dana.id];
    const loadsBefore = targets.map((user) => h.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === user).length);
    const mark = h.sandbox.requests.length;
    const unknown = await h.topo(['tasks', 'reassign', '--from', 'bram', '--to', 'ana,zed', '--to', 'dana', '--yes', '--json']);
    expect(unknown.code).toBe(2); // zed is no alias: the demo key lends the demo reps' names only
    expect(h.sandbox.requests.length).toBe(mark);
    for (const rep of [ana, bram, chen, dana]) await h.topo(['users', 'alias', 'set', rep.alias, rep.id]);
    const ok = await h.topo(['tasks', 'reassign', '--from', 'bram', '--to', 'ana,chen', '--to', 'dana', '--yes', '--json']);
    expect(ok.code).toBe(0);
    expectRedistributed(before, bram.id, targets);
    const report = JSON.parse(ok.stdout) as { plan: Plan; results: Array<{ outcome: string }>; inventory: { open_tasks: number } };
    const moved = [...before.values()].filter((t) => isOpen(t) && t.assignee_user_id === bram.id);
    expect(report.inventory.open_tasks).toBe(moved.length);
    expect(report.results.filter((r) => r.outcome === 'changed')).toHaveLength(moved.length);
    const mutations = h.sandbox.requests.slice(mark).filter((r) => r.method === 'PATCH');
    expect(mutations.length).toBeLessThan(moved.length);
    expect(mutations.some((r) => r.path.endsWith('/assignee'))).toBe(true);
    const loadsAfter = targets.map((user) => h.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === user).length);
    const largestRun = Math.max(...report.plan.entries.map((e) => e.task_ids.length));
    const spread = Math.max(...loadsAfter) - Math.min(...loadsAfter);
    expect(spread).toBeLessThanOrEqual(Math.max(largestRun, Math.max(...loadsBefore) - Math.min(...loadsBefore)));
    expect(report.plan.targets.map((t) => t.load_after)).toEqual(loadsAfter);
  });

  it('a target who is not a member costs one call: the rest of their share is not sent, every task keeps the server\'s words, the others\' moves finish', async () => {
    const before = snapshot();
    const stranger = '9e9e9e9e-0000-4000-8000-000000000001';
    const mark = h.sandbox.requests.length;
    const result = await h.topo(['tasks', 'reassign', '--from', bram.id, '--to', stranger, '--to', ana.id, '--yes', '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { plan: Plan; results: Array<{ id: string; outcome: string; error: string | null; to: string }> };
    const refused = h.sandbox.requests.slice(mark).filter((r) => r.method === 'PATCH' && r.status === 422);
    expect(refused).toHaveLength(1);
    const theirs = report.results.filter((r) => r.to === stranger);
    expect(theirs.length).toBeGreaterThan(1);
    for (const entry of theirs) {
      expect(entry.outcome === 'failed' || entry.outcome === 'not-attempted').toBe(true);
      expect(entry.error).toMatch(new RegExp(`User is not a member of this workspace \\(HTTP 422 BusinessIssue, request ${refused[0]!.requestId}\\)`));
    }
    expect(result.stderr).not.toMatch(/after a retry/);
    // Ana's share moved; the stranger's stays with Bram (not quietly given to Ana).
    for (const entry of report.results.filter((r) => r.to === ana.id)) expect(entry.outcome).toBe('changed');
    for (const entry of theirs) expect(h.sandbox.tasks.find((t) => t.id === entry.id)!.assignee_user_id).toBe(bram.id);
    // A re-run to Ana alone moves what is left: the refused move began nothing.
    const again = await h.topo(['tasks', 'reassign', '--from', bram.id, '--to', ana.id, '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expectRedistributed(before, bram.id, [ana.id]);
  });

  it('a journal that stops being writable mid-run stops the run with the truth: what moved is reported changed, the rest not sent', async () => {
    const journal = path.join(h.configDir, 'bram.jsonl');
    let broken = false;
    // Right after the first change is applied (before its answer leaves), the journal's disk "fills": its path becomes a folder.
    h.sandbox.rewrite = (entry, body) => {
      if (entry.method !== 'GET' && !broken) {
        broken = true;
        fs.rmSync(journal);
        fs.mkdirSync(journal);
      }
      return body;
    };
    const before = snapshot();
    const result = await h.topo(['tasks', 'reassign', '--from', bram.id, '--to', ana.id, '--journal', journal, '--concurrency', '1', '--yes', '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the journal ${journal} cannot be written`);
    const moved = h.sandbox.tasks.filter((task) => before.get(task.id)!.assignee_user_id === bram.id && task.assignee_user_id === ana.id).map((task) => task.id).sort();
    const results = (JSON.parse(result.stdout) as { results: Array<{ id: string; outcome: string }> }).results;
    expect(h.sandbox.mutations).toHaveLength(1);
    expect(moved.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.outcome === 'changed').map((r) => r.id).sort()).toEqual(moved);
    expect(results.filter((r) => r.outcome === 'failed')).toEqual([]);
  });

  it('refuses to run unattended without --to and --yes, naming them, sending nothing', async () => {
    const mark = h.sandbox.requests.length;
    const result = await h.topo(['tasks', 'reassign', '--from', bram.id]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs --to <user> and --yes/);
    expect(h.sandbox.requests.length).toBe(mark);
  });

  it('--plan-out writes the plan for review and stops there (exit 0, nothing sent, no --yes needed); --plan --yes applies it', async () => {
    const planFile = path.join(h.configDir, 'review.json');
    const mark = h.sandbox.requests.length;
    const written = await h.topo(['tasks', 'reassign', '--from', dana.id, '--to', ana.id, '--plan-out', planFile]);
    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/plan written to .*review\.json; nothing was sent\. Apply it with: topo tasks reassign --plan .*review\.json --yes/);
    expect(h.sandbox.requests.slice(mark).filter((r) => r.method !== 'GET')).toEqual([]);
    const before = snapshot();
    const applied = await h.topo(['tasks', 'reassign', '--plan', planFile, '--yes']);
    expect(applied.code).toBe(0);
    expectRedistributed(before, dana.id, [ana.id]);
  });

  it('the same target twice (or an alias and its UUID) is one target; --from X --to X is refused before any request', async () => {
    await h.topo(['users', 'alias', 'set', 'ana', ana.id]);
    const twice = await h.topo(['tasks', 'reassign', '--from', chen.id, '--to', 'ana', '--to', ana.id, '--to', 'ana', '--dry-run']);
    expect(twice.code).toBe(0);
    const preview = twice.stderr.split('\n').filter((line) => /^ana\s+\d/.test(line));
    expect(preview).toHaveLength(1);
    const mark = h.sandbox.requests.length;
    const same = await h.topo(['tasks', 'reassign', '--from', 'ana', '--to', ana.id, '--yes']);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/is the departing rep \(--from\)/);
    expect(h.sandbox.requests.length).toBe(mark);
  });

  it('--dry-run previews and sends no mutation; the plan round-trips with stale entries reported, not forced', async () => {
    const planFile = path.join(h.configDir, 'plan.json');
    const mark = h.sandbox.requests.length;
    const dry = await h.topo(['tasks', 'reassign', '--from', bram.id, '--to', ana.id, '--to', chen.id, '--dry-run', '--plan-out', planFile]);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/LOAD BEFORE → AFTER/);
    expect(h.sandbox.requests.slice(mark).filter((r) => r.method !== 'GET')).toEqual([]);
    const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as Plan;
    // Meanwhile: one planned task is closed, another goes to Dana.
    const [closed, taken] = plan.entries.flatMap((entry) => entry.task_ids).slice(0, 2) as [string, string];
    h.sandbox.patchTask(closed, { status: 'COMPLETED' });
    h.sandbox.patchTask(taken, { assignee_user_id: dana.id });
    const before = snapshot();
    const applied = await h.topo(['tasks', 'reassign', '--plan', planFile, '--yes', '--json']);
    expect(applied.code).toBe(0);
    const results = JSON.parse(applied.stdout).results as Array<{ id: string; outcome: string; note?: string }>;
    expect(results.find((r) => r.id === closed)).toMatchObject({ outcome: 'unchanged', note: expect.stringMatching(/stale/) });
    expect(results.find((r) => r.id === taken)).toMatchObject({ outcome: 'unchanged', note: expect.stringMatching(/stale: now assigned/) });
    expect(h.sandbox.task(taken)!.assignee_user_id).toBe(dana.id);
    expectRedistributed(before, bram.id, [ana.id, chen.id]);
  });

  it('--undo puts every journaled task back to its exact previous assignee', async () => {
    const journal = path.join(h.configDir, 'journal.jsonl');
    const before = snapshot();
    expect((await h.topo(['tasks', 'reassign', '--from', bram.id, '--to', ana.id, '--to', chen.id, '--yes', '--journal', journal])).code).toBe(0);
    expect(fs.readFileSync(journal, 'utf8')).not.toContain('topo_sandbox');
    const undo = await h.topo(['tasks', 'reassign', '--undo', journal, '--yes']);
    expect(undo.code).toBe(0);
    for (const task of h.sandbox.tasks) expect(task.assignee_user_id, task.id).toBe(before.get(task.id)!.assignee_user_id);
    const bad = await h.topo(['tasks', 'reassign', '--undo', path.join(h.configDir, 'missing.jsonl'), '--yes']);
    expect(bad.code).toBe(2);
  });

  it('a run killed part-way (SIGKILL) and re-run converges: nothing lost, nothing moved twice', async () => {
    const slow = await harness({ tasks: 1200, seed: 11, latency: 40 });
    try {
      const before = new Map(slow.sandbox.tasks.map((task) => [task.id, { ...task }]));
      const child = spawn(process.execPath, [BIN, 'tasks', 'reassign', '--from', bram.id, '--to', ana.id, '--to', chen.id, '--yes', '--concurrency', '2'], { env: { ...process.env, ...slow.env }, stdio: 'ignore' });
      const deadline = Date.now() + 20_000;
      while (slow.sandbox.requests.filter((r) => r.method === 'PATCH').length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
      const partial = slow.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === bram.id).length;
      expect(partial).toBeGreaterThan(0);
      const rerun = await slow.topo(['tasks', 'reassign', '--from', bram.id, '--to', ana.id, '--to', chen.id, '--yes']);
      expect(rerun.code).toBe(0);
      expect(slow.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === bram.id)).toEqual([]);
      for (const task of slow.sandbox.tasks) {
        const old = before.get(task.id)!;
        if (!(isOpen(old) && old.assignee_user_id === bram.id)) expect(task.assignee_user_id).toBe(old.assignee_user_id);
        expect(slow.sandbox.appliedCount.get(task.id) ?? 0).toBeLessThanOrEqual(1);
      }
      // The killed run and its re-run wrote one journal; one --undo takes both back.
      expect(rerun.stderr).toMatch(/to put these tasks back: topo tasks reassign --undo \S+reassign-1b8f2d63-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}\.jsonl --yes/);
      const journals = JSON.parse((await slow.topo(['tasks', 'reassign', '--journals', '--json'])).stdout) as Array<{ file: string; from: string; tasks: number }>;
      expect(journals).toHaveLength(1);
      expect(journals[0]).toMatchObject({ from: bram.id });
      const undo = await slow.topo(['tasks', 'reassign', '--undo', journals[0]!.file, '--yes']);
      expect(undo.code).toBe(0);
      for (const task of slow.sandbox.tasks) expect(task.assignee_user_id, task.id).toBe(before.get(task.id)!.assignee_user_id);
    } finally {
      await slow.close();
    }
  }, 60_000);

  it.runIf(hasTmux())('guides a lead in a real terminal from inventory to confirmation', async () => {
    for (const rep of SANDBOX_REPS) await h.topo(['users', 'alias', 'set', rep.alias, rep.id]);
    const before = snapshot();
    const session = new TmuxSession(`${process.execPath} ${BIN} tasks reassign --from bram`, h.env);
    let leftPriority: string | undefined;
    try {
      const inventory = await session.waitFor(/Move it to whom\?/);
      expect(inventory).toMatch(/bram holds \d+ open tasks in \d+ sequence runs/);
      session.keys('Space'); // the first choice: ana
      session.keys('Enter');
      await session.waitFor(/Leave any task types with the rep/);
      session.keys('Enter'); // none left out
      await session.waitFor(/Leave any priorities with the rep/);
      session.keys('Space', 'Enter'); // leave the first priority listed with bram
      const confirmation = await session.waitFor(/Move \d+ tasks of bram/);
      expect(confirmation).toMatch(/the same without prompts: topo tasks reassign --from bram --to ana --strategy balance --priorities \S+ --yes/);
      leftPriority = /Leave any priorities with the rep\? \(enter for none\) (HOT|TODAY|EXTRA)/.exec(confirmation)?.[1];
      expect(leftPriority).toBeDefined();
      expect(h.sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      session.keys('y', 'Enter');
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(/reassign: \d+ changed, 0 unchanged, 0 failed/);
      expect(done).toMatch(/to put these tasks back: topo tasks reassign --undo \S+\.jsonl --yes/);
      expect(done).toMatch(/\[exit 0\]/);
    } finally {
      session.kill();
    }
    // Everything moved but the priority left out, which stays with bram.
    for (const task of h.sandbox.tasks) {
      const old = before.get(task.id)!;
      const wasBrams = isOpen(old) && old.assignee_user_id === bram.id;
      if (!wasBrams) expect(task.assignee_user_id).toBe(old.assignee_user_id);
      else if (old.priority === leftPriority) expect(task.assignee_user_id).toBe(bram.id);
      else expect(task.assignee_user_id).toBe(ana.id);
    }
  });

  it.runIf(hasTmux())('a target with no tasks and no alias can be typed in; a dry run\'s "same without prompts" line stays a dry run', async () => {
    const newHire = '9e9e9e9e-0000-4000-8000-000000000001';
    const session = new TmuxSession(`${process.execPath} ${BIN} tasks reassign --from ${bram.id} --dry-run`, h.env);
    try {
      const picker = await session.waitFor(/someone else: type an id or alias/);
      expect(picker).not.toContain(newHire);
      session.keys('Up', 'Space', 'Enter'); // the list wraps: Up from the first is the last, someone else
      await session.waitFor(/Who else\?/);
      session.type('nobody-we-know');
      session.keys('Enter');
      await session.waitFor(/nobody-we-know' is neither a user UUID nor a known alias/);
      session.keys('C-u');
      session.type(newHire);
      session.keys('Enter');
      await session.waitFor(/Leave any task types with the rep/);
      session.keys('Enter');
      await session.waitFor(/Leave any priorities with the rep/);
      session.keys('Enter');
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(new RegExp(`the same without prompts: topo tasks reassign --from (bram|${bram.id}) --to ${newHire} --strategy balance --dry-run`));
      expect(done).not.toMatch(/--yes/);
      expect(done).toMatch(/\[exit 0\]/);
    } finally {
      session.kill();
    }
    expect(h.sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it.runIf(hasTmux())('Ctrl-C at a prompt changes nothing and exits 130', async () => {
    for (const rep of SANDBOX_REPS) await h.topo(['users', 'alias', 'set', rep.alias, rep.id]);
    const session = new TmuxSession(`${process.execPath} ${BIN} tasks reassign --from bram`, h.env);
    try {
      await session.waitFor(/Move it to whom\?/);
      session.keys('C-c');
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(/\[exit 130\]/);
      expect(done).toMatch(/nothing was changed/);
    } finally {
      session.kill();
    }
    expect(h.sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('offboarding and scopes', () => {
  it('a read-only key is refused before any PATCH, after the preview (exit 3)', async () => {
    const ro = await harness({ tasks: 200, seed: 11 }, SANDBOX_KEYS.read);
    try {
      const result = await ro.topo(['tasks', 'reassign', '--from', bram.id, '--to', ana.id, '--yes']);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/lacks the tasks:write scope/);
      expect(ro.sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    } finally {
      await ro.close();
    }
  });
});


describe('offboarding preview on a terminal', () => {
  it('draws the book by type and priority and each target\'s load before → after as bars, within 80 and 200 columns', async () => {
    for (const rep of [ana, dana]) await h.topo(['users', 'alias', 'set', rep.alias, rep.id]);
    for (const columns of [80, 200]) {
      const result = await h.topo(['tasks', 'reassign', '--from', chen.id, '--to', ana.id, '--to', dana.id, '--dry-run'], { tty: true, env: { NO_COLOR: '1' }, columns });
      expect(result.code).toBe(0);
      const screen = result.stderr.replace(/\u001b\[[0-9;]*m/g, '');
      expect(screen).toMatch(/^ {2}(EMAIL_REPLY|LINKEDIN_REPLY|CALL|NEW_LEAD_REVIEW) +█+[▏▎▍▌▋▊▉]? \d+$/m);
      expect(screen).toMatch(/^ {2}HOT +[█▏▎▍▌▋▊▉]* ?\d+\n {2}TODAY /m);
      const rows = screen.split("\n").filter((line) => /^\S+ +\d+ +\d+ +\d+ +\d+ → \d+/.test(line));
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row).toMatch(/\d+ → \d+ +█/);
      // Charts and the table fit; prose lines wrap at the terminal as prose does.
      expect(screen.split('\n').filter((line) => /█|TARGET/.test(line)).every((line) => [...line].length <= columns)).toBe(true);
    }
    const piped = await h.topo(['tasks', 'reassign', '--from', chen.id, '--to', ana.id, '--dry-run']);
    expect(piped.stderr).not.toMatch(/█/);
  });
});

describe('tasks reassign --from when reality is messy', () => {
  it('the API going down after the moves still ends with the report, the journal and the undo line (exit 6)', async () => {
    const before = snapshot();
    const moving = [...before.values()].filter((t) => isOpen(t) && t.assignee_user_id === dana.id).length;
    expect(moving).toBeGreaterThan(2);
    // Once the moves are done, every listing fails: the verifying pass cannot run.
    const watch = setInterval(() => {
      if (h.sandbox.mutations.length > 0 && h.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === dana.id).length === 0) h.sandbox.refused.set('/v1/tasks', 503);
    }, 1);
    const result = await h.topo(['tasks', 'reassign', '--from', dana.id, '--to', ana.id, '--yes', '--json', '--max-retries', '1']);
    clearInterval(watch);
    h.sandbox.refused.clear();
    expect(result.code, result.stderr).toBe(6);
    expect(result.stderr).toMatch(/the run could not be verified \(.*503/);
    expect(result.stderr).toMatch(/to put these tasks back: topo tasks reassign --undo \S+ --yes/);
    const report = JSON.parse(result.stdout) as { results: Array<{ outcome: string }> };
    expect(report.results.filter((r) => r.outcome === 'changed').length).toBe(moving);
  });

  it('a plan moves no more than it lists: a task that reached the rep afterwards is reported with the command to move it; a tampered plan is refused', async () => {
    const planFile = path.join(h.configDir, 'plan-strict.json');
    expect((await h.topo(['tasks', 'reassign', '--from', chen.id, '--to', ana.id, '--plan-out', planFile])).code).toBe(0);
    const late = h.sandbox.tasks.find((t) => isOpen(t) && t.assignee_user_id === bram.id)!;
    h.sandbox.patchTask(late.id, { assignee_user_id: chen.id });
    const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as { entries: Array<{ task_ids: string[]; to: string }> };
    const planned = plan.entries.reduce((sum, entry) => sum + entry.task_ids.length, 0);
    const applied = await h.topo(['tasks', 'reassign', '--plan', planFile, '--yes', '--json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(/1 task reached .* after the plan was made and was left alone; to move it: topo tasks reassign --from/);
    expect(h.sandbox.task(late.id)!.assignee_user_id).toBe(chen.id);
    const results = JSON.parse(applied.stdout).results as Array<{ outcome: string }>;
    expect(results.filter((r) => r.outcome === 'changed').length).toBeLessThanOrEqual(planned);
    // Tampered: a task listed twice, to two reps.
    const tampered = path.join(h.configDir, 'plan-tampered.json');
    plan.entries.push({ ...plan.entries[0]!, to: dana.id });
    fs.writeFileSync(tampered, JSON.stringify(plan));
    const mark = h.sandbox.mutations.length;
    const refused = await h.topo(['tasks', 'reassign', '--plan', tampered, '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cannot be applied: \d+ tasks? listed more than once \(.*\); an entry gives work to \S+, who is not among the plan's targets; nothing was sent/);
    expect(h.sandbox.mutations.length).toBe(mark);
  });
});

describe('one run per journal, and journals that were cut short', () => {
  it('a second offboarding of the same rep while the first runs is refused with who holds it (exit 1, nothing sent); a stale lock is taken over', async () => {
    const slow = await harness({ tasks: 1200, seed: 11, latency: 60 });
    try {
      const args = ['tasks', 'reassign', '--from', bram.id, '--to', ana.id, '--to', chen.id, '--yes', '--concurrency', '1'];
      const first = run(args, { spawn: true, env: slow.env, timeoutMs: 60_000 });
      while (slow.sandbox.mutations.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      const second = await slow.topo(args);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/another topo \(process \d+, since .*\) is moving this rep's work with .*reassign-1b8f2d63-.*\.jsonl; nothing was sent/);
      expect((await first).code).toBe(0);
      for (const count of slow.sandbox.appliedCount.values()) expect(count).toBeLessThanOrEqual(1);
      // A lock left by a process that is gone is stale.
      const journal = fs.readdirSync(path.join(slow.configDir, 'journals')).find((name) => name.endsWith('.jsonl'))!;
      fs.writeFileSync(path.join(slow.configDir, 'journals', `${journal}.lock`), JSON.stringify({ pid: 999_999_999, host: os.hostname(), since: '2026-01-01T00:00:00Z' }));
      const again = await slow.topo(args);
      expect(again.code, again.stderr).toBe(0);
    } finally {
      await slow.close();
    }
  }, 60_000);

  it('a damaged journal line costs that line, not the journal: --undo says so and undoes the rest; the next append starts on a fresh line', async () => {
    const journal = path.join(h.configDir, 'damaged.jsonl');
    const before = snapshot();
    expect((await h.topo(['tasks', 'reassign', '--from', bram.id, '--to', ana.id, '--yes', '--journal', journal])).code).toBe(0);
    fs.appendFileSync(journal, '{"task_id":"0a7e1c52-4b1d-4e0a-9c');
    // A re-run (nothing left to move) appends nothing; a new move starts on its own line.
    const late = h.sandbox.tasks.find((t) => isOpen(t) && t.assignee_user_id === dana.id)!;
    h.sandbox.patchTask(late.id, { assignee_user_id: bram.id });
    expect((await h.topo(['tasks', 'reassign', '--from', bram.id, '--to', ana.id, '--yes', '--journal', journal])).code).toBe(0);
    const text = fs.readFileSync(journal, 'utf8');
    expect(text).toMatch(/"task_id":"0a7e1c52-4b1d-4e0a-9c\n\{"task_id":"/);
    const undo = await h.topo(['tasks', 'reassign', '--undo', journal, '--yes']);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stderr).toMatch(/warning: .*damaged\.jsonl: 1 damaged line skipped \(line \d+\)/);
    for (const task of h.sandbox.tasks) {
      if (task.id === late.id) expect(task.assignee_user_id).toBe(bram.id);
      else expect(task.assignee_user_id, task.id).toBe(before.get(task.id)!.assignee_user_id);
    }
  });
});
