// Outreach tasks for people and scripts: the same writer as Topo's (table, TSV, JSON, NDJSON) with
// Outreach's columns, and one task in full with its prospect, owner and priority by name.
import { OUTREACH_TASK_FIELDS, personName, type OutreachTask } from './contract.ts';
import type { Included } from './api.ts';
import type { OutreachPeople } from './people.ts';
import type { OutputStream } from '../../core/io.ts';
import { instant } from '../../core/time.ts';
import type { Palette } from '../../render/color.ts';
import { isTimestampField, plain, relativeTime, rfc3339 } from '../../render/format.ts';
import { write } from '../../render/output.ts';
import { sanitizeInline } from '../../render/sanitize.ts';
import { pipeCell, type ListLayout, type Task } from '../../render/tasks.ts';

/** What a listing or a task for people side-loads: who, about whom, how urgent. */
export const INCLUDE_FOR_PEOPLE = ['prospect', 'owner', 'taskPriority'];

export interface OutreachView {
  palette: Palette;
  now: number;
  width?: number;
  /** Names looked up for relationship ids (undefined: not known here). */
  ownerName(id: unknown): string | undefined;
  prospect(id: unknown): { name?: string; company?: string | null; title?: string | null } | undefined;
  priorityName(id: unknown): string | undefined;
  contactOf?: unknown;
}

function colorState(palette: Palette, state: string): string {
  if (state === 'complete') return palette.green(state);
  if (state === 'pending') return palette.dim(state);
  return state;
}

/** Due time for people: relative, red when overdue on an open task. */
function dueCell(task: OutreachTask, view: OutreachView): string {
  const due = typeof task.dueAt === 'string' ? task.dueAt : '';
  if (!due) return view.palette.dim('—');
  const text = relativeTime(sanitizeInline(due), view.now);
  return task.state !== 'complete' && instant(due) < view.now ? view.palette.red(text) : text;
}

export function outreachCell(task: Task, field: string, view: OutreachView): string {
  const item = task as unknown as OutreachTask;
  const { palette } = view;
  const value = item[field];
  const dash = palette.dim('—');
  switch (field) {
    case 'dueAt':
      return dueCell(item, view);
    case 'ownerId':
      return value === null || value === undefined ? palette.dim('nobody') : sanitizeInline(view.ownerName(value) ?? `user ${plain(value)}`);
    case 'prospectId': {
      const prospect = view.prospect(value);
      return value === null || value === undefined ? dash : sanitizeInline(prospect?.name ?? `prospect ${plain(value)}`);
    }
    case 'company':
      return sanitizeInline(view.prospect(item.prospectId)?.company ?? '') || dash;
    case 'taskPriorityId':
      return value === null || value === undefined ? dash : sanitizeInline(view.priorityName(value) ?? plain(value));
    case 'state':
      return typeof value === 'string' ? colorState(palette, sanitizeInline(value)) : dash;
  }
  if (value === undefined || value === null || value === '') return dash;
  const text = sanitizeInline(plain(value));
  return isTimestampField(field) ? relativeTime(text, view.now) : text;
}

export const OUTREACH_LAYOUT: ListLayout<OutreachView> = {
  listFields: ['id', 'state', 'action', 'dueAt', 'ownerId', 'prospectId', 'taskPriorityId'],
  tableFields: ['id', 'state', 'action', 'dueAt', 'taskPriorityId', 'ownerId', 'prospectId', 'company'],
  headings: { ownerId: 'OWNER', prospectId: 'PROSPECT', taskPriorityId: 'PRIORITY', company: 'COMPANY', dueAt: 'DUE' },
  columns: { company: { min: 8, drop: 0 }, taskPriorityId: { drop: 1 }, prospectId: { min: 10, drop: 2 }, action: { drop: 3 }, ownerId: { min: 8, drop: 4 } },
  cell: outreachCell,
};

/** Every field: known ones in contract order, then whatever else the server sent. */
function orderedFields(task: OutreachTask): string[] {
  const known = OUTREACH_TASK_FIELDS.filter((field) => field in task);
  return [...known, ...Object.keys(task).filter((field) => !(OUTREACH_TASK_FIELDS as readonly string[]).includes(field))];
}

/** One task in full: on a terminal with names and relative times; piped as `field<TAB>value` lines. */
export async function renderOutreachDetail(task: OutreachTask, stream: OutputStream, view: OutreachView & { tty: boolean }): Promise<void> {
  const fields = orderedFields(task);
  const prospect = view.prospect(task.prospectId);
  if (!view.tty) {
    const extra = [
      ['owner.name', view.ownerName(task.ownerId) ?? ''], ['prospect.name', prospect?.name ?? ''], ['prospect.company', prospect?.company ?? ''],
      ['taskPriority.name', view.priorityName(task.taskPriorityId) ?? ''],
    ];
    await write(stream, [...fields.map((field) => `${field}\t${pipeCell(task as unknown as Task, field)}`), ...extra.map(([key, value]) => `${key}\t${sanitizeInline(String(value))}`)].join('\n') + '\n');
    return;
  }
  const { palette } = view;
  const width = Math.max(...fields.map((field) => field.length), 8);
  const line = (label: string, text: string) => `${palette.dim(label.padEnd(width))}  ${text}`;
  const lines = fields.map((field) => {
    const value = task[field];
    if (value === null || value === undefined || value === '') return line(field, palette.dim('—'));
    if (field === 'dueAt') return line(field, `${rfc3339(sanitizeInline(plain(value)))} ${palette.dim(`(${dueCell(task, view)})`)}`);
    if (isTimestampField(field)) return line(field, `${rfc3339(sanitizeInline(plain(value)))} ${palette.dim(`(${relativeTime(plain(value), view.now)})`)}`);
    if (field === 'ownerId' || field === 'prospectId' || field === 'taskPriorityId') {
      return line(field, `${outreachCell(task as unknown as Task, field, view)} ${palette.dim(`(${sanitizeInline(plain(value))})`)}`);
    }
    if (field === 'note') return line(field, sanitizeInline(plain(value)));
    return line(field, outreachCell(task as unknown as Task, field, view));
  });
  const clean = (value: string | null | undefined) => (value ? sanitizeInline(value) : palette.dim('—'));
  lines.push('', palette.bold('Prospect'), line('name', clean(prospect?.name)), line('title', clean(prospect?.title)), line('company', clean(prospect?.company)));
  await write(stream, lines.join('\n') + '\n');
}

/** A view for people: the palette and the clock, with names for relationship ids. */
export function outreachView(palette: Palette, people: OutreachPeople, included: Included, width?: number): OutreachView {
  return { palette, now: Date.now(), width, ...outreachNames(people, included) };
}

/** Names for relationship ids: side-loaded resources first, then the users directory. */
export function outreachNames(people: OutreachPeople, included: Included): Pick<OutreachView, 'ownerName' | 'prospect' | 'priorityName'> {
  return {
    ownerName: (id) => {
      if (id === null || id === undefined) return undefined;
      const user = included.users.get(String(id)) ?? people.user(id);
      return user ? `${personName(user) ?? `user ${String(id)}`}${user.locked ? ' (locked)' : ''}` : undefined;
    },
    prospect: (id) => {
      const prospect = id === null || id === undefined ? undefined : included.prospects.get(String(id));
      return prospect ? { name: personName(prospect), company: typeof prospect.company === 'string' ? prospect.company : null, title: typeof prospect.title === 'string' ? prospect.title : null } : undefined;
    },
    priorityName: (id) => {
      const priority = id === null || id === undefined ? undefined : included.priorities.get(String(id));
      return typeof priority?.name === 'string' ? priority.name : undefined;
    },
  };
}
