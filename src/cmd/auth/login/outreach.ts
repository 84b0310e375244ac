// topo auth login on an Outreach profile: an access token as it is, or (with --client-id) a refresh
// token and the app's client secret, from which topo gets access tokens itself. Either is proved
// against the API (a refresh, then the API root says whose token it is) before anything is saved,
// and stored like keys: the system keyring, else the 0600 config file. Never printed.
import { personName, type OAuthTokens, type TokenOwner } from '../../../providers/outreach/contract.ts';
import { ApiError, CredentialsError, NotFoundError, UsageError } from '../../../core/errors.ts';
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
  const save = async () => {
    const stored = await rt.saveOutreachTokens(fresh, options.insecureStorage ? 'file' : 'keyring');
    await updateConfig(rt.configDir, (config) => {
      const profile = editProfile(config, rt.profileName);
      profile.provider = rt.provider;
      if (rt.globals.baseUrl) profile.baseUrl = rt.globals.baseUrl;
    });
    return stored;
  };
  const rejected = (error: unknown) => error instanceof ApiError && (error.status === 401 || error.status === 403);
  let owner: TokenOwner;
  let where: 'keyring' | 'file' | undefined;
  try {
    if (api.session) {
      try {
        await api.session.refresh();
      } catch (error) {
        if (rejected(error)) throw new CredentialsError(`Outreach rejected this token (${sanitizeInline((error as Error).message)}); nothing was saved`, 'check that you copied the whole token');
        throw error;
      }
      // Outreach rotates refresh tokens: the one given is spent, so the new pair is stored now,
      // whatever the next call answers; otherwise a failing API root would lose the login for good.
      where = await save();
    }
    try {
      owner = await api.tokenOwner();
    } catch (error) {
      // The API root only says whose token it is (an ASSUMPTION of the contract): a server without it is no reason to refuse.
      if (error instanceof NotFoundError) owner = {};
      else if (rejected(error) && !where) throw new CredentialsError(`Outreach rejected this token (${sanitizeInline((error as Error).message)}); nothing was saved`, 'check that you copied the whole token');
      else {
        if (where) rt.io.stderr.write(rt.err.yellow(`note: the renewed tokens were stored (Outreach spent the refresh token given); \`topo auth status\` checks them again\n`));
        throw error;
      }
    }
  } finally {
    api.session?.close();
    api.http.close();
  }
  where ??= await save();
  const p = rt.err;
  const who = owner.user ? `${sanitizeInline(personName(owner.user) ?? '')}${owner.user.email ? ` <${sanitizeInline(String(owner.user.email))}>` : ''}` : 'user unknown (the API root did not say)';
  rt.io.stderr.write(`${p.green('✓')} logged in to Outreach at ${sanitizeInline(base.value)} as profile '${rt.profileName}': ${who}\n`);
  if (owner.scopes) rt.io.stderr.write(`  scopes: ${owner.scopes.map((scope) => sanitizeInline(scope)).join(', ')}\n`);
  rt.io.stderr.write(`  ${options.clientId ? 'refresh token and client secret' : 'access token'} stored in ${where === 'keyring' ? 'the system keyring' : `${configFile(rt.configDir)} (0600)${options.insecureStorage ? ', as --insecure-storage asks' : ': no system keyring is available here'}`}\n`);
  if (!options.clientId) rt.io.stderr.write(p.yellow('note: an access token lasts about two hours; log in with --client-id and a refresh token to let topo renew it\n'));
}
