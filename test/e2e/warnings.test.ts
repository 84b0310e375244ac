// No runtime warning ever reaches the user: the binary, under a rate limit and faults.
import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/providers/topo/contract.ts';
import { harness, lines } from '../support/cli.ts';

const isOpen = (task: Task) => task.status === 'PENDING' || task.status === 'IN_PROGRESS';

describe('runtime warnings', () => {
  it('under a rate limit and faults, no Node warning reaches the user (the binary, as a user runs it)', async () => {
    const h = await harness({ tasks: 1500, seed: 6, rateLimit: 30, failRate: 0.2 });
    try {
      const exported = await h.topo(['--max-retries', '12', 'tasks', 'ls', '--all', '--ndjson'], { spawn: true, timeoutMs: 120_000 });
      expect(exported.code, exported.stderr).toBe(0);
      expect(lines(exported.stdout)).toHaveLength(1500);
      expect(exported.stderr).not.toMatch(/Warning|MaxListeners|DeprecationWarning/);
      const ids = h.sandbox.tasks.filter(isOpen).slice(0, 200).map((t) => t.id);
      const skipped = await h.topo(['--max-retries', '12', 'tasks', 'skip', '-', '--yes', '--concurrency', '32'], { spawn: true, input: ids.join('\n'), timeoutMs: 120_000 });
      expect(skipped.code, skipped.stderr).toBe(0);
      expect(skipped.stderr).not.toMatch(/Warning|MaxListeners/);
    } finally {
      await h.close();
    }
  }, 150_000);
});



