// tasks thread: the conversation oldest first, sanitized, and who it is with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactOf } from '../../../providers/topo/sandbox-data.ts';
import { harness, type Harness } from '../../../../test/support/cli.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tasks: 600 });
});
afterAll(() => h.close());

describe('tasks thread', () => {
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

  it('names who the thread is with, and each outbound sender by alias (a demo key lends the demo reps\' names; the profile\'s win)', async () => {
    const task = h.sandbox.tasks.find((t) => t.type === 'EMAIL_REPLY' && t.assignee_user_id && contactOf(h.sandbox.state.seed, h.sandbox.workspace, t.sequence_id!))!;
    const contact = contactOf(h.sandbox.state.seed, h.sandbox.workspace, task.sequence_id!)!;
    const messages = JSON.parse((await h.topo(['tasks', 'thread', task.id, '--json'])).stdout) as Array<{ sender_id: string | null; direction: string }>;
    const sender = messages.find((m) => m.direction === 'OUTBOUND')!.sender_id!;
    expect(sender).toMatch(/^[0-9a-f-]{36}$/);
    const unnamed = await h.topo(['tasks', 'thread', task.id], { tty: true, env: { NO_COLOR: '1' } });
    expect(unnamed.stdout).toContain(`Thread with ${contact.first_name} ${contact.last_name}`);
    // Inbound messages are from the contact, by name.
    expect(unnamed.stdout).toContain(`· in · ${contact.first_name} ${contact.last_name} ·`);
    const demoName = h.sandbox.workspace.reps.find((rep) => rep.id === sender)!.alias;
    expect(unnamed.stdout).toContain(`· out · ${demoName} ·`);
    expect(unnamed.stdout).not.toContain('unknown sender');
    await h.topo(['users', 'alias', 'set', 'closer', sender]);
    const named = await h.topo(['tasks', 'thread', task.id], { tty: true, env: { NO_COLOR: '1' } });
    expect(named.stdout).toContain('· out · closer ·');
    const piped = await h.topo(['tasks', 'thread', task.id]);
    expect(piped.stdout).toContain('· out · closer ·');
    expect(piped.stdout).not.toContain('Thread with');
  });
});
