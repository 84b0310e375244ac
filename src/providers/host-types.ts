// The run's side of the seam: what a provider gets from topo (its host), how a profile's secret is
// kept and proved (`auth login|status`), and the sandboxes a provider serves. types.ts re-exports it.
import type { LookupCache } from '../core/lookup-cache.ts';

/** What a provider's pieces get from the run: its client (the provider's own type), aliases, and a note line on stderr. */
export interface ProviderHost {
  client(): Promise<unknown>;
  aliases: Record<string, string>;
  /** The profile's saved team (`config set team`), as typed (aliases or ids, weights left off): reps topo knows of. */
  team: string[];
  note(line: string): void;
  /** A --debug line. */
  debug(line: string): void;
  /** Names learnt on the way (sequence templates), kept for completion; best effort. */
  rememberNames(entries: Array<{ id: string; name: string }>): void;
  /** Lookups remembered between runs (who a task is about), per profile and API; none with --no-cache. */
  lookups: LookupCache;
}

/** `topo sandbox serve`'s flags, for whichever provider's sandbox. */
export interface SandboxServeOptions {
  port: number;
  seed?: number;
  tasks?: number;
  latency?: number;
  rateLimit?: number;
  failRate?: number;
  errors?: 'topo' | 'fastapi';
  tokenTtl?: number;
  stateFile: string;
}

/** A sandbox serving on loopback: its URL, the lines that tell a person how to use it, and its end. */
export interface ServedSandbox {
  url: string;
  banner: string[];
  /** Flags given that this sandbox does not use: each a note, never an error. */
  ignored: string[];
  close(): Promise<void>;
}

/** What a profile stores to prove itself (an API key; OAuth tokens with the app's secret). Never printed. */
export type Secret = Record<string, string | number | undefined>;

/** Where and how a provider's secret is kept. */
export interface SecretStorage {
  /** The profile field of config.json holding it when it is not in the keyring. */
  field: string;
  /** The keyring entry (and that field) hold the secret's one `env` value as a string, or the whole object as JSON. */
  form: 'string' | 'json';
  /** The field TOPO_API_KEY fills (a key, an access token). */
  env: string;
  /** What it is called in messages: "API key", "Outreach token". */
  noun: string;
}

/** What every client of one run shares: environment (proxy), timeouts, retries, debug, Ctrl-C. */
export interface HttpSettings {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  maxRetries: number;
  debug?: (line: string) => void;
  signal: AbortSignal;
  backoffBaseMs?: number;
  /** Hears each rate-limit wait of a second or more (until when, why). */
  onWait?: (until: number, why: string) => void;
  /** Hears each retry before its backoff, as a line for the progress bar. */
  onRetry?: (notice: string) => void;
}

/** A provider's API client, as the runtime holds it: opaque but for closing. */
export interface ProviderClient {
  client: unknown;
  /** The secret as it stands now, renewed first where it lapsed (an expired OAuth access token is refreshed). */
  currentSecret(): Promise<Secret | undefined>;
  close(): void;
}

/** A sandbox of the provider's, started in this process for --sandbox. */
export interface EmbeddedSandbox {
  url: string;
  secret: Secret;
  close(): Promise<void>;
}

/** What a credential says of itself (`auth status`): JSON key, label for people, value. */
export interface Fact {
  key: string;
  label: string;
  value: unknown;
  /** How a person reads it, where that differs from the value (already sanitized). */
  text?: string;
}

/** Who the API says the credential belongs to, and what it may do. */
export interface Identity {
  facts: Fact[];
  scopes?: string[];
  /** undefined: not known (the API did not say). */
  canRead?: boolean;
  canWrite?: boolean;
  /** Why it cannot change tasks, and what to do (when canWrite is false). */
  writeRefusal?: { scope: string; why: string; instead: string };
}

/** `auth login`'s provider side: which secrets to ask for, and proving them before they are kept. */
export interface Login {
  /** The secrets to read, in order (stdin lines or prompts). */
  wanted(options: { clientId?: string }): string[];
  /**
   * Proves the secrets against the API at `baseUrl` and keeps them with `save` (as early as a
   * rotating refresh token needs). Throws a CredentialsError (nothing kept) when the API refuses them.
   */
  verify(host: LoginHost, secrets: string[], options: { clientId?: string; redirectUri?: string }): Promise<LoginResult>;
}

export interface LoginHost {
  baseUrl: string;
  client(baseUrl: string, secret: Secret, persist?: (secret: Secret) => Promise<void>): Promise<ProviderClient>;
  save(secret: Secret): Promise<void>;
  note(line: string): void;
}

export interface LoginResult {
  /** After "logged in to <where> as profile 'x'": who, e.g. " (key name, prefix…)" or ": Ana <ana@…>". */
  who: string;
  scopes?: string[];
  /** What was kept: "key", "refresh token and client secret". */
  kept: string;
  warnings: string[];
}

