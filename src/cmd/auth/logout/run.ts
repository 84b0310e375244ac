// topo auth logout: removes the profile's stored key.
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { editProfile, updateConfig } from '../../../config/store.ts';

export async function runLogout(rt: Runtime): Promise<void> {
  const had = Boolean(rt.profile.apiKey);
  if (had) await updateConfig(rt.configDir, (config) => { delete editProfile(config, rt.profileName).apiKey; });
  rt.io.stderr.write(had ? `logged out of profile '${rt.profileName}': its key was removed\n` : `profile '${rt.profileName}' had no stored key\n`);
  if (rt.env.TOPO_API_KEY) rt.io.stderr.write('note: TOPO_API_KEY is still set in this environment and will be used\n');
}
