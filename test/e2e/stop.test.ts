// Stop means stop, on every provider: what the rate limiter holds when the user says stop (Ctrl-C or
// SIGTERM) is never sent and is reported not sent (·), not failed; SIGTERM exits 143, Ctrl-C 130.
import { describe, expect, it } from 'vitest';
import type { TestIo } from '../../src/core/test-io.ts';
import { closeAfterEach, type Harness, harness, outreachHarness, type OutreachHarness } from '../support/cli.ts';

let h: Harness | OutreachHarness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

const subjects = [
  {
    provider: 'topo',
    start: async () => {
      const topo = await harness({ tasks: 300, rateLimit: 4 });
      return { h: topo, ids: topo.sandbox.tasks.filter((task) => task.status === 'PENDING').slice(0, 12).map((task) => task.id), verb: 'skip', changes: () => topo.sandbox.mutations.length };
    },
  },
  {
    provider: 'outreach',
    start: async () => {
      const outreach = await outreachHarness({ tasks: 300, rateLimit: 4 });
      return { h: outreach, ids: outreach.sandbox.tasks.filter((task) => task.state === 'incomplete').slice(0, 12).map((task) => String(task.id)), verb: 'complete', changes: () => outreach.sandbox.mutations.length };
    },
  },
];

describe.each(subjects)('stop on $provider', (subject) => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s while changes wait on the rate limiter: none of them is sent; they are reported not sent', async (signal) => {
    const s = await subject.start();
    h = s.h;
    let io: TestIo | undefined;
    let atStop = -1;
    const running = s.h.topo(['tasks', s.verb, ...s.ids, '--yes', '--json', '--concurrency', '4'], { onStart: (started) => { io = started; } });
    // Stop once a few changes went out and the rest wait on the limiter (4 a second).
    while (s.changes() < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    io!.interrupt(signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    atStop = s.changes();
    const result = await running;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(s.changes(), 'a change went out after stop').toBe(atStop);
    expect(atStop).toBeLessThan(s.ids.length);
    expect(result.code).toBe(signal === 'SIGTERM' ? 143 : 130);
    const results = JSON.parse(result.stdout) as Array<{ outcome: string; error?: string }>;
    const notSent = results.filter((r) => r.outcome === 'not-attempted');
    expect(notSent.length).toBe(s.ids.length - results.filter((r) => r.outcome === 'changed').length);
    expect(results.some((r) => r.outcome === 'failed')).toBe(false);
    expect(result.stderr).toMatch(signal === 'SIGTERM' ? /terminated \(SIGTERM\): stopping; nothing more is sent/ : /interrupted: stopping; nothing more is sent/);
  });
});

describe('SIGTERM stops a listing', () => {
  it('stats over a slow server stop at once with exit 143', async () => {
    const topo = await harness({ tasks: 3000, latency: 80 });
    h = topo;
    let io: TestIo | undefined;
    const running = topo.topo(['tasks', 'stats', '--by', 'assignee'], { onStart: (started) => { io = started; } });
    while (topo.sandbox.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    io!.interrupt('SIGTERM');
    const atStop = topo.sandbox.requests.length;
    const result = await running;
    expect(result.code).toBe(143);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Requests already on their way may land; nothing new is asked for.
    expect(topo.sandbox.requests.length).toBeLessThanOrEqual(atStop + 10);
  });
});
