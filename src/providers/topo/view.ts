// Topo's tasks for people: default columns, headings, cells (aliases, colours, relative times) and
// one task in full with who it is about. The writer itself is shared (render/tasks.ts).
import { TASK_FIELDS, type Task } from './contract.ts';
import type { OutputStream } from '../../core/io.ts';
import type { ContactSummary } from '../../core/model.ts';
import { colorPriority, colorStatus, type Palette } from '../../render/color.ts';
import { isTimestampField, plain, relativeTime, rfc3339, shortId } from '../../render/format.ts';
import { write } from '../../render/output.ts';
import { sanitizeInline } from '../../render/sanitize.ts';
import type { ColumnSpec } from '../../render/table.ts';
import { fieldValue, pipeCell, type ListLayout } from '../../render/tasks.ts';

/** Columns for scripts (TSV): stable, whatever the terminal. */
export const DEFAULT_LIST_FIELDS = ['type', 'priority', 'status', 'assignee_user_id', 'created_at', 'id'];
/** Columns for people: who the task is about too. */
export const DEFAULT_TABLE_FIELDS = ['type', 'priority', 'status', 'assignee_user_id', 'contact', 'created_at', 'id'];
/** With --with-contact, machine output gains these. */
export const CONTACT_FIELDS = ['contact.name', 'contact.title', 'contact.company'];

const HEADINGS: Record<string, string> = {
  assignee_user_id: 'ASSIGNEE',
  created_at: 'AGE',
  sequence_id: 'SEQUENCE',
  organization_id: 'ORGANIZATION',
};

/**
 * How each column gives way on a narrow terminal, one step at a time: age, then contact go; then
 * type, status and priority take their short forms (at 80 columns a table keeps type, priority,
 * status, assignee and the whole id); then status, priority, assignee and type go, in that order.
 * The id is never cut: it is what a person copies.
 */
const COLUMNS: Record<string, ColumnSpec> = {
  created_at: { drop: 0 },
  contact: { min: 10, drop: 1 },
  type: { shorten: 2, drop: 8 },
  status: { shorten: 3, drop: 5 },
  priority: { shorten: 4, drop: 6 },
  assignee_user_id: { min: 8, drop: 7 },
};

/** Short forms: a type in a word, a status in four letters (unknown values as they are). */
const SHORT_TYPES: Record<string, string> = { EMAIL_REPLY: 'email', LINKEDIN_REPLY: 'linkedin', NEW_LEAD_REVIEW: 'lead', CALL: 'call' };
const SHORT_STATUSES: Record<string, string> = { PENDING: 'PEND', IN_PROGRESS: 'PROG', COMPLETED: 'DONE', SKIPPED: 'SKIP' };

function shortCell(task: Task, field: string, view: TaskView): string {
  const value = fieldValue(task, field);
  if (typeof value === 'string' && field === 'type' && SHORT_TYPES[value]) return SHORT_TYPES[value];
  if (typeof value === 'string' && field === 'status' && SHORT_STATUSES[value]) return colorStatus(view.palette, value).replace(value, SHORT_STATUSES[value]);
  return humanCell(task, field, view);
}

export interface TaskView {
  palette: Palette;
  /** Alias for a user UUID, shown in place of it in tables. */
  aliasOf: (uuid: string) => string | undefined;
  now: number;
  /** Who a task is about; undefined when contacts were not looked up. */
  contactOf?: (task: Task) => ContactSummary | null | undefined;
  /** The terminal's width, for tables. */
  width?: number;
}

/** One cell for people: colour, aliases, relative times, short UUIDs; always sanitized. */
export function humanCell(task: Task, field: string, view: TaskView): string {
  const { palette } = view;
  if (field === 'contact' && view.contactOf) return sanitizeInline(view.contactOf(task)?.name ?? '') || palette.dim('—');
  const value = fieldValue(task, field);
  if (value === undefined || value === null || value === '') {
    return field === 'assignee_user_id' ? palette.dim('unassigned') : palette.dim('—');
  }
  const text = sanitizeInline(plain(value));
  if (field === 'priority') return colorPriority(palette, text);
  if (field === 'status') return colorStatus(palette, text);
  if (field === 'assignee_user_id') return view.aliasOf(text) ?? shortId(text);
  if (isTimestampField(field)) return relativeTime(text, view.now);
  return text;
}

export const TOPO_LAYOUT: ListLayout<TaskView> = {
  listFields: DEFAULT_LIST_FIELDS,
  tableFields: DEFAULT_TABLE_FIELDS,
  headings: HEADINGS,
  columns: COLUMNS,
  cell: humanCell,
  short: { headings: { priority: 'PRI', status: 'STAT' }, cell: shortCell },
};

/** Every field of one task: known fields in contract order, then whatever else the server sent. */
export function orderedFields(task: Task): string[] {
  const known = TASK_FIELDS.filter((field) => field in task);
  const extra = Object.keys(task).filter((field) => !(TASK_FIELDS as readonly string[]).includes(field));
  return [...known, ...extra];
}

export async function renderTaskDetail(task: Task, stream: OutputStream, view: TaskView & { tty: boolean }): Promise<void> {
  const fields = orderedFields(task).filter((field) => field !== 'contact');
  const contact = view.contactOf?.(task) ?? (task.contact as ContactSummary | null | undefined);
  if (!view.tty) {
    const contactRows = contact ? (['name', 'title', 'company', 'email'] as const).map((key) => `contact.${key}\t${sanitizeInline(contact[key] ?? '')}`) : [];
    await write(stream, [...fields.map((field) => `${field}\t${pipeCell(task, field)}`), ...contactRows].join('\n') + '\n');
    return;
  }
  const { palette } = view;
  const width = Math.max(...fields.map((field) => field.length));
  const lines = fields.map((field) => {
    const value = task[field];
    let text: string;
    if (value === null || value === undefined || value === '') text = palette.dim('—');
    else if (isTimestampField(field)) text = `${rfc3339(sanitizeInline(plain(value)))} ${palette.dim(`(${relativeTime(plain(value), view.now)})`)}`;
    else if (field === 'assignee_user_id') {
      const alias = view.aliasOf(plain(value));
      text = alias ? `${alias} ${palette.dim(`(${sanitizeInline(plain(value))})`)}` : sanitizeInline(plain(value));
    } else if (field === 'priority' || field === 'status' || field === 'id') text = humanCell(task, field, view);
    else text = sanitizeInline(plain(value));
    return `${palette.dim(field.padEnd(width))}  ${text}`;
  });
  if (view.contactOf || contact) {
    const clean = (value: string | null | undefined) => (value ? sanitizeInline(value) : palette.dim('—'));
    lines.push('', palette.bold('Contact'), ...(contact
      ? [`${palette.dim('name'.padEnd(width))}  ${clean(contact.name)}`, `${palette.dim('title'.padEnd(width))}  ${clean(contact.title)}`,
        `${palette.dim('company'.padEnd(width))}  ${clean(contact.company)}`, `${palette.dim('email'.padEnd(width))}  ${clean(contact.email)}`]
      : [`${palette.dim('name'.padEnd(width))}  ${palette.dim('—')}`]));
  }
  await write(stream, lines.join('\n') + '\n');
}
