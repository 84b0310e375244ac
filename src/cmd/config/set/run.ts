// topo config set <key> <value>.
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { SETTINGS } from '../../../config/settings.ts';
import { editProfile, updateConfig } from '../../../config/store.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';
import { settingName } from '../shared.ts';

export async function runConfigSet(rt: Runtime, name: string, raw: string): Promise<void> {
  const setting = SETTINGS[settingName(name)];
  const value = setting.parse(raw, rt.profile);
  await updateConfig(rt.configDir, (config) => setting.set(editProfile(config, rt.profileName), value));
  rt.io.stderr.write(`set ${name} = ${sanitizeInline(String(value))} for profile '${rt.profileName}'\n`);
}
