// Borderless aligned tables in the style of gh, fitted to the terminal: flexible columns are cut
// with … down to their minimum, then the least useful columns are dropped; a column marked `keep`
// (a UUID) is never cut or wrapped. cli-table3 is loaded only when a table is printed.
import { displayWidth, truncate } from './width.ts';

export interface ColumnSpec {
  /** Cut with … down to this width before anything is dropped. */
  min?: number;
  /** Dropped when even cut columns do not fit: lower goes first. Undefined: never dropped. */
  drop?: number;
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
}

type Cli3Table = new (options: object) => { push(...rows: unknown[]): void; toString(): string };

const GAP = 2;

/** Which columns to show and how wide, so that the table fits `width`. */
export function fitColumns(natural: number[], columns: ColumnSpec[], width: number | undefined): { shown: number[]; widths: number[] } {
  let shown = natural.map((_, index) => index);
  const widths = [...natural];
  const total = () => shown.reduce((sum, index) => sum + widths[index]!, 0) + GAP * Math.max(0, shown.length - 1);
  if (width === undefined) return { shown, widths };
  for (const index of shown) {
    const min = columns[index]?.min;
    if (min !== undefined && total() > width) widths[index] = Math.max(min, widths[index]! - (total() - width));
  }
  const droppable = shown.filter((index) => columns[index]?.drop !== undefined).sort((a, b) => columns[a]!.drop! - columns[b]!.drop!);
  while (total() > width && droppable.length) {
    const gone = droppable.shift()!;
    shown = shown.filter((index) => index !== gone);
    // A column freed room: give the cut columns back what they can use.
    for (const index of shown) {
      if (columns[index]?.min !== undefined) widths[index] = Math.min(natural[index]!, widths[index]! + Math.max(0, width - total()));
    }
  }
  return { shown, widths };
}

export async function renderTable(spec: TableSpec, bold: (text: string) => string = (text) => text): Promise<string> {
  const columns = spec.columns ?? [];
  const natural = spec.head.map((label, index) => Math.max(displayWidth(label), ...spec.rows.map((row) => displayWidth(row[index] ?? ''))));
  const { shown, widths } = fitColumns(natural, columns, spec.width);
  const cut = (row: string[]) => shown.map((index) => (widths[index]! < natural[index]! ? truncate(row[index] ?? '', widths[index]!) : row[index] ?? ''));
  // A separate chunk of the bundle: commands that print no table never load it.
  const Table = (await import('cli-table3')).default as unknown as Cli3Table;
  const blank = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '',
    'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' '.repeat(GAP) };
  const table = new Table({
    head: cut(spec.head).map((label) => bold(label)),
    chars: blank,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colAligns: shown.map((index) => (spec.alignRight?.includes(index) || columns[index]?.right ? 'right' : 'left')),
    wordWrap: false,
  });
  table.push(...spec.rows.map(cut));
  return table.toString().split('\n').map((line) => line.trimEnd()).join('\n') + '\n';
}
