// topo config list.
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { SETTINGS } from '../../../config/settings.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';

export interface ListOptions {
  json?: boolean;
}


export async function runConfigList(rt: Runtime, options: ListOptions): Promise<void> {
  const profile = rt.profile;
  const settings = Object.fromEntries(Object.entries(SETTINGS).map(([name, setting]) => [name, setting.get(profile) ?? null]));
  // Where the key is, never the key: the system keyring, the config file, or nowhere.
  const keyStored = profile.keyStorage === 'keyring' ? 'system keyring' : profile.apiKey ? 'config file' : null;
  const report = { profile: rt.profileName, profiles: Object.keys(rt.config.profiles ?? {}), settings, key_stored: keyStored, aliases: profile.aliases ?? {} };
  if (options.json) return void (await write(rt.io.stdout, `${safeJson(report, 2)}\n`));
  const lines = [`profile\t${report.profile}`, ...Object.entries(settings).map(([name, value]) => `${name}\t${sanitizeInline(String(value ?? ''))}`), `key\t${report.key_stored ?? 'not stored'}`,
    `profiles\t${report.profiles.map((name) => sanitizeInline(name)).join(',')}`];
  await write(rt.io.stdout, lines.join('\n') + '\n');
}
