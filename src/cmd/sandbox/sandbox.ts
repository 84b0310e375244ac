// topo sandbox: a local Topo-compatible API with demo data.
import { Command } from 'commander';
import { examples, type CommandContext } from '../../cmdutil/command.ts';
import { serveCommand } from './serve/serve.ts';

export function sandboxCommand(ctx: CommandContext): Command {
  return new Command('sandbox').description('a local Topo-compatible API with demo data')
    .addHelpText('after', examples('topo sandbox serve', 'topo --sandbox tasks ls   # an embedded sandbox, no server to start'))
    .addCommand(serveCommand(ctx));
}
