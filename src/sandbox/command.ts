// topo sandbox serve: the sandbox API as a long-running local server.
import type { Command } from 'commander';
import type { CommandBody } from '../cli.ts';
import { examples } from '../cli.ts';
import { intParser } from '../lib/parse.ts';
import { InvalidArgumentError } from 'commander';
import path from 'node:path';
import { SANDBOX_STATE_FILE, type Runtime } from '../runtime.ts';

export interface ServeOptions {
  port: number;
  seed?: number;
  tasks?: number;
  latency?: number;
  rateLimit?: number;
  failRate?: number;
  state?: string;
}

function probability(raw: string): number {
  const value = Number(raw);
  if (!/^\s*(0|1|0?\.\d+|1\.0*)\s*$/.test(raw) || value < 0 || value > 1) throw new InvalidArgumentError(`'${raw}' must be a probability from 0 to 1.`);
  return value;
}

export async function runServe(rt: Runtime, options: ServeOptions): Promise<number> {
  const { startSandbox } = await import('./server.ts');
  const sandbox = await startSandbox({
    port: options.port,
    seed: options.seed,
    tasks: options.tasks,
    latency: options.latency,
    rateLimit: options.rateLimit,
    failRate: options.failRate,
    stateFile: options.state ? path.resolve(options.state) : path.join(rt.configDir, SANDBOX_STATE_FILE),
  });
  const { stderr, stdout } = rt.io;
  stdout.write(`${sandbox.url}\n`);
  stderr.write([
    `topo sandbox: ${sandbox.state.tasks} tasks (seed ${sandbox.state.seed}) on ${sandbox.url}`,
    `  state file   ${sandbox.options.stateFile}`,
    `  keys         tasks:read+write ${sandbox.keys.write}`,
    `               tasks:read only  ${sandbox.keys.read}`,
    `  reps         ${sandbox.workspace.reps.map((rep) => `${rep.alias}=${rep.id}`).join('\n               ')}`,
    `  try          TOPO_BASE_URL=${sandbox.url} TOPO_API_KEY=${sandbox.keys.write} topo tasks ls`,
    'Ctrl-C stops it.',
  ].join('\n') + '\n');
  await new Promise<void>((resolve) => {
    rt.interrupt.signal.addEventListener('abort', () => resolve(), { once: true });
    process.once('SIGTERM', () => resolve());
  });
  await sandbox.close();
  return 0;
}

export function registerSandboxCommand(program: Command, action: (body: CommandBody) => (...args: unknown[]) => Promise<void>): void {
  const sandbox = program.command('sandbox').description('a local Topo-compatible API with demo data')
    .addHelpText('after', examples('topo sandbox serve', 'topo --sandbox tasks ls   # an embedded sandbox, no server to start'));
  sandbox.command('serve').description('serve the sandbox API on 127.0.0.1 until Ctrl-C')
    .option('--port <port>', 'port (0 picks a free one)', intParser(0, 65535), 4010)
    .option('--seed <n>', 'demo data seed (default 1)', intParser(0))
    .option('--tasks <n>', 'number of tasks (default 240)', intParser(1, 1_000_000))
    .option('--latency <ms>', 'delay added to every answer', intParser(0))
    .option('--rate-limit <rps>', 'requests per second before 429', intParser(1))
    .option('--fail-rate <p>', 'probability of an injected fault per request (5xx, resets, 429, truncated bodies)', probability)
    .option('--state <file>', 'state file (changes survive restarts)')
    .addHelpText('after', examples(
      'topo sandbox serve --port 4010',
      'topo sandbox serve --tasks 20000 --latency 50 --rate-limit 50 --fail-rate 0.1 --state /tmp/sandbox.json',
    ))
    .action(action((rt, command) => runServe(rt, command.opts() as ServeOptions)));
}
