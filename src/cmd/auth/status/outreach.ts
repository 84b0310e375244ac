// topo auth status on an Outreach profile: what topo will use (base URL, where the tokens are,
// whether it can refresh them, when the access token expires), then whose token it is and its scopes.
import { canRefresh } from '../../../providers/outreach/oauth.ts';
import { canWriteTasks, personName, type TokenOwner } from '../../../providers/outreach/contract.ts';
import { ApiError, CredentialsError, ExitCode, NetworkError, reasonOf } from '../../../core/errors.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { configFile } from '../../../config/store.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import { maskKey } from '../shared/key.ts';
import type { StatusOptions } from './run.ts';

export async function runOutreachStatus(rt: Runtime, options: StatusOptions): Promise<number> {
  const base = rt.sandbox ? { value: 'embedded Outreach sandbox', source: '--sandbox' } : rt.baseUrl();
  const stored = rt.sandbox ? { tokens: {}, source: 'sandbox' as const, problem: undefined } : await rt.outreachTokens();
  let state: 'accepted' | 'rejected' | 'unreachable' | 'no token' = 'no token';
  let detail: string | null = stored.problem ?? null;
  let owner: TokenOwner | undefined;
  if (stored.tokens) {
    try {
      owner = await rt.tokenOwner();
      state = 'accepted';
      detail = null;
    } catch (error) {
      state = error instanceof ApiError && (error.status === 401 || error.status === 403) ? 'rejected' : error instanceof NetworkError || error instanceof ApiError ? 'unreachable' : 'rejected';
      if (!(error instanceof ApiError || error instanceof NetworkError || error instanceof CredentialsError)) throw error;
      detail = reasonOf(error);
    }
  }
  const tokens = stored.tokens ?? {};
  const report = {
    profile: rt.profileName,
    provider: rt.provider,
    base_url: base.value,
    base_url_source: base.source,
    token_source: stored.source === 'env' ? 'TOPO_API_KEY' : stored.source === 'config' ? `config file ${configFile(rt.configDir)}` : stored.source === 'keyring' ? 'system keyring' : stored.source,
    access_token: tokens.accessToken && !rt.sandbox ? maskKey(tokens.accessToken) : null,
    refreshes_itself: canRefresh(tokens),
    expires_at: tokens.expiresAt ? new Date(tokens.expiresAt).toISOString() : null,
    api: state,
    user: owner?.user ? { id: owner.user.id ?? null, name: personName(owner.user) ?? null, email: owner.user.email ?? null } : null,
    scopes: owner?.scopes ?? null,
    can_write: owner?.scopes ? canWriteTasks(owner.scopes) : null,
    detail,
  };
  if (options.json) await write(rt.io.stdout, `${safeJson(report, 2)}\n`);
  else {
    const p = rt.out;
    const clean = (value: unknown) => (value === null || value === undefined || value === '' ? p.dim('—') : sanitizeInline(String(value)));
    const lines = [
      `profile     ${report.profile} ${p.dim('(provider outreach)')}`,
      `base URL    ${clean(report.base_url)} ${p.dim(`(${report.base_url_source})`)}`,
      `token from  ${clean(report.token_source)}`,
      `token       ${clean(report.access_token)}${report.refreshes_itself ? p.dim(' (refreshed by topo with the stored refresh token)') : ''}`,
      `expires     ${clean(report.expires_at)}`,
    ];
    if (state === 'accepted') {
      lines.push(`API says    ${p.green('accepted')}`, `user        ${report.user ? `${clean(report.user.name)} ${p.dim(`<${sanitizeInline(String(report.user.email ?? '—'))}>, id ${sanitizeInline(String(report.user.id ?? '—'))}`)}` : p.dim('unknown: the API root did not say')}`,
        `scopes      ${report.scopes ? report.scopes.map((scope) => sanitizeInline(scope)).join(', ') : p.dim('unknown')}`);
    } else lines.push(`API says    ${p.red(sanitizeInline(detail ?? state))}`);
    await write(rt.io.stdout, lines.join('\n') + '\n');
    if (report.can_write === false) rt.io.stderr.write(rt.err.yellow('note: this token lacks tasks.write: it can read but not change tasks\n'));
  }
  if (state === 'unreachable') {
    rt.io.stderr.write('hint: the API could not be reached; the settings above are what topo would use\n');
    return ExitCode.network;
  }
  if (state !== 'accepted') {
    rt.io.stderr.write(`hint: run \`topo auth login --provider outreach\`${stored.source === 'env' ? ', or fix TOPO_API_KEY' : ''}\n`);
    return ExitCode.auth;
  }
  return 0;
}
