// The one config store: profiles (key, base URL, preferences) and user aliases.
// Reads are a plain JSON.parse of conf's file (conf costs ~30 ms to import, too much for every
// command); writes go through conf, loaded only then, for its atomic write and file mode.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from './http/errors.ts';
import { isUuid } from './contract.ts';

export interface ProfileConfig {
  apiKey?: string;
  baseUrl?: string;
  pageSize?: number;
  color?: 'auto' | 'always' | 'never';
  aliases?: Record<string, string>;
}

export interface ConfigFile {
  currentProfile?: string;
  profiles?: Record<string, ProfileConfig>;
}

export const CONFIG_FILE_NAME = 'config.json';
export const DEFAULT_PROFILE = 'default';

export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.TOPO_CONFIG_DIR) return path.resolve(env.TOPO_CONFIG_DIR);
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'topo');
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'topo');
}

export function readConfig(dir: string): ConfigFile {
  const file = path.join(dir, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UsageError(`cannot read the config file ${file}: ${(error as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as ConfigFile) : {};
  } catch {
    throw new UsageError(`the config file ${file} is not valid JSON`, `fix or remove it (topo config path shows where it is)`);
  }
}

/** Applies `change` to the stored config; the folder is kept 0700 and the file 0600 on every write. */
export async function updateConfig(dir: string, change: (config: ConfigFile) => void): Promise<void> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const { default: Conf } = await import('conf');
  const store = new Conf<ConfigFile>({ cwd: dir, configName: 'config', configFileMode: 0o600 });
  const next = structuredClone(store.store) as ConfigFile;
  change(next);
  store.store = next;
  fs.chmodSync(store.path, 0o600);
}

export function profileOf(config: ConfigFile, name: string): ProfileConfig {
  return config.profiles?.[name] ?? {};
}

export function editProfile(config: ConfigFile, name: string): ProfileConfig {
  config.profiles ??= {};
  return (config.profiles[name] ??= {});
}

/** Settable preferences: `topo config set <key> <value>`. Secrets are set with `topo auth login` only. */
export const SETTINGS = {
  'base-url': {
    describe: 'API base URL for this profile',
    parse: (value: string) => {
      try {
        new URL(value);
      } catch {
        throw new UsageError(`config base-url: '${value}' is not a URL (expected https://host)`);
      }
      return value.replace(/\/$/, '');
    },
    get: (profile: ProfileConfig) => profile.baseUrl,
    set: (profile: ProfileConfig, value: unknown) => { profile.baseUrl = value as string; },
  },
  'page-size': {
    describe: 'default --size of tasks ls (1..100)',
    parse: (value: string) => {
      const size = Number(value);
      if (!Number.isInteger(size) || size < 1 || size > 100) throw new UsageError(`config page-size: '${value}' must be a whole number from 1 to 100`);
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
