// The Outreach client for a base URL and OAuth tokens: with a refresh token (and the app's id and
// secret) an OAuth session renews the access token and hands every new pair to `persist`.
import type { ListingProgress } from '../paginate.ts';
import type { HttpSettings, ProviderClient, Secret } from '../types.ts';
import { createOutreachApi } from './api.ts';
import type { OAuthTokens } from './contract.ts';
import { canRefresh, OAuthSession, tokenUrlFor } from './oauth.ts';

export function outreachClient(options: { baseUrl: string; secret?: Secret; http: HttpSettings; progress?: unknown; persist?: (secret: Secret) => Promise<void> }): ProviderClient {
  const tokens = (options.secret ?? {}) as OAuthTokens;
  const session = canRefresh(tokens)
    ? new OAuthSession(tokens, { ...options.http, tokenUrl: tokenUrlFor(options.baseUrl), persist: async (fresh) => { await options.persist?.(fresh as Secret); } })
    : undefined;
  const api = createOutreachApi({ ...options.http, baseUrl: options.baseUrl, apiKey: tokens.accessToken, credentials: session });
  api.progress = options.progress as ListingProgress | undefined;
  api.session = session;
  return { client: api, close: () => { session?.close(); api.http.close(); } };
}
