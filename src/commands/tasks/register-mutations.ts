// Wires `tasks skip | reopen | reassign` into the command tree.
import { Option, type Command } from 'commander';
import { PRIORITIES, SCOPES, TASK_TYPES, type Scope } from '../../contract.ts';
import { UsageError } from '../../http/errors.ts';
import { examples, type CommandBody } from '../../cli.ts';
import { enumListParser, enumParser, intParser } from '../../lib/parse.ts';
import type { MutationOptions } from './mutate.ts';

const DEFAULT_CONCURRENCY = 8;

type Action = (body: CommandBody) => (...args: unknown[]) => Promise<void>;

function addSafetyOptions(command: Command): Command {
  return command
    .option('-y, --yes', 'act on more than one task without asking (required when not on a terminal)')
    .option('--dry-run', 'show what would be sent and what the state would become; send no change')
    .option('--concurrency <n>', 'requests at once, 1..64', intParser(1, 64), DEFAULT_CONCURRENCY);
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
  addSafetyOptions(tasks.command('reassign')
    .description("assign tasks to another user; --from redistributes a departing rep's open work")
    .argument('[ids...]', idsHelp))
    .option('--to <user>', 'new assignee: UUID or alias; repeat or comma-separate for several targets with --from', (raw: string, previous: string[] = []) => [...previous, ...raw.split(',').map((v) => v.trim()).filter(Boolean)])
    .addOption(new Option('--scope <scope>', 'with ids: task moves only them; sequence moves every open task of their runs').argParser(enumParser(SCOPES)).default('TASK'))
    .option('--from <user>', "redistribute every open task of this user (UUID or alias)")
    .addOption(new Option('--strategy <strategy>', 'with --from and several --to: balance (least-loaded first) or round-robin').choices(['balance', 'round-robin']))
    .addOption(new Option('--types <types>', `with --from: only these task types: ${TASK_TYPES.join('|')}`).argParser(enumListParser(TASK_TYPES)))
    .addOption(new Option('--priorities <priorities>', `with --from: only these priorities: ${PRIORITIES.join('|')}`).argParser(enumListParser(PRIORITIES)))
    .option('--plan-out <file>', 'with --from: write the plan as JSON (review it, then apply it with --plan)')
    .option('--plan <file>', 'apply a saved plan, re-checking every entry and reporting stale ones')
    .option('--journal <file>', 'where to append the journal of changes (default: in the config folder)')
    .option('--undo <journal>', "put every task of a journal back to its previous assignee")
    .addHelpText('after', examples(
      'topo tasks reassign 3c90c3cc-0d44-4b50-8888-8dd25736052a --to ana',
      'topo tasks reassign <id> --to ana --scope sequence',
      'topo tasks ls --assignee bram --status PENDING --json | topo tasks reassign - --to ana --yes --json',
      'topo tasks reassign --from bram --to ana --to chen --dry-run --plan-out plan.json',
      'topo tasks reassign --plan plan.json --yes --json > result.json',
      'topo tasks reassign --undo ~/.config/topo/journals/reassign-….jsonl --yes',
    ))
    .action(action(async (rt, command) => {
      const options = command.opts();
      options.to ??= [];
      const common = { ...(options as MutationOptions), json: command.optsWithGlobals().json };
      const offboarding = options.from !== undefined || options.plan !== undefined || options.undo !== undefined || command.args.length === 0;
      if (!offboarding) {
        for (const flag of ['strategy', 'types', 'priorities', 'planOut', 'journal'] as const) {
          if (options[flag] !== undefined) throw new UsageError(`--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} goes with --from, not with task ids`);
        }
        if (options.to.length > 1) throw new UsageError('--to: several targets go with --from; with task ids give one --to');
        return (await import('./mutate.ts')).runReassign(rt, command.args, { ...common, to: options.to[0], scope: options.scope as Scope });
      }
      if (command.args.length) throw new UsageError('task ids cannot be combined with --from, --plan or --undo');
      if ([options.from !== undefined, options.plan !== undefined, options.undo !== undefined].filter(Boolean).length > 1) throw new UsageError('--from, --plan and --undo cannot be combined: pick one');
      if ((options.plan || options.undo) && options.to.length) throw new UsageError('--to cannot be combined with --plan or --undo: the targets come from the file');
      if (options.scope !== 'TASK') throw new UsageError('--scope goes with task ids: --from picks the scope per sequence run itself');
      return (await import('./offboard.ts')).runOffboard(rt, { ...common, from: options.from, to: options.to, strategy: options.strategy,
        types: options.types, priorities: options.priorities, planOut: options.planOut, plan: options.plan, undo: options.undo, journal: options.journal });
    }));
}
