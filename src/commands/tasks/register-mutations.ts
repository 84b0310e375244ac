// Wires `tasks skip | reopen | reassign` into the command tree.
import { Option, type Command } from 'commander';
import { SCOPES, type Scope } from '../../contract.ts';
import { examples, type CommandBody } from '../../cli.ts';
import { enumParser, intParser } from '../../lib/parse.ts';
import type { MutationOptions } from './mutate.ts';

const DEFAULT_CONCURRENCY = 8;

type Action = (body: CommandBody) => (...args: unknown[]) => Promise<void>;

function addSafetyOptions(command: Command): Command {
  return command
    .option('-y, --yes', 'act on more than one task without asking (required when not on a terminal)')
    .option('--dry-run', 'show what would be sent and what the state would become; send no change')
    .option('--concurrency <n>', `requests at once (default ${DEFAULT_CONCURRENCY})`, intParser(1, 64), DEFAULT_CONCURRENCY);
}

export function registerMutationCommands(tasks: Command, action: Action): void {
  const idsHelp = "task UUIDs, or - to read them from stdin (one per line, or JSON/NDJSON from 'tasks ls')";
  for (const transition of ['skip', 'reopen'] as const) {
    const purpose = transition === 'skip' ? 'mark PENDING or IN_PROGRESS tasks SKIPPED' : 'return COMPLETED or SKIPPED tasks to PENDING';
    addSafetyOptions(tasks.command(transition).description(purpose).argument('<ids...>', idsHelp))
      .addHelpText('after', examples(
        `topo tasks ${transition} 3c90c3cc-0d44-4b50-8888-8dd25736052a`,
        `topo tasks ls --status ${transition === 'skip' ? 'PENDING --types CALL' : 'SKIPPED --created-after 7d'} --json | topo tasks ${transition} - --yes`,
        `topo tasks ${transition} - --dry-run < ids.txt`,
      ))
      .action(action(async (rt, command) => (await import('./mutate.ts')).runTransition(rt, transition, command.args, { ...(command.opts() as MutationOptions), json: command.optsWithGlobals().json })));
  }
  addSafetyOptions(tasks.command('reassign').description('assign tasks to another user; --scope sequence moves their whole sequence runs')
    .argument('[ids...]', idsHelp))
    .option('--to <user>', 'new assignee: a UUID or an alias (topo users alias set)')
    .addOption(new Option('--scope <scope>', 'task: only these tasks; sequence: every open task of their sequence runs').argParser(enumParser(SCOPES)).default('TASK'))
    .addHelpText('after', examples(
      'topo tasks reassign 3c90c3cc-0d44-4b50-8888-8dd25736052a --to ana',
      'topo tasks reassign <id> --to ana --scope sequence',
      'topo tasks ls --assignee bram --status PENDING --json | topo tasks reassign - --to ana --yes --json',
    ))
    .action(action(async (rt, command) => {
      const options = command.opts();
      return (await import('./mutate.ts')).runReassign(rt, command.args, { ...(options as MutationOptions), to: options.to, scope: options.scope as Scope, json: command.optsWithGlobals().json });
    }));
}
