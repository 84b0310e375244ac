// Outreach credentials: an access token as it is, or (with --client-id) a refresh token and the
// app's client secret, from which topo gets access tokens itself. The API root says whose token it
// is. Outreach rotates refresh tokens: the renewed pair is kept the moment the refresh answers, so a
// failing API root afterwards never loses the login.
import { ApiError, CredentialsError, NotFoundError } from '../../core/errors.ts';
import { sanitizeInline } from '../../render/sanitize.ts';
import type { Identity, Login, Secret } from '../types.ts';
import type { OutreachApi } from './api.ts';
import { canWriteTasks, personName, type TokenOwner } from './contract.ts';

/** Who the token belongs to and its scopes; an API root that answers 404 says nothing (tolerated). */
export async function tokenIdentity(api: OutreachApi): Promise<Identity> {
  let owner: TokenOwner;
  try {
    owner = await api.tokenOwner();
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    owner = {};
  }
  const user = owner.user;
  const scopes = owner.scopes;
  return {
    facts: [
      { key: 'user', label: 'user', value: user ? { id: user.id ?? null, name: personName(user) ?? null, email: user.email ?? null } : null,
        text: user ? `${sanitizeInline(personName(user) ?? '—')} <${sanitizeInline(String(user.email ?? '—'))}>, id ${sanitizeInline(String(user.id ?? '—'))}` : 'unknown: the API root did not say' },
      { key: 'scopes', label: 'scopes', value: scopes ?? null, text: scopes ? scopes.map((scope) => sanitizeInline(scope)).join(', ') : 'unknown' },
    ],
    scopes,
    canWrite: scopes ? canWriteTasks(scopes) : undefined,
    writeRefusal: {
      scope: 'tasks.write',
      why: `this Outreach token cannot change tasks: it lacks the tasks.write (or tasks.all) scope (it has ${scopes?.join(', ') || 'none'})`,
      instead: 'authorize the Outreach app with tasks.all, then `topo auth login` again',
    },
  };
}

const rejected = (error: unknown) => error instanceof ApiError && (error.status === 401 || error.status === 403);
const refused = (error: unknown) => new CredentialsError(`Outreach rejected this token (${sanitizeInline((error as Error).message)}); nothing was saved`, 'check that you copied the whole token');

export const OUTREACH_LOGIN: Login = {
  wanted: (options) => (options.clientId ? ['refresh token', 'client secret'] : ['access token']),
  async verify(host, secrets, options) {
    let fresh: Secret = options.clientId
      ? { refreshToken: secrets[0], clientSecret: secrets[1], clientId: options.clientId, redirectUri: options.redirectUri }
      : { accessToken: secrets[0] };
    const connected = await host.client(host.baseUrl, fresh, async (renewed) => { fresh = renewed; });
    const api = connected.client as OutreachApi;
    let saved = false;
    let identity: Identity;
    try {
      if (api.session) {
        try {
          await api.session.refresh();
        } catch (error) {
          if (rejected(error)) throw refused(error);
          throw error;
        }
        await host.save(fresh);
        saved = true;
      }
      try {
        identity = await tokenIdentity(api);
      } catch (error) {
        if (rejected(error) && !saved) throw refused(error);
        if (saved) host.note('the renewed tokens were stored (Outreach spent the refresh token given); `topo auth status` checks them again');
        throw error;
      }
    } finally {
      connected.close();
    }
    if (!saved) await host.save(fresh);
    const user = identity.facts.find((fact) => fact.key === 'user')!;
    return {
      who: `: ${user.value ? user.text : 'user unknown (the API root did not say)'}`,
      scopes: identity.scopes,
      kept: options.clientId ? 'refresh token and client secret' : 'access token',
      warnings: options.clientId ? [] : ['an access token lasts about two hours; log in with --client-id and a refresh token to let topo renew it'],
    };
  },
};
