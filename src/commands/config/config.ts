// topo config get | set | list | path | use: per-profile preferences in the one config store.
import path from 'node:path';
import { CONFIG_FILE_NAME, editProfile, isSettingName, SETTINGS, updateConfig } from '../../config.ts';
import { UsageError } from '../../http/errors.ts';
import { write } from '../../render/output.ts';
import { safeJson } from '../../render/sanitize.ts';
import type { Runtime } from '../../runtime.ts';

function settingName(name: string) {
  if (!isSettingName(name)) throw new UsageError(`unknown setting '${name}': use one of ${Object.keys(SETTINGS).join(', ')}`, 'the API key is set with `topo auth login`');
  return name;
}

export async function runConfigGet(rt: Runtime, name: string): Promise<number> {
  const value = SETTINGS[settingName(name)].get(rt.profile);
  if (value === undefined) return 1;
  await write(rt.io.stdout, `${value}\n`);
  return 0;
}

export async function runConfigSet(rt: Runtime, name: string, raw: string): Promise<void> {
  const setting = SETTINGS[settingName(name)];
  const value = setting.parse(raw);
  await updateConfig(rt.configDir, (config) => setting.set(editProfile(config, rt.profileName), value));
  rt.io.stderr.write(`set ${name} = ${value} for profile '${rt.profileName}'\n`);
}

export async function runConfigList(rt: Runtime, options: { json?: boolean }): Promise<void> {
  const profile = rt.profile;
  const settings = Object.fromEntries(Object.entries(SETTINGS).map(([name, setting]) => [name, setting.get(profile) ?? null]));
  const report = { profile: rt.profileName, profiles: Object.keys(rt.config.profiles ?? {}), settings, key_stored: Boolean(profile.apiKey), aliases: profile.aliases ?? {} };
  if (options.json) return void (await write(rt.io.stdout, `${safeJson(report, 2)}\n`));
  const lines = [`profile\t${report.profile}`, ...Object.entries(settings).map(([name, value]) => `${name}\t${value ?? ''}`), `key\t${report.key_stored ? 'stored' : 'not stored'}`,
    `profiles\t${report.profiles.join(',')}`];
  await write(rt.io.stdout, lines.join('\n') + '\n');
}

export async function runConfigPath(rt: Runtime): Promise<void> {
  await write(rt.io.stdout, `${path.join(rt.configDir, CONFIG_FILE_NAME)}\n`);
}

export async function runConfigUse(rt: Runtime, profile: string): Promise<void> {
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(profile)) throw new UsageError(`profile name '${profile}' may use letters, digits, '.', '_' and '-' only`);
  await updateConfig(rt.configDir, (config) => { config.currentProfile = profile; editProfile(config, profile); });
  rt.io.stderr.write(`profile '${profile}' is now the default\n`);
}
