// Outreach's OAuth refresh (rotating tokens, expiry mid-run), a 429 storm and read-only tokens, across commands.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTREACH_SANDBOX } from '../../src/providers/outreach/sandbox.ts';
import { closeAfterEach, type OutreachHarness, outreachHarness } from '../../test/support/cli.ts';

let h: OutreachHarness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

const incompleteOf = (sandbox: OutreachHarness['sandbox'], owner: number) => sandbox.tasks.filter((task) => task.state === 'incomplete' && task.ownerId === owner);

describe('OAuth, rate limits and errors', () => {
  it('logs in with a refresh token, stores it 0600 without printing it, and refreshes once after a 401 mid-run', async () => {
    h = await outreachHarness({ tokenTtlSeconds: 3600 }, null);
    const login = await h.topo(['auth', 'login', '--client-id', OUTREACH_SANDBOX.clientId, '--with-token', '--insecure-storage'], { input: `${OUTREACH_SANDBOX.refreshToken}\n${OUTREACH_SANDBOX.clientSecret}\n` });
    expect(login.code).toBe(0);
    expect(login.stderr).toContain('Ana García');
    const config = path.join(h.configDir, 'config.json');
    expect(fs.statSync(config).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(fs.readFileSync(config, 'utf8')).profiles.default.outreach;
    expect(stored.refreshToken).not.toBe(OUTREACH_SANDBOX.refreshToken);
    const status = await h.topo(['auth', 'status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ api: 'accepted', refreshes_itself: true, user: { email: 'ana.garcia@demo-outreach.example' } });
    expect(status.stdout).not.toContain(stored.accessToken);
    const refreshes = h.sandbox.refreshes;
    h.sandbox.expireTokens();
    const listed = await h.topo(['tasks', 'ls', '--all', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(240);
    expect(h.sandbox.refreshes).toBe(refreshes + 1);
    expect(h.sandbox.requests.filter((request) => request.status === 401)).toHaveLength(1);
    const rotated = JSON.parse(fs.readFileSync(config, 'utf8')).profiles.default.outreach;
    expect(rotated.refreshToken).not.toBe(stored.refreshToken);
  });

  it('refreshes before expiry: short-lived tokens never earn a 401', async () => {
    h = await outreachHarness({ tokenTtlSeconds: 8 }, null);
    await h.topo(['auth', 'login', '--client-id', OUTREACH_SANDBOX.clientId, '--with-token', '--insecure-storage'], { input: `${OUTREACH_SANDBOX.refreshToken}\n${OUTREACH_SANDBOX.clientSecret}\n` });
    await new Promise((resolve) => setTimeout(resolve, 6500));
    const listed = await h.topo(['tasks', 'ls', '--limit', '5', '--json']);
    expect(listed.code).toBe(0);
    expect(h.sandbox.requests.filter((request) => request.status === 401)).toHaveLength(0);
    expect(h.sandbox.refreshes).toBe(2);
  }, 30_000);

  it('rides out a 429 storm (25 answers in a row, inside the 30-retry budget): every task changed once, exit 0', async () => {
    h = await outreachHarness();
    const ids = incompleteOf(h.sandbox, 6).map((task) => String(task.id));
    h.sandbox.storm(25);
    const result = await h.topo(['tasks', 'snooze', ...ids, '--yes', '--concurrency', '8', '--json']);
    expect(result.code).toBe(0);
    expect(h.sandbox.requests.filter((request) => request.status === 429)).toHaveLength(25);
    const applied = h.sandbox.mutations.filter((request) => request.status === 200);
    expect(applied.map((request) => request.taskId).sort()).toEqual([...ids].sort());
  });

  it('a read-only token is refused before any change is sent (exit 3)', async () => {
    h = await outreachHarness({}, OUTREACH_SANDBOX.readToken);
    const result = await h.topo(['tasks', 'complete', '1']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('tasks.write');
    expect(h.sandbox.mutations).toHaveLength(0);
  });
});
