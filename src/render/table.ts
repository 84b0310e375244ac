// Borderless aligned tables in the style of gh, fitted to the terminal: flexible columns are cut
// with … down to their minimum, then the least useful columns are dropped; a column marked `keep`
// (a UUID) is never cut or wrapped. cli-table3 is loaded only when a table is printed.
import { displayWidth, truncate } from './width.ts';

export interface ColumnSpec {
  /** Cut with … down to this width before anything is dropped. */
  min?: number;
  /** Dropped when even cut columns do not fit: lower goes first. Undefined: never dropped. */
  drop?: number;
  /** Switched to its short form (TableSpec.short) at this step of the same order as `drop`. */
  shorten?: number;
  right?: boolean;
}

export interface TableSpec {
  head: string[];
  rows: string[][];
  /** Right-align these column indexes (numbers). */
  alignRight?: number[];
  columns?: ColumnSpec[];
  /** The terminal's width; undefined: no limit. */
  width?: number;
  /** Short forms of the head and cells, for columns with `shorten` (same shape as head and rows). */
  short?: { head: string[]; rows: string[][] };
}

type Cli3Table = new (options: object) => { push(...rows: unknown[]): void; toString(): string };

const GAP = 2;

/**
 * Which columns to show, how wide, and which in their short form, so that the table fits `width`:
 * flexible columns are cut to their minimum, then columns give way one step at a time in the order
 * of their `drop` and `shorten` ranks (a short form first, typically, and the column later).
 */
export function fitColumns(natural: number[], columns: ColumnSpec[], width: number | undefined, shortNatural: number[] = natural): { shown: number[]; widths: number[]; shortened: Set<number> } {
  let shown = natural.map((_, index) => index);
  const widths = [...natural];
  const full = [...natural];
  const shortened = new Set<number>();
  const total = () => shown.reduce((sum, index) => sum + widths[index]!, 0) + GAP * Math.max(0, shown.length - 1);
  if (width === undefined) return { shown, widths, shortened };
  for (const index of shown) {
    const min = columns[index]?.min;
    if (min !== undefined && total() > width) widths[index] = Math.max(min, widths[index]! - (total() - width));
  }
  const steps = shown.flatMap((index) => [
    ...(columns[index]?.shorten !== undefined ? [{ index, rank: columns[index]!.shorten!, kind: 'shorten' as const }] : []),
    ...(columns[index]?.drop !== undefined ? [{ index, rank: columns[index]!.drop!, kind: 'drop' as const }] : []),
  ]).sort((a, b) => a.rank - b.rank);
  for (const step of steps) {
    if (total() <= width) break;
    if (!shown.includes(step.index)) continue;
    if (step.kind === 'shorten') {
      shortened.add(step.index);
      full[step.index] = shortNatural[step.index]!;
      widths[step.index] = Math.min(widths[step.index]!, shortNatural[step.index]!);
    } else {
      shown = shown.filter((index) => index !== step.index);
    }
    // A step freed room: give the cut columns back what they can use.
    for (const index of shown) {
      if (columns[index]?.min !== undefined) widths[index] = Math.min(full[index]!, widths[index]! + Math.max(0, width - total()));
    }
  }
  return { shown, widths, shortened };
}

export async function renderTable(spec: TableSpec, bold: (text: string) => string = (text) => text): Promise<string> {
  const columns = spec.columns ?? [];
  const widthsOf = (head: string[], rows: string[][]) => head.map((label, index) => Math.max(displayWidth(label), ...rows.map((row) => displayWidth(row[index] ?? ''))));
  const natural = widthsOf(spec.head, spec.rows);
  const { shown, widths, shortened } = fitColumns(natural, columns, spec.width, spec.short ? widthsOf(spec.short.head, spec.short.rows) : natural);
  const pick = (row: string[], short: string[] | undefined) => shown.map((index) => {
    const text = (shortened.has(index) && short ? short[index] : row[index]) ?? '';
    return displayWidth(text) > widths[index]! ? truncate(text, widths[index]!) : text;
  });
  const cut = (row: string[], at: number) => pick(row, at < 0 ? spec.short?.head : spec.short?.rows[at]);
  // A separate chunk of the bundle: commands that print no table never load it.
  const Table = (await import('cli-table3')).default as unknown as Cli3Table;
  const blank = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '',
    'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' '.repeat(GAP) };
  const table = new Table({
    head: cut(spec.head, -1).map((label) => bold(label)),
    chars: blank,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colAligns: shown.map((index) => (spec.alignRight?.includes(index) || columns[index]?.right ? 'right' : 'left')),
    wordWrap: false,
  });
  table.push(...spec.rows.map((row, at) => cut(row, at)));
  return table.toString().split('\n').map((line) => line.trimEnd()).join('\n') + '\n';
}
