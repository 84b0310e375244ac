// The rules that depend on a real terminal, checked in one (tmux): when topo asks, when it does not.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/providers/topo/contract.ts';
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
      expect(done).toMatch(/refusing to skip 3 tasks without --yes: topo asks only on a terminal, and stdin and stdout are not one/);
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

describe.runIf(hasTmux())('the pager: for people, never for scripts', () => {
  const pager = (name: string, body: string) => {
    const file = path.join(h.configDir, name);
    fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return file;
  };

  it('a table goes through TOPO_PAGER with its colours and sanitizing unchanged', async () => {
    const captured = path.join(h.configDir, 'paged.txt');
    const session = new TmuxSession(`${topo} tasks ls --size 5`, { ...h.env, TOPO_PAGER: pager('capture.sh', `cat > ${captured}`) });
    try {
      await session.waitFor(/\[exit 0\]/);
    } finally {
      session.kill();
    }
    const paged = fs.readFileSync(captured, 'utf8');
    expect(paged).toMatch(/TYPE.*PRIORITY.*ID/);
    expect(paged).toContain('\u001b[');
    expect(paged.split('\n').filter((line) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(line))).toHaveLength(5);
  });

  it('PAGER is used when TOPO_PAGER is unset; --no-pager and TOPO_PAGER=cat turn it off', async () => {
    const marker = path.join(h.configDir, 'pager-ran');
    const marking = pager('mark.sh', `touch ${marker}; cat`);
    for (const [args, env, pages] of [
      [['tasks', 'show', h.sandbox.tasks[0]!.id], { PAGER: marking }, true],
      [['--no-pager', 'tasks', 'show', h.sandbox.tasks[0]!.id], { PAGER: marking }, false],
      [['tasks', 'show', h.sandbox.tasks[0]!.id], { PAGER: marking, TOPO_PAGER: 'cat' }, false],
    ] as Array<[string[], Record<string, string>, boolean]>) {
      fs.rmSync(marker, { force: true });
      const session = new TmuxSession(`${topo} ${args.join(' ')}`, { ...h.env, ...env });
      try {
        const done = await session.waitFor(/\[exit \d+\]/);
        expect(done).toMatch(/\[exit 0\]/);
        expect(done).toMatch(/status\s+(PENDING|IN_PROGRESS|COMPLETED|SKIPPED)/);
      } finally {
        session.kill();
      }
      expect(fs.existsSync(marker), args.join(' ')).toBe(pages);
    }
  });

  it('quitting the pager early is not an error', async () => {
    const session = new TmuxSession(`${topo} tasks ls --all`, { ...h.env, TOPO_PAGER: pager('quit.sh', 'head -c 200 > /dev/null') });
    try {
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(/\[exit 0\]/);
      expect(done).not.toMatch(/error|EPIPE/i);
    } finally {
      session.kill();
    }
  });

  it('a pipe never pages', async () => {
    const marker = path.join(h.configDir, 'piped-pager-ran');
    const result = await h.topo(['tasks', 'ls', '--size', '3'], { spawn: true, env: { TOPO_PAGER: pager('never.sh', `touch ${marker}; cat`) } });
    expect(result.code).toBe(0);
    expect(fs.existsSync(marker)).toBe(false);
  });
});
