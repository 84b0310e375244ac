// What the task verbs share on an Outreach profile: the API with its people directory, the filter
// flags mapped to Outreach's (README "Outreach" has the table), ids, and how tasks are shown.
import type { Included, OutreachApi, OutreachFilters } from '../../../providers/outreach/api.ts';
export { emptyIncluded } from '../../../providers/outreach/api.ts';
import { isOutreachId, SORT_VALUES, STATUS_TO_STATE } from '../../../providers/outreach/contract.ts';
import { UsageError } from '../../../core/errors.ts';
import { shown } from '../../../cmdutil/flags.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { OutreachPeople } from '../../../providers/outreach/people.ts';
import { outreachView as viewOf, type OutreachView } from '../../../providers/outreach/view.ts';
import { refuseOtherProviderFlags, type FilterFlags } from './filters.ts';
import type { IdKind } from './ids.ts';

export const OUTREACH_IDS: IdKind = { valid: isOutreachId, noun: 'Outreach task id (a positive integer)' };
/** What a listing for people side-loads: who, about whom, how urgent. */
export const INCLUDE_FOR_PEOPLE = ['prospect', 'owner', 'taskPriority'];

export interface OutreachSession {
  api: OutreachApi;
  people: OutreachPeople;
}

export async function outreachSession(rt: Runtime): Promise<OutreachSession> {
  const api = await rt.outreach();
  return { api, people: new OutreachPeople(api, rt.profile.aliases ?? {}) };
}

/** The filter flags as Outreach's filters; Topo-only flags are refused first (nothing sent). */
export async function outreachFilters(rt: Runtime, session: OutreachSession, flags: FilterFlags & { page?: number; withContact?: boolean }): Promise<OutreachFilters> {
  refuseOtherProviderFlags(rt, flags);
  if (flags.status !== undefined && flags.state !== undefined) throw new UsageError('--status and --state are the same filter on Outreach: give one');
  let state = flags.state;
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
  const owner = who === undefined ? undefined : String((await session.people.resolve(who, flags.owner !== undefined ? '--owner' : '--assignee')).id);
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

export function outreachView(rt: Runtime, session: OutreachSession, included: Included, width?: number): OutreachView {
  return viewOf(rt.out, session.people, included, width);
}
