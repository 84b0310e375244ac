// `topo sandbox serve` on an Outreach profile: JSON:API, cursor pages, OAuth refresh, x-ratelimit-* headers.
import { UsageError } from '../../core/errors.ts';
import type { SandboxServeOptions, ServedSandbox } from '../types.ts';
import { OUTREACH_SANDBOX, startOutreachSandbox } from './sandbox.ts';

export async function serveOutreachSandbox(options: SandboxServeOptions): Promise<ServedSandbox> {
  if (options.failRate !== undefined || options.errors !== undefined) throw new UsageError(`${options.failRate !== undefined ? '--fail-rate' : '--errors'} applies to the Topo sandbox only`);
  const sandbox = await startOutreachSandbox({ port: options.port, seed: options.seed, tasks: options.tasks, latency: options.latency, ratePerSecond: options.rateLimit, tokenTtlSeconds: options.tokenTtl, stateFile: options.stateFile });
  return {
    url: sandbox.url,
    ignored: [],
    banner: [
      `topo sandbox (Outreach): ${sandbox.state.tasks} tasks (seed ${sandbox.state.seed}) on ${sandbox.url}/api/v2`,
      `  state file     ${options.stateFile}`,
      `  access token   ${OUTREACH_SANDBOX.token} (never expires; read only: ${OUTREACH_SANDBOX.readToken})`,
      `  OAuth app      client id ${OUTREACH_SANDBOX.clientId}, secret ${OUTREACH_SANDBOX.clientSecret}`,
      `  refresh token  ${OUTREACH_SANDBOX.refreshToken} (spent by the first refresh; tokens it hands out last ${options.tokenTtl ?? 7200} s)`,
      `  users          ${sandbox.users.map((user) => `${user.id}=${user.email}${user.locked ? ' (locked)' : ''}`).join('\n                 ')}`,
      `  try            TOPO_PROVIDER=outreach TOPO_BASE_URL=${sandbox.url} TOPO_API_KEY=${OUTREACH_SANDBOX.token} topo tasks ls`,
    ],
    close: () => sandbox.close(),
  };
}
