// What auth login and status say about a key: GET /v1/me (name, prefix, scopes), or on an older
// server without /me, one size-1 listing that proves the key can read.
import type { TopoApi } from '../../../providers/topo/api.ts';
import { SCOPE_READ, SCOPE_WRITE, type KeyInfo } from '../../../providers/topo/contract.ts';
import { ApiError, NotFoundError } from '../../../core/errors.ts';

export interface KeyCheck {
  /** From /v1/me; undefined when the server has none. */
  info?: KeyInfo;
  canRead: boolean;
  /** undefined: not known (no /me). */
  canWrite?: boolean;
}

export async function checkKey(api: TopoApi): Promise<KeyCheck> {
  try {
    const info = await api.me();
    const scopes = Array.isArray(info?.scopes) ? info.scopes : undefined;
    if (scopes) return { info, canRead: scopes.includes(SCOPE_READ), canWrite: scopes.includes(SCOPE_WRITE) };
  } catch (error) {
    if (!(error instanceof NotFoundError || (error instanceof ApiError && error.status === 405))) throw error;
  }
  await api.listTasks({}, 1, 1);
  return { canRead: true };
}

/** Never more than the last 4 characters of a key. */
export function maskKey(key: string): string {
  return key.length <= 8 ? '****' : `****${key.slice(-4)}`;
}
