// Values as text: relative times for people, RFC3339 for pipes; missing values never crash.
import { instant } from '../core/time.ts';

export function relativeTime(iso: string, now = Date.now()): string {
  const then = instant(iso);
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((now - then) / 1000);
  const abs = Math.abs(seconds);
  const [amount, unit] =
    abs < 60 ? [abs, 's'] : abs < 3600 ? [Math.floor(abs / 60), 'm'] : abs < 86400 ? [Math.floor(abs / 3600), 'h']
      : abs < 86400 * 60 ? [Math.floor(abs / 86400), 'd'] : abs < 86400 * 730 ? [Math.floor(abs / (86400 * 30)), 'mo'] : [Math.floor(abs / (86400 * 365)), 'y'];
  if (abs < 5) return 'just now';
  return seconds >= 0 ? `${amount}${unit} ago` : `in ${amount}${unit}`;
}

/** RFC3339 in UTC, to the second: what scripts compare and sort. */
export function rfc3339(iso: string): string {
  const then = instant(iso);
  if (Number.isNaN(then)) return iso;
  return new Date(then).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Topo's `created_at` and Outreach's `dueAt`, `createdAt`. */
export function isTimestampField(name: string): boolean {
  return name.endsWith('_at') || /[a-z]At$/.test(name);
}

/** Any field value as a string: null and missing become '', objects become JSON. */
export function plain(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

/** Hard-wraps each line to `width` UTF-16 units, at a space when there is one. Linear, for 10 MB bodies. */
export function wrap(text: string, width: number): string {
  if (width < 20) return text;
  return text.split('\n').map((line) => {
    if (line.length <= width) return line;
    const out: string[] = [];
    let start = 0;
    while (line.length - start > width) {
      // Look back only within this row: lastIndexOf from the row's end would scan to the start of a
      // spaceless megabyte line for every row (quadratic).
      const space = line.slice(start, start + width + 1).lastIndexOf(' ');
      let cut = space > 0 ? start + space : -1;
      if (cut <= start) {
        cut = start + width;
        const code = line.charCodeAt(cut - 1);
        if (code >= 0xd800 && code <= 0xdbff) cut--; // never split a surrogate pair
      }
      out.push(line.slice(start, cut).trimEnd());
      start = cut;
      while (line[start] === ' ') start++;
    }
    out.push(line.slice(start));
    return out.join('\n');
  }).join('\n');
}
