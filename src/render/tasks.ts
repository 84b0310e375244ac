// Tasks as a table (terminal), tab-separated values (pipe), a JSON array or NDJSON.
// Renderers take data and a stream; they never fetch.
import { TASK_FIELDS, type Task } from '../core/contract.ts';
import type { OutputStream } from '../core/io.ts';
import type { ContactSummary } from '../core/model.ts';
import { colorPriority, colorStatus, type Palette } from './color.ts';
import { isTimestampField, plain, relativeTime, rfc3339, shortId } from './format.ts';
import { write, type OutputFormat } from './output.ts';
import { safeJson, sanitizeInline } from './sanitize.ts';
import { renderTable, type ColumnSpec } from './table.ts';

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

/** How each column gives way on a narrow terminal: the id is never cut; age goes first. */
const COLUMNS: Record<string, ColumnSpec> = {
  created_at: { drop: 0 },
  contact: { min: 10, drop: 1 },
  status: { drop: 2 },
  priority: { drop: 3 },
  assignee_user_id: { min: 8, drop: 4 },
  type: { drop: 5 },
};

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

/** A field's value, also `contact.name`-style paths into an object field. */
export function fieldValue(task: Task, field: string): unknown {
  const dot = field.indexOf('.');
  if (dot < 0) return task[field];
  const parent = task[field.slice(0, dot)];
  return parent && typeof parent === 'object' ? (parent as Record<string, unknown>)[field.slice(dot + 1)] : undefined;
}

/** `Name · Title · Company`, sanitized; '—' parts left out. */
export function contactLine(contact: ContactSummary | null | undefined): string | undefined {
  if (!contact) return undefined;
  const parts = [contact.name, contact.title, contact.company].filter((part): part is string => Boolean(part)).map((part) => sanitizeInline(part));
  return parts.length ? parts.join(' · ') : undefined;
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

/** One cell for scripts: the full value, RFC3339 times, no colour; tabs and newlines made visible. */
export function pipeCell(task: Task, field: string): string {
  const text = sanitizeInline(plain(fieldValue(task, field)));
  return isTimestampField(field) && text ? rfc3339(text) : text;
}

export function pickFields(task: Task, fields: string[] | undefined): Record<string, unknown> {
  if (!fields) return task;
  const picked: Record<string, unknown> = {};
  for (const field of fields) picked[field] = fieldValue(task, field) ?? null;
  return picked;
}

/** How a provider's tasks are laid out: default columns for scripts and people, headings, cells. */
export interface ListLayout<V> {
  listFields: string[];
  tableFields: string[];
  headings: Record<string, string>;
  columns: Record<string, ColumnSpec>;
  cell(task: Task, field: string, view: V): string;
}

export const TOPO_LAYOUT: ListLayout<TaskView> = {
  listFields: DEFAULT_LIST_FIELDS,
  tableFields: DEFAULT_TABLE_FIELDS,
  headings: HEADINGS,
  columns: COLUMNS,
  cell: humanCell,
};

/** Streams task batches in one format. Tables need every row for their widths, so they print at the end. */
export class TaskListWriter<V extends { palette: Palette; width?: number; contactOf?: unknown } = TaskView> {
  private readonly buffered: Task[] = [];
  private readonly json: string[] = [];

  constructor(
    private readonly format: OutputFormat,
    private readonly stream: OutputStream,
    private readonly view: V,
    private readonly fields: string[] | undefined,
    private readonly layout: ListLayout<V> = TOPO_LAYOUT as unknown as ListLayout<V>,
  ) {}

  async add(tasks: Task[]): Promise<void> {
    switch (this.format) {
      case 'table':
        this.buffered.push(...tasks);
        return;
      case 'tsv': {
        const fields = this.fields ?? this.layout.listFields;
        if (tasks.length) await write(this.stream, tasks.map((task) => fields.map((field) => pipeCell(task, field)).join('\t')).join('\n') + '\n');
        return;
      }
      case 'ndjson':
        if (tasks.length) await write(this.stream, tasks.map((task) => safeJson(pickFields(task, this.fields))).join('\n') + '\n');
        return;
      case 'json':
        // One array, printed whole at the end: a read that fails or is interrupted part-way prints
        // nothing rather than a truncated array. (--ndjson is the streaming format.)
        for (const task of tasks) this.json.push(safeJson(pickFields(task, this.fields)));
        return;
    }
  }

  async end(): Promise<void> {
    if (this.format === 'json') await write(this.stream, this.json.length === 0 ? '[]\n' : `[\n${this.json.join(',\n')}\n]\n`);
    if (this.format === 'table') await write(this.stream, await this.table());
  }

  private async table(): Promise<string> {
    const fields = this.fields ?? (this.view.contactOf ? this.layout.tableFields : this.layout.listFields);
    if (this.buffered.length === 0) return '';
    return renderTable(
      {
        head: fields.map((field) => this.layout.headings[field] ?? field.replace(/(_at|At)$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()),
        rows: this.buffered.map((task) => fields.map((field) => this.layout.cell(task, field, this.view))),
        columns: fields.map((field) => this.layout.columns[field] ?? {}),
        width: this.view.width,
      },
      this.view.palette.bold,
    );
  }
}

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
