// The filters of GET /v1/tasks as flags, shared by `tasks ls`, `tasks stats`, `tasks triage` and offboarding.
import { Option, type Command } from 'commander';
import { PRIORITIES, STATUSES, TASK_TYPES } from '../../contract.ts';
import type { TaskFilters } from '../../api.ts';
import { enumListParser, enumParser, parseWhen, uuidListParser, uuidParser } from '../../lib/parse.ts';
import { resolveUser } from '../../config.ts';

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

export function addFilterOptions(command: Command, options: { status?: boolean } = {}): Command {
  if (options.status !== false) {
    command.addOption(new Option('--status <status>', `only tasks in this state: ${STATUSES.join('|')}`).argParser(enumParser(STATUSES)));
  }
  return command
    .addOption(new Option('--types <types>', `task types, comma-separated or repeated: ${TASK_TYPES.join('|')}`).argParser(enumListParser(TASK_TYPES)))
    .addOption(new Option('--priorities <priorities>', `priorities, comma-separated or repeated: ${PRIORITIES.join('|')}`).argParser(enumListParser(PRIORITIES)))
    .option('--assignee <user>', 'only tasks assigned to this user (UUID or alias)')
    .option('--sequence <uuid>', 'only tasks of this sequence run', uuidParser)
    .option('--template <uuid>', 'only tasks of this sequence template (repeatable)', uuidListParser)
    .option('--created-after <when>', 'created strictly after: ISO 8601 or 30m, 24h, 7d, yesterday', (raw: string) => parseWhen(raw))
    .option('--created-before <when>', 'created strictly before: ISO 8601 or 30m, 24h, 7d, yesterday', (raw: string) => parseWhen(raw))
    .addOption(new Option('--sort <field>', 'sort by creation or last update').choices(['created', 'updated']))
    .addOption(new Option('--order <order>', 'sort direction').choices(['asc', 'desc']));
}

export function filtersFrom(flags: FilterFlags, aliases: Record<string, string>): TaskFilters {
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
