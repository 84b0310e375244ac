// OAuth for Outreach: a ready access token, or a refresh token with the app's client id and secret,
// from which topo gets access tokens itself: before one expires, and after a 401 of the token it
// holds (as often as a long run needs; once per request). Refreshes are single-flight (Outreach
// rotates refresh tokens: two at once would spend the same one twice), and every new pair is handed
// to `persist` (stored like keys: keyring or a 0600 file) before use. Another topo process that
// spent the stored refresh token first has stored its new pair: a refused refresh re-reads it.
import type { OAuthTokens, TokenAnswer } from './contract.ts';
import { OUTREACH_TOKEN_PATH } from './contract.ts';
import { ApiError, CredentialsError } from '../../core/errors.ts';
import { HttpClient, type Credentials, type HttpClientOptions } from '../../http/client.ts';
import { readOutreachError } from './errors.ts';


/** Refresh this long before the stated expiry, so no request goes out with a token about to lapse. */
export const EXPIRY_MARGIN_MS = 60_000;
/** How long a refused refresh waits for another process's new pair to be stored: 5 reads, 200 ms apart. */
const RELOAD_TRIES = 5;
const RELOAD_GAP_MS = 200;

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
  private readonly http: HttpClient;

  constructor(
    private tokens: OAuthTokens,
    private readonly options: Omit<HttpClientOptions, 'baseUrl' | 'apiKey' | 'credentials'> & {
      tokenUrl: string;
      persist: (tokens: OAuthTokens) => Promise<void>;
      /** The pair as stored now (another process may have rotated it). */
      reload?: () => Promise<OAuthTokens | undefined>;
      now?: () => number;
    },
  ) {
    this.http = new HttpClient({ ...options, baseUrl: new URL(options.tokenUrl).origin, readError: readOutreachError, maxRetries: Math.min(options.maxRetries, 2) });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** No access token, or one about to lapse: a minute early, or a quarter of the lifetime for tokens that live less than four minutes. */
  private lapsing(tokens: OAuthTokens): boolean {
    const margin = Math.min(EXPIRY_MARGIN_MS, (tokens.expiresIn ?? Infinity) * 250);
    return !tokens.accessToken || (tokens.expiresAt !== undefined && tokens.expiresAt - margin <= this.now());
  }

  async token(): Promise<string | undefined> {
    if (this.lapsing(this.tokens) && canRefresh(this.tokens)) await this.refresh();
    return this.tokens.accessToken;
  }

  async renew(rejected: string | undefined): Promise<boolean> {
    if (!canRefresh(this.tokens)) return false;
    if (this.refreshing) {
      await this.refreshing;
      return true;
    }
    // Sent with an older token than the one held now (another request refreshed meanwhile): go again with it.
    if (rejected !== this.tokens.accessToken) return true;
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
    let answer: TokenAnswer;
    try {
      answer = await this.grant(this.tokens);
    } catch (error) {
      if (!(error instanceof CredentialsError)) throw error;
      // Refused: another topo may have spent this refresh token first and stored the pair it got.
      const theirs = await this.storedElsewhere();
      if (!theirs) throw error;
      this.tokens = { ...this.tokens, ...theirs };
      this.options.debug?.('the refresh token was rotated by another topo: using the pair it stored');
      if (!this.lapsing(this.tokens)) return;
      answer = await this.grant(this.tokens);
    }
    this.tokens = {
      ...this.tokens,
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token ?? this.tokens.refreshToken,
      expiresAt: typeof answer.expires_in === 'number' ? this.now() + answer.expires_in * 1000 : undefined,
      expiresIn: typeof answer.expires_in === 'number' ? answer.expires_in : undefined,
    };
    this.options.debug?.(`access token refreshed${answer.expires_in ? `, valid ${answer.expires_in} s` : ''}`);
    await this.options.persist(this.tokens);
  }

  /** The stored pair when its refresh token is no longer the one this session holds, waiting briefly for it to be written. */
  private async storedElsewhere(): Promise<OAuthTokens | undefined> {
    if (!this.options.reload) return undefined;
    for (let attempt = 0; attempt < RELOAD_TRIES; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, RELOAD_GAP_MS));
      const stored = await this.options.reload();
      if (stored?.refreshToken && stored.refreshToken !== this.tokens.refreshToken) return stored;
    }
    return undefined;
  }

  /** One refresh_token grant; a refusal (4xx) is a CredentialsError in the server's words. */
  private async grant(tokens: OAuthTokens): Promise<TokenAnswer> {
    const { refreshToken, clientId, clientSecret, redirectUri } = tokens;
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
    return answer;
  }
}
