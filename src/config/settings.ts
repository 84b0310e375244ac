// What `topo config set` may change, each with the same validation as its flag, and user names.
import { UsageError } from '../core/errors.ts';
import { parseBaseUrl } from '../http/url.ts';
import type { ProfileConfig } from './store.ts';
import { parseTeam } from './team.ts';
import { DEFAULT_PROVIDER, PROVIDER_NAMES, PROVIDER_SPECS, providerNamed } from '../providers/registry.ts';

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
    describe: `default --size of tasks ls (${PROVIDER_SPECS.map((spec) => `${spec.title} ${spec.pageSize.min}..${spec.pageSize.max}`).join('; ')})`,
    // Checked against the profile's provider: --size refuses the same values.
    parse: (value: string, profile?: ProfileConfig) => {
      const { min, max } = (providerNamed(profile?.provider ?? '') ?? DEFAULT_PROVIDER).pageSize;
      const size = Number(value);
      if (!/^\d+$/.test(value.trim()) || size < min || size > max) throw new UsageError(`config page-size: '${value}' must be a whole number from ${min} to ${max}`);
      return size;
    },
    get: (profile: ProfileConfig) => profile.pageSize,
    set: (profile: ProfileConfig, value: unknown) => { profile.pageSize = value as number; },
  },
  team: {
    describe: 'the team tasks rebalance evens out without --team: ids or aliases, comma-separated, user:2 for twice the share',
    parse: (value: string) => {
      const members = parseTeam(value, 'config team');
      if (members.length < 2) throw new UsageError(`config team: '${value.slice(0, 80)}' must be two or more users, comma-separated, each with an optional :weight`, 'e.g. topo config set team ana:2,chen,dana');
      return value.split(',').map((member) => member.trim()).filter(Boolean).join(',');
    },
    get: (profile: ProfileConfig) => profile.team,
    set: (profile: ProfileConfig, value: unknown) => { profile.team = value as string; },
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

