// topo auth logout: removes the profile's stored key.
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { editProfile, updateConfig } from '../../../config/store.ts';

/** Removes the profile's key from wherever it is: the system keyring and the config file. */
export async function runLogout(rt: Runtime): Promise<void> {
  let fromKeyring = false;
  if (rt.profile.keyStorage === 'keyring') {
    const { openKeyring } = await import('../../../config/keyring.ts');
    const opened = await openKeyring(rt.env);
    if ('keyring' in opened) fromKeyring = opened.keyring.delete(rt.profileName);
    else rt.io.stderr.write(`warning: the key is in the system keyring, which cannot be reached here (${opened.unavailable}); remove it there with your keyring tool (service topo, account ${rt.profileName})\n`);
  }
  const fromFile = Boolean(rt.profile.apiKey);
  const had = fromKeyring || fromFile;
  if (had || rt.profile.keyStorage) {
    await updateConfig(rt.configDir, (config) => {
      const profile = editProfile(config, rt.profileName);
      delete profile.apiKey;
      delete profile.keyStorage;
    });
  }
  rt.io.stderr.write(had ? `logged out of profile '${rt.profileName}': its key was removed from ${fromKeyring ? 'the system keyring' : 'the config file'}\n` : `profile '${rt.profileName}' had no stored key\n`);
  if (rt.env.TOPO_API_KEY) rt.io.stderr.write('note: TOPO_API_KEY is still set in this environment and will be used\n');
}
