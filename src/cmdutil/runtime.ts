// What every command receives (gh's Factory): its streams, the resolved profile and settings, and
// the API. Precedence for each setting: flag > environment > profile in config > default.
import path from 'node:path';
import { DEFAULT_BASE_URL, PAGE_SIZE_DEFAULT, SCOPE_WRITE, type KeyInfo } from '../core/contract.ts';
import { ApiError, CredentialsError, NotFoundError, UsageError } from '../core/errors.ts';
import type { Io, OutputStream } from '../core/io.ts';
import type { TopoApi } from '../api/topo.ts';
import type { ContactDirectory } from '../queries/contacts.ts';
import { configDir, DEFAULT_PROFILE, profileOf, readConfig, type ConfigFile, type ProfileConfig } from '../config/store.ts';
import { sandboxAliases } from '../sandbox/reps.ts';
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
}

export type KeySource = 'env' | 'keyring' | 'config' | 'sandbox' | 'none';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 4;
/**
 * Each sandbox keeps its own state: `--sandbox` commands share one file (their writes merge), and
 * `sandbox serve` has one per seed and size, so neither overwrites the other and a server started
 * with another --tasks never resets an existing one.
 */
export function sandboxStateFile(configDir: string, kind: 'embedded' | 'served', seed = 1, tasks = 240): string {
  return path.join(configDir, 'sandbox', `${kind}-seed${seed}-tasks${tasks}.json`);
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
    return this.sandbox ? { ...sandboxAliases(), ...this.profile.aliases } : this.profile.aliases ?? {};
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
    return this.profile.pageSize ?? PAGE_SIZE_DEFAULT;
  }

  /** The API base URL and where it came from. --sandbox with an explicit base URL is refused: which would win? */
  baseUrl(): { value: string; source: string } {
    if (this.globals.baseUrl) return { value: this.globals.baseUrl, source: '--base-url' };
    if (this.env.TOPO_BASE_URL) return { value: this.env.TOPO_BASE_URL, source: 'TOPO_BASE_URL' };
    if (this.profile.baseUrl) return { value: this.profile.baseUrl, source: `profile ${this.profileName}` };
    return { value: DEFAULT_BASE_URL, source: 'default' };
  }

  /** The key and where it came from; `problem` says why a stored key could not be read. */
  async apiKey(): Promise<{ value?: string; source: KeySource; problem?: string }> {
    if (this.env.TOPO_API_KEY) return { value: this.env.TOPO_API_KEY, source: 'env' };
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

  debugLine = (line: string): void => {
    if (this.globals.debug) this.io.stderr.write(`${this.err.dim(`[debug] ${sanitizeInline(line)}`)}\n`);
  };

  /**
   * An API client for an explicit base URL and key (auth login verifies a key before saving it).
   * The HTTP core is loaded here, not at start-up: `--version`, `--help` and config commands never need node:http.
   */
  async apiFor(baseUrl: string, apiKey: string | undefined): Promise<TopoApi> {
    const { createTopoApi } = await import('../api/topo.ts');
    const api = createTopoApi({
      baseUrl,
      apiKey,
      env: this.env,
      timeoutMs: this.globals.timeout ?? DEFAULT_TIMEOUT_MS,
      maxRetries: this.globals.maxRetries ?? DEFAULT_MAX_RETRIES,
      debug: this.globals.debug ? this.debugLine : undefined,
      signal: this.interrupt.signal,
      backoffBaseMs: this.backoffBaseMs(),
    });
    api.progress = this.readMeter;
    return api;
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
    this.connection ??= this.connect(options.requireKey ?? true);
    return this.connection.then((connection) => connection.api);
  }

  private async connect(requireKey: boolean): Promise<Connection> {
    if (this.sandbox) {
      if (this.globals.baseUrl || this.env.TOPO_BASE_URL) {
        throw new UsageError(`--sandbox and ${this.globals.baseUrl ? '--base-url' : 'TOPO_BASE_URL'} name two different APIs: pick one`);
      }
      const { startSandbox } = await import('../sandbox/server.ts');
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

  /** Who tasks are about, fetched once per run and contact in this process; why not, said once on stderr. */
  contacts(): Promise<ContactDirectory> {
    this.contactDirectory ??= (async () => {
      const { ContactDirectory } = await import('../queries/contacts.ts');
      return new ContactDirectory(await this.api(), (reason) => this.io.stderr.write(this.err.dim(`note: ${sanitizeInline(reason)}`) + '\n'));
    })();
    return this.contactDirectory;
  }

  /** Before any change is sent: a key known to lack tasks:write is refused here (exit 3), with nothing sent. */
  async requireWrite(): Promise<void> {
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
  }
}
