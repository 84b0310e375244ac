// topo sandbox: a local Topo-compatible API with demo data.
import { Command } from 'commander';
import { examples, type CommandContext } from '../../cmdutil/command.ts';
import { serveCommand } from './serve/serve.ts';

/** The group's line in `topo --help`, also shown before the group is built. */
export const SUMMARY = 'a local Topo-compatible API with demo data';

export function sandboxCommand(ctx: CommandContext): Command {
  return new Command('sandbox').description(SUMMARY)
    .addHelpText('after', examples('topo sandbox serve', 'topo --sandbox tasks ls   # an embedded sandbox, no server to start'))
    .addCommand(serveCommand(ctx));
}
