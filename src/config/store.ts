// The one config store: profiles (key, base URL, preferences) and user aliases.
// Reads are a plain JSON.parse of conf's file (conf costs ~30 ms to import, too much for every
// command); writes go through conf, loaded only then, for its atomic write and file mode.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TopoError, UsageError } from '../core/errors.ts';
import { tryLock } from '../core/file-lock.ts';

export interface ProfileConfig {
  /** Only when the key is kept in this file (no keyring, or --insecure-storage). */
  apiKey?: string;
  /** Where the key is: 'keyring' (the OS keyring holds it; this file only says so) or 'file'. */
  keyStorage?: 'keyring' | 'file';
  baseUrl?: string;
  pageSize?: number;
  color?: 'auto' | 'always' | 'never';
  aliases?: Record<string, string>;
  /** Which API the profile speaks (default topo). */
  provider?: string;
  /** The team `tasks rebalance` evens out when --team is not given: `ana:2,chen,dana`. */
  team?: string;
  /**
   * A provider's secret when kept in this file, under the field its spec names (`apiKey` above;
   * OAuth tokens as an object). Never printed.
   */
  [secretField: string]: unknown;
}

export interface ConfigFile {
  currentProfile?: string;
  profiles?: Record<string, ProfileConfig>;
  /** Command aliases (`topo alias set`): a name and the words it stands for, for every profile. */
  commandAliases?: Record<string, string>;
}

export const CONFIG_FILE_NAME = 'config.json';

const ENUMS: Record<string, readonly string[]> = { keyStorage: ['keyring', 'file'], color: ['auto', 'always', 'never'] };

/**
 * What in a profile has the wrong type, in words ("aliases.bram: expected a user id (text), not 5"),
 * so a hand-edited file is an error that names the field, never a crash deep in a command.
 */
export function profileProblems(profile: unknown): string[] {
  if (profile === undefined) return [];
  if (!profile || typeof profile !== 'object' || Array.isArray(profile)) return ['expected an object of settings'];
  const problems: string[] = [];
  const shown = (value: unknown) => JSON.stringify(value)?.slice(0, 40) ?? String(value);
  for (const [key, value] of Object.entries(profile)) {
    if (value === undefined || value === null) continue;
    if (key === 'aliases') {
      if (typeof value !== 'object' || Array.isArray(value)) problems.push(`aliases: expected names with user ids, not ${shown(value)}`);
      else for (const [name, id] of Object.entries(value)) if (typeof id !== 'string') problems.push(`aliases.${name}: expected a user id (text), not ${shown(id)}`);
    } else if (key === 'pageSize') {
      if (!Number.isInteger(value)) problems.push(`pageSize: expected a whole number, not ${shown(value)}`);
    } else if (ENUMS[key]) {
      if (!ENUMS[key]!.includes(value as string)) problems.push(`${key}: expected ${ENUMS[key]!.join(', ')}, not ${shown(value)}`);
    } else if ((key === 'baseUrl' || key === 'provider' || key === 'apiKey' || key === 'team') && typeof value !== 'string') {
      problems.push(`${key}: expected text, not ${shown(value)}`);
    }
  }
  return problems;
}
export const DEFAULT_PROFILE = 'default';

export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.TOPO_CONFIG_DIR) return path.resolve(env.TOPO_CONFIG_DIR);
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'topo');
  return path.join(env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config'), 'topo');
}

export function configFile(dir: string): string {
  return path.join(dir, CONFIG_FILE_NAME);
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
    throw new UsageError(`the config file ${file} is not valid JSON`, 'fix it, or run `topo auth login` or `topo config set` to start a new one (the broken one is kept beside it)');
  }
}

/**
 * For the commands that write the config (login, config set, alias set): a config.json that is not
 * JSON is renamed aside (config.json.broken-<time>), never overwritten, so the command can start a
 * new one. Returns where it went; undefined when the file is readable or absent.
 */
export function setAsideBrokenConfig(dir: string, now = new Date()): string | undefined {
  try {
    readConfig(dir);
    return undefined;
  } catch (error) {
    if (!(error instanceof UsageError) || !/is not valid JSON/.test(error.message)) throw error;
  }
  const file = path.join(dir, CONFIG_FILE_NAME);
  const aside = `${file}.broken-${now.toISOString().replace(/[:.]/g, '-')}`;
  fs.renameSync(file, aside);
  return aside;
}

/** Applies `change` to the stored config; the folder is kept 0700 and the file 0600 on every write. */
/**
 * A config folder or file others can read (it may hold keys) is made private on read, not only at
 * the next write: what was changed, for a warning. Not on Windows (no POSIX modes).
 */
export function tightenPermissions(dir: string): string[] {
  if (process.platform === 'win32') return [];
  const fixed: string[] = [];
  for (const [target, mode] of [[dir, 0o700], [path.join(dir, CONFIG_FILE_NAME), 0o600]] as const) {
    try {
      const stat = fs.lstatSync(target);
      if (stat.isSymbolicLink() || (stat.mode & 0o077) === 0) continue;
      fs.chmodSync(target, mode);
      fixed.push(`${target} was readable by others (mode ${(stat.mode & 0o777).toString(8)}): now ${mode.toString(8)}`);
    } catch {
      // absent: nothing to tighten
    }
  }
  return fixed;
}

export async function updateConfig(dir: string, change: (config: ConfigFile) => void): Promise<void> {
  const file = path.join(dir, CONFIG_FILE_NAME);
  // Writing replaces the file (an atomic rename): a symlink would silently stop being one.
  if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw new UsageError(`${file} is a symbolic link (to ${fs.readlinkSync(file)}): topo does not write through it; nothing was changed`, 'point TOPO_CONFIG_DIR at the folder it links to, or replace the link with the file');
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  // One writer at a time, each re-reading the file under the lock: 20 `alias set` at once keep 20.
  const lockFile = path.join(dir, `${CONFIG_FILE_NAME}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  let taken = tryLock(lockFile);
  while (!('release' in taken)) {
    if (Date.now() > deadline) throw new TopoError(`another topo (process ${taken.holder.pid}) has been writing ${path.join(dir, CONFIG_FILE_NAME)} for ${LOCK_WAIT_MS / 1000} s; nothing was changed`, `if no topo is running, remove ${lockFile}`);
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 20));
    taken = tryLock(lockFile);
  }
  try {
    const { default: Conf } = await import('conf');
    const store = new Conf<ConfigFile>({ cwd: dir, configName: 'config', configFileMode: 0o600 });
    const next = structuredClone(store.store) as ConfigFile;
    change(next);
    store.store = next;
    fs.chmodSync(store.path, 0o600);
  } finally {
    taken.release();
  }
}

/** How long a config write waits for another topo's. */
const LOCK_WAIT_MS = 10_000;

export function profileOf(config: ConfigFile, name: string): ProfileConfig {
  return config.profiles?.[name] ?? {};
}

export function editProfile(config: ConfigFile, name: string): ProfileConfig {
  config.profiles ??= {};
  return (config.profiles[name] ??= {});
}

