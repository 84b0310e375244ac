// What every command receives (gh's Factory): its streams, the resolved profile and settings, and
// the API. Precedence for each setting: flag > environment > profile in config > default.
import path from 'node:path';
import { SCOPE_WRITE, type KeyInfo } from '../providers/topo/contract.ts';
import { ApiError, CredentialsError, NotFoundError, UsageError } from '../core/errors.ts';
import type { Io, OutputStream } from '../core/io.ts';
import type { TopoApi } from '../providers/topo/api.ts';
import type { OutreachApi } from '../providers/outreach/api.ts';
import { canWriteTasks, type OAuthTokens, type TokenOwner } from '../providers/outreach/contract.ts';
import { DEFAULT_PROVIDER, PROVIDER_NAMES, providerNamed } from '../providers/registry.ts';
import type { ProviderSpec, TaskProvider } from '../providers/types.ts';
import type { ContactDirectory } from '../providers/topo/contacts.ts';
import { cacheTemplates } from '../config/cache.ts';
import { configDir, DEFAULT_PROFILE, profileOf, readConfig, type ConfigFile, type ProfileConfig } from '../config/store.ts';
import { colorEnabled, createPalette, type Palette } from '../render/color.ts';
import { createReadMeter } from '../render/progress.ts';
import { sanitizeInline } from '../render/sanitize.ts';

export interface GlobalOptions {
  profile?: string;
  baseUrl?: string;
  sandbox?: boolean;
  json?: boolean;
  debug?: boolean;
  timeout?: number;
  maxRetries?: number;
  /** false with --no-color */
  color?: boolean;
  quiet?: boolean;
  jq?: string;
  /** false with --no-pager */
  pager?: boolean;
  provider?: string;
}

export type KeySource = 'env' | 'keyring' | 'config' | 'sandbox' | 'none';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 4;
/**
 * Each sandbox keeps its own state: `--sandbox` commands share one file (their writes merge), and
 * `sandbox serve` has one per seed and size, so neither overwrites the other and a server started
 * with another --tasks never resets an existing one.
 */
export function sandboxStateFile(configDir: string, kind: 'embedded' | 'served', seed = 1, tasks = 240, spec: ProviderSpec = DEFAULT_PROVIDER): string {
  return path.join(configDir, 'sandbox', `${spec.filePrefix}${kind}-seed${seed}-tasks${tasks}.json`);
}

interface Connection {
  api: TopoApi;
  close(): Promise<void>;
}

export class Runtime {
  readonly globals: GlobalOptions;
  readonly io: Io;
  /** Aborted on Ctrl-C: loops stop taking new work, requests in flight are let finish. */
  readonly interrupt = new AbortController();
  /** Aborted on a second Ctrl-C: stop waiting for requests in flight, report what is known. */
  readonly quit = new AbortController();
  private cachedConfig: ConfigFile | undefined;
  private connection: Promise<Connection> | undefined;
  private keyInfo: Promise<KeyInfo | undefined> | undefined;
  private contactDirectory: Promise<ContactDirectory> | undefined;
  private outreachConnection: Promise<{ api: OutreachApi; close(): Promise<void> }> | undefined;
  private owner: Promise<TokenOwner> | undefined;
  private taskProvider: Promise<TaskProvider> | undefined;

  /** Progress of long reads on stderr, where a person watches it (a terminal, not --quiet). */
  readonly readMeter: ReturnType<typeof createReadMeter>;

  constructor(globals: GlobalOptions, io: Io) {
    this.globals = globals;
    this.io = io;
    this.readMeter = createReadMeter(io.stderr);
  }

  get env(): NodeJS.ProcessEnv {
    return this.io.env;
  }

  get configDir(): string {
    return configDir(this.env);
  }

  get config(): ConfigFile {
    return (this.cachedConfig ??= readConfig(this.configDir));
  }

  get profileName(): string {
    return this.globals.profile ?? this.env.TOPO_PROFILE ?? this.config.currentProfile ?? DEFAULT_PROFILE;
  }

  get profile(): ProfileConfig {
    return profileOf(this.config, this.profileName);
  }

  /** The profile's aliases; with --sandbox, the sandbox reps' first names too (the profile's win). */
  get aliases(): Record<string, string> {
    return this.sandbox ? { ...this.spec.sandboxAliases(), ...this.profile.aliases } : this.profile.aliases ?? {};
  }

  /** Which API this profile speaks, from the registry: flag > TOPO_PROVIDER > profile > the first provider. */
  get spec(): ProviderSpec {
    const chosen = this.globals.provider ?? this.env.TOPO_PROVIDER ?? this.profile.provider ?? DEFAULT_PROVIDER.name;
    const spec = providerNamed(chosen);
    if (!spec) {
      const source = this.globals.provider ? '--provider' : this.env.TOPO_PROVIDER ? 'TOPO_PROVIDER' : `profile ${this.profileName}`;
      throw new UsageError(`${source}: '${sanitizeInline(chosen)}' is not a provider (expected ${PROVIDER_NAMES.join(' or ')})`);
    }
    return spec;
  }

  /** The provider's name (`topo`, `outreach`), as `--provider` takes it. */
  get provider(): string {
    return this.spec.name;
  }

  get sandbox(): boolean {
    return Boolean(this.globals.sandbox) || this.env.TOPO_SANDBOX === '1';
  }

  get stdoutIsTty(): boolean {
    return Boolean(this.io.stdout.isTTY);
  }

  get stdinIsTty(): boolean {
    return Boolean(this.io.stdin.isTTY);
  }

  colorFor(stream: OutputStream): boolean {
    return colorEnabled(stream, this.env, this.globals.color, this.profile.color);
  }

  get out(): Palette {
    return createPalette(this.colorFor(this.io.stdout));
  }

  get err(): Palette {
    return createPalette(this.colorFor(this.io.stderr));
  }

  get pageSize(): number {
    return this.profile.pageSize ?? this.spec.pageSize.default;
  }

  /** The API base URL and where it came from. --sandbox with an explicit base URL is refused: which would win? */
  baseUrl(): { value: string; source: string } {
    if (this.globals.baseUrl) return { value: this.globals.baseUrl, source: '--base-url' };
    if (this.env.TOPO_BASE_URL) return { value: this.env.TOPO_BASE_URL, source: 'TOPO_BASE_URL' };
    if (this.profile.baseUrl) return { value: this.profile.baseUrl, source: `profile ${this.profileName}` };
    return { value: this.spec.defaultBaseUrl, source: 'default' };
  }

  /** The key and where it came from; `problem` says why a stored key could not be read. */
  async apiKey(): Promise<{ value?: string; source: KeySource; problem?: string }> {
    if (this.env.TOPO_API_KEY) return { value: this.env.TOPO_API_KEY, source: 'env' };
    if (this.spec.credentials === 'oauth') {
      const stored = await this.outreachTokens();
      return { value: stored.tokens?.accessToken ?? stored.tokens?.refreshToken, source: stored.source, problem: stored.problem };
    }
    if (this.profile.keyStorage === 'keyring') {
      const { openKeyring } = await import('../config/keyring.ts');
      const opened = await openKeyring(this.env);
      if ('unavailable' in opened) return { source: 'none', problem: `the key is in the system keyring, which cannot be reached here (${opened.unavailable})` };
      const value = opened.keyring.get(this.profileName);
      return value ? { value, source: 'keyring' } : { source: 'none', problem: `the system keyring holds no key for profile '${this.profileName}'` };
    }
    if (this.profile.apiKey) return { value: this.profile.apiKey, source: 'config' };
    return { source: 'none' };
  }

  /**
   * An Outreach profile's stored OAuth tokens: in the keyring (as one JSON entry) or the 0600 config
   * file. TOPO_API_KEY, when set, is an access token used as it is.
   */
  async outreachTokens(): Promise<{ tokens?: OAuthTokens; source: KeySource; problem?: string }> {
    if (this.env.TOPO_API_KEY) return { tokens: { accessToken: this.env.TOPO_API_KEY }, source: 'env' };
    if (this.profile.keyStorage === 'keyring') {
      const { openKeyring } = await import('../config/keyring.ts');
      const opened = await openKeyring(this.env);
      if ('unavailable' in opened) return { source: 'none', problem: `the tokens are in the system keyring, which cannot be reached here (${opened.unavailable})` };
      const value = opened.keyring.get(this.profileName);
      try {
        return value ? { tokens: JSON.parse(value) as OAuthTokens, source: 'keyring' } : { source: 'none', problem: `the system keyring holds no tokens for profile '${this.profileName}'` };
      } catch {
        return { source: 'none', problem: `the system keyring's entry for profile '${this.profileName}' is not topo's: run \`topo auth login\` again` };
      }
    }
    if (this.profile.outreach?.accessToken || this.profile.outreach?.refreshToken) return { tokens: this.profile.outreach, source: 'config' };
    return { source: 'none' };
  }

  /** Stores an Outreach profile's tokens where its key storage says (after a login or a refresh). */
  async saveOutreachTokens(tokens: OAuthTokens, storage: 'keyring' | 'file' = this.profile.keyStorage ?? 'file'): Promise<'keyring' | 'file'> {
    let where: 'keyring' | 'file' = 'file';
    if (storage === 'keyring') {
      const { openKeyring } = await import('../config/keyring.ts');
      const opened = await openKeyring(this.env);
      if ('keyring' in opened) {
        opened.keyring.set(this.profileName, JSON.stringify(tokens));
        where = 'keyring';
      }
    }
    const { updateConfig, editProfile } = await import('../config/store.ts');
    await updateConfig(this.configDir, (config) => {
      const profile = editProfile(config, this.profileName);
      if (where === 'keyring') delete profile.outreach;
      else profile.outreach = tokens;
      profile.keyStorage = where;
    });
    this.cachedConfig = undefined;
    return where;
  }

  /** The Outreach API: the profile's (with its tokens, refreshed as needed), or an embedded Outreach-shaped sandbox. */
  outreach(): Promise<OutreachApi> {
    this.outreachConnection ??= this.connectOutreach();
    return this.outreachConnection.then((connection) => connection.api);
  }

  /** An Outreach client for an explicit base URL and tokens (auth login checks them before saving). */
  async outreachFor(baseUrl: string, tokens: OAuthTokens, persist?: (tokens: OAuthTokens) => Promise<void>): Promise<OutreachApi> {
    const { createOutreachApi } = await import('../providers/outreach/api.ts');
    const { OAuthSession, canRefresh, tokenUrlFor } = await import('../providers/outreach/oauth.ts');
    const common = this.httpOptions();
    const session = canRefresh(tokens)
      ? new OAuthSession(tokens, { ...common, tokenUrl: tokenUrlFor(baseUrl), persist: persist ?? (async (fresh) => { await this.saveOutreachTokens(fresh); }) })
      : undefined;
    const api = createOutreachApi({ ...common, baseUrl, apiKey: tokens.accessToken, credentials: session });
    api.progress = this.readMeter;
    api.session = session;
    return api;
  }

  private async connectOutreach(): Promise<{ api: OutreachApi; close(): Promise<void> }> {
    if (this.sandbox) {
      if (this.globals.baseUrl || this.env.TOPO_BASE_URL) {
        throw new UsageError(`--sandbox and ${this.globals.baseUrl ? '--base-url' : 'TOPO_BASE_URL'} name two different APIs: pick one`);
      }
      const { startOutreachSandbox, OUTREACH_SANDBOX } = await import('../providers/outreach/sandbox.ts');
      const sandbox = await startOutreachSandbox({ stateFile: sandboxStateFile(this.configDir, 'embedded', 1, 240, this.spec) });
      const api = await this.outreachFor(sandbox.url, { accessToken: OUTREACH_SANDBOX.token });
      return { api, close: async () => { api.http.close(); await sandbox.close(); } };
    }
    const base = this.baseUrl();
    const { parseBaseUrl } = await import('../http/url.ts');
    parseBaseUrl(base.value, base.source);
    const stored = await this.outreachTokens();
    if (!stored.tokens) {
      throw new CredentialsError(`no Outreach token for profile '${this.profileName}'${stored.problem ? `: ${stored.problem}` : ''}`, 'run `topo auth login`, set TOPO_API_KEY to an access token, or try `topo --sandbox ...`');
    }
    const api = await this.outreachFor(base.value, stored.tokens);
    return { api, close: async () => { api.session?.close(); api.http.close(); } };
  }

  /** Who the Outreach token belongs to and its scopes (the API root), asked once per process. */
  tokenOwner(): Promise<TokenOwner> {
    this.owner ??= this.outreach().then((api) => api.tokenOwner()).catch((error) => {
      if (error instanceof NotFoundError) return {};
      throw error;
    });
    return this.owner;
  }

  debugLine = (line: string): void => {
    if (this.globals.debug) this.io.stderr.write(`${this.err.dim(`[debug] ${sanitizeInline(line)}`)}\n`);
  };

  /**
   * An API client for an explicit base URL and key (auth login verifies a key before saving it).
   * The HTTP core is loaded here, not at start-up: `--version`, `--help` and config commands never need node:http.
   */
  async apiFor(baseUrl: string, apiKey: string | undefined): Promise<TopoApi> {
    const { createTopoApi } = await import('../providers/topo/api.ts');
    const api = createTopoApi({ ...this.httpOptions(), baseUrl, apiKey });
    api.progress = this.readMeter;
    return api;
  }

  /** What every API client of this run shares: environment (proxy), timeouts, retries, debug, Ctrl-C. */
  private httpOptions() {
    return {
      env: this.env,
      timeoutMs: this.globals.timeout ?? DEFAULT_TIMEOUT_MS,
      maxRetries: this.globals.maxRetries ?? DEFAULT_MAX_RETRIES,
      debug: this.globals.debug ? this.debugLine : undefined,
      signal: this.interrupt.signal,
      backoffBaseMs: this.backoffBaseMs(),
    };
  }

  /** TOPO_BACKOFF_BASE_MS, checked like a flag: a typo must not turn backoff into a busy loop. */
  private backoffBaseMs(): number | undefined {
    const raw = this.env.TOPO_BACKOFF_BASE_MS;
    if (raw === undefined || raw.trim() === '') return undefined;
    if (!/^\d+$/.test(raw.trim())) throw new UsageError(`TOPO_BACKOFF_BASE_MS: '${raw}' must be a whole number of milliseconds`);
    return Number(raw);
  }

  /** The API client: the profile's server, or with --sandbox an embedded sandbox on a loopback port. */
  api(options: { requireKey?: boolean } = {}): Promise<TopoApi> {
    // Every verb that speaks both providers asks for outreach() on an Outreach profile: reaching here is topo's bug.
    if (this.spec.credentials !== 'api-key') return Promise.reject(new Error(`internal: an API-key client on a ${this.provider} profile`));
    this.connection ??= this.connect(options.requireKey ?? true);
    return this.connection.then((connection) => connection.api);
  }

  private async connect(requireKey: boolean): Promise<Connection> {
    if (this.sandbox) {
      if (this.globals.baseUrl || this.env.TOPO_BASE_URL) {
        throw new UsageError(`--sandbox and ${this.globals.baseUrl ? '--base-url' : 'TOPO_BASE_URL'} name two different APIs: pick one`);
      }
      const { startSandbox } = await import('../providers/topo/sandbox.ts');
      const sandbox = await startSandbox({ port: 0, stateFile: sandboxStateFile(this.configDir, 'embedded') });
      const api = await this.apiFor(sandbox.url, sandbox.keys.write);
      return { api, close: async () => { api.http.close(); await sandbox.close(); } };
    }
    const base = this.baseUrl();
    const { parseBaseUrl } = await import('../http/url.ts');
    parseBaseUrl(base.value, base.source);
    const key = await this.apiKey();
    if (!key.value && requireKey) {
      throw new CredentialsError(`no API key for profile '${this.profileName}'${key.problem ? `: ${key.problem}` : ''}`, 'run `topo auth login`, set TOPO_API_KEY, or try `topo --sandbox ...`');
    }
    const api = await this.apiFor(base.value, key.value);
    return { api, close: async () => api.http.close() };
  }

  /**
   * The key's name, prefix and scopes from GET /v1/me, asked once per process. Undefined where the
   * server has no /me (404/405 from an older deployment): callers then learn by the first request.
   */
  keyDescription(): Promise<KeyInfo | undefined> {
    this.keyInfo ??= (async () => {
      const api = await this.api();
      try {
        return await api.me();
      } catch (error) {
        if (error instanceof NotFoundError || (error instanceof ApiError && error.status === 405)) return undefined;
        throw error;
      }
    })();
    return this.keyInfo;
  }

  /** The profile's client, whichever provider it speaks (each provider's pieces know its type). */
  client(): Promise<unknown> {
    return this.spec.credentials === 'oauth' ? this.outreach() : this.api();
  }

  /** A note on stderr, dim, sanitized (decorations that could not be fetched, choices made for the user). */
  note = (line: string): void => {
    this.io.stderr.write(this.err.dim(`note: ${sanitizeInline(line)}`) + '\n');
  };

  /** The profile's provider over its client, connected once per run. */
  tasks(): Promise<TaskProvider> {
    this.taskProvider ??= this.spec.connect({
      client: () => this.client(), aliases: this.aliases, note: this.note, debug: this.debugLine,
      rememberNames: (entries) => cacheTemplates(this.configDir, this.profileName, entries),
    });
    return this.taskProvider;
  }

  /** Who tasks are about, fetched once per run and contact in this process; why not, said once on stderr. */
  contacts(): Promise<ContactDirectory> {
    this.contactDirectory ??= (async () => {
      const { ContactDirectory } = await import('../providers/topo/contacts.ts');
      return new ContactDirectory(await this.api(), (reason) => this.io.stderr.write(this.err.dim(`note: ${sanitizeInline(reason)}`) + '\n'));
    })();
    return this.contactDirectory;
  }

  /** Before any change is sent: a key known to lack tasks:write is refused here (exit 3), with nothing sent. */
  async requireWrite(): Promise<void> {
    if (this.spec.credentials === 'oauth') {
      const { scopes } = await this.tokenOwner();
      if (!scopes || canWriteTasks(scopes)) return;
      throw new CredentialsError(`this Outreach token cannot change tasks: it lacks the tasks.write (or tasks.all) scope (it has ${scopes.join(', ') || 'none'}); nothing was sent`,
        'authorize the Outreach app with tasks.all, then `topo auth login` again');
    }
    const info = await this.keyDescription();
    if (!info || !Array.isArray(info.scopes) || info.scopes.includes(SCOPE_WRITE)) return;
    const which = [info.name, info.key_prefix ? `${info.key_prefix}…` : undefined].filter(Boolean).join(', ');
    throw new CredentialsError(`this key${which ? ` (${sanitizeInline(which)})` : ''} cannot change tasks: it lacks the ${SCOPE_WRITE} scope (it has ${info.scopes.join(', ') || 'none'}); nothing was sent`,
      `ask a workspace admin for a key with ${SCOPE_WRITE}; \`topo auth status\` lists a key's scopes`);
  }

  async close(): Promise<void> {
    this.readMeter.stop();
    const connection = await this.connection?.catch(() => undefined);
    await connection?.close();
    const outreach = await this.outreachConnection?.catch(() => undefined);
    await outreach?.close();
  }
}
