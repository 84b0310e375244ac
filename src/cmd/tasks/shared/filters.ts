// The filters of GET /v1/tasks as flags, shared by `tasks ls`, `tasks stats`, `tasks triage` and offboarding.
import { Option, type Command } from 'commander';
import { PRIORITIES, STATUSES, TASK_TYPES } from '../../../core/contract.ts';
import { UsageError } from '../../../core/errors.ts';
import type { TaskFilters, TopoApi } from '../../../api/topo.ts';
import { closest, enumListParser, enumOption, listParser, parseWhen, shown, uuidParser } from '../../../cmdutil/flags.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
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
}

export function addFilterOptions(command: Command, options: { sort?: boolean } = {}): Command {
  command
    .addOption(enumOption('-s, --status <status>', 'only tasks in this state; open means PENDING or IN_PROGRESS', [...STATUSES, OPEN]))
    .addOption(new Option('-t, --types <types>', `task types, comma-separated or repeated: ${TASK_TYPES.join('|')}`).argParser(enumListParser(TASK_TYPES)))
    .addOption(new Option('-p, --priorities <priorities>', `priorities, comma-separated or repeated: ${PRIORITIES.join('|')}`).argParser(enumListParser(PRIORITIES)))
    .option('-a, --assignee <user>', 'only tasks assigned to this user (UUID or alias)')
    .option('--sequence <uuid>', 'only tasks of this sequence run', uuidParser)
    .option('--template <name|uuid>', "only tasks of this sequence template, by exact name or UUID (repeatable; a name costs one lookup)", listParser)
    .option('--created-after <when>', 'created strictly after: ISO 8601 or 30m, 24h, 7d, today, yesterday (local time)', (raw: string) => parseWhen(raw))
    .option('--created-before <when>', 'created strictly before: ISO 8601 or 30m, 24h, 7d, today, yesterday (local time)', (raw: string) => parseWhen(raw));
  if (options.sort === false) return command;
  return command
    .addOption(enumOption('--sort <field>', 'sort by creation or last update', ['created', 'updated']))
    .addOption(enumOption('--order <order>', 'sort direction', ['asc', 'desc']));
}

/**
 * The filters, with template names resolved through the API (exact match). An unknown name is a
 * usage error naming the closest templates; nothing else is sent.
 */
export async function resolveFilters(rt: Runtime, api: TopoApi, flags: FilterFlags): Promise<TaskFilters> {
  const filters = filtersFrom(flags, rt.aliases);
  if (!flags.template?.length) return filters;
  const { resolveTemplates } = await import('../../../queries/templates.ts');
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
  if (flags.createdAfter && flags.createdBefore && flags.createdAfter >= flags.createdBefore) {
    throw new UsageError(`--created-after ${flags.createdAfter} is not before --created-before ${flags.createdBefore}: no task can match`);
  }
  return {
    // `open` is not an API value: the commands that take it list both open statuses themselves.
    status: flags.status === OPEN ? undefined : flags.status,
    types: flags.types,
    priorities: flags.priorities,
    assignee: flags.assignee === undefined ? undefined : resolveUser(flags.assignee, aliases, '--assignee'),
    sequence: flags.sequence,
    templates: flags.template,
    createdAfter: flags.createdAfter,
    createdBefore: flags.createdBefore,
    sortBy: flags.sort ? `${flags.sort}_at` : undefined,
    sortOrder: flags.order,
  };
}
