// The read path end to end: the built binary against the sandbox over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../../../../test/support/cli.ts';

let h: Harness;

beforeAll(async () => {
  h = await harness({ tasks: 600 });
});
afterAll(() => h.close());


describe('show and thread', () => {
  it('show prints every field; --json is the object as the API returns it', async () => {
    const task = h.sandbox.tasks[3]!;
    const json = await h.topo(['tasks', 'show', task.id, '--json']);
    expect(JSON.parse(json.stdout)).toEqual(task);
    const text = await h.topo(['tasks', 'show', task.id]);
    expect(text.stdout).toContain(`status\t${task.status}`);
    expect(text.stdout).toContain(`sequence_id\t${task.sequence_id}`);
  });

  it('thread shows the conversation oldest first with every control character made visible', async () => {
    const hostile = h.sandbox.tasks.find((t) => t.sequence_id === [...h.sandbox.workspace.sequenceIndex.entries()].find(([, i]) => i === 0)![0])!;
    const json = JSON.parse((await h.topo(['tasks', 'thread', hostile.id, '--json'])).stdout) as Array<{ body: string; sent_at: string }>;
    expect(json.some((m) => m.body.includes('\u202e'))).toBe(true);
    for (const tty of [false, true]) {
      const text = await h.topo(['tasks', 'thread', hostile.id], { tty, env: { NO_COLOR: '1' } });
      expect(text.code).toBe(0);
      const body = tty ? text.stdout.replace(/\r\n/g, '\n') : text.stdout;
      expect(body).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(body).toContain('␛]0;pwned␇');
      expect(body).toContain('<U+202E>txt.exe');
    }
    const times = json.map((m) => m.sent_at);
    const shown = [...(await h.topo(['tasks', 'thread', hostile.id])).stdout.matchAll(/· (\d{4}-[^ ]+Z)$/gm)].map((m) => m[1]);
    expect(shown).toEqual([...times].sort());
  });
});

