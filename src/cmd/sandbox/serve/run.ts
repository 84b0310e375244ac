// topo sandbox serve: the sandbox API as a long-running local server.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../../core/errors.ts';
import { shown } from '../../../cmdutil/flags.ts';
import { sandboxStateFile, type Runtime } from '../../../cmdutil/runtime.ts';
import type { SandboxServeOptions } from '../../../providers/types.ts';

/** The flags: a sandbox's options, with --state for its state file (default: one per seed and size). */
export type ServeOptions = Omit<SandboxServeOptions, 'stateFile'> & { state?: string };


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

export async function runServe(rt: Runtime, options: ServeOptions): Promise<number> {
  const spec = rt.spec;
  const stateFile = options.state ? path.resolve(options.state) : sandboxStateFile(rt.configDir, 'served', options.seed, options.tasks, spec);
  refuseOtherWorkspace(stateFile, options);
  const sandbox = await listen(() => spec.serveSandbox({ ...options, stateFile }), options.port);
  rt.io.stdout.write(`${sandbox.url}\n`);
  for (const note of sandbox.ignored) rt.io.stderr.write(rt.err.yellow(`note: ${note}\n`));
  rt.io.stderr.write([...sandbox.banner, 'Ctrl-C stops it.'].join('\n') + '\n');
  // Ctrl-C or SIGTERM (both reach the runtime's interrupt) stops it.
  await new Promise<void>((resolve) => rt.interrupt.signal.addEventListener('abort', () => resolve(), { once: true }));
  await sandbox.close();
  return 0;
}
