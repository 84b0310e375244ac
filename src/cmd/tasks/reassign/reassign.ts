// topo tasks reassign: flags and the choice between its two modes. With task ids it moves those
// tasks (by-ids.ts); with --from, --plan or --undo it redistributes a rep's open work (offboard.ts).
import { Command, Option } from 'commander';
import { vocabulary } from '../../../providers/registry.ts';
import { UsageError } from '../../../core/errors.ts';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import { enumListParser, enumOption, listParser, repeatedParser } from '../../../cmdutil/flags.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { addSafetyOptions, type MutationOptions } from '../shared/mutation.ts';
import { IDS_HELP } from '../shared/change.ts';
import type { ReassignIdsOptions } from './by-ids.ts';
import type { OffboardOptions } from './offboard.ts';
import type { Strategy } from '../shared/redistribution/plan.ts';

interface ReassignFlags extends MutationOptions {
  to?: string[];
  scope?: string;
  from?: string;
  strategy?: Strategy;
  types?: string[];
  priorities?: string[];
  planOut?: string;
  plan?: string;
  journal?: string;
  undo?: string[];
  journals?: boolean;
  cap?: string[];
}

export interface ReassignRuns {
  ids(rt: Runtime, ids: string[], options: ReassignIdsOptions): Promise<number>;
  offboard(rt: Runtime, options: OffboardOptions): Promise<number>;
}

const OFFBOARD_ONLY = ['strategy', 'types', 'priorities', 'planOut', 'journal', 'cap'] as const;
const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Which mode the flags ask for, with every impossible combination refused before anything is sent. */
export function reassignMode(args: string[], flags: ReassignFlags): { mode: 'ids'; options: ReassignIdsOptions } | { mode: 'offboard'; options: OffboardOptions } {
  const to = flags.to ?? [];
  const offboarding = flags.from !== undefined || flags.plan !== undefined || flags.undo !== undefined || flags.journals !== undefined || args.length === 0;
  if (!offboarding) {
    for (const key of OFFBOARD_ONLY) if (flags[key] !== undefined) throw new UsageError(`${flagName(key)} goes with --from, not with task ids`);
    if (to.length === 0) throw new UsageError('tasks reassign needs --to <user> (a UUID or an alias)', "or --from <user> to redistribute a rep's open work");
    if (to.length > 1) throw new UsageError('--to: several targets go with --from; with task ids give one --to');
    return { mode: 'ids', options: { ...flags, to: to[0]!, scope: (flags.scope ?? 'TASK') as 'TASK' | 'SEQUENCE', scopeGiven: flags.scope !== undefined } };
  }
  if (args.length) throw new UsageError('task ids cannot be combined with --from, --plan or --undo');
  if ([flags.from, flags.plan, flags.undo, flags.journals].filter((value) => value !== undefined).length > 1) throw new UsageError('--from, --plan, --undo and --journals cannot be combined: pick one');
  if ((flags.plan || flags.undo) && to.length) throw new UsageError('--to cannot be combined with --plan or --undo: the targets come from the file');
  if ((flags.plan || flags.undo) && flags.cap) throw new UsageError('--cap cannot be combined with --plan or --undo: the caps come from the file');
  if (flags.scope !== undefined) throw new UsageError('--scope goes with task ids: --from picks the scope per sequence run itself');
  if (flags.planOut !== undefined && flags.plan !== undefined) throw new UsageError('--plan-out writes a new plan and --plan applies a saved one: pick one');
  return { mode: 'offboard', options: { ...flags, to } };
}

export function reassignCommand(ctx: CommandContext, runs?: Partial<ReassignRuns>): Command {
  const run: ReassignRuns = {
    ids: runs?.ids ?? (async (rt, ...args) => (await import('./by-ids.ts')).runReassignIds(rt, ...args)),
    offboard: runs?.offboard ?? (async (rt, ...args) => (await import('./offboard.ts')).runOffboard(rt, ...args)),
  };
  return addSafetyOptions(new Command('reassign')
    .description("assign tasks to another user; --from redistributes a departing rep's open work")
    .argument('[ids...]', IDS_HELP))
    .option('--to <user>', 'new assignee: UUID or alias; with --from repeat or comma-separate for several targets, user:2 for twice the share', listParser)
    .option('--cap <user=n>', 'with --from: this target holds at most n open tasks after the move (repeatable); what fits nowhere stays and is reported', repeatedParser)
    .addOption(enumOption('--scope <scope>', 'with ids: TASK (default) moves only them; SEQUENCE moves every open task of their groups (where one call can)', vocabulary('scope')))
    .option('--from <user>', 'redistribute every open task of this user (UUID or alias)')
    .addOption(enumOption('--strategy <strategy>', 'with --from and several --to: balance (least-loaded first, default) or round-robin', ['balance', 'round-robin']))
    .addOption(new Option('-t, --types <types>', `with --from: only these task types: ${vocabulary('types').join('|')}`).argParser(enumListParser(vocabulary('types'))))
    .addOption(new Option('-p, --priorities <priorities>', `with --from: only these priorities: ${vocabulary('priorities').join('|')}`).argParser(enumListParser(vocabulary('priorities'))))
    .option('--plan-out <file>', 'with --from: write the plan as JSON and stop (review it, then apply it with --plan)')
    .option('--plan <file>', 'apply a saved plan, re-checking every entry and reporting stale ones')
    .option('--journal <file>', 'where to append the journal of changes (default: in the config folder)')
    .option('--undo <journal>', 'put every task of a journal back to its previous assignee (repeatable: a run and its re-runs)', repeatedParser)
    .option('--journals', 'list the journals in the config folder (what --undo can take back)')
    .addHelpText('after', examples(
      'topo tasks reassign 3c90c3cc-0d44-4b50-8888-8dd25736052a --to ana',
      'topo tasks reassign <id> --to ana --scope sequence',
      'topo tasks ls --assignee bram --status PENDING --all --json | topo tasks reassign - --to ana --yes --json',
      'topo tasks reassign --from bram --to ana --to chen --plan-out plan.json',
      'topo tasks reassign --from bram --to ana:2 --to chen --cap chen=40 --yes',
      'topo tasks reassign --plan plan.json --yes --json > result.json',
      'topo tasks reassign --journals',
      'topo tasks reassign --undo ~/.config/topo/journals/reassign-1b8f2d63-2026-11-24-3f9a1c.jsonl --yes',
    ))
    .action(ctx.action((rt, command) => {
      const chosen = reassignMode(command.args, optionsOf<ReassignFlags>(command));
      return chosen.mode === 'ids' ? run.ids(rt, command.args, chosen.options) : run.offboard(rt, chosen.options);
    }, { csv: true }));
}
