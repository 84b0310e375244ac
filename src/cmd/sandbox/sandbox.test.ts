// The read path end to end: the built binary against the sandbox over real HTTP.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../core/contract.ts';
import { harness, run, type Harness } from '../../../test/support/cli.ts';

let h: Harness;

beforeAll(async () => {
  h = await harness({ tasks: 600 });
});
afterAll(() => h.close());


describe('--sandbox', () => {
  it('runs any command against an embedded sandbox whose state persists', async () => {
    const env = { TOPO_CONFIG_DIR: h.configDir + '-embedded', TOPO_API_KEY: undefined, TOPO_BASE_URL: undefined };
    const first = await run(['--sandbox', 'tasks', 'ls', '--status', 'PENDING', '--size', '1', '--fields', 'id'], { env });
    expect(first.code).toBe(0);
    const id = first.stdout.trim();
    expect((await run(['--sandbox', 'tasks', 'skip', id], { env })).code).toBe(0);
    const shown = JSON.parse((await run(['tasks', 'show', id, '--json'], { env: { ...env, TOPO_SANDBOX: '1' } })).stdout) as Task;
    expect(shown.status).toBe('SKIPPED');
    fs.rmSync(env.TOPO_CONFIG_DIR, { recursive: true, force: true });
  });
});
