// The rules that depend on a real terminal, checked in one (tmux): when topo asks, when it does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/core/contract.ts';
import { BIN, harness, type Harness } from '../support/cli.ts';
import { hasTmux, TmuxSession } from '../support/tmux.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tasks: 200, seed: 31 });
});
afterAll(() => h.close());

const topo = `${process.execPath} ${BIN}`;

describe.runIf(hasTmux())('prompts only where a person asked for one', () => {
  it('a pipeline started from a terminal never waits on a prompt: without --yes it is refused (exit 2), nothing sent', async () => {
    const mark = h.sandbox.requests.length;
    const session = new TmuxSession(`sh -c '${topo} tasks ls --status PENDING --size 3 --json | ${topo} tasks skip - | cat; echo "[pipeline $?]"'`, h.env);
    try {
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(/refusing to skip 3 tasks without --yes: topo asks only when stdin and stdout are a terminal/);
      expect(done).not.toMatch(/\?.*\(y\/N\)/);
    } finally {
      session.kill();
    }
    expect(h.sandbox.requests.slice(mark).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('on a terminal it asks; declining changes nothing and exits 1 (documented), not 2', async () => {
    const ids = h.sandbox.tasks.filter((t: Task) => t.status === 'PENDING').slice(0, 2).map((t) => t.id);
    const session = new TmuxSession(`${topo} tasks skip ${ids.join(' ')}`, h.env);
    try {
      await session.waitFor(/Skip 2 tasks\? \(y\/N\)/);
      session.keys('n', 'Enter');
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(/not confirmed; nothing was changed/);
      expect(done).toMatch(/\[exit 1\]/);
    } finally {
      session.kill();
    }
    expect(ids.every((id) => h.sandbox.task(id)!.status === 'PENDING')).toBe(true);
  });

  it('tasks ls --page past the last page says so, in a terminal as in a pipe', async () => {
    const session = new TmuxSession(`${topo} tasks ls --page 99999`, h.env);
    try {
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(/page 99999 is past the last page \(20 pages of 200 tasks at this --size\)/);
      expect(done).not.toMatch(/no tasks match these filters/);
    } finally {
      session.kill();
    }
    const piped = await h.topo(['tasks', 'ls', '--page', '99999']);
    expect(piped.stderr).toMatch(/page 99999 is past the last page/);
  });
});
