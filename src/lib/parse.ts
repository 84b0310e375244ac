// Flag value parsers. Each rejects bad input with a message naming the accepted values; commander
// prefixes the flag, and the CLI exits 2 before any request is sent.
import { InvalidArgumentError } from 'commander';
import { isUuid } from '../contract.ts';

/** One value of an enum, case-insensitive (`--status pending` works), returned as the API spells it. */
export function enumParser(values: readonly string[]) {
  return (raw: string): string => {
    const found = values.find((value) => value.toLowerCase() === raw.trim().toLowerCase());
    if (!found) throw new InvalidArgumentError(`'${raw}' is not one of ${values.join(', ')}.`);
    return found;
  };
}

/** Repeatable and comma-separated: `--types CALL,EMAIL_REPLY --types LINKEDIN_REPLY`. */
export function enumListParser(values: readonly string[]) {
  const one = enumParser(values);
  return (raw: string, previous: string[] | undefined): string[] => {
    const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
    if (items.length === 0) throw new InvalidArgumentError(`expected one or more of ${values.join(', ')}.`);
    const merged = [...(previous ?? [])];
    for (const item of items.map(one)) if (!merged.includes(item)) merged.push(item);
    return merged;
  };
}

export function uuidParser(raw: string): string {
  if (!isUuid(raw.trim())) throw new InvalidArgumentError(`'${raw}' is not a UUID (expected 8-4-4-4-12 hex digits).`);
  return raw.trim().toLowerCase();
}

export function uuidListParser(raw: string, previous: string[] | undefined): string[] {
  const merged = [...(previous ?? [])];
  for (const item of raw.split(',').map((value) => value.trim()).filter(Boolean)) {
    const id = uuidParser(item);
    if (!merged.includes(id)) merged.push(id);
  }
  return merged;
}

export function intParser(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^\s*\d+\s*$/.test(raw) || value < min || value > max) {
      throw new InvalidArgumentError(`'${raw}' must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}.`);
    }
    return value;
  };
}

const RELATIVE = /^(\d+)\s*(m|min|h|d|w)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * ISO 8601 (a date, or a date and time with or without zone; no zone means UTC) or relative to now:
 * `30m`, `24h`, `7d`, `2w` ago, `today` and `yesterday` (midnight UTC). Returns RFC3339 UTC.
 */
export function parseWhen(raw: string, now = Date.now()): string {
  const text = raw.trim().toLowerCase();
  const relative = RELATIVE.exec(text);
  let time: number;
  if (relative) time = now - Number(relative[1]) * UNIT_MS[relative[2]!.toLowerCase()]!;
  else if (text === 'today' || text === 'yesterday') {
    const midnight = new Date(now);
    midnight.setUTCHours(0, 0, 0, 0);
    time = midnight.getTime() - (text === 'yesterday' ? 86_400_000 : 0);
  } else if (text === 'now') time = now;
  else if (/^\d{4}-\d{2}-\d{2}([t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const withZone = text.length > 10 && !/(z|[+-]\d{2}:?\d{2})$/.test(text) ? `${text}z` : text;
    time = Date.parse(withZone.toUpperCase().replace(' ', 'T'));
  } else time = NaN;
  if (Number.isNaN(time)) {
    throw new InvalidArgumentError(`'${raw}' is not a date: use ISO 8601 (2026-11-20, 2026-11-20T09:00:00Z) or relative (30m, 24h, 7d, 2w, today, yesterday).`);
  }
  return new Date(time).toISOString().replace('.000Z', 'Z');
}

/** `--fields a,b,c`: field names as the API spells them. */
export function fieldsParser(raw: string, previous: string[] | undefined): string[] {
  const fields = raw.split(',').map((field) => field.trim()).filter(Boolean);
  const bad = fields.find((field) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(field));
  if (fields.length === 0 || bad !== undefined) throw new InvalidArgumentError(`'${bad ?? raw}' is not a field name (e.g. id,type,status,assignee_user_id).`);
  return [...(previous ?? []), ...fields];
}
