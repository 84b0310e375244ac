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
    // One refresh, whether one request was refused or the two sent at once (the first page and the other end of the ids).
    expect(h.sandbox.refreshes).toBe(refreshes + 1);
    expect(h.sandbox.requests.filter((request) => request.status === 401).length).toBeGreaterThanOrEqual(1);
    expect(h.sandbox.requests.filter((request) => request.status === 401).length).toBeLessThanOrEqual(2);
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

  it('a token that lapses again during a long run is refreshed again, each time the server refuses the one topo holds', async () => {
    h = await outreachHarness({ tokenTtlSeconds: 3600 }, null);
    await h.topo(['auth', 'login', '--client-id', OUTREACH_SANDBOX.clientId, '--with-token', '--insecure-storage'], { input: `${OUTREACH_SANDBOX.refreshToken}\n${OUTREACH_SANDBOX.clientSecret}\n` });
    const refreshes = h.sandbox.refreshes;
    // The server revokes every token after the first and the second page: the second time well within 2 s of the refresh.
    let pages = 0;
    h.sandbox.rewrite = (entry, body) => {
      if (entry.path.endsWith('/tasks') && entry.status === 200 && ++pages <= 2) h!.sandbox.expireTokens();
      return body;
    };
    const listed = await h.topo(['tasks', 'ls', '--all', '--size', '50', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(240);
    // One refresh each time, however many requests were refused at once (pages are read 8 at a time).
    expect(h.sandbox.refreshes).toBe(refreshes + 2);
    const refused = h.sandbox.requests.filter((request) => request.status === 401).length;
    expect(refused).toBeGreaterThanOrEqual(2);
    expect(refused).toBeLessThanOrEqual(2 * 8);
  });

  it('two topo processes that refresh with the same rotated refresh token both succeed: the loser uses the pair the winner stored', async () => {
    // Every answer takes 250 ms, so both processes read the stored pair before either has refreshed it.
    h = await outreachHarness({ tokenTtlSeconds: 3600, latency: 250 }, null);
    await h.topo(['auth', 'login', '--client-id', OUTREACH_SANDBOX.clientId, '--with-token', '--insecure-storage'], { input: `${OUTREACH_SANDBOX.refreshToken}\n${OUTREACH_SANDBOX.clientSecret}\n` });
    const mark = h.sandbox.requests.length;
    h.sandbox.expireTokens();
    const [first, second] = await Promise.all([h.topo(['tasks', 'ls', '--limit', '5', '--json']), h.topo(['users', 'ls', '--json'])]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const grants = h.sandbox.requests.slice(mark).filter((request) => request.path === '/oauth/token').map((request) => request.status);
    expect(grants.sort()).toEqual([200, 400]);
    const stored = JSON.parse(fs.readFileSync(path.join(h.configDir, 'config.json'), 'utf8')).profiles.default.outreach;
    expect((await h.topo(['tasks', 'ls', '--limit', '1', '--json'])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(h.configDir, 'config.json'), 'utf8')).profiles.default.outreach.refreshToken).toBe(stored.refreshToken);
  });

  it('auth token refreshes an expired access token (and stores it) before printing it', async () => {
    h = await outreachHarness({ tokenTtlSeconds: 1 }, null);
    await h.topo(['auth', 'login', '--client-id', OUTREACH_SANDBOX.clientId, '--with-token', '--insecure-storage'], { input: `${OUTREACH_SANDBOX.refreshToken}\n${OUTREACH_SANDBOX.clientSecret}\n` });
    const config = path.join(h.configDir, 'config.json');
    const before = JSON.parse(fs.readFileSync(config, 'utf8')).profiles.default.outreach.accessToken as string;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refreshes = h.sandbox.refreshes;
    const printed = await h.topo(['auth', 'token']);
    expect(printed.code, printed.stderr).toBe(0);
    const token = printed.stdout.trim();
    expect(token).not.toBe(before);
    expect(h.sandbox.refreshes).toBe(refreshes + 1);
    expect(JSON.parse(fs.readFileSync(config, 'utf8')).profiles.default.outreach.accessToken).toBe(token);
  });

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
