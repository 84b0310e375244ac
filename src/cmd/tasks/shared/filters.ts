// The task filters as flags, shared by `tasks ls`, `tasks stats` and `tasks triage`; each provider
// maps them to its API (its `query`), and the flags it lacks are refused here from its capability data.
import { Option, type Command } from 'commander';
import { PRIORITIES, STATUSES, TASK_TYPES } from '../../../providers/topo/contract.ts';
import { UsageError } from '../../../core/errors.ts';
import { enumListParser, enumOption, idParser, listParser, parseWhen } from '../../../cmdutil/flags.ts';
import { SORT_WORDS, TASK_ACTIONS, TASK_STATES } from '../../../providers/outreach/contract.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { FlagRefusal } from '../../../providers/types.ts';

import { OPEN } from '../../../providers/types.ts';

export { OPEN, type FilterFlags } from '../../../providers/types.ts';

/** Refuses the flags given that the profile's provider does not have (exit 2, nothing sent). */
export function refuseOtherProviderFlags(rt: Runtime, flags: object, extra: ReadonlyArray<FlagRefusal> = []): void {
  const record = flags as Record<string, unknown>;
  for (const { key, flag, why, instead } of [...rt.spec.capabilities.lacksFlags, ...extra]) {
    if (record[key] !== undefined) throw new UsageError(`${flag} does not exist on ${rt.spec.title}: ${why}; nothing was sent`, instead);
  }
}

export function addFilterOptions(command: Command, options: { sort?: boolean } = {}): Command {
  command
    .addOption(enumOption('-s, --status <status>', 'only tasks in this state; open means PENDING or IN_PROGRESS', [...STATUSES, OPEN]))
    .addOption(new Option('-t, --types <types>', `task types, comma-separated or repeated: ${TASK_TYPES.join('|')}`).argParser(enumListParser(TASK_TYPES)))
    .addOption(new Option('-p, --priorities <priorities>', `priorities, comma-separated or repeated: ${PRIORITIES.join('|')}`).argParser(enumListParser(PRIORITIES)))
    .option('-a, --assignee <user>', 'only tasks assigned to this user (UUID or alias; on Outreach also an id, email or name)')
    .option('--owner <user>', 'Outreach\'s word for --assignee (the same filter)')
    .option('--sequence <id>', 'only tasks of this sequence run (Topo: UUID) or sequence (Outreach: id)', idParser)
    .option('--template <name|uuid>', "only tasks of this sequence template, by exact name or UUID (repeatable; a name costs one lookup)", listParser)
    .option('--created-after <when>', 'created strictly after: ISO 8601 or 30m, 24h, 7d, today, yesterday (local time)', (raw: string) => parseWhen(raw))
    .option('--created-before <when>', 'created strictly before: ISO 8601 or 30m, 24h, 7d, today, yesterday (local time)', (raw: string) => parseWhen(raw))
    .addOption(enumOption('--state <state>', `Outreach: only tasks in this state: ${TASK_STATES.join('|')}`, TASK_STATES))
    .addOption(new Option('--action <actions>', `Outreach: only these actions, comma-separated or repeated: ${TASK_ACTIONS.join('|')}`).argParser(enumListParser(TASK_ACTIONS)))
    .option('--due-before <when>', 'Outreach: due before: ISO 8601, 7d (ago), +3d (ahead), today, tomorrow', (raw: string) => parseWhen(raw))
    .option('--due-after <when>', 'Outreach: due after: ISO 8601, 7d (ago), +3d (ahead), today, tomorrow', (raw: string) => parseWhen(raw));
  if (options.sort === false) return command;
  return command
    .addOption(enumOption('--sort <field>', 'sort by creation, last update or (Outreach) due time; a leading - is descending', SORT_WORDS))
    .addOption(enumOption('--order <order>', 'sort direction', ['asc', 'desc']));
}
