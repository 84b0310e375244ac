// What every command receives: its streams, the resolved profile and settings, and the API.
// Precedence for each setting: flag > environment > profile in config > default.
import path from 'node:path';
import { DEFAULT_BASE_URL, PAGE_SIZE_DEFAULT } from './contract.ts';
import type { TopoApi } from './api.ts';
import { configDir, DEFAULT_PROFILE, profileOf, readConfig, type ConfigFile, type ProfileConfig } from './config.ts';
import { CredentialsError } from './http/errors.ts';
import type { HttpClient } from './http/transport.ts';
import { sandboxAliases } from './sandbox/reps.ts';
import { colorEnabled, createPalette, type Palette } from './render/color.ts';

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
}

export interface OutputStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
  once?(event: 'drain', listener: () => void): unknown;
}

export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export type KeySource = 'env' | 'config' | 'sandbox' | 'none';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 4;
export const SANDBOX_STATE_FILE = 'sandbox-state.json';

interface Connection {
  api: TopoApi;
  close(): Promise<void>;
}

export class Runtime {
  readonly globals: GlobalOptions;
  readonly io: Io;
  /** Aborted on Ctrl-C: loops stop taking new work, requests in flight are cancelled. */
  readonly interrupt = new AbortController();
  private cachedConfig: ConfigFile | undefined;
  private connection: Promise<Connection> | undefined;

  constructor(globals: GlobalOptions, io: Io) {
    this.globals = globals;
    this.io = io;
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

  baseUrl(): { value: string; source: string } {
    if (this.globals.baseUrl) return { value: this.globals.baseUrl, source: '--base-url' };
    if (this.env.TOPO_BASE_URL) return { value: this.env.TOPO_BASE_URL, source: 'TOPO_BASE_URL' };
    if (this.profile.baseUrl) return { value: this.profile.baseUrl, source: `profile ${this.profileName}` };
    return { value: DEFAULT_BASE_URL, source: 'default' };
  }

  apiKey(): { value?: string; source: KeySource } {
    if (this.env.TOPO_API_KEY) return { value: this.env.TOPO_API_KEY, source: 'env' };
    if (this.profile.apiKey) return { value: this.profile.apiKey, source: 'config' };
    return { source: 'none' };
  }

  debugLine = (line: string): void => {
    if (this.globals.debug) this.io.stderr.write(`${this.err.dim(`[debug] ${line}`)}\n`);
  };

  /** An HTTP client for an explicit base URL and key (auth login verifies a key before saving it). */
  /** The HTTP core is loaded here, not at start-up: `--version`, `--help` and config commands never need node:http. */
  async httpClient(baseUrl: string, apiKey: string | undefined): Promise<HttpClient> {
    const { HttpClient } = await import('./http/transport.ts');
    return new HttpClient({
      baseUrl,
      apiKey,
      timeoutMs: this.globals.timeout ?? DEFAULT_TIMEOUT_MS,
      maxRetries: this.globals.maxRetries ?? DEFAULT_MAX_RETRIES,
      debug: this.globals.debug ? this.debugLine : undefined,
      signal: this.interrupt.signal,
      backoffBaseMs: this.env.TOPO_BACKOFF_BASE_MS ? Number(this.env.TOPO_BACKOFF_BASE_MS) : undefined,
    });
  }

  /** The API client: the profile's server, or with --sandbox an embedded sandbox on a loopback port. */
  api(options: { requireKey?: boolean } = {}): Promise<TopoApi> {
    this.connection ??= this.connect(options.requireKey ?? true);
    return this.connection.then((connection) => connection.api);
  }

  private async connect(requireKey: boolean): Promise<Connection> {
    if (this.sandbox) {
      const { startSandbox } = await import('./sandbox/server.ts');
      const sandbox = await startSandbox({ port: 0, stateFile: path.join(this.configDir, SANDBOX_STATE_FILE) });
      const http = await this.httpClient(sandbox.url, sandbox.keys.write);
      const { TopoApi } = await import('./api.ts');
      return { api: new TopoApi(http), close: async () => { http.close(); await sandbox.close(); } };
    }
    const base = this.baseUrl();
    const { parseBaseUrl } = await import('./http/transport.ts');
    parseBaseUrl(base.value, base.source);
    const key = this.apiKey();
    if (!key.value && requireKey) {
      throw new CredentialsError(`no API key for profile '${this.profileName}'`, 'run `topo auth login`, set TOPO_API_KEY, or try `topo --sandbox ...`');
    }
    const http = await this.httpClient(base.value, key.value);
    const { TopoApi } = await import('./api.ts');
    return { api: new TopoApi(http), close: async () => http.close() };
  }

  async close(): Promise<void> {
    const connection = await this.connection?.catch(() => undefined);
    await connection?.close();
  }
}
