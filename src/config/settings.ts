// What `topo config set` may change, each with the same validation as its flag, and user names.
import { isUuid, PAGE_SIZE_MAX, PAGE_SIZE_MIN } from '../providers/topo/contract.ts';
import { UsageError } from '../core/errors.ts';
import { parseBaseUrl } from '../http/url.ts';
import type { ProfileConfig } from './store.ts';
import { PROVIDER_NAMES } from '../providers/registry.ts';

/** Settable preferences: `topo config set <key> <value>`. Secrets are set with `topo auth login` only. */
export const SETTINGS = {
  provider: {
    describe: `the API this profile speaks: ${PROVIDER_NAMES.join(' or ')} (default topo)`,
    parse: (value: string) => {
      if (!(PROVIDER_NAMES as readonly string[]).includes(value)) throw new UsageError(`config provider: '${value}' must be one of ${PROVIDER_NAMES.join(', ')}`);
      return value as string;
    },
    get: (profile: ProfileConfig) => profile.provider,
    set: (profile: ProfileConfig, value: unknown) => { profile.provider = value as string; },
  },
  'base-url': {
    describe: 'API base URL for this profile',
    parse: (value: string) => parseBaseUrl(value, 'config base-url').href.replace(/\/$/, ''),
    get: (profile: ProfileConfig) => profile.baseUrl,
    set: (profile: ProfileConfig, value: unknown) => { profile.baseUrl = value as string; },
  },
  'page-size': {
    describe: `default --size of tasks ls (${PAGE_SIZE_MIN}..${PAGE_SIZE_MAX})`,
    parse: (value: string) => {
      const size = Number(value);
      if (!/^\d+$/.test(value.trim()) || size < PAGE_SIZE_MIN || size > PAGE_SIZE_MAX) throw new UsageError(`config page-size: '${value}' must be a whole number from ${PAGE_SIZE_MIN} to ${PAGE_SIZE_MAX}`);
      return size;
    },
    get: (profile: ProfileConfig) => profile.pageSize,
    set: (profile: ProfileConfig, value: unknown) => { profile.pageSize = value as number; },
  },
  color: {
    describe: 'colour on a terminal: auto, always or never (NO_COLOR and FORCE_COLOR still win)',
    parse: (value: string) => {
      if (!['auto', 'always', 'never'].includes(value)) throw new UsageError(`config color: '${value}' must be one of auto, always, never`);
      return value as ProfileConfig['color'];
    },
    get: (profile: ProfileConfig) => profile.color,
    set: (profile: ProfileConfig, value: unknown) => { profile.color = value as ProfileConfig['color']; },
  },
} as const;
export type SettingName = keyof typeof SETTINGS;

export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(SETTINGS, name);
}

export const ALIAS_RE = /^[a-z][a-z0-9._-]{0,39}$/i;

/** A `<user>` argument: a UUID as it is, or an alias of the profile. */
export function resolveUser(value: string, aliases: Record<string, string> | undefined, flag: string): string {
  if (isUuid(value)) return value.toLowerCase();
  const found = aliases?.[value] ?? aliases?.[value.toLowerCase()];
  if (found) return found;
  const known = Object.keys(aliases ?? {});
  throw new UsageError(
    `${flag}: '${value}' is neither a user UUID nor a known alias${known.length ? ` (aliases: ${known.sort().join(', ')})` : ''}`,
    'add one with `topo users alias set <name> <uuid>`; `topo users ls` shows known assignees',
  );
}
