// What both sandboxes share: a server on 127.0.0.1 (an ephemeral port by default) that closes its
// keep-alive connections when asked, and a state file that merges this server's changes over what
// the file holds now, so two sandboxes on one file never undo each other's changes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadState, saveState, type SandboxState } from './topo/sandbox-data.ts';

async function listenLoopback(handler: http.RequestListener, port: number): Promise<{ server: http.Server; port: number; url: string }> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return { server, port: bound, url: `http://127.0.0.1:${bound}` };
}

async function closeServer(server: http.Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Writes the changes of `dirty` ids over the file's current state (same workspace only); nothing dirty, nothing written. */
function flushChanges(file: string | undefined, state: SandboxState, dirty: Set<string>): void {
  if (!file || dirty.size === 0) return;
  const onDisk = loadState(file, { seed: state.seed, tasks: state.tasks }, state);
  const merged: SandboxState = { ...state, changes: { ...(onDisk.anchor === state.anchor ? onDisk.changes : {}) } };
  for (const id of dirty) merged.changes[id] = state.changes[id]!;
  saveState(file, merged);
  dirty.clear();
}

export interface LoopbackOptions {
  port?: number;
  seed?: number;
  tasks?: number;
  stateFile?: string;
  /** Epoch ms the demo data is dated from, for a fresh state (tests pin it). */
  anchor?: number;
}

/** A sandbox: its state (seed, size, changes) loaded from and saved to `stateFile`, served on 127.0.0.1. */
export abstract class LoopbackSandbox {
  readonly state: SandboxState;
  url = '';
  port = 0;
  private server: http.Server | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  /** Tasks changed since the last flush: only these are written, over what the file holds now. */
  private readonly dirty = new Set<string>();

  protected constructor(private readonly loopback: LoopbackOptions) {
    this.state = loadState(loopback.stateFile, { seed: loopback.seed, tasks: loopback.tasks }, { seed: 1, tasks: 240 });
    if (loopback.anchor !== undefined && Object.keys(this.state.changes).length === 0) this.state.anchor = loopback.anchor;
  }

  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;

  async listen(port = this.loopback.port ?? 0): Promise<void> {
    ({ server: this.server, port: this.port, url: this.url } = await listenLoopback((req, res) => void this.handle(req, res), port));
  }

  async close(): Promise<void> {
    this.flush();
    const server = this.server;
    this.server = undefined;
    await closeServer(server);
  }

  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    flushChanges(this.loopback.stateFile, this.state, this.dirty);
  }

  /** Records a task's change in the state; the file gets it within 50 ms (changes are batched). */
  protected persist(id: string, change: object): void {
    this.state.changes[id] = { ...this.state.changes[id], ...change };
    this.dirty.add(id);
    if (this.loopback.stateFile && !this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), 50);
      this.flushTimer.unref();
    }
  }
}
