// Topo's task query: the filter flags as GET /v1/tasks filters, template names resolved through the
// API (exact match) and remembered for completion.
import { UsageError } from '../../core/errors.ts';
import { closest } from '../../core/words.ts';
import { shown } from '../../render/sanitize.ts';
import { OPEN, type FilterFlags, type ProviderHost } from '../types.ts';
import type { TaskFilters, TopoApi } from './api.ts';
import { isUuid } from './contract.ts';
import { resolveTemplates } from './templates.ts';

/** The filters, and whether `--status open` asked for both open statuses (no single API value). */
export type TopoQuery = TaskFilters & { open?: boolean };

/** A `<user>` argument: a UUID as it is, or an alias of the profile. */
export function userOf(value: string, aliases: Record<string, string>, flag: string): string {
  if (isUuid(value)) return value.toLowerCase();
  const found = aliases[value] ?? aliases[value.toLowerCase()];
  if (found) return found;
  const known = Object.keys(aliases);
  throw new UsageError(`${flag}: '${shown(value)}' is neither a user UUID nor a known alias${known.length ? ` (aliases: ${known.sort().join(', ')})` : ''}`,
    'add one with `topo users alias set <name> <uuid>`; `topo users ls` shows known assignees');
}

/**
 * The filters, with template names resolved through the API (exact match). An unknown name is a
 * usage error naming the closest templates; nothing else is sent.
 */
export async function topoQuery(api: TopoApi, flags: FilterFlags, host: ProviderHost): Promise<TopoQuery> {
  const filters = filtersFrom(flags, host.aliases);
  if (!flags.template?.length) return filters;
  const resolved = await resolveTemplates(api, flags.template);
  host.rememberNames([...resolved.found, ...(resolved.all ?? [])]);
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
export function filtersFrom(flags: FilterFlags, aliases: Record<string, string>): TopoQuery {
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
    // `open` is not an API value: the listings that take it ask for both open statuses themselves.
    open: flags.status === OPEN,
    status: flags.status === OPEN ? undefined : flags.status,
    types: flags.types,
    priorities: flags.priorities,
    assignee: assignee === undefined ? undefined : userOf(assignee, aliases, flags.owner !== undefined ? '--owner' : '--assignee'),
    sequence: flags.sequence,
    templates: flags.template,
    createdAfter: flags.createdAfter,
    createdBefore: flags.createdBefore,
    sortBy: flags.sort ? `${flags.sort.replace(/^-/, '')}_at` : undefined,
    sortOrder: descending ? 'desc' : flags.order,
  };
}
