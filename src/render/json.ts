// JSON for people: indented, keys and values coloured, every string sanitized (escaped as JSON).
import type { Palette } from './color.ts';
import { safeJson } from './sanitize.ts';

export function colorJson(value: unknown, palette: Palette, indent = ''): string {
  const next = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${next}${colorJson(item, palette, next)}`).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([key, item]) => `${next}${palette.blue(palette.bold(safeJson(key)))}: ${colorJson(item, palette, next)}`).join(',\n')}\n${indent}}`;
  }
  if (typeof value === 'string') return palette.green(safeJson(value));
  if (value === null) return palette.dim('null');
  return palette.yellow(safeJson(value));
}
