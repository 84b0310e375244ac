// The task filters as flags, shared by `tasks ls`, `tasks stats` and `tasks triage`; each provider
// maps them to its API (its `query`), and the flags it lacks are refused here from its capability data.
import { Option, type Command } from 'commander';
import { UsageError } from '../../../core/errors.ts';
import { enumListParser, enumOption, idParser, listParser, parseWhen } from '../../../cmdutil/flags.ts';
import { providersWith, vocabulary } from '../../../providers/registry.ts';
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
  const [types, priorities, states, actions] = [vocabulary('types'), vocabulary('priorities'), vocabulary('state'), vocabulary('action')];
  command
    .addOption(enumOption('-s, --status <status>', `only tasks in this status; ${OPEN} means open work (any open status)`, vocabulary('status')))
    .addOption(new Option('-t, --types <types>', `task types (${providersWith('types')}), comma-separated or repeated: ${types.join('|')}`).argParser(enumListParser(types)))
    .addOption(new Option('-p, --priorities <priorities>', `priorities (${providersWith('priorities')}), comma-separated or repeated: ${priorities.join('|')}`).argParser(enumListParser(priorities)))
    .option('-a, --assignee <user>', 'only tasks assigned to this user (UUID or alias; on Outreach also an id, email or name); ls: none')
    .option('--owner <user>', 'Outreach\'s word for --assignee (the same filter)')
    .option('--sequence <id>', 'only tasks of this sequence run (Topo: UUID) or sequence (Outreach: id)', idParser)
    .option('--template <name|uuid>', "only tasks of this sequence template, by exact name or UUID (repeatable; a name costs one lookup)", listParser)
    .option('--created-after <when>', 'created strictly after: ISO 8601 or 30m, 24h, 7d, today, yesterday (local time)', (raw: string) => parseWhen(raw))
    .option('--created-before <when>', 'created strictly before: ISO 8601 or 30m, 24h, 7d, today, yesterday (local time)', (raw: string) => parseWhen(raw))
    .addOption(enumOption('--state <state>', `only tasks in this state (${providersWith('state')}): ${states.join('|')}`, states))
    .addOption(new Option('--action <actions>', `only these actions (${providersWith('action')}), comma-separated or repeated: ${actions.join('|')}`).argParser(enumListParser(actions)))
    .option('--due-before <when>', 'Outreach: due before: ISO 8601, 7d (ago), +3d (ahead), today, tomorrow', (raw: string) => parseWhen(raw))
    .option('--due-after <when>', 'Outreach: due after: ISO 8601, 7d (ago), +3d (ahead), today, tomorrow', (raw: string) => parseWhen(raw));
  if (options.sort === false) return command;
  return command
    .addOption(enumOption('--sort <field>', 'sort by creation, last update or due time (where tasks have one); a leading - is descending', vocabulary('sort')))
    .addOption(enumOption('--order <order>', 'sort direction', ['asc', 'desc']));
}
