// What every command receives (gh's Factory): its streams, the resolved profile and settings, and
// the API. Precedence for each setting: flag > environment > profile in config > default.
import path from 'node:path';
import { CredentialsError, UsageError } from '../core/errors.ts';
import { didYouMean } from '../core/words.ts';
import { withOutput, type Io, type OutputStream } from '../core/io.ts';
import { DEFAULT_PROVIDER, PROVIDER_NAMES, providerNamed } from '../providers/registry.ts';
import type { HttpSettings, ProviderClient, ProviderSpec, Secret, TaskProvider } from '../providers/types.ts';
import { cacheTemplates } from '../config/cache.ts';
import { parseTeam } from '../config/team.ts';
import { lookupCacheFile, noLookupCache, openLookupCache } from '../core/lookup-cache.ts';
import { configDir, configFile, DEFAULT_PROFILE, profileOf, profileProblems, readConfig, tightenPermissions, type ConfigFile, type ProfileConfig } from '../config/store.ts';
import { colorEnabled, createPalette, type Palette } from '../render/color.ts';
import { createProgress, createReadMeter, type Progress } from '../render/progress.ts';
import { sanitizeInline } from '../render/sanitize.ts';

export interface GlobalOptions {
  profile?: string;
  baseUrl?: string;
  sandbox?: boolean;
  json?: boolean;
  csv?: boolean;
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
  /** false with --no-cache */
  cache?: boolean;
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
  client: unknown;
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
  private taskProvider: Promise<TaskProvider> | undefined;

  /** Progress of long reads on stderr, where a person watches it (a terminal, not --quiet). */
  readonly readMeter: ReturnType<typeof createReadMeter>;

  /** The bulk run's progress line, while one runs: retries are said on it. */
  private activeProgress: Progress | undefined;

  /** Every secret this run has seen: what is written is redacted of them (see cmdutil/command.ts). */
  readonly secrets: Set<string>;

  /** stdout without redaction: only `auth token`, whose one job is to print the secret, writes here. */
  readonly secretOut: OutputStream;

  constructor(globals: GlobalOptions, io: Io, secrets = new Set<string>(), secretOut: OutputStream = io.stdout) {
    this.globals = globals;
    this.io = io;
    this.secrets = secrets;
    this.secretOut = secretOut;
    this.readMeter = createReadMeter(io.stderr);
  }

  get env(): NodeJS.ProcessEnv {
    return this.io.env;
  }

  get configDir(): string {
    return configDir(this.env);
  }

  get config(): ConfigFile {
    if (!this.cachedConfig) {
      const fixed = tightenPermissions(this.configDir);
      this.cachedConfig = readConfig(this.configDir);
      // Said once read: the warning's colour comes from the config itself.
      for (const line of fixed) this.io.stderr.write(`${this.err.yellow(`warning: ${line}`)}\n`);
    }
    return this.cachedConfig;
  }

  get profileName(): string {
    return this.globals.profile ?? this.env.TOPO_PROFILE ?? this.config.currentProfile ?? DEFAULT_PROFILE;
  }

  /** Set for the commands that write the config: they may read a profile with wrong types, to fix it. */
  repairing = false;

  get profile(): ProfileConfig {
    const profile = profileOf(this.config, this.profileName);
    const problems = this.repairing ? [] : profileProblems(profile);
    if (problems.length) {
      throw new UsageError(`the config file's profile '${this.profileName}' is not usable: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; ...' : ''}; nothing was sent`,
        `fix it with \`topo config set\` or \`topo users alias set\`, or edit ${configFile(this.configDir)}`);
    }
    return profile;
  }

  /**
   * A profile named by --profile or TOPO_PROFILE must exist (a typo is not a new, empty profile);
   * `default` always may be used. Commands that create profiles do not ask.
   */
  requireKnownProfile(): void {
    const named = this.globals.profile ?? this.env.TOPO_PROFILE;
    const known = Object.keys(this.config.profiles ?? {});
    if (named === undefined || named === DEFAULT_PROFILE || known.includes(named)) return;
    const source = this.globals.profile !== undefined ? '--profile' : 'TOPO_PROFILE';
    throw new UsageError(`${source}: no profile is named '${sanitizeInline(named)}'${didYouMean(named, known)}`,
      `${known.length ? `profiles: ${known.join(', ')}; ` : ''}\`topo auth login --profile ${sanitizeInline(named)}\` creates it`);
  }

  /** The profile's aliases; on a sandbox (--sandbox, or a demo key), the demo reps' first names too (the profile's win). */
  get aliases(): Record<string, string> {
    const demo = this.sandbox || this.spec.isDemoSecret(this.env.TOPO_API_KEY ?? '');
    return demo ? { ...this.spec.sandboxAliases(), ...this.profile.aliases } : this.profile.aliases ?? {};
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

  /**
   * The same run (its connection, provider and caches, once made) writing to other streams: a
   * live view (--watch) draws each frame off-screen first. Connect before calling it.
   */
  writingTo(stdout: OutputStream, stderr: OutputStream): Runtime {
    return Object.assign(Object.create(Object.getPrototypeOf(this) as object) as Runtime, this, { io: withOutput(this.io, stdout, stderr) });
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

  /** The profile's stored secret and where it came from; `problem` says why a stored one could not be read. */
  async storedSecret(): Promise<{ secret?: Secret; source: KeySource; problem?: string }> {
    const stored = await this.readSecret();
    this.learn(stored.secret);
    return stored;
  }

  /** Remembers a secret's values, so nothing written can show them. */
  learn(secret: Secret | undefined): void {
    for (const value of Object.values(secret ?? {})) if (typeof value === 'string') this.secrets.add(value);
  }

  private async readSecret(): Promise<{ secret?: Secret; source: KeySource; problem?: string }> {
    const storage = this.spec.secret;
    if (this.env.TOPO_API_KEY) return { secret: { [storage.env]: this.env.TOPO_API_KEY }, source: 'env' };
    if (this.profile.keyStorage === 'keyring') {
      const { openKeyring } = await import('../config/keyring.ts');
      const opened = await openKeyring(this.env);
      if ('unavailable' in opened) return { source: 'none', problem: `the ${storage.noun} is in the system keyring, which cannot be reached here (${opened.unavailable})` };
      const value = opened.keyring.get(this.profileName);
      if (!value) return { source: 'none', problem: `the system keyring holds no ${storage.noun} for profile '${this.profileName}'` };
      if (storage.form === 'string') return { secret: { [storage.env]: value }, source: 'keyring' };
      try {
        return { secret: JSON.parse(value) as Secret, source: 'keyring' };
      } catch {
        return { source: 'none', problem: `the system keyring's entry for profile '${this.profileName}' is not topo's: run \`topo auth login\` again` };
      }
    }
    const kept = (this.profile as Record<string, unknown>)[storage.field];
    if (storage.form === 'string' && typeof kept === 'string' && kept) return { secret: { [storage.env]: kept }, source: 'config' };
    if (storage.form === 'json' && kept && typeof kept === 'object' && Object.values(kept).some((value) => typeof value === 'string' && value)) return { secret: kept as Secret, source: 'config' };
    return { source: 'none' };
  }

  /**
   * Keeps the profile's secret: in the system keyring when `preference` says so and one answers,
   * else in the 0600 config file (`unavailable` says why not the keyring). After a login or a refresh.
   */
  async saveSecret(secret: Secret, preference: 'keyring' | 'file' = this.profile.keyStorage ?? 'file'): Promise<{ where: 'keyring' | 'file'; unavailable?: string }> {
    this.learn(secret);
    const storage = this.spec.secret;
    let where: 'keyring' | 'file' = 'file';
    let unavailable: string | undefined;
    if (preference === 'keyring') {
      const { openKeyring } = await import('../config/keyring.ts');
      const opened = await openKeyring(this.env);
      if ('keyring' in opened) {
        try {
          opened.keyring.set(this.profileName, storage.form === 'string' ? String(secret[storage.env]) : JSON.stringify(secret));
          where = 'keyring';
        } catch (error) {
          // A locked or refusing keyring: the file, said so.
          unavailable = (error as Error).message;
        }
      } else unavailable = opened.unavailable;
    }
    const { updateConfig, editProfile } = await import('../config/store.ts');
    await updateConfig(this.configDir, (config) => {
      const profile = editProfile(config, this.profileName) as Record<string, unknown>;
      if (where === 'keyring') delete profile[storage.field];
      else profile[storage.field] = storage.form === 'string' ? secret[storage.env] : secret;
      profile.keyStorage = where;
    });
    this.cachedConfig = undefined;
    return { where, unavailable };
  }

  debugLine = (line: string): void => {
    if (this.globals.debug) this.io.stderr.write(`${this.err.dim(`[debug] ${sanitizeInline(line)}`)}\n`);
  };

  /**
   * The provider's client for an explicit base URL and secret (auth login proves one before keeping
   * it). The HTTP core is loaded with it, not at start-up: `--version`, `--help` and config commands never need node:http.
   */
  clientFor(baseUrl: string, secret: Secret | undefined, persist?: (secret: Secret) => Promise<void>): Promise<ProviderClient> {
    this.learn(secret);
    return this.spec.client({
      baseUrl, secret, http: this.httpOptions(), progress: this.readMeter,
      persist: persist ?? (async (fresh) => { await this.saveSecret(fresh); }),
      reload: async () => {
        this.cachedConfig = undefined;
        const { secret: stored } = await this.readSecret();
        this.learn(stored);
        return stored;
      },
    });
  }

  /** What every API client of this run shares: environment (proxy), timeouts, retries, debug, Ctrl-C. */
  private httpOptions(): HttpSettings {
    return {
      env: this.env,
      timeoutMs: this.globals.timeout ?? DEFAULT_TIMEOUT_MS,
      maxRetries: this.globals.maxRetries ?? DEFAULT_MAX_RETRIES,
      debug: this.globals.debug ? this.debugLine : undefined,
      signal: this.interrupt.signal,
      backoffBaseMs: this.backoffBaseMs(),
      onRetry: (notice) => this.activeProgress?.note(notice),
      onWait: (until, why) => this.note(`waiting until ${new Date(until).toISOString().slice(11, 19)} UTC (${Math.ceil((until - Date.now()) / 1000)} s): ${why}`),
    };
  }

  /** A bulk run's progress on stderr; while it runs, the HTTP core's retries show on it ("API failing: retry 2 of 4 in 1 s"). */
  progress(label: string, total: number): Progress {
    const progress = createProgress(this.io.stderr, label, total);
    this.activeProgress = progress;
    return {
      tick: (done) => progress.tick(done),
      note: (text) => progress.note(text),
      finish: () => {
        if (this.activeProgress === progress) this.activeProgress = undefined;
        progress.finish();
      },
    };
  }

  /** TOPO_BACKOFF_BASE_MS, checked like a flag: a typo must not turn backoff into a busy loop. */
  private backoffBaseMs(): number | undefined {
    const raw = this.env.TOPO_BACKOFF_BASE_MS;
    if (raw === undefined || raw.trim() === '') return undefined;
    if (!/^\d+$/.test(raw.trim())) throw new UsageError(`TOPO_BACKOFF_BASE_MS: '${raw}' must be a whole number of milliseconds`);
    return Number(raw);
  }

  /** The profile's client: its server with its stored secret, or with --sandbox an embedded sandbox on a loopback port. */
  client(): Promise<unknown> {
    this.connection ??= this.connect();
    return this.connection.then((connection) => connection.client);
  }

  /** The connected credential's main value (the key), for naming its lookup cache; never printed. */
  private credential: string | undefined;

  private async connect(): Promise<Connection> {
    if (this.sandbox) {
      if (this.globals.baseUrl || this.env.TOPO_BASE_URL) {
        throw new UsageError(`--sandbox and ${this.globals.baseUrl ? '--base-url' : 'TOPO_BASE_URL'} name two different APIs: pick one`);
      }
      const sandbox = await this.spec.embeddedSandbox(sandboxStateFile(this.configDir, 'embedded', 1, 240, this.spec));
      this.learn(sandbox.secret);
      this.credential = String(sandbox.secret[this.spec.secret.env] ?? '');
      const connected = await this.spec.client({ baseUrl: sandbox.url, secret: sandbox.secret, http: this.httpOptions(), progress: this.readMeter });
      return { client: connected.client, close: async () => { connected.close(); await sandbox.close(); } };
    }
    const base = this.baseUrl();
    const { parseBaseUrl } = await import('../http/url.ts');
    parseBaseUrl(base.value, base.source);
    const stored = await this.storedSecret();
    if (!stored.secret) {
      throw new CredentialsError(`no ${this.spec.secret.noun} for profile '${this.profileName}'${stored.problem ? `: ${stored.problem}` : ''}`, 'run `topo auth login`, set TOPO_API_KEY, or try `topo --sandbox ...`');
    }
    this.credential = String(stored.secret[this.spec.secret.env] ?? '');
    const connected = await this.clientFor(base.value, stored.secret);
    return { client: connected.client, close: async () => connected.close() };
  }

  /** A note on stderr, dim, sanitized (decorations that could not be fetched, choices made for the user). */
  note = (line: string): void => {
    this.io.stderr.write(this.err.dim(`note: ${sanitizeInline(line)}`) + '\n');
  };

  /** The saved team's members as typed (weights left off); a hand-edited one that does not parse counts as none here (rebalance says why). */
  private teamMembers(): string[] {
    try {
      return parseTeam(this.profile.team ?? '', 'config team').map((member) => member.who);
    } catch {
      return [];
    }
  }

  /** The profile's provider over its client, connected once per run. */
  tasks(): Promise<TaskProvider> {
    this.taskProvider ??= this.spec.connect({
      client: () => this.client(), aliases: this.aliases, note: this.note, debug: this.debugLine,
      team: this.teamMembers(),
      rememberNames: (entries) => cacheTemplates(this.configDir, this.profileName, entries),
      lookups: this.globals.cache === false ? noLookupCache() : openLookupCache(() => this.credential === undefined ? undefined
        : lookupCacheFile(this.configDir, this.profileName, `${this.provider} ${this.sandbox ? 'sandbox' : this.baseUrl().value}`, this.credential)),
    });
    return this.taskProvider;
  }

  /** Before any change is sent: a credential known to lack the write scope is refused here (exit 3), with nothing sent. */
  async requireWrite(): Promise<void> {
    const identity = await (await this.tasks()).identity();
    if (identity.canWrite !== false || !identity.writeRefusal) return;
    throw new CredentialsError(`${identity.writeRefusal.why}; nothing was sent`, identity.writeRefusal.instead);
  }

  async close(): Promise<void> {
    this.readMeter.stop();
    const connection = await this.connection?.catch(() => undefined);
    await connection?.close();
  }
}
