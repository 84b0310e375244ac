// auth login with a refresh token (OAuth providers rotate it): the new pair is stored the moment it
// arrives, so an API root that answers 404 (tolerated) or 500 (an error) never spends the login.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTREACH_SANDBOX } from '../../../providers/outreach/sandbox.ts';
import { closeAfterEach, type OutreachHarness, outreachHarness } from '../../../../test/support/cli.ts';

let h: OutreachHarness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

const login = ['auth', 'login', '--client-id', OUTREACH_SANDBOX.clientId, '--with-token', '--insecure-storage'];
const secrets = `${OUTREACH_SANDBOX.refreshToken}\n${OUTREACH_SANDBOX.clientSecret}\n`;

describe('auth login with a rotating refresh token', () => {
  it('an API root answering 404 is tolerated: logged in, user unknown, tokens stored', async () => {
    h = await outreachHarness({ tokenTtlSeconds: 3600 }, null);
    h.sandbox.refused.set('/', 404);
    const result = await h.topo(login, { input: secrets });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('user unknown');
    const stored = JSON.parse(fs.readFileSync(path.join(h.configDir, 'config.json'), 'utf8')).profiles.default;
    expect(stored.provider).toBe('outreach');
    expect(stored.outreach.refreshToken).toBeTruthy();
    expect(stored.outreach.refreshToken).not.toBe(OUTREACH_SANDBOX.refreshToken);
  });

  it('an API root answering 500 fails the login but keeps the renewed pair: the next command works', async () => {
    h = await outreachHarness({ tokenTtlSeconds: 3600 }, null);
    h.sandbox.refused.set('/', 500);
    const result = await h.topo(login, { input: secrets });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('the renewed tokens were stored');
    h.sandbox.refused.clear();
    // The refresh token given is spent; what was stored is the only way in now.
    const listed = await h.topo(['tasks', 'ls', '--limit', '3', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(3);
  });
});
