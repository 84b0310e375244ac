// Outreach's task query: the filter flags mapped to filter[...] (README "Outreach" has the table):
// --status to a state where one exists, owners by id, email or name, due and created windows, sort.
import { UsageError } from '../../core/errors.ts';
import { shown } from '../../render/sanitize.ts';
import type { FilterFlags } from '../types.ts';
import type { OutreachFilters } from './api.ts';
import { isOutreachId, SORT_VALUES, STATUS_TO_STATE } from './contract.ts';
import type { OutreachPeople } from './people.ts';

export async function outreachQuery(people: OutreachPeople, flags: FilterFlags): Promise<OutreachFilters> {
  if (flags.status !== undefined && flags.state !== undefined) throw new UsageError('--status and --state are the same filter on Outreach: give one');
  let state = flags.state;
  if (flags.status === 'PENDING') {
    // Outreach has a pending state of its own (waiting for an earlier step): guessing either way would be wrong.
    throw new UsageError('--status PENDING is ambiguous on Outreach: Topo\'s PENDING is open work (Outreach\'s incomplete), while Outreach\'s own pending waits for an earlier sequence step; nothing was sent',
      'say which: --state incomplete (open work) or --state pending (waiting)');
  }
  if (flags.status !== undefined) {
    state = STATUS_TO_STATE[flags.status];
    if (!state) throw new UsageError(`--status ${flags.status}: Outreach has no such state (pending, incomplete, complete); nothing was sent`, 'Outreach tasks are never skipped: use --state complete or --state incomplete');
  }
  if (flags.assignee !== undefined && flags.owner !== undefined) throw new UsageError('--assignee and --owner are the same filter: give one');
  const who = flags.owner ?? flags.assignee;
  if (flags.sequence !== undefined && !isOutreachId(flags.sequence)) throw new UsageError(`--sequence: '${shown(flags.sequence)}' is not an Outreach sequence id (a positive integer)`);
  for (const [after, before, name] of [[flags.dueAfter, flags.dueBefore, 'due'], [flags.createdAfter, flags.createdBefore, 'created']] as const) {
    if (after && before && after >= before) throw new UsageError(`--${name}-after ${after} is not before --${name}-before ${before}: no task can match`);
  }
  const descending = flags.sort?.startsWith('-');
  if (descending && flags.order === 'asc') throw new UsageError(`--sort ${flags.sort} is descending and --order asc ascending: give one`);
  const word = flags.sort?.replace(/^-/, '') as keyof typeof SORT_VALUES | undefined;
  const owner = who === undefined ? undefined : String((await people.resolve(who, flags.owner !== undefined ? '--owner' : '--assignee')).id);
  return {
    state,
    owner,
    sequence: flags.sequence,
    actions: flags.action,
    dueAfter: flags.dueAfter,
    dueBefore: flags.dueBefore,
    createdAfter: flags.createdAfter,
    createdBefore: flags.createdBefore,
    sort: word ? `${descending || flags.order === 'desc' ? '-' : ''}${SORT_VALUES[word]}` : undefined,
  };
}
