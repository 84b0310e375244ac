// auth logout on every provider: whatever the profile stored (an API key; OAuth access and refresh
// tokens with the client secret) is gone from the config file, and status no longer says accepted.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTREACH_SANDBOX } from '../../../providers/outreach/sandbox.ts';
import { SANDBOX_KEYS } from '../../../providers/topo/sandbox.ts';
import { closeAfterEach, type Harness, harness, outreachHarness, type OutreachHarness } from '../../../../test/support/cli.ts';

let h: Harness | OutreachHarness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

const providers = [
  {
    name: 'topo',
    start: () => harness({}, SANDBOX_KEYS.write),
    login: { args: ['auth', 'login', '--with-token', '--insecure-storage'], input: `${SANDBOX_KEYS.write}\n` },
    secrets: [SANDBOX_KEYS.write],
  },
  {
    name: 'outreach',
    start: () => outreachHarness({ tokenTtlSeconds: 3600 }, null),
    login: { args: ['auth', 'login', '--client-id', OUTREACH_SANDBOX.clientId, '--with-token', '--insecure-storage'], input: `${OUTREACH_SANDBOX.refreshToken}\n${OUTREACH_SANDBOX.clientSecret}\n` },
    secrets: [OUTREACH_SANDBOX.clientSecret],
  },
];

describe.each(providers)('auth logout on $name', (provider) => {
  it('leaves no secret on disk and status stops saying accepted', async () => {
    h = await provider.start();
    const env = { TOPO_API_KEY: undefined };
    const login = await h.topo(provider.login.args, { input: provider.login.input, env });
    expect(login.code, login.stderr).toBe(0);
    const config = path.join(h.configDir, 'config.json');
    const stored = fs.readFileSync(config, 'utf8');
    const profile = JSON.parse(stored).profiles.default as Record<string, unknown>;
    // What the login stored (the rotated tokens on Outreach), to look for after logout.
    const secrets = [...provider.secrets, ...Object.values((profile.outreach ?? {}) as Record<string, unknown>).filter((value): value is string => typeof value === 'string' && value.length > 12)];
    for (const secret of secrets) expect(stored).toContain(secret);
    const logout = await h.topo(['auth', 'logout'], { env });
    expect(logout.code).toBe(0);
    expect(logout.stderr).toMatch(/logged out of profile 'default': its (key was|tokens and client secret were) removed from the config file/);
    const after = fs.readFileSync(config, 'utf8');
    for (const secret of secrets) expect(after.includes(secret), 'a secret stayed in config.json').toBe(false);
    const status = await h.topo(['auth', 'status', '--json'], { env });
    expect(status.code).not.toBe(0);
    expect(status.stdout).not.toContain('accepted');
    const again = await h.topo(['auth', 'logout'], { env });
    expect(again.stderr).toMatch(/had no stored (key|tokens)/);
  });
});
