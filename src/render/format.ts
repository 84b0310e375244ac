// Values as text: relative times for people, RFC3339 for pipes; missing values never crash.

export function relativeTime(iso: string, now = Date.now()): string {
  const then = Date.parse(iso);
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
  const then = Date.parse(iso);
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
