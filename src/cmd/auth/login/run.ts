// topo auth login: the key is verified with GET /v1/me before it is saved (0600 in a 0700 folder),
// and shown at most as its prefix and last 4 characters. A key that cannot read is refused.
import { SCOPE_READ, SCOPE_WRITE } from '../../../providers/topo/contract.ts';
import { ApiError, CredentialsError, UsageError } from '../../../core/errors.ts';
import { withPrompt } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { readStdin } from '../../../cmdutil/stdin.ts';
import { configFile, editProfile, updateConfig } from '../../../config/store.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';
import { checkKey, maskKey } from '../shared/key.ts';

export interface LoginOptions {
  withToken?: boolean;
  insecureStorage?: boolean;
  /** Outreach only. */
  clientId?: string;
  redirectUri?: string;
}


async function readKey(rt: Runtime, options: LoginOptions): Promise<string> {
  if (options.withToken) return (await readStdin(rt.io.stdin, '--with-token')).trim();
  const terminal = rt.io.terminal();
  if (!terminal) throw new UsageError('no terminal to prompt for the key', 'pipe it in: `printf %s "$TOPO_KEY" | topo auth login --with-token`');
  try {
    return (await withPrompt(terminal, (prompts, context) => prompts.password({ message: `API key for profile '${rt.profileName}' (Settings → Developers):`, mask: false }, context))).trim();
  } finally {
    terminal.close();
  }
}

export async function runLogin(rt: Runtime, options: LoginOptions): Promise<void> {
  if (rt.sandbox) throw new UsageError('the sandbox needs no login: --sandbox uses its own key');
  if (options.clientId || options.redirectUri) throw new UsageError(`${options.clientId ? '--client-id' : '--redirect-uri'} is for Outreach profiles: Topo keys need no OAuth app`, 'add --provider outreach to log in to Outreach');
  const key = await readKey(rt, options);
  if (!key) throw new UsageError('the API key is empty');
  if (/\s/.test(key)) throw new UsageError('the API key contains white space; paste it again');
  const base = rt.baseUrl();
  const api = await rt.apiFor(base.value, key);
  let check;
  try {
    check = await checkKey(api);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      throw new CredentialsError(`the API rejected this key (${sanitizeInline(error.message)}); nothing was saved`,
        error.status === 403 ? `the key needs at least the ${SCOPE_READ} scope` : 'check that you copied the whole key');
    }
    throw error;
  } finally {
    api.http.close();
  }
  if (!check.canRead) {
    throw new CredentialsError(`this key lacks the ${SCOPE_READ} scope (it has ${check.info?.scopes?.join(', ') || 'none'}); nothing was saved`, `ask a workspace admin for a key with ${SCOPE_READ}`);
  }
  // The system keyring unless told otherwise; where none answers, the 0600 file, said once.
  let where: string;
  let inKeyring = false;
  if (!options.insecureStorage) {
    const { openKeyring } = await import('../../../config/keyring.ts');
    const opened = await openKeyring(rt.env);
    let unavailable = 'unavailable' in opened ? opened.unavailable : undefined;
    if ('keyring' in opened) {
      try {
        opened.keyring.set(rt.profileName, key);
        inKeyring = true;
      } catch (error) {
        // A locked or refusing keyring: the file, said so.
        unavailable = (error as Error).message;
      }
    }
    where = inKeyring ? 'the system keyring' : `${configFile(rt.configDir)} (0600): no system keyring is available here (${sanitizeInline(unavailable ?? '')})`;
  } else where = `${configFile(rt.configDir)} (0600), in plain text as --insecure-storage asks`;
  await updateConfig(rt.configDir, (config) => {
    const profile = editProfile(config, rt.profileName);
    if (inKeyring) delete profile.apiKey;
    else profile.apiKey = key;
    profile.keyStorage = inKeyring ? 'keyring' : 'file';
    if (rt.globals.baseUrl) profile.baseUrl = rt.globals.baseUrl;
  });
  const p = rt.err;
  const which = check.info ? `${sanitizeInline(String(check.info.name ?? 'unnamed key'))}, ${sanitizeInline(String(check.info.key_prefix ?? ''))}…${key.slice(-4)}` : `key ${maskKey(key)}`;
  rt.io.stderr.write(`${p.green('✓')} logged in to ${sanitizeInline(base.value)} as profile '${rt.profileName}' (${which})\n`);
  if (check.info?.scopes) rt.io.stderr.write(`  scopes: ${check.info.scopes.map((scope) => sanitizeInline(scope)).join(', ')}\n`);
  rt.io.stderr.write(`${inKeyring ? '  ' : p.yellow('note: ')}key stored in ${where}\n`);
  if (check.canWrite === false) {
    rt.io.stderr.write(p.yellow(`warning: this key lacks ${SCOPE_WRITE}: it can read tasks but not skip, reopen or reassign them\n`));
  }
}
