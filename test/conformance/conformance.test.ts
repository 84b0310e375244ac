// The conformance suite (rclone's fstests, unstorage's testDriver): the same assertions against
// every registered provider's sandbox, over real HTTP on 127.0.0.1. What a provider lacks comes
// from its capability data, so a provider that claims a verb must pass it, and one that lacks it
// must refuse it with exit 2 and send nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerNamed } from '../../src/providers/registry.ts';
import type { StateChange } from '../../src/providers/types.ts';
import { lines } from '../support/cli.ts';
import { DRIVERS, type Driver } from '../support/providers.ts';

const CHANGES: StateChange[] = ['skip', 'reopen', 'complete', 'snooze', 'reschedule'];
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f\u202a-\u202e\u2066-\u2069]/;

describe.each(DRIVERS)('$provider conforms', (factory) => {
  const spec = providerNamed(factory.provider)!;
  let d: Driver;
  beforeAll(async () => {
    d = await factory.start();
  });
  afterAll(() => d.close());

  it('lists every task exactly once across pages, and the count is the server\'s', async () => {
    const listed = await d.topo(['tasks', 'ls', '--all', '--ndjson', '--status', 'COMPLETED']);
    expect(listed.code, listed.stderr).toBe(0);
    const ids = lines(listed.stdout).map((line) => String(JSON.parse(line).id));
    const truth = d.tasks().filter((task) => task.completed).map((task) => task.id);
    expect(ids).toHaveLength(new Set(ids).size);
    expect(new Set(ids)).toEqual(new Set(truth));
    const everything = await d.topo(['tasks', 'ls', '--all', '--json']);
    expect((JSON.parse(everything.stdout) as unknown[]).length).toBe(d.tasks().length);
    const stats = JSON.parse((await d.topo(['tasks', 'stats', '--by', 'assignee', '--json'])).stdout) as { total: number };
    expect(stats.total).toBe(d.tasks().filter((task) => task.open).length);
  });

  it.each(CHANGES)('%s: applied, re-applied (unchanged), and read back when the answer is lost on the wire; or refused with nothing sent', async (verb) => {
    const args = (id: string, value: string[] = []) => ['tasks', verb, id, ...value, '--json'];
    if (spec.capabilities.lacks[`tasks ${verb}`]) {
      const mark = d.requests();
      const refused = await d.topo(args(d.tasks()[0]!.id));
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`tasks ${verb} does not exist on ${spec.title}`);
      expect(refused.stderr).toContain('nothing was sent');
      expect(d.requests()).toBe(mark);
      return;
    }
    const first = d.taskFor(verb);
    const applied = await d.topo(args(first.id, first.value));
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)[0]).toMatchObject({ id: first.id, outcome: 'changed' });
    expect(first.after(d.tasks().find((task) => task.id === first.id)!)).toBe(true);
    if (verb !== 'snooze') {
      // The same change again is unchanged: already there (a snooze moves the due time again, by design).
      const again = await d.topo(args(first.id, first.value));
      expect(again.code, again.stderr).toBe(verb === 'reschedule' ? 0 : 0);
      expect(d.appliedTo(first.id)).toBe(verb === 'reschedule' ? 2 : 1);
    }
    const lost = d.taskFor(verb);
    d.loseNextAnswer();
    const read = await d.topo(args(lost.id, lost.value));
    const result = JSON.parse(read.stdout || '[{}]')[0] as { outcome?: string; error?: string };
    expect(lost.after(d.tasks().find((task) => task.id === lost.id)!)).toBe(true);
    expect(d.appliedTo(lost.id)).toBe(1);
    if (verb === 'snooze') {
      // Not idempotent: never retried blind. The answer was lost, so the run says it cannot tell.
      expect(read.code).toBe(6);
      expect(result.outcome).toBe('failed');
    } else {
      expect(read.code, read.stderr).toBe(0);
      expect(result.outcome).toBe('changed');
    }
  });

  it('refuses every flag it lacks with exit 2, saying so, with nothing sent', async () => {
    for (const refusal of spec.capabilities.lacksFlags) {
      const flag = refusal.flag.split(' ');
      const command = refusal.key === 'clientId' || refusal.key === 'redirectUri' ? ['auth', 'login', '--with-token', ...flag, 'x']
        : refusal.key === 'scopeSequence' ? ['tasks', 'reassign', d.tasks()[0]!.id, '--to', d.colleagues[0]!, ...flag]
          : refusal.key === 'withContact' ? ['tasks', 'show', d.tasks()[0]!.id, ...flag]
            : ['tasks', 'ls', ...flag, ...(refusal.key === 'page' ? ['2'] : refusal.key === 'template' ? ['x'] : refusal.key === 'types' ? ['CALL'] : refusal.key === 'priorities' ? ['HOT'] : refusal.key === 'state' ? ['incomplete'] : refusal.key === 'action' ? ['call'] : ['2026-01-01'])];
      const mark = d.requests();
      const refused = await d.topo(command, { input: '' });
      expect(refused.code, `${command.join(' ')}: ${refused.stderr}`).toBe(2);
      expect(refused.stderr).toContain(`${refusal.flag} does not exist on ${spec.title}`);
      expect(d.requests(), command.join(' ')).toBe(mark);
    }
  });

  it('hostile data in the server\'s answers is escaped in every output format', async () => {
    const table = await d.topo(d.hostile.list, { tty: true, env: { NO_COLOR: '1' } });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('Mallory␛]0;pwned␇');
    for (const format of [[], ['--json'], ['--ndjson']]) {
      const out = await d.topo([...d.hostile.list, ...format]);
      expect(out.code).toBe(0);
      expect(out.stdout, format.join(' ') || 'tsv').not.toMatch(RAW);
    }
    const shown = await d.topo(d.hostile.show, { tty: true, env: { NO_COLOR: '1' } });
    expect(shown.stdout).toContain('Mallory␛]0;pwned␇');
    expect(shown.stdout).not.toMatch(RAW);
    const json = await d.topo(d.hostile.showJson);
    expect(json.stdout).not.toMatch(RAW);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('Mallory\\u001b]0;pwned\\u0007');
  });

  if (factory.overHttp) {
    it('a change the server answers 503 is retried, and the progress line says so instead of a rate and ETA', async () => {
      const verb = CHANGES.find((change) => !spec.capabilities.lacks[`tasks ${change}`])!;
      const picks = [d.taskFor(verb), d.taskFor(verb)];
      d.loseNextAnswer('503');
      const changed = await d.topo(['tasks', verb, ...picks.map((pick) => pick.id), ...(picks[0]!.value ?? []), '--yes', '--concurrency', '1']);
      expect(changed.code, changed.stderr).toBe(0);
      expect(changed.stderr).toMatch(new RegExp(`^${verb}: 0/2 done, API failing: retry 1 of 4 in \\d+ (ms|s)$`, 'm'));
      for (const pick of picks) expect(pick.after(d.tasks().find((task) => task.id === pick.id)!)).toBe(true);
    });
  }

  it('offboarding then --undo puts every task back exactly', async () => {
    const before = new Map(d.tasks().map((task) => [task.id, task.owner]));
    const moved = await d.topo(['tasks', 'reassign', '--from', d.rep, ...d.colleagues.flatMap((user) => ['--to', user]), '--yes', '--json']);
    expect(moved.code, moved.stderr).toBe(0);
    const journal = /to put these tasks back: topo tasks reassign --undo (\S+) --yes/.exec(moved.stderr)![1]!;
    expect(d.tasks().some((task) => task.owner !== before.get(task.id))).toBe(true);

    // Another org's journal (same ids, another profile) beside it: never listed, pinned or undone here.
    const records = lines(fs.readFileSync(journal, 'utf8')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ provider: factory.provider, base_url: expect.any(String), profile: 'default' });
    const foreign = path.join(path.dirname(journal), 'reassign-acme.jsonl');
    fs.writeFileSync(foreign, records.map((record) => JSON.stringify({ ...record, profile: 'acme' })).join('\n') + '\n');
    const listed = await d.topo(['tasks', 'reassign', '--journals', '--json']);
    expect((JSON.parse(listed.stdout) as Array<{ file: string }>).map((entry) => entry.file)).toEqual([journal]);
    expect(listed.stderr).toContain('1 journal of profile acme');
    const mark = d.requests();
    const refused = await d.topo(['tasks', 'reassign', '--undo', foreign, '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--undo: the journal's changes were made on profile acme .*nothing was sent/);
    expect(d.requests()).toBe(mark);
    const planned = (file: string) => d.topo(['tasks', 'reassign', '--from', d.colleagues[0]!, '--to', d.rep, '--journal', file, '--dry-run']);
    expect((await planned(foreign)).stderr).not.toContain('continuing from');
    expect((await planned(journal)).stderr).toContain('continuing from');
    const planFile = path.join(path.dirname(journal), 'plan.json');
    expect((await d.topo(['tasks', 'reassign', '--from', d.colleagues[0]!, '--to', d.rep, '--plan-out', planFile])).code).toBe(0);
    const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as Record<string, unknown>;
    expect(plan).toMatchObject({ provider: factory.provider, profile: 'default' });
    fs.writeFileSync(planFile, JSON.stringify({ ...plan, base_url: 'https://elsewhere.example/api' }));
    const elsewhere = d.requests();
    const applied = await d.topo(['tasks', 'reassign', '--plan', planFile, '--yes']);
    expect(applied.code).toBe(2);
    expect(applied.stderr).toMatch(/--plan: .* was made on profile default \(.*, https:\/\/elsewhere\.example\/api\), not on this profile's API .*nothing was sent/);
    expect(d.requests()).toBe(elsewhere);

    const undo = await d.topo(['tasks', 'reassign', '--undo', journal, '--yes']);
    expect(undo.code, undo.stderr).toBe(0);
    for (const task of d.tasks()) expect(task.owner, task.id).toBe(before.get(task.id));
  });
});
