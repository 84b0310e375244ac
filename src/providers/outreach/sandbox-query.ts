// The Outreach sandbox's task listing: GET /tasks's filters parsed and checked as the server checks
// them, and a page cut as an indexed store cuts it. Tasks are kept in id order, so an id range is a
// binary search, the default sort needs no sorting and a cursor is found by bisection; a page costs
// a pass over the candidates, not a sort of the workspace (which made every page of a 50,000-task
// listing cost ~50 ms of the machine the client shares, unlike a real server).
import { TASK_ACTIONS, TASK_STATES, outreachParams } from './contract.ts';
import type { TaskRecord } from './sandbox-data.ts';
import { bisect, SandboxFailure } from '../loopback.ts';

/** An error answer: status, the JSON:API error's id, title and detail. */
export class Failure extends SandboxFailure {
  constructor(status: number, id: string, title: string, detail: string, headers: Record<string, string> = {}) {
    super(status, id, detail, { title, headers });
  }
}

type Cursor = [string | number | null, number];

export interface TaskQueryOptions {
  withoutIdRanges?: boolean;
  refusesIdRanges?: boolean;
}

export interface TaskPage {
  page: TaskRecord[];
  count: number;
  /** The cursor after the page's last task, when more follow. */
  next?: string;
}

const invalid = (detail: string) => new Failure(400, 'invalidFilter', 'Invalid Filter', detail);

/** One page of GET /tasks: `tasks` in id order, `size` already checked. */
export function listTaskPage(tasks: TaskRecord[], params: URLSearchParams, size: number, options: TaskQueryOptions): TaskPage {
  for (const name of params.keys()) {
    if (name.startsWith('filter[') && !Object.values(outreachParams).includes(name as never)) throw invalid(`The filter ${name} is not supported for tasks`);
  }
  const matches = matcher(params);
  const idRange = idRangeOf(params, options);
  const sort = params.get(outreachParams.sort) ?? 'id';
  const field = sort.replace(/^-/, '');
  if (!['id', 'dueAt', 'createdAt', 'updatedAt'].includes(field)) throw new Failure(400, 'invalidSort', 'Invalid Sort', `Cannot sort tasks by '${sort}'`);
  const descending = sort.startsWith('-');
  const keyOf = (task: TaskRecord): Cursor => [field === 'id' ? task.id : (task[field as 'dueAt'] ?? null), task.id];
  const compare = (a: Cursor, b: Cursor) => {
    const [x, y] = [a[0] === null ? '' : a[0], b[0] === null ? '' : b[0]];
    const first = x < y ? -1 : x > y ? 1 : 0;
    return (first || a[1] - b[1]) * (descending ? -1 : 1);
  };
  const candidates = idRange ? tasks.slice(bisect(tasks, (task) => task.id >= idRange[0]), bisect(tasks, (task) => task.id > idRange[1])) : tasks;
  let ordered = matches ? candidates.filter(matches) : candidates;
  if (field !== 'id') ordered = (ordered === tasks ? [...ordered] : ordered).sort((a, b) => compare(keyOf(a), keyOf(b)));
  else if (descending) ordered = [...ordered].reverse();
  const after = params.get(outreachParams.pageAfter);
  let start = 0;
  if (after) {
    let cursor: Cursor;
    try {
      cursor = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as Cursor;
    } catch {
      throw new Failure(400, 'invalidCursor', 'Invalid Cursor', 'page[after] is not a cursor this server gave');
    }
    // Keyset: the first task strictly after the last one sent, whatever changed meanwhile.
    start = bisect(ordered, (task) => compare(keyOf(task), cursor) > 0);
  }
  const page = ordered.slice(start, start + size);
  const more = start + size < ordered.length;
  return { page, count: ordered.length, ...(more ? { next: Buffer.from(JSON.stringify(keyOf(page.at(-1)!))).toString('base64url') } : {}) };
}

/** The filters other than the id range as one test, or none when nothing filters. */
function matcher(params: URLSearchParams): ((task: TaskRecord) => boolean) | undefined {
  const list = (name: string) => params.get(name)?.split(',').filter(Boolean);
  const states = list(outreachParams.state);
  const actions = list(outreachParams.action);
  for (const state of states ?? []) if (!(TASK_STATES as readonly string[]).includes(state)) throw invalid(`state '${state}' is not one of ${TASK_STATES.join(', ')}`);
  for (const action of actions ?? []) if (!(TASK_ACTIONS as readonly string[]).includes(action)) throw invalid(`action '${action}' is not one of ${TASK_ACTIONS.join(', ')}`);
  const ids = (name: string) => list(name)?.map((value) => {
    if (!/^\d+$/.test(value)) throw invalid(`${name} must be integer ids`);
    return Number(value);
  });
  const owners = ids(outreachParams.owner);
  const prospects = ids(outreachParams.prospect);
  const sequences = ids(outreachParams.sequence);
  const window = (name: string): [number, number] | undefined => {
    const raw = params.get(name);
    if (raw === null) return undefined;
    const [from, to] = raw.split('..');
    const bound = (text: string | undefined, open: number) => {
      if (text === undefined || text === '' || text === 'inf' || text === '-inf') return open;
      const time = Date.parse(text);
      if (Number.isNaN(time)) throw invalid(`${name}: '${text}' is not a date-time range (a..b)`);
      return time;
    };
    return [bound(from, -Infinity), bound(to, Infinity)];
  };
  const due = window(outreachParams.dueAt);
  const created = window(outreachParams.createdAt);
  if (!states && !actions && !owners && !prospects && !sequences && !due && !created) return undefined;
  const within = (time: string | null, [from, to]: [number, number]) => {
    const at = Date.parse(time ?? '');
    return at >= from && at <= to;
  };
  return (task) => {
    if (states && !states.includes(task.state)) return false;
    if (actions && !actions.includes(task.action)) return false;
    if (owners && !owners.includes(task.ownerId ?? -1)) return false;
    if (prospects && !prospects.includes(task.prospectId ?? -1)) return false;
    if (sequences && !sequences.includes(task.sequenceId ?? -1)) return false;
    if (due && !within(task.dueAt, due)) return false;
    if (created && !within(task.createdAt, created)) return false;
    return true;
  };
}

/** `filter[id]=a..b` as numbers (open ends infinite); a list of ids is not a range. */
function idRangeOf(params: URLSearchParams, options: TaskQueryOptions): [number, number] | undefined {
  const raw = params.get(outreachParams.id);
  if (options.refusesIdRanges && raw?.includes('..')) throw invalid(`${outreachParams.id} does not take a range`);
  if (options.withoutIdRanges || raw === null) return undefined;
  const ends = raw.split('..').map((end, index) => {
    if (end === '' || end === 'inf' || end === '-inf') return index === 0 ? -Infinity : Infinity;
    if (!/^\d+$/.test(end)) throw invalid(`${outreachParams.id}: '${end}' is not an id range (a..b)`);
    return Number(end);
  });
  return [ends[0]!, ends[1] ?? ends[0]!];
}
