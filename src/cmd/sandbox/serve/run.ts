// topo sandbox serve: the sandbox API as a long-running local server.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../../core/errors.ts';
import { shown } from '../../../cmdutil/flags.ts';
import { sandboxStateFile, type Runtime } from '../../../cmdutil/runtime.ts';

export interface ServeOptions {
  port: number;
  seed?: number;
  tasks?: number;
  latency?: number;
  rateLimit?: number;
  failRate?: number;
  state?: string;
  errors?: 'topo' | 'fastapi';
  tokenTtl?: number;
}


/** A --state file of another seed or size is refused, never reset: its changes would be lost. */
function refuseOtherWorkspace(file: string, options: ServeOptions): void {
  let saved: { seed?: number; tasks?: number };
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { seed?: number; tasks?: number };
  } catch {
    return;
  }
  const other = (options.seed !== undefined && saved.seed !== options.seed) || (options.tasks !== undefined && saved.tasks !== options.tasks);
  if (other) {
    throw new UsageError(`${shown(file, 200)} holds a sandbox of seed ${saved.seed} with ${saved.tasks} tasks, not the one asked for; nothing was changed`,
      'leave out --seed/--tasks to serve it, or give another --state file');
  }
}

function listen<T>(start: () => Promise<T>, port: number): Promise<T> {
  return start().catch((error) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use`, 'pick another with --port, or --port 0 for any free one');
    if (code === 'EACCES') throw new UsageError(`port ${port} needs privileges this user lacks`, 'pick a port above 1023 with --port');
    throw error;
  });
}

/** The Outreach-shaped sandbox: JSON:API, cursor pages, OAuth refresh, x-ratelimit-* headers. */
async function serveOutreach(rt: Runtime, options: ServeOptions): Promise<number> {
  if (options.failRate !== undefined || options.errors !== undefined) throw new UsageError(`${options.failRate !== undefined ? '--fail-rate' : '--errors'} applies to the Topo sandbox only`);
  const { startOutreachSandbox, OUTREACH_SANDBOX } = await import('../../../providers/outreach/sandbox.ts');
  const stateFile = options.state ? path.resolve(options.state) : sandboxStateFile(rt.configDir, 'served', options.seed, options.tasks, 'outreach');
  refuseOtherWorkspace(stateFile, options);
  const sandbox = await listen(() => startOutreachSandbox({ port: options.port, seed: options.seed, tasks: options.tasks, latency: options.latency, ratePerSecond: options.rateLimit, tokenTtlSeconds: options.tokenTtl, stateFile }), options.port);
  rt.io.stdout.write(`${sandbox.url}\n`);
  rt.io.stderr.write([
    `topo sandbox (Outreach): ${sandbox.state.tasks} tasks (seed ${sandbox.state.seed}) on ${sandbox.url}/api/v2`,
    `  state file     ${stateFile}`,
    `  access token   ${OUTREACH_SANDBOX.token} (never expires; read only: ${OUTREACH_SANDBOX.readToken})`,
    `  OAuth app      client id ${OUTREACH_SANDBOX.clientId}, secret ${OUTREACH_SANDBOX.clientSecret}`,
    `  refresh token  ${OUTREACH_SANDBOX.refreshToken} (spent by the first refresh; tokens it hands out last ${options.tokenTtl ?? 7200} s)`,
    `  users          ${sandbox.users.map((user) => `${user.id}=${user.email}${user.locked ? ' (locked)' : ''}`).join('\n                 ')}`,
    `  try            TOPO_PROVIDER=outreach TOPO_BASE_URL=${sandbox.url} TOPO_API_KEY=${OUTREACH_SANDBOX.token} topo tasks ls`,
    'Ctrl-C stops it.',
  ].join('\n') + '\n');
  await new Promise<void>((resolve) => rt.interrupt.signal.addEventListener('abort', () => resolve(), { once: true }));
  await sandbox.close();
  return 0;
}

export async function runServe(rt: Runtime, options: ServeOptions): Promise<number> {
  if (rt.provider === 'outreach') return serveOutreach(rt, options);
  const { startSandbox } = await import('../../../providers/topo/sandbox.ts');
  const stateFile = options.state ? path.resolve(options.state) : sandboxStateFile(rt.configDir, 'served', options.seed, options.tasks);
  refuseOtherWorkspace(stateFile, options);
  const sandbox = await listen(() => startSandbox({
      port: options.port,
      seed: options.seed,
      tasks: options.tasks,
      latency: options.latency,
      rateLimit: options.rateLimit,
      failRate: options.failRate,
      errors: options.errors,
      stateFile,
    }), options.port);
  const { stderr, stdout } = rt.io;
  stdout.write(`${sandbox.url}\n`);
  if (options.tokenTtl !== undefined) stderr.write(rt.err.yellow('note: --token-ttl applies to the Outreach sandbox (--provider outreach); ignored here\n'));
  stderr.write([
    `topo sandbox: ${sandbox.state.tasks} tasks (seed ${sandbox.state.seed}) on ${sandbox.url}`,
    `  state file   ${sandbox.options.stateFile}`,
    `  keys         read+write           ${sandbox.keys.write}`,
    `               read only            ${sandbox.keys.read}`,
    `               tasks only (no contacts) ${sandbox.keys.tasksOnly}`,
    `  reps         ${sandbox.workspace.reps.map((rep) => `${rep.alias}=${rep.id}`).join('\n               ')}`,
    `  try          TOPO_BASE_URL=${sandbox.url} TOPO_API_KEY=${sandbox.keys.write} topo tasks ls`,
    'Ctrl-C stops it.',
  ].join('\n') + '\n');
  // Ctrl-C or SIGTERM (both reach the runtime's interrupt) stops it.
  await new Promise<void>((resolve) => rt.interrupt.signal.addEventListener('abort', () => resolve(), { once: true }));
  await sandbox.close();
  return 0;
}

