// Pictures in text: bars of Unicode blocks (eighths included), scaled to the largest value.

export function bar(value: number, max: number, width = 24): string {
  if (max <= 0 || value <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 ? '▏▎▍▌▋▊▉'[(eighths % 8) - 1]! : '');
}

/** `LABEL  ███▌ 12` lines, one per entry, labels padded, largest first unless `order` is given. */
export function barChart(entries: Array<[string, number]>, options: { width?: number; color?: (text: string) => string; order?: readonly string[] } = {}): string[] {
  const known = options.order ?? [];
  const rank = (label: string) => (known.includes(label) ? known.indexOf(label) : known.length);
  const sorted = [...entries].sort((a, b) => (known.length ? rank(a[0]) - rank(b[0]) : 0) || b[1] - a[1]);
  const max = Math.max(0, ...sorted.map(([, value]) => value));
  const pad = Math.max(0, ...sorted.map(([label]) => label.length));
  const color = options.color ?? ((text: string) => text);
  return sorted.map(([label, value]) => `${label.padEnd(pad)}  ${color(bar(value, max, options.width ?? 20))} ${value}`);
}
