// What a provider lacks is refused from its capability data before anything is sent, on either provider.
import { describe, expect, it } from 'vitest';
import { closeAfterEach, type OutreachHarness, outreachHarness } from '../../test/support/cli.ts';

let h: OutreachHarness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

describe('refusals across providers', () => {
  it('skip, reopen, thread, topo api and --scope sequence do not exist on Outreach: exit 2, nothing sent', async () => {
    h = await outreachHarness();
    for (const args of [['tasks', 'skip', '1'], ['tasks', 'reopen', '1'], ['tasks', 'thread', '3c90c3cc-0d44-4b50-8888-8dd25736052a'], ['tasks', 'thread', '42'], ['api', '/tasks'], ['tasks', 'reassign', '1', '--to', 'ana', '--scope', 'sequence']]) {
      const result = await h.topo(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/does not exist on Outreach/);
    }
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it('complete, snooze and reschedule do not exist on Topo profiles: exit 2, nothing sent', async () => {
    h = await outreachHarness();
    for (const verb of ['complete', 'snooze', 'reschedule']) {
      const result = await h.topo(['tasks', verb, '1', '--due', 'tomorrow'].slice(0, verb === 'reschedule' ? 5 : 3), { env: { TOPO_PROVIDER: 'topo' } });
      expect(result.code, verb).toBe(2);
      expect(result.stderr).toContain('does not exist on Topo');
    }
    const bad = await h.topo(['tasks', 'ls'], { env: { TOPO_PROVIDER: 'hubspot' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("TOPO_PROVIDER: 'hubspot' is not a provider");
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it('a profile set to provider outreach speaks Outreach without flags', async () => {
    h = await outreachHarness();
    const env = { TOPO_PROVIDER: undefined };
    expect((await h.topo(['config', 'set', 'provider', 'outreach', '--profile', 'acme'], { env })).code).toBe(0);
    const result = await h.topo(['--profile', 'acme', 'tasks', 'ls', '--limit', '2', '--json'], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ type: 'task', id: 1 });
  });
});
