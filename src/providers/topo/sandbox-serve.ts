// `topo sandbox serve` on a Topo profile: the Topo-shaped sandbox and what a person needs to use it.
import type { SandboxServeOptions, ServedSandbox } from '../types.ts';
import { startSandbox } from './sandbox.ts';

export async function serveTopoSandbox(options: SandboxServeOptions): Promise<ServedSandbox> {
  const sandbox = await startSandbox({
    port: options.port, seed: options.seed, tasks: options.tasks, latency: options.latency, rateLimit: options.rateLimit,
    failRate: options.failRate, errors: options.errors, stateFile: options.stateFile,
  });
  return {
    url: sandbox.url,
    ignored: options.tokenTtl !== undefined ? ['--token-ttl applies to the Outreach sandbox (--provider outreach); ignored here'] : [],
    banner: [
      `topo sandbox: ${sandbox.state.tasks} tasks (seed ${sandbox.state.seed}) on ${sandbox.url}`,
      `  state file   ${sandbox.options.stateFile}`,
      `  keys         read+write           ${sandbox.keys.write}`,
      `               read only            ${sandbox.keys.read}`,
      `               tasks only (no contacts) ${sandbox.keys.tasksOnly}`,
      `               contacts only        ${sandbox.keys.noTasks}`,
      `  reps         ${sandbox.workspace.reps.map((rep) => `${rep.alias}=${rep.id}`).join('\n               ')}`,
      `  try          TOPO_BASE_URL=${sandbox.url} TOPO_API_KEY=${sandbox.keys.write} topo tasks reassign --from bram --to ana --to chen -n`,
      `               (with a demo key in TOPO_API_KEY the reps' first names work as aliases)`,
    ],
    close: () => sandbox.close(),
  };
}
