// Flag value parsers. Each rejects bad input with a message naming the accepted values; commander
// prefixes the flag, and the CLI exits 2 before any request is sent. One rule for every enum:
// case-insensitive, answered in the API's spelling, with a "did you mean" for near misses.
import { InvalidArgumentError, Option } from 'commander';
import { anyTaskId, anyUserId, idShapes } from '../providers/registry.ts';
import { shown } from '../render/sanitize.ts';
import { didYouMean } from '../core/words.ts';

export { shown } from '../render/sanitize.ts';
export { closest, didYouMean } from '../core/words.ts';

/** One value of an enum, case-insensitive (`--status pending` works), returned as the API spells it. */
export function enumParser(values: readonly string[]) {
  return (raw: string): string => {
    const found = values.find((value) => value.toLowerCase() === raw.trim().toLowerCase());
    if (!found) throw new InvalidArgumentError(`'${shown(raw)}' is not one of ${values.join(', ')}${didYouMean(raw, values)}.`);
    return found;
  };
}

/** A flag with a fixed set of values: listed in help and completions, parsed case-insensitively. */
export function enumOption(flags: string, description: string, values: readonly string[]): Option {
  return new Option(flags, description).choices(values).argParser(enumParser(values));
}

/** Marks a parser whose flag may be given several times (lists). Every other value flag takes one. */
export function repeatable<F extends (raw: string, previous: never) => unknown>(parser: F): F {
  return Object.assign(parser, { repeatable: true });
}

/** Repeatable and comma-separated: `--types CALL,EMAIL_REPLY --types LINKEDIN_REPLY`. */
export function enumListParser(values: readonly string[]) {
  const one = enumParser(values);
  return repeatable((raw: string, previous: string[] | undefined): string[] => {
    const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
    if (items.length === 0) throw new InvalidArgumentError(`expected one or more of ${values.join(', ')}.`);
    const merged = [...(previous ?? [])];
    for (const item of items.map(one)) if (!merged.includes(item)) merged.push(item);
    return merged;
  });
}

/** A task or group id of any provider's shape (lower case): which one the profile's provider takes is checked when it is known. */
export function idParser(raw: string): string {
  const value = raw.trim().toLowerCase();
  if (!anyTaskId(value)) throw new InvalidArgumentError(`'${shown(raw)}' is not ${idShapes()}.`);
  return value;
}

/** A user id of any provider's shape (an alias names one). */
export function userIdParser(raw: string): string {
  const value = raw.trim().toLowerCase();
  if (!anyUserId(value)) throw new InvalidArgumentError(`'${shown(raw)}' is not ${idShapes()}.`);
  return value;
}

/** Repeatable and comma-separated free values (`--to ana --to bram,chen`), in order, each once. */
export const listParser = repeatable((raw: string, previous: string[] | undefined): string[] => {
  const merged = [...(previous ?? [])];
  for (const item of raw.split(',').map((value) => value.trim()).filter(Boolean)) if (!merged.includes(item)) merged.push(item);
  return merged;
});

/** Repeatable, each value whole (file names may hold commas). */
export const repeatedParser = repeatable((raw: string, previous: string[] | undefined): string[] => [...(previous ?? []), raw]);

export function intParser(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^\s*\d+\s*$/.test(raw) || value < min || value > max) {
      throw new InvalidArgumentError(`'${shown(raw)}' must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}.`);
    }
    return value;
  };
}

/** A duration in ms: a bare number is ms; `500ms`, `30s` and `2m` say their unit. */
export function durationMsParser(min: number) {
  return (raw: string): number => {
    const match = /^\s*(\d+)\s*(ms|s|m)?\s*$/i.exec(raw);
    const value = match ? Number(match[1]) * ({ ms: 1, s: 1000, m: 60_000 } as Record<string, number>)[(match[2] ?? 'ms').toLowerCase()]! : NaN;
    if (!match || !(value >= min)) throw new InvalidArgumentError(`'${shown(raw)}' must be a duration of at least ${min} ms: 30000 (ms), 500ms, 30s or 2m.`);
    return value;
  };
}

const RELATIVE = /^(\+?)(\d{1,6})\s*(m|min|h|d|w)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** Relative dates reach back at most this far: ten years. */
const MAX_RELATIVE_MS = 3_653 * 86_400_000;
const ACCEPTED_DATES = 'use ISO 8601 (2026-11-20, 2026-11-20T09:00:00Z, 2026-11-20T09:00+01:00) or relative (30m, 24h, 7d, 2w ago; +2h, +3d ahead; today, yesterday, tomorrow, now)';

/** Midnight today in the user's time zone (TZ), as epoch ms. */
function localMidnight(now: number): number {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return midnight.getTime();
}

/**
 * ISO 8601 (a date, or a date and time with or without zone; no zone means UTC) or relative to now:
 * `30m`, `24h`, `7d`, `2w` ago, `now`, and `today`/`yesterday` (midnight in the user's time zone).
 * Impossible calendar dates (2026-02-30, 25:00) are refused, not rolled over. Returns RFC3339 UTC.
 */
export function parseWhen(raw: string, now = Date.now()): string {
  const text = raw.trim().toLowerCase();
  const relative = RELATIVE.exec(text);
  let time: number;
  if (relative) {
    const span = Number(relative[2]) * UNIT_MS[relative[3]!.toLowerCase()]!;
    const ahead = relative[1] === '+';
    if (span > MAX_RELATIVE_MS) throw new InvalidArgumentError(`'${shown(raw)}' reaches ${ahead ? 'ahead' : 'back'} more than ten years; give a date instead (${ACCEPTED_DATES}).`);
    time = ahead ? now + span : now - span;
  } else if (text === 'today' || text === 'yesterday' || text === 'tomorrow') {
    time = localMidnight(now) + (text === 'yesterday' ? -86_400_000 : text === 'tomorrow' ? 86_400_000 : 0);
  } else if (text === 'now') time = now;
  else {
    const match = /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
    time = NaN;
    if (match) {
      const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
      const valid = Number(mo) >= 1 && Number(mo) <= 12 && Number(d) >= 1 && Number(d) <= new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate()
        && Number(h) <= 23 && Number(mi) <= 59 && Number(s) <= 59;
      if (!valid) throw new InvalidArgumentError(`'${shown(raw)}' is not a calendar date (${ACCEPTED_DATES}).`);
      const withZone = text.length > 10 && !match[7] ? `${text}z` : text;
      time = Date.parse(withZone.toUpperCase().replace(' ', 'T'));
    }
  }
  if (Number.isNaN(time)) throw new InvalidArgumentError(`'${shown(raw)}' is not a date: ${ACCEPTED_DATES}.`);
  return new Date(time).toISOString().replace('.000Z', 'Z');
}

/** `--fields a,b,c`: field names as the API spells them (`contact.name` for a nested field). */
export const fieldsParser = repeatable((raw: string, previous: string[] | undefined): string[] => {
  const fields = raw.split(',').map((field) => field.trim()).filter(Boolean);
  const bad = fields.find((field) => !/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(field));
  if (fields.length === 0 || bad !== undefined) throw new InvalidArgumentError(`'${shown(bad ?? raw)}' is not a field name (e.g. id,type,status,assignee_user_id).`);
  return [...(previous ?? []), ...fields];
});

/**
 * A flag that takes one value refuses a second one instead of silently keeping the last
 * (`--status PENDING --status SKIPPED`). Lists are marked `repeatable` and merge.
 */
export function refuseRepeats(option: Option): void {
  if (!(option.required || option.optional) || option.variadic) return;
  const parse = (option as Option & { parseArg?: ((raw: string, previous: unknown) => unknown) & { repeatable?: boolean } }).parseArg;
  if (parse?.repeatable) return;
  let given = false;
  option.argParser((raw: string, previous: unknown) => {
    if (given) throw new InvalidArgumentError(`given more than once: ${option.long ?? option.flags} takes one value.`);
    given = true;
    return parse ? parse(raw, previous) : raw;
  });
}
