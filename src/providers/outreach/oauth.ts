// OAuth for Outreach: a ready access token, or a refresh token with the app's client id and secret,
// from which topo gets access tokens itself: before one expires, and once after a 401. Refreshes are
// single-flight (Outreach rotates refresh tokens: two at once would spend the same one twice), and
// every new pair is handed to `persist` (stored like keys: keyring or a 0600 file) before use.
import type { OAuthTokens, TokenAnswer } from './contract.ts';
import { OUTREACH_TOKEN_PATH } from './contract.ts';
import { ApiError, CredentialsError } from '../../core/errors.ts';
import { HttpClient, type Credentials, type HttpClientOptions } from '../../http/client.ts';
import { readOutreachError } from './errors.ts';


/** Refresh this long before the stated expiry, so no request goes out with a token about to lapse. */
export const EXPIRY_MARGIN_MS = 60_000;
/** A 401 this soon after a refresh is not the token's age: refreshing again would not help. */
const FRESH_MS = 2_000;

export function canRefresh(tokens: OAuthTokens): boolean {
  return Boolean(tokens.refreshToken && tokens.clientId && tokens.clientSecret);
}

/** https://api.outreach.io/api/v2 -> https://api.outreach.io/oauth/token (the sandbox likewise). */
export function tokenUrlFor(apiBase: string): string {
  const url = new URL(apiBase);
  return `${url.origin}${OUTREACH_TOKEN_PATH}`;
}

export class OAuthSession implements Credentials {
  private refreshing: Promise<void> | undefined;
  private refreshedAt = 0;
  private readonly http: HttpClient;

  constructor(
    private tokens: OAuthTokens,
    private readonly options: Omit<HttpClientOptions, 'baseUrl' | 'apiKey' | 'credentials'> & {
      tokenUrl: string;
      persist: (tokens: OAuthTokens) => Promise<void>;
      now?: () => number;
    },
  ) {
    this.http = new HttpClient({ ...options, baseUrl: new URL(options.tokenUrl).origin, readError: readOutreachError, maxRetries: Math.min(options.maxRetries, 2) });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async token(): Promise<string | undefined> {
    const { accessToken, expiresAt } = this.tokens;
    // A minute early, or a quarter of the lifetime for tokens that live less than four minutes.
    const margin = Math.min(EXPIRY_MARGIN_MS, (this.tokens.expiresIn ?? Infinity) * 250);
    const stale = !accessToken || (expiresAt !== undefined && expiresAt - margin <= this.now());
    if (stale && canRefresh(this.tokens)) await this.refresh();
    return this.tokens.accessToken;
  }

  async renew(): Promise<boolean> {
    if (!canRefresh(this.tokens)) return false;
    if (this.refreshing) {
      await this.refreshing;
      return true;
    }
    if (this.now() - this.refreshedAt < FRESH_MS) return true;
    await this.refresh();
    return true;
  }

  /** Gets a new access token now (auth login uses it to prove the refresh token). */
  refresh(): Promise<void> {
    this.refreshing ??= this.exchange().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  get current(): OAuthTokens {
    return { ...this.tokens };
  }

  close(): void {
    this.http.close();
  }

  private async exchange(): Promise<void> {
    const { refreshToken, clientId, clientSecret, redirectUri } = this.tokens;
    const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId!, client_secret: clientSecret!, refresh_token: refreshToken! });
    if (redirectUri) form.set('redirect_uri', redirectUri);
    let answer: TokenAnswer;
    try {
      answer = await this.http.request<TokenAnswer>({
        method: 'POST', path: new URL(this.options.tokenUrl).pathname, rawBody: form.toString(), secretBody: true,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      });
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
        throw new CredentialsError(`Outreach refused to refresh the access token: ${error.detail} (HTTP ${error.status})`, 'the refresh token or client credentials are no longer valid: run `topo auth login` again');
      }
      throw error;
    }
    if (!answer?.access_token) throw new CredentialsError('Outreach answered the token refresh without an access token', 'run `topo auth login` again');
    this.tokens = {
      ...this.tokens,
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token ?? this.tokens.refreshToken,
      expiresAt: typeof answer.expires_in === 'number' ? this.now() + answer.expires_in * 1000 : undefined,
      expiresIn: typeof answer.expires_in === 'number' ? answer.expires_in : undefined,
    };
    this.refreshedAt = this.now();
    this.options.debug?.(`access token refreshed${answer.expires_in ? `, valid ${answer.expires_in} s` : ''}`);
    await this.options.persist(this.tokens);
  }
}
