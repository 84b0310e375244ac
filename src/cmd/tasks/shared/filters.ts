// The filters of GET /v1/tasks as flags, shared by `tasks ls`, `tasks stats`, `tasks triage` and offboarding.
import { Option, type Command } from 'commander';
import { isUuid, PRIORITIES, STATUSES, TASK_TYPES } from '../../../providers/topo/contract.ts';
import { UsageError } from '../../../core/errors.ts';
import type { TaskFilters, TopoApi } from '../../../providers/topo/api.ts';
import { closest, enumListParser, enumOption, idParser, listParser, parseWhen, shown } from '../../../cmdutil/flags.ts';
import { SORT_WORDS, TASK_ACTIONS, TASK_STATES } from '../../../providers/outreach/contract.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { FlagRefusal } from '../../../providers/types.ts';
import { cacheTemplates } from '../../../config/cache.ts';
import { resolveUser } from '../../../config/settings.ts';

/** `--status open`: PENDING and IN_PROGRESS, which the API cannot ask for in one query. */
export const OPEN = 'open';

export interface FilterFlags {
  status?: string;
  types?: string[];
  priorities?: string[];
  assignee?: string;
  sequence?: string;
  template?: string[];
  createdAfter?: string;
  createdBefore?: string;
  sort?: string;
  order?: string;
  /** Outreach's own filters (refused on Topo profiles). */
  state?: string;
  owner?: string;
  action?: string[];
  dueBefore?: string;
  dueAfter?: string;
}

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

/**
 * The filters, with template names resolved through the API (exact match). An unknown name is a
 * usage error naming the closest templates; nothing else is sent.
 */
export async function resolveFilters(rt: Runtime, api: TopoApi, flags: FilterFlags): Promise<TaskFilters> {
  refuseOtherProviderFlags(rt, flags);
  const filters = filtersFrom(flags, rt.aliases);
  if (!flags.template?.length) return filters;
  const { resolveTemplates } = await import('../../../providers/topo/templates.ts');
  const resolved = await resolveTemplates(api, flags.template);
  cacheTemplates(rt.configDir, rt.profileName, [...resolved.found, ...(resolved.all ?? [])]);
  if (resolved.unknown.length) {
    const names = (resolved.all ?? []).map((template) => template.name);
    const near = resolved.unknown.flatMap((name) => closest(name, names));
    const known = near.length ? near : names.slice(0, 8);
    throw new UsageError(`--template: no sequence template is named ${resolved.unknown.map((name) => `'${shown(name)}'`).join(', ')}`,
      known.length ? `${near.length ? 'closest' : 'some'} names: ${[...new Set(known)].map((name) => `"${shown(name)}"`).join(', ')}` : 'this workspace has no sequence templates');
  }
  return { ...filters, templates: resolved.ids };
}

/** The filters that need no request (templates given by name are resolved by resolveFilters). */
export function filtersFrom(flags: FilterFlags, aliases: Record<string, string>): TaskFilters {
  if (flags.assignee !== undefined && flags.owner !== undefined) throw new UsageError('--assignee and --owner are the same filter: give one');
  const assignee = flags.assignee ?? flags.owner;
  if (flags.sort === 'due' || flags.sort === '-due') throw new UsageError(`--sort ${flags.sort}: Topo tasks have no due date; sort by created or updated`);
  const descending = flags.sort?.startsWith('-');
  if (descending && flags.order === 'asc') throw new UsageError(`--sort ${flags.sort} is descending and --order asc ascending: give one`);
  if (flags.sequence !== undefined && !isUuid(flags.sequence)) throw new UsageError(`--sequence: '${shown(flags.sequence)}' is not a UUID: Topo's sequence runs are UUIDs (an integer id is Outreach's)`);
  if (flags.createdAfter && flags.createdBefore && flags.createdAfter >= flags.createdBefore) {
    throw new UsageError(`--created-after ${flags.createdAfter} is not before --created-before ${flags.createdBefore}: no task can match`);
  }
  return {
    // `open` is not an API value: the commands that take it list both open statuses themselves.
    status: flags.status === OPEN ? undefined : flags.status,
    types: flags.types,
    priorities: flags.priorities,
    assignee: assignee === undefined ? undefined : resolveUser(assignee, aliases, flags.owner !== undefined ? '--owner' : '--assignee'),
    sequence: flags.sequence,
    templates: flags.template,
    createdAfter: flags.createdAfter,
    createdBefore: flags.createdBefore,
    sortBy: flags.sort ? `${flags.sort.replace(/^-/, '')}_at` : undefined,
    sortOrder: descending ? 'desc' : flags.order,
  };
}
