// tasks show: every field, who the task is about, against the sandbox over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactOf } from '../../../providers/topo/sandbox-data.ts';
import { SANDBOX_KEYS } from '../../../providers/topo/sandbox.ts';
import { harness, type Harness } from '../../../../test/support/cli.ts';

let h: Harness;

beforeAll(async () => {
  h = await harness({ tasks: 600 });
});
afterAll(() => h.close());


describe('tasks show', () => {
  it('show prints every field; --json is the object as the API returns it', async () => {
    const task = h.sandbox.tasks[3]!;
    const json = await h.topo(['tasks', 'show', task.id, '--json']);
    expect(JSON.parse(json.stdout)).toEqual(task);
    const text = await h.topo(['tasks', 'show', task.id]);
    expect(text.stdout).toContain(`status\t${task.status}`);
    expect(text.stdout).toContain(`sequence_id\t${task.sequence_id}`);
  });


  it('on a terminal shows who the task is about; --json adds the contact only with --with-contact', async () => {
    const task = h.sandbox.tasks.find((t) => contactOf(h.sandbox.state.seed, h.sandbox.workspace, t.sequence_id!)?.job_title)!;
    const contact = contactOf(h.sandbox.state.seed, h.sandbox.workspace, task.sequence_id!)!;
    const shown = await h.topo(['tasks', 'show', task.id], { tty: true, env: { NO_COLOR: '1' } });
    expect(shown.stdout).toMatch(new RegExp(`Contact\\n\\s*name\\s+${contact.first_name} ${contact.last_name}`));
    expect(shown.stdout).toMatch(new RegExp(`title\\s+${contact.job_title}`));
    expect(shown.stdout).toMatch(new RegExp(`company\\s+${contact.company_name!.replace(/[&]/g, '.')}`));
    const plain = JSON.parse((await h.topo(['tasks', 'show', task.id, '--json'])).stdout);
    expect(plain).toEqual(task);
    const withContact = JSON.parse((await h.topo(['tasks', 'show', task.id, '--json', '--with-contact'])).stdout);
    expect(withContact).toEqual({ ...task, contact: { id: contact.id, name: `${contact.first_name} ${contact.last_name}`, title: contact.job_title, company: contact.company_name, email: contact.email } });
  });

  it('a hostile contact name is shown with its control characters made visible', async () => {
    const run = [...h.sandbox.workspace.sequenceIndex.entries()].find(([, index]) => index === 1)![0];
    const task = h.sandbox.tasks.find((t) => t.sequence_id === run)!;
    const shown = await h.topo(['tasks', 'show', task.id], { tty: true });
    expect(shown.stdout).toContain('Mallory␛]0;pwned␇');
    expect(shown.stdout).not.toMatch(/\u001b\]0;|\u001b\[2J|\u202e/);
  });

  it('a key without sequences:read still shows the task: the contact is —, and one note says which scope would show it', async () => {
    const task = h.sandbox.tasks[7]!;
    const mark = h.sandbox.requests.length;
    const shown = await h.topo(['tasks', 'show', task.id], { tty: true, env: { NO_COLOR: '1', TOPO_API_KEY: SANDBOX_KEYS.tasksOnly } });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Contact\n\s*name\s+—/);
    expect(shown.stderr).toBe('note: contacts are not shown: this key lacks the sequences:read scope, which shows who a task is about\n');
    expect(h.sandbox.requests.slice(mark).filter((r) => r.path.startsWith('/v1/contacts'))).toEqual([]);
  });

  it('a run without a contact, and an unknown task (exit 4, hint to check the id)', async () => {
    const run = [...h.sandbox.workspace.sequenceIndex.entries()].find(([, index]) => index % 11 === 5)![0];
    const task = h.sandbox.tasks.find((t) => t.sequence_id === run)!;
    const shown = await h.topo(['tasks', 'show', task.id], { tty: true, env: { NO_COLOR: '1' } });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Contact\n\s*name\s+—/);
    expect(shown.stderr).toBe('');
    const missing = await h.topo(['tasks', 'show', '00000000-0000-4000-8000-000000000000']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/error: Task not found \(HTTP 404 NotFoundIssue, request req_\w+\)\nhint: check the id/);
  });
});
