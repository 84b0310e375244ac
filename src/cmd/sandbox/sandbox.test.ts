// The sandbox: embedded (--sandbox) and served (sandbox serve) keep their own state and never lose
// a change made through either.
import fs from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../../providers/topo/contract.ts';
import type { TestIo } from '../../core/test-io.ts';
import { SANDBOX_KEYS } from '../../providers/topo/sandbox.ts';
import { run, tempDir, type RunResult } from '../../../test/support/cli.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const configDir = () => {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
};

/** `sandbox serve` in this process: resolves with its URL, and a stop that interrupts it like Ctrl-C. */
async function serve(env: Record<string, string>, args: string[] = []): Promise<{ url: string; stop: () => Promise<RunResult> }> {
  let io: TestIo | undefined;
  const running = run(['sandbox', 'serve', '--port', '0', ...args], { env, demoKeysShown: true, onStart: (started) => { io = started; } });
  for (let i = 0; i < 200 && !/http:\/\/127\.0\.0\.1:\d+/.test(io?.stdout.text ?? ''); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  const url = /http:\/\/127\.0\.0\.1:\d+/.exec(io!.stdout.text)![0];
  return { url, stop: () => { io!.interrupt(); return running; } };
}

describe('--sandbox', () => {
  it('runs any command against an embedded sandbox whose state persists', async () => {
    const env = { TOPO_CONFIG_DIR: configDir() };
    const first = await run(['--sandbox', 'tasks', 'ls', '--status', 'PENDING', '--size', '1', '--fields', 'id'], { env });
    expect(first.code).toBe(0);
    const id = first.stdout.trim();
    expect((await run(['--sandbox', 'tasks', 'skip', id], { env })).code).toBe(0);
    const shown = JSON.parse((await run(['tasks', 'show', id, '--json'], { env: { ...env, TOPO_SANDBOX: '1' } })).stdout) as Task;
    expect(shown.status).toBe('SKIPPED');
  });

  it('20 --sandbox skips at once, each its own process, all land in the shared state', async () => {
    const env = { TOPO_CONFIG_DIR: configDir() };
    const listed = await run(['--sandbox', 'tasks', 'ls', '--status', 'PENDING', '--size', '20', '--json'], { env });
    const ids = (JSON.parse(listed.stdout) as Task[]).map((task) => task.id);
    expect(ids).toHaveLength(20);
    // Separate processes (the binary): in one process the state writes could not interleave.
    const skips = await Promise.all(ids.map((id) => run(['--sandbox', 'tasks', 'skip', id], { env, spawn: true })));
    expect(skips.map((skip) => skip.code)).toEqual(ids.map(() => 0));
    const skipped = await run(['--sandbox', 'tasks', 'ls', '--status', 'SKIPPED', '--all', '--json'], { env });
    const now = new Set((JSON.parse(skipped.stdout) as Task[]).map((task) => task.id));
    expect(ids.filter((id) => !now.has(id))).toEqual([]);
  });

  it('refuses --sandbox together with a base URL: which API would it act on?', async () => {
    const env = { TOPO_CONFIG_DIR: configDir() };
    const both = await run(['--sandbox', '--base-url', 'https://api.topo.io/v1', 'tasks', 'ls'], { env });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--sandbox and --base-url name two different APIs: pick one/);
    const fromEnv = await run(['tasks', 'ls'], { env: { ...env, TOPO_SANDBOX: '1', TOPO_BASE_URL: 'https://api.topo.io/v1' } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/TOPO_BASE_URL/);
  });
});

describe('sandbox serve', () => {
  it('keeps its own state: changes through the server and through --sandbox both survive, in any order', async () => {
    const env = { TOPO_CONFIG_DIR: configDir() };
    const server = await serve(env);
    const served = { ...env, TOPO_BASE_URL: server.url, TOPO_API_KEY: SANDBOX_KEYS.write };
    const pending = (await run(['tasks', 'ls', '--status', 'PENDING', '--size', '4', '--fields', 'id'], { env: served })).stdout.trim().split('\n');
    // One change through --sandbox, one through the server, one more through --sandbox.
    expect((await run(['--sandbox', 'tasks', 'skip', pending[0]!], { env })).code).toBe(0);
    expect((await run(['tasks', 'skip', pending[1]!], { env: served })).code).toBe(0);
    expect((await run(['--sandbox', 'tasks', 'skip', pending[2]!], { env })).code).toBe(0);
    expect((await server.stop()).code).toBe(0);
    const embedded = (id: string) => run(['--sandbox', 'tasks', 'show', id, '--json'], { env }).then((result) => (JSON.parse(result.stdout) as Task).status);
    expect(await embedded(pending[0]!)).toBe('SKIPPED');
    expect(await embedded(pending[2]!)).toBe('SKIPPED');
    // A restarted server still has its change; a server of another size does not reset it.
    const other = await serve(env, ['--tasks', '500']);
    await other.stop();
    const again = await serve(env);
    const status = JSON.parse((await run(['tasks', 'show', pending[1]!, '--json'], { env: { ...env, TOPO_BASE_URL: again.url, TOPO_API_KEY: SANDBOX_KEYS.write } })).stdout) as Task;
    await again.stop();
    expect(status.status).toBe('SKIPPED');
  });

  it('prints every demo key the README lists, and its try line runs as printed: demo first names are aliases', async () => {
    const env = { TOPO_CONFIG_DIR: configDir() };
    const server = await serve(env);
    const result = await server.stop();
    const readme = fs.readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const listed = [...readme.matchAll(/`(topo_sandbox_\w+)`/g)].map((match) => match[1]!);
    expect(new Set(listed)).toEqual(new Set(Object.values(SANDBOX_KEYS)));
    for (const key of listed) expect(result.stderr).toContain(key);
    const again = await serve(env);
    const tryLine = /try\s+(.*)/.exec(result.stderr)![1]!.replace(/http:\/\/127\.0\.0\.1:\d+/, again.url);
    const [assignments, command] = [tryLine.split(' topo ')[0]!, tryLine.split(' topo ')[1]!];
    const tried = await run(command.split(' '), { env: { ...env, ...Object.fromEntries(assignments.split(' ').map((pair) => pair.split('='))) } });
    await again.stop();
    expect(tried.stderr).not.toMatch(/not a|unknown/i);
    expect(tried.code).toBe(0);
    expect(tried.stdout + tried.stderr).toMatch(/bram/i);
  });

  it('two --sandbox commands at once (a pipeline) keep both their changes', async () => {
    const env = { TOPO_CONFIG_DIR: configDir() };
    const ids = (await run(['--sandbox', 'tasks', 'ls', '--status', 'PENDING', '--size', '6', '--fields', 'id'], { env })).stdout.trim().split('\n');
    const results = await Promise.all([
      run(['--sandbox', 'tasks', 'skip', '-', '--yes'], { env, input: ids.slice(0, 3).join('\n') }),
      run(['--sandbox', 'tasks', 'skip', '-', '--yes'], { env, input: ids.slice(3).join('\n') }),
    ]);
    expect(results.map((result) => result.code)).toEqual([0, 0]);
    const after = JSON.parse((await run(['--sandbox', 'tasks', 'ls', '--status', 'SKIPPED', '--all', '--json'], { env })).stdout) as Task[];
    expect(ids.every((id) => after.some((task) => task.id === id))).toBe(true);
  });

  it('a --state file of another workspace is refused, not reset; a port in use is one clear line (exit 2)', async () => {
    const dir = configDir();
    const env = { TOPO_CONFIG_DIR: dir };
    const state = `${dir}/state.json`;
    const server = await serve(env, ['--state', state]);
    const served = { ...env, TOPO_BASE_URL: server.url, TOPO_API_KEY: SANDBOX_KEYS.write };
    const id = (await run(['tasks', 'ls', '--status', 'PENDING', '--size', '1', '--fields', 'id'], { env: served })).stdout.trim();
    expect((await run(['tasks', 'skip', id], { env: served })).code).toBe(0);
    await server.stop();
    const before = fs.readFileSync(state, 'utf8');
    const refused = await run(['sandbox', 'serve', '--port', '0', '--state', state, '--tasks', '900'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds a sandbox of seed 1 with 240 tasks, not the one asked for; nothing was changed/);
    expect(fs.readFileSync(state, 'utf8')).toBe(before);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const busy = await run(['sandbox', 'serve', '--port', String(port)], { env });
      expect(busy.code).toBe(2);
      expect(busy.stderr).toBe(`error: port ${port} is already in use\nhint: pick another with --port, or --port 0 for any free one\n`);
    } finally {
      blocker.close();
    }
  });
});
