// The Outreach client for a base URL and OAuth tokens: with a refresh token (and the app's id and
// secret) an OAuth session renews the access token, hands every new pair to `persist`, and reads
// the stored pair again (`reload`) when another process rotated it first.
import type { ListingProgress } from '../paginate.ts';
import type { ClientOptions, ProviderClient, Secret } from '../types.ts';
import { createOutreachApi } from './api.ts';
import type { OAuthTokens } from './contract.ts';
import { canRefresh, OAuthSession, tokenUrlFor } from './oauth.ts';

export function outreachClient(options: ClientOptions): ProviderClient {
  const tokens = (options.secret ?? {}) as OAuthTokens;
  const session = canRefresh(tokens)
    ? new OAuthSession(tokens, { ...options.http, tokenUrl: tokenUrlFor(options.baseUrl), persist: async (fresh) => { await options.persist?.(fresh as Secret); },
      reload: async () => (await options.reload?.()) as OAuthTokens | undefined })
    : undefined;
  const api = createOutreachApi({ ...options.http, baseUrl: options.baseUrl, apiKey: tokens.accessToken, credentials: session });
  api.progress = options.progress as ListingProgress | undefined;
  api.session = session;
  return {
    client: api,
    currentSecret: async () => {
      if (!session) return options.secret;
      await session.token();
      return session.current as Secret;
    },
    close: () => { session?.close(); api.http.close(); },
  };
}
