// topo auth login on an Outreach profile: an access token as it is, or (with --client-id) a refresh
// token and the app's client secret, from which topo gets access tokens itself. Either is proved
// against the API (a refresh, then the API root says whose token it is) before anything is saved,
// and stored like keys: the system keyring, else the 0600 config file. Never printed.
import { personName, type OAuthTokens } from '../../../providers/outreach/contract.ts';
import { ApiError, CredentialsError, UsageError } from '../../../core/errors.ts';
import { withPrompt } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { readStdin } from '../../../cmdutil/stdin.ts';
import { configFile, editProfile, updateConfig } from '../../../config/store.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';
import type { LoginOptions } from './run.ts';

async function readSecrets(rt: Runtime, options: LoginOptions): Promise<string[]> {
  const wanted = options.clientId ? ['refresh token', 'client secret'] : ['access token'];
  if (options.withToken) {
    const lines = (await readStdin(rt.io.stdin, '--with-token')).split('\n').map((line) => line.trim()).filter(Boolean);
    if (lines.length !== wanted.length) throw new UsageError(`--with-token: stdin must hold the ${wanted.join(' and then the ')}, one per line (got ${lines.length} line${lines.length === 1 ? '' : 's'})`);
    return lines;
  }
  const terminal = rt.io.terminal();
  if (!terminal) throw new UsageError('no terminal to prompt for the token', `pipe it in: \`printf '%s\\n' ${options.clientId ? '"$REFRESH_TOKEN" "$CLIENT_SECRET"' : '"$ACCESS_TOKEN"'} | topo auth login --with-token${options.clientId ? ' --client-id <id>' : ''}\``);
  try {
    const answers: string[] = [];
    for (const what of wanted) answers.push((await withPrompt(terminal, (prompts, context) => prompts.password({ message: `Outreach ${what} for profile '${rt.profileName}':`, mask: false }, context))).trim());
    return answers;
  } finally {
    terminal.close();
  }
}

export async function runOutreachLogin(rt: Runtime, options: LoginOptions): Promise<void> {
  if (rt.sandbox) throw new UsageError('the sandbox needs no login: --sandbox uses its own token');
  const secrets = await readSecrets(rt, options);
  if (secrets.some((secret) => !secret || /\s/.test(secret))) throw new UsageError('a token or secret is empty or contains white space; paste it again');
  const tokens: OAuthTokens = options.clientId
    ? { refreshToken: secrets[0], clientSecret: secrets[1], clientId: options.clientId, redirectUri: options.redirectUri }
    : { accessToken: secrets[0] };
  const base = rt.baseUrl();
  let fresh = tokens;
  const api = await rt.outreachFor(base.value, tokens, async (renewed) => { fresh = renewed; });
  let owner;
  try {
    if (api.session) await api.session.refresh();
    owner = await api.tokenOwner();
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      throw new CredentialsError(`Outreach rejected this token (${sanitizeInline(error.message)}); nothing was saved`, 'check that you copied the whole token');
    }
    throw error;
  } finally {
    api.session?.close();
    api.http.close();
  }
  const where = await rt.saveOutreachTokens(fresh, options.insecureStorage ? 'file' : 'keyring');
  await updateConfig(rt.configDir, (config) => {
    const profile = editProfile(config, rt.profileName);
    profile.provider = rt.provider;
    if (rt.globals.baseUrl) profile.baseUrl = rt.globals.baseUrl;
  });
  const p = rt.err;
  const who = owner.user ? `${sanitizeInline(personName(owner.user) ?? '')}${owner.user.email ? ` <${sanitizeInline(String(owner.user.email))}>` : ''}` : 'user unknown (the API root did not say)';
  rt.io.stderr.write(`${p.green('✓')} logged in to Outreach at ${sanitizeInline(base.value)} as profile '${rt.profileName}': ${who}\n`);
  if (owner.scopes) rt.io.stderr.write(`  scopes: ${owner.scopes.map((scope) => sanitizeInline(scope)).join(', ')}\n`);
  rt.io.stderr.write(`  ${options.clientId ? 'refresh token and client secret' : 'access token'} stored in ${where === 'keyring' ? 'the system keyring' : `${configFile(rt.configDir)} (0600)${options.insecureStorage ? ', as --insecure-storage asks' : ': no system keyring is available here'}`}\n`);
  if (!options.clientId) rt.io.stderr.write(p.yellow('note: an access token lasts about two hours; log in with --client-id and a refresh token to let topo renew it\n'));
}
