// Borderless aligned tables in the style of gh. cli-table3 is loaded only when a table is printed.
export interface TableSpec {
  head: string[];
  rows: string[][];
  /** Right-align these column indexes (numbers). */
  alignRight?: number[];
}

type Cli3Table = new (options: object) => { push(...rows: unknown[]): void; toString(): string };

export async function renderTable(spec: TableSpec, bold: (text: string) => string = (text) => text): Promise<string> {
  // A separate chunk of the bundle: commands that print no table never load it.
  const Table = (await import('cli-table3')).default as unknown as Cli3Table;
  const blank = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '',
    'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' };
  const table = new Table({
    head: spec.head.map((label) => bold(label)),
    chars: blank,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colAligns: spec.head.map((_, index) => (spec.alignRight?.includes(index) ? 'right' : 'left')),
  });
  table.push(...spec.rows);
  return table.toString().split('\n').map((line) => line.trimEnd()).join('\n') + '\n';
}
