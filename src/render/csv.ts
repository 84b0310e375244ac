// CSV as spreadsheets and scripts read it (RFC 4180): a header row, CRLF line ends, a cell quoted
// when it holds a comma, a quote or a line break (quotes doubled). Cells are sanitized as every
// output of topo is (control characters made visible), times are RFC 3339 UTC, and a text cell a
// spreadsheet would run as a formula (starting with =, +, -, @, a tab or a CR: OWASP's CSV
// injection rule) is neutralised with a leading apostrophe. Numbers are numbers, never prefixed.
import { isTimestampField, plain, rfc3339 } from './format.ts';
import { sanitizeInline } from './sanitize.ts';

const FORMULA = /^[=+\-@\t\r]/;

/** One cell: `field` tells a time (RFC 3339) from other text. */
export function csvCell(value: unknown, field = ''): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const raw = plain(value);
  const text = isTimestampField(field) && raw ? rfc3339(raw) : raw;
  const safe = FORMULA.test(text) ? `'${sanitizeInline(text)}` : sanitizeInline(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: string[]): string {
  return `${cells.join(',')}\r\n`;
}

/** A header row of `columns` and one line per record (its value of each column). */
export function csvRecords(records: Array<Record<string, unknown>>, columns: string[] = columnsOf(records)): string {
  return csvLine(columns.map((column) => csvCell(column))) + records.map((record) => csvLine(columns.map((column) => csvCell(record[column], column)))).join('');
}

/** Every key of the records, in the order they first appear. */
export function columnsOf(records: Array<Record<string, unknown>>): string[] {
  const columns = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) columns.add(key);
  return [...columns];
}
