// Wires `users ls | alias set | alias rm` into the command tree; the work is in users.ts, loaded on use.
import type { Command } from 'commander';
import { examples, type CommandBody } from '../../cli.ts';
import { uuidParser } from '../../lib/parse.ts';

type Action = (body: CommandBody) => (...args: unknown[]) => Promise<void>;

export function registerUsersCommands(program: Command, action: Action): void {
  const users = program.command('users').description('user aliases and open workload per assignee')
    .addHelpText('after', examples('topo users ls', 'topo users alias set ana 3c90c3cc-0d44-4b50-8888-8dd25736052a'));
  users.command('ls').description('aliases, plus every assignee with open tasks and how many')
    .addHelpText('after', examples('topo users ls', 'topo users ls --json | jq \'.users[] | select(.open_tasks > 50)\''))
    .action(action(async (rt, command) => (await import('./users.ts')).runUsersLs(rt, { json: command.optsWithGlobals().json })));
  const alias = users.command('alias').description('name user UUIDs: aliases work wherever a <user> is asked for')
    .addHelpText('after', examples('topo users alias set ana 3c90c3cc-0d44-4b50-8888-8dd25736052a', 'topo users alias rm ana'));
  alias.command('set').argument('<name>', 'alias, e.g. ana').argument('<uuid>', 'user UUID', uuidParser).description('set an alias (per profile)')
    .addHelpText('after', examples('topo users alias set ana 3c90c3cc-0d44-4b50-8888-8dd25736052a', 'topo tasks ls --assignee ana'))
    .action(action(async (rt, command) => {
      const [name, uuid] = command.processedArgs as [string, string];
      await (await import('./users.ts')).runAliasSet(rt, name, uuid);
    }));
  alias.command('rm').argument('<name>', 'alias to remove').description('remove an alias')
    .addHelpText('after', examples('topo users alias rm ana'))
    .action(action(async (rt, command) => (await import('./users.ts')).runAliasRm(rt, command.args[0] ?? '')));
}
