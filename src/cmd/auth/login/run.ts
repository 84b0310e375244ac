// topo auth login, on any provider: the secrets the provider asks for (an API key; an access token;
// a refresh token and the app's client secret) are read from stdin or prompted for, proved against
// the API by the provider, then kept in the system keyring or the 0600 config file. Never printed.
import { UsageError } from '../../../core/errors.ts';
import { withPrompt } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { readStdin } from '../../../cmdutil/stdin.ts';
import { configFile, editProfile, updateConfig } from '../../../config/store.ts';
import { DEFAULT_PROVIDER } from '../../../providers/registry.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';
import { refuseOtherProviderFlags } from '../../tasks/shared/filters.ts';

export interface LoginOptions {
  withToken?: boolean;
  insecureStorage?: boolean;
  /** OAuth providers: the app's client id (then a refresh token and the client secret are read). */
  clientId?: string;
  redirectUri?: string;
}

async function readSecrets(rt: Runtime, wanted: string[], options: LoginOptions): Promise<string[]> {
  if (options.withToken) {
    const lines = (await readStdin(rt.io.stdin, '--with-token')).split('\n').map((line) => line.trim()).filter(Boolean);
    if (lines.length === 0) throw new UsageError(`--with-token: stdin is empty: it must hold the ${wanted.join(' and then the ')}`);
    if (lines.length !== wanted.length) throw new UsageError(`--with-token: stdin must hold the ${wanted.join(' and then the ')}${wanted.length > 1 ? ', one per line' : ''} (got ${lines.length} line${lines.length === 1 ? '' : 's'})`);
    return lines;
  }
  const terminal = rt.io.terminal();
  if (!terminal) {
    throw new UsageError(`no terminal to prompt for the ${wanted.join(' and the ')}`,
      `pipe ${wanted.length > 1 ? 'them' : 'it'} in: \`printf '%s\\n' ${wanted.map((what) => `"$${what.toUpperCase().replace(/\W+/g, '_')}"`).join(' ')} | topo auth login --with-token${options.clientId ? ' --client-id <id>' : ''}\``);
  }
  try {
    const answers: string[] = [];
    for (const what of wanted) answers.push((await withPrompt(terminal, (prompts, context) => prompts.password({ message: `${rt.spec.title} ${what} for profile '${rt.profileName}':`, mask: false }, context))).trim());
    return answers;
  } finally {
    terminal.close();
  }
}

export async function runLogin(rt: Runtime, options: LoginOptions): Promise<void> {
  const noun = rt.spec.secret.noun;
  if (rt.sandbox) throw new UsageError(`the sandbox needs no login: --sandbox uses its own ${noun}`);
  refuseOtherProviderFlags(rt, options);
  const login = await rt.spec.login();
  const wanted = login.wanted(options);
  const secrets = await readSecrets(rt, wanted, options);
  const empty = secrets.findIndex((secret) => !secret);
  if (empty >= 0) throw new UsageError(`the ${wanted[empty]} is empty`);
  const spaced = secrets.findIndex((secret) => /\s/.test(secret));
  if (spaced >= 0) throw new UsageError(`the ${wanted[spaced]} contains white space; paste it again`);
  const base = rt.baseUrl();
  // A login over a stored secret replaces it: said, with both masked, so a wrong paste is noticed.
  const before = await rt.storedSecret().catch(() => undefined);
  const masked = (secret: Parameters<typeof rt.spec.describeSecret>[0]) => rt.spec.describeSecret(secret, false).map((fact) => fact.value).filter(Boolean).join(' ');
  const preference = options.insecureStorage ? 'file' : 'keyring';
  let kept: { where: 'keyring' | 'file'; unavailable?: string } | undefined;
  let replaced = '';
  const result = await login.verify({
    baseUrl: base.value,
    // The client renews nothing into the profile before the login keeps it.
    client: (baseUrl, secret, persist) => rt.clientFor(baseUrl, secret, persist ?? (async () => undefined)),
    save: async (secret) => {
      const previous = before?.secret && before.source !== 'env' && before.source !== 'sandbox' ? masked(before.secret) : '';
      if (previous && JSON.stringify(before?.secret) !== JSON.stringify(secret)) replaced = previous;
      kept = await rt.saveSecret(secret, preference);
      await updateConfig(rt.configDir, (config) => {
        const profile = editProfile(config, rt.profileName);
        // A profile that names no provider speaks the first: it names one only when it must.
        if (rt.provider !== (profile.provider ?? DEFAULT_PROVIDER.name)) profile.provider = rt.provider;
        // The URL the secret was proved against is kept with it (--base-url or TOPO_BASE_URL):
        // the next command without either goes to the same server.
        if (base.source === '--base-url' || base.source === 'TOPO_BASE_URL') profile.baseUrl = base.value;
      });
    },
    note: (line) => rt.io.stderr.write(rt.err.yellow(`note: ${sanitizeInline(line)}\n`)),
  }, secrets, options);
  const p = rt.err;
  rt.io.stderr.write(`${p.green('✓')} logged in to ${rt.spec.title} at ${sanitizeInline(base.value)} as profile '${rt.profileName}'${result.who}\n`);
  if (result.scopes) rt.io.stderr.write(`  scopes: ${result.scopes.map((scope) => sanitizeInline(scope)).join(', ')}\n`);
  const where = kept?.where === 'keyring' ? 'the system keyring'
    : `${configFile(rt.configDir)} (0600)${options.insecureStorage ? ', in plain text as --insecure-storage asks' : `: no system keyring is available here (${sanitizeInline(kept?.unavailable ?? '')})`}`;
  rt.io.stderr.write(`${kept?.where === 'keyring' ? '  ' : p.yellow('note: ')}${result.kept} stored in ${where}\n`);
  if (replaced) rt.io.stderr.write(p.yellow(`note: it replaces the ${noun} that profile '${rt.profileName}' had (${replaced})\n`));
  for (const warning of result.warnings) rt.io.stderr.write(p.yellow(`warning: ${warning}\n`));
}
