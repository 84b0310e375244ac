// `topo sandbox serve` on an Outreach profile: JSON:API, cursor pages, OAuth refresh, x-ratelimit-*
// headers, and the shared pipeline's latency, rate limit and faults.
import type { SandboxServeOptions, ServedSandbox } from '../types.ts';
import { OUTREACH_SANDBOX, startOutreachSandbox } from './sandbox.ts';

export async function serveOutreachSandbox(options: SandboxServeOptions): Promise<ServedSandbox> {
  const sandbox = await startOutreachSandbox({
    port: options.port, seed: options.seed, tasks: options.tasks, latency: options.latency, rateLimit: options.rateLimit, failRate: options.failRate,
    tokenTtlSeconds: options.tokenTtl, stateFile: options.stateFile,
  });
  return {
    url: sandbox.url,
    ignored: options.errors !== undefined ? ['--errors chooses the Topo sandbox\'s error dialect; Outreach answers JSON:API errors only'] : [],
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
