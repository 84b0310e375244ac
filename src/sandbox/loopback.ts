// What both sandboxes share: a server on 127.0.0.1 (an ephemeral port by default) that closes its
// keep-alive connections when asked, and a state file that merges this server's changes over what
// the file holds now, so two sandboxes on one file never undo each other's changes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadState, saveState, type SandboxState } from './data.ts';

export async function listenLoopback(handler: http.RequestListener, port: number): Promise<{ server: http.Server; port: number; url: string }> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return { server, port: bound, url: `http://127.0.0.1:${bound}` };
}

export async function closeServer(server: http.Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Writes the changes of `dirty` ids over the file's current state (same workspace only); nothing dirty, nothing written. */
export function flushChanges(file: string | undefined, state: SandboxState, dirty: Set<string>): void {
  if (!file || dirty.size === 0) return;
  const onDisk = loadState(file, { seed: state.seed, tasks: state.tasks }, state);
  const merged: SandboxState = { ...state, changes: { ...(onDisk.anchor === state.anchor ? onDisk.changes : {}) } };
  for (const id of dirty) merged.changes[id] = state.changes[id]!;
  saveState(file, merged);
  dirty.clear();
}
