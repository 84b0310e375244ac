// topo config unset <key>.
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { SETTINGS } from '../../../config/settings.ts';
import { editProfile, updateConfig } from '../../../config/store.ts';
import { settingName } from '../shared.ts';

export async function runConfigUnset(rt: Runtime, name: string): Promise<void> {
  const setting = SETTINGS[settingName(name)];
  const had = setting.get(rt.profile) !== undefined;
  if (had) await updateConfig(rt.configDir, (config) => setting.set(editProfile(config, rt.profileName), undefined));
  rt.io.stderr.write(had ? `unset ${name} for profile '${rt.profileName}'\n` : `${name} was not set for profile '${rt.profileName}'\n`);
}
