// Topo credentials: an API key, checked with GET /v1/me (name, prefix, scopes) or, on an older
// server without /me, with one size-1 listing that proves it can read.
import { ApiError, CredentialsError, NotFoundError } from '../../core/errors.ts';
import { maskKey, sanitizeInline } from '../../render/sanitize.ts';
import type { Identity, Login } from '../types.ts';
import type { TopoApi } from './api.ts';
import { SCOPE_READ, SCOPE_WRITE, type KeyInfo } from './contract.ts';

/** Who the API says the key is, and its scopes; without /me, only that it can read. */
export async function keyIdentity(api: TopoApi): Promise<Identity> {
  let info: KeyInfo | undefined;
  try {
    info = await api.me();
  } catch (error) {
    if (!(error instanceof NotFoundError || (error instanceof ApiError && error.status === 405))) throw error;
  }
  const scopes = Array.isArray(info?.scopes) ? info.scopes : undefined;
  if (!scopes) {
    await api.listTasks({}, 1, 1);
    return { facts: [{ key: 'scopes', label: 'scopes', value: null, text: 'unknown: this server has no /v1/me' }], canRead: true };
  }
  const which = [info?.name, info?.key_prefix ? `${info.key_prefix}…` : undefined].filter(Boolean).join(', ');
  return {
    facts: [
      { key: 'name', label: 'key name', value: info?.name ?? null },
      { key: 'key_prefix', label: 'prefix', value: info?.key_prefix ?? null },
      { key: 'scopes', label: 'scopes', value: scopes, text: scopes.length ? scopes.map((scope) => sanitizeInline(scope)).join(', ') : 'none' },
      { key: 'last_used_at', label: 'last used', value: info?.last_used_at ?? null },
    ],
    scopes,
    canRead: scopes.includes(SCOPE_READ),
    canWrite: scopes.includes(SCOPE_WRITE),
    writeRefusal: {
      scope: SCOPE_WRITE,
      why: `this key${which ? ` (${sanitizeInline(which)})` : ''} cannot change tasks: it lacks the ${SCOPE_WRITE} scope (it has ${scopes.join(', ') || 'none'})`,
      instead: `ask a workspace admin for a key with ${SCOPE_WRITE}; \`topo auth status\` lists a key's scopes`,
    },
  };
}

export const TOPO_LOGIN: Login = {
  wanted: () => ['API key'],
  async verify(host, [key]) {
    const connected = await host.client(host.baseUrl, { apiKey: key });
    let identity: Identity;
    try {
      identity = await keyIdentity(connected.client as TopoApi);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        throw new CredentialsError(`the API rejected this key (${sanitizeInline(error.message)}); nothing was saved`,
          error.status === 403 ? `the key needs at least the ${SCOPE_READ} scope` : 'check that you copied the whole key');
      }
      throw error;
    } finally {
      connected.close();
    }
    if (identity.canRead === false) {
      throw new CredentialsError(`this key lacks the ${SCOPE_READ} scope (it has ${identity.scopes?.join(', ') || 'none'}); nothing was saved`, `ask a workspace admin for a key with ${SCOPE_READ}`);
    }
    await host.save({ apiKey: key });
    const fact = (name: string) => identity.facts.find((candidate) => candidate.key === name)?.value;
    const named = identity.scopes !== undefined;
    return {
      who: ` (${named ? `${sanitizeInline(String(fact('name') ?? 'unnamed key'))}, ${sanitizeInline(String(fact('key_prefix') ?? ''))}…${key!.length - String(fact('key_prefix') ?? '').length >= 16 ? key!.slice(-4) : ''}` : `key ${maskKey(key!)}`})`,
      scopes: identity.scopes,
      kept: 'key',
      warnings: identity.canWrite === false ? [`this key lacks ${SCOPE_WRITE}: it can read tasks but not skip, reopen or reassign them`] : [],
    };
  },
};
