// topo auth logout: removes every secret the profile stores, whichever provider: an API key, or
// OAuth tokens with the client secret; from the system keyring and from the config file alike.
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { editProfile, updateConfig } from '../../../config/store.ts';

/** Removes the profile's credentials from wherever they are: the system keyring and the config file. */
export async function runLogout(rt: Runtime): Promise<void> {
  const what = rt.spec.credentials === 'oauth' ? { noun: 'tokens', were: 'tokens and client secret were' } : { noun: 'key', were: 'key was' };
  let fromKeyring = false;
  if (rt.profile.keyStorage === 'keyring') {
    const { openKeyring } = await import('../../../config/keyring.ts');
    const opened = await openKeyring(rt.env);
    if ('keyring' in opened) fromKeyring = opened.keyring.delete(rt.profileName);
    else rt.io.stderr.write(`warning: the ${what.noun} are in the system keyring, which cannot be reached here (${opened.unavailable}); remove them there with your keyring tool (service topo, account ${rt.profileName})\n`);
  }
  // A profile may hold more than its provider's kind (it spoke another provider before): all goes.
  const fromFile = Boolean(rt.profile.apiKey || rt.profile.outreach);
  const had = fromKeyring || fromFile;
  if (had || rt.profile.keyStorage) {
    await updateConfig(rt.configDir, (config) => {
      const profile = editProfile(config, rt.profileName);
      delete profile.apiKey;
      delete profile.outreach;
      delete profile.keyStorage;
    });
  }
  rt.io.stderr.write(had ? `logged out of profile '${rt.profileName}': its ${what.were} removed from ${fromKeyring ? 'the system keyring' : 'the config file'}\n` : `profile '${rt.profileName}' had no stored ${what.noun}\n`);
  if (rt.env.TOPO_API_KEY) rt.io.stderr.write('note: TOPO_API_KEY is still set in this environment and will be used\n');
}
