// Runs topo against a sandbox over real HTTP on 127.0.0.1: in-process through main(argv, io) by
// default, or the built binary (`spawn: true`) where packaging, terminals or signals are the point.
// Every run is checked for leaked keys.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { main } from '../../src/cli.ts';
import { createTestIo, type TestIo } from '../../src/core/test-io.ts';
import { SANDBOX_KEYS, startSandbox, type Sandbox, type SandboxOptions } from '../../src/providers/topo/sandbox.ts';
import { OUTREACH_SANDBOX, startOutreachSandbox, type OutreachSandbox, type OutreachSandboxOptions } from '../../src/providers/outreach/sandbox.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/topo');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
  /** stdout and stderr are a terminal: in-process, streams that say so; spawned, a pseudo-terminal (util-linux `script`). */
  tty?: boolean;
  /** Terminal width (in-process runs). */
  columns?: number;
  timeoutMs?: number;
  /** Spawned runs: SIGKILL the binary as soon as this holds (polled every 10 ms), e.g. after N calls reached the server. */
  killWhen?: () => boolean;
  /** Run the built binary instead of main() in this process. */
  spawn?: boolean;
  /** In-process: called with the Io once the command has started (to simulate Ctrl-C). */
  onStart?: (io: TestIo) => void;
  /** `sandbox serve` prints its public demo keys on purpose: only those runs may. */
  demoKeysShown?: boolean;
}

export function tempDir(prefix = 'topo-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every secret a run must never print. */
const SECRETS = [...Object.values(SANDBOX_KEYS), OUTREACH_SANDBOX.token, OUTREACH_SANDBOX.readToken, OUTREACH_SANDBOX.clientSecret, OUTREACH_SANDBOX.refreshToken];

export function assertNoSecrets(...texts: string[]): void {
  for (const text of texts) for (const secret of SECRETS) expect(text.includes(secret), 'an API key was printed').toBe(false);
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** main(argv, io) in this process, with only the given environment. */
export async function runInProcess(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value;
  const io = createTestIo({ env, input: options.input, tty: options.tty, columns: options.columns ?? 160 });
  const running = main(args, io);
  options.onStart?.(io);
  const code = await running;
  if (!options.demoKeysShown) assertNoSecrets(io.stdout.text, io.stderr.text);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

/**
 * Colleagues at work while a command runs: `act` on each item in turn, one every `everyMs`, until the
 * run ends. Its result, and the items acted on (what changed while it ran).
 */
export async function meanwhile<T>(running: Promise<RunResult>, items: T[], act: (item: T) => void, everyMs = 1): Promise<{ result: RunResult; acted: Set<T> }> {
  let finished = false;
  const settled = running.finally(() => { finished = true; });
  const acted = new Set<T>();
  for (const item of items) {
    if (finished) break;
    act(item);
    acted.add(item);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return { result: await settled, acted };
}

export function run(args: string[], options: RunOptions = {}): Promise<RunResult> {
  if (!options.spawn) return runInProcess(args, options);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, TOPO_SANDBOX: undefined, ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  const child = options.tty
    ? spawn('script', ['-qfec', [process.execPath, BIN, ...args].map(shellQuote).join(' '), '/dev/null'], { env: { ...env, COLUMNS: '160', LINES: '50' } })
    : spawn(process.execPath, [BIN, ...args], { env });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    const watcher = options.killWhen && setInterval(() => {
      if (options.killWhen!()) child.kill('SIGKILL');
    }, 10);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (watcher) clearInterval(watcher);
      assertNoSecrets(stdout, stderr);
      resolve({ code: code ?? (signal === 'SIGKILL' ? 137 : 1), stdout, stderr });
    });
    // topo may stop reading early (it refuses stdin over 64 MiB): that is its answer, not a test error.
    child.stdin.on('error', () => undefined);
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** A sandbox on an ephemeral port, its config folder, and a `topo` bound to both. */
export interface Harness {
  sandbox: Sandbox;
  configDir: string;
  env: Record<string, string>;
  topo: (args: string[], options?: RunOptions) => Promise<RunResult>;
  close: () => Promise<void>;
}

export async function harness(options: SandboxOptions = {}, key: string = SANDBOX_KEYS.write): Promise<Harness> {
  const configDir = tempDir();
  const sandbox = await startSandbox({ stateFile: path.join(configDir, 'served-state.json'), anchor: Date.parse('2026-11-01T00:00:00Z'), ...options });
  return bind(sandbox, configDir, { TOPO_CONFIG_DIR: configDir, TOPO_BASE_URL: sandbox.url, TOPO_API_KEY: key, TOPO_BACKOFF_BASE_MS: '20' });
}

/** A `topo` bound to a sandbox and its config folder; close() stops the one and removes the other. */
function bind<S extends { close(): Promise<void> }>(sandbox: S, configDir: string, env: Record<string, string>) {
  return {
    sandbox,
    configDir,
    env,
    topo: (args: string[], runOptions: RunOptions = {}) => run(args, { ...runOptions, env: { ...env, ...runOptions.env } }),
    close: async () => {
      await sandbox.close();
      fs.rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** An Outreach-shaped sandbox on an ephemeral port and a `topo` speaking to it (TOPO_PROVIDER=outreach). */
export interface OutreachHarness extends Omit<Harness, 'sandbox'> {
  sandbox: OutreachSandbox;
}

/** `token` null: no TOPO_API_KEY (the test logs in). */
export async function outreachHarness(options: OutreachSandboxOptions = {}, token: string | null = OUTREACH_SANDBOX.token): Promise<OutreachHarness> {
  const configDir = tempDir();
  const sandbox = await startOutreachSandbox({ stateFile: path.join(configDir, 'outreach-state.json'), anchor: Date.parse('2026-11-01T00:00:00Z'), ...options });
  return bind(sandbox, configDir, { TOPO_CONFIG_DIR: configDir, TOPO_PROVIDER: 'outreach', TOPO_BASE_URL: sandbox.url, TOPO_BACKOFF_BASE_MS: '20', ...(token ? { TOPO_API_KEY: token } : {}) });
}

export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0);
}

/** Closes the test's harness (its sandbox and config folder) after each test: `get` reads it, `clear` forgets it. */
export function closeAfterEach(get: () => { close(): Promise<void> } | undefined, clear: () => void): void {
  afterEach(async () => {
    await get()?.close();
    clear();
  });
}
