// topo sandbox serve: flags; the run is in run.ts.
import { Command, InvalidArgumentError } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import { enumOption, intParser, shown } from '../../../cmdutil/flags.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { ServeOptions } from './run.ts';

export type ServeRun = (rt: Runtime, options: ServeOptions) => Promise<number | void>;

function probability(raw: string): number {
  const value = Number(raw);
  if (!/^\s*(0|1|0?\.\d+|1\.0*)\s*$/.test(raw) || value < 0 || value > 1) throw new InvalidArgumentError(`'${shown(raw)}' must be a probability from 0 to 1.`);
  return value;
}

export const DEFAULT_PORT = 4010;

export function serveCommand(ctx: CommandContext, run?: ServeRun): Command {
  const runServe: ServeRun = run ?? (async (...args) => (await import('./run.ts')).runServe(...args));
  return new Command('serve').description('serve the sandbox API on 127.0.0.1 until Ctrl-C')
    .option('--port <port>', `port (0 picks a free one; default ${DEFAULT_PORT})`, intParser(0, 65535))
    .option('--seed <n>', 'demo data seed (default 1)', intParser(0))
    .option('--tasks <n>', 'number of tasks (default 240)', intParser(1, 1_000_000))
    .option('--latency <ms>', 'delay added to every answer', intParser(0))
    .option('--rate-limit <rps>', 'requests per second before 429', intParser(1))
    .option('--fail-rate <p>', 'probability of an injected fault per request (5xx, resets, 429, truncated bodies)', probability)
    .addOption(enumOption('--errors <dialect>', 'error bodies: topo (the documented envelope, default) or fastapi (the older {"detail": ...})', ['topo', 'fastapi']))
    .option('--token-ttl <seconds>', 'Outreach: lifetime of access tokens a refresh hands out (default 7200)', intParser(1))
    .option('--state <file>', 'state file (changes survive restarts; default: one per seed and size in the config folder)')
    .addHelpText('after', examples(
      'topo sandbox serve --port 4010',
      'topo sandbox serve --tasks 20000 --latency 50 --rate-limit 50 --fail-rate 0.1 --state /tmp/sandbox.json',
      'topo sandbox serve --provider outreach --port 4011 --rate-limit 50',
    ))
    .action(ctx.action((rt, command) => {
      const options = optionsOf<ServeOptions>(command);
      return runServe(rt, { ...options, port: options.port ?? DEFAULT_PORT });
    }));
}
