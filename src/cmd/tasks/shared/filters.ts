// The filters of GET /v1/tasks as flags, shared by `tasks ls`, `tasks stats`, `tasks triage` and offboarding.
import { Option, type Command } from 'commander';
import { PRIORITIES, STATUSES, TASK_TYPES } from '../../../core/contract.ts';
import { UsageError } from '../../../core/errors.ts';
import type { TaskFilters } from '../../../api/topo.ts';
import { enumListParser, enumOption, parseWhen, uuidListParser, uuidParser } from '../../../cmdutil/flags.ts';
import { resolveUser } from '../../../config/settings.ts';

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
    .addOption(enumOption('-s, --status <status>', 'only tasks in this state', STATUSES))
    .addOption(new Option('-t, --types <types>', `task types, comma-separated or repeated: ${TASK_TYPES.join('|')}`).argParser(enumListParser(TASK_TYPES)))
    .addOption(new Option('-p, --priorities <priorities>', `priorities, comma-separated or repeated: ${PRIORITIES.join('|')}`).argParser(enumListParser(PRIORITIES)))
    .option('-a, --assignee <user>', 'only tasks assigned to this user (UUID or alias)')
    .option('--sequence <uuid>', 'only tasks of this sequence run', uuidParser)
    .option('--template <uuid>', 'only tasks of this sequence template (repeatable)', uuidListParser)
    .option('--created-after <when>', 'created strictly after: ISO 8601 or 30m, 24h, 7d, today, yesterday (local time)', (raw: string) => parseWhen(raw))
    .option('--created-before <when>', 'created strictly before: ISO 8601 or 30m, 24h, 7d, today, yesterday (local time)', (raw: string) => parseWhen(raw));
  if (options.sort === false) return command;
  return command
    .addOption(enumOption('--sort <field>', 'sort by creation or last update', ['created', 'updated']))
    .addOption(enumOption('--order <order>', 'sort direction', ['asc', 'desc']));
}

export function filtersFrom(flags: FilterFlags, aliases: Record<string, string>): TaskFilters {
  if (flags.createdAfter && flags.createdBefore && flags.createdAfter >= flags.createdBefore) {
    throw new UsageError(`--created-after ${flags.createdAfter} is not before --created-before ${flags.createdBefore}: no task can match`);
  }
  return {
    status: flags.status,
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
