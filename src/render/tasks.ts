// Tasks as a table (terminal), tab-separated values (pipe), a JSON array or NDJSON.
// Renderers take data and a stream; they never fetch. Which columns a provider's tasks have, and how
// a cell reads, is the provider's layout (src/providers/<name>/view.ts).
import type { OutputStream } from '../core/io.ts';

/** A task as the API sent it (any provider): read field by field, unknown fields kept. */
export type Task = { [field: string]: unknown };
import type { ContactSummary } from '../core/model.ts';
import type { Palette } from './color.ts';
import { isTimestampField, plain, rfc3339 } from './format.ts';
import { csvCell, csvLine } from './csv.ts';
import { write, type OutputFormat } from './output.ts';
import { LineSpool } from '../core/page-spool.ts';
import { safeJson, sanitizeInline } from './sanitize.ts';
import { renderTable, type ColumnSpec } from './table.ts';

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
  /** Short forms for the columns with `shorten`, used on a terminal too narrow for the full ones. */
  short?: { headings: Record<string, string>; cell(task: Task, field: string, view: V): string };
}

/** Streams task batches in one format. Tables need every row for their widths, so they print at the end. */
export class TaskListWriter<V extends { palette: Palette; width?: number; contactOf?: unknown }> {
  private readonly buffered: Task[] = [];
  private readonly json = new LineSpool();
  /** The CSV header row is written (once, before the first rows, or alone for none). */
  private csvHead = false;

  constructor(
    private readonly format: OutputFormat,
    private readonly stream: OutputStream,
    private readonly view: V,
    private readonly fields: string[] | undefined,
    private readonly layout: ListLayout<V>,
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
      case 'csv': {
        const fields = this.fields ?? this.layout.listFields;
        const head = this.csvHead ? '' : csvLine(fields.map((field) => csvCell(field)));
        this.csvHead = true;
        await write(this.stream, head + tasks.map((task) => csvLine(fields.map((field) => csvCell(fieldValue(task, field), field)))).join(''));
        return;
      }
      case 'ndjson':
        if (tasks.length) await write(this.stream, tasks.map((task) => safeJson(pickFields(task, this.fields))).join('\n') + '\n');
        return;
      case 'json':
        // One array, printed whole at the end: a read that fails or is interrupted part-way prints
        // nothing rather than a truncated array. (--ndjson is the streaming format.) Past the first
        // 2,000 tasks they wait on disk, not in memory.
        this.json.append(tasks.map((task) => safeJson(pickFields(task, this.fields))));
        return;
    }
  }

  async end(): Promise<void> {
    if (this.format === 'json') await this.printArray();
    if (this.format === 'csv' && !this.csvHead) await this.add([]);
    if (this.format === 'table') await write(this.stream, await this.table());
  }

  /** Removes what waits on disk: after end(), or when the listing failed and nothing is printed. */
  close(): void {
    this.json.remove();
  }

  private async printArray(): Promise<void> {
    if (this.json.count === 0) return void (await write(this.stream, '[]\n'));
    let chunk = '[\n';
    let first = true;
    for await (const line of this.json.lines()) {
      chunk += `${first ? '' : ',\n'}${line}`;
      first = false;
      if (chunk.length >= 1 << 16) {
        await write(this.stream, chunk);
        chunk = '';
      }
    }
    await write(this.stream, `${chunk}\n]\n`);
  }

  private async table(): Promise<string> {
    const fields = this.fields ?? (this.view.contactOf ? this.layout.tableFields : this.layout.listFields);
    if (this.buffered.length === 0) return '';
    const { layout, view } = this;
    const head = fields.map((field) => layout.headings[field] ?? field.replace(/(_at|At)$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase());
    const rows = this.buffered.map((task) => fields.map((field) => layout.cell(task, field, view)));
    const short = layout.short;
    const shortens = (field: string) => short !== undefined && layout.columns[field]?.shorten !== undefined;
    return renderTable(
      {
        head,
        rows,
        columns: fields.map((field) => layout.columns[field] ?? {}),
        width: view.width,
        short: short && {
          head: fields.map((field, at) => (shortens(field) ? short.headings[field] ?? head[at]! : head[at]!)),
          rows: this.buffered.map((task, row) => fields.map((field, at) => (shortens(field) ? short.cell(task, field, view) : rows[row]![at]!))),
        },
      },
      this.view.palette.bold,
    );
  }
}
