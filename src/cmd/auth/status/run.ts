// topo auth status: what topo will use (profile, base URL, key and where each comes from) even
// when the API cannot be reached, then what the API says of the key.
import { SCOPE_WRITE } from '../../../providers/topo/contract.ts';
import { ApiError, ExitCode, NetworkError, reasonOf } from '../../../core/errors.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { configFile } from '../../../config/store.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import { checkKey, maskKey, type KeyCheck } from '../shared/key.ts';

export interface StatusOptions {
  json?: boolean;
}


type Verdict = { state: 'accepted'; check: KeyCheck } | { state: 'rejected' | 'unreachable' | 'no key'; detail: string };

export async function runStatus(rt: Runtime, options: StatusOptions): Promise<number> {
  const base = rt.sandbox ? { value: 'embedded sandbox', source: '--sandbox' } : rt.baseUrl();
  const key: { value?: string; source: string; problem?: string } = rt.sandbox ? { value: 'sandbox', source: 'sandbox' } : await rt.apiKey();
  let verdict: Verdict;
  if (!key.value) verdict = { state: 'no key', detail: key.problem ?? 'no key' };
  else {
    try {
      const api = rt.sandbox ? await rt.api() : await rt.apiFor(base.value, key.value);
      try {
        verdict = { state: 'accepted', check: await checkKey(api) };
      } finally {
        if (!rt.sandbox) api.http.close();
      }
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) verdict = { state: 'rejected', detail: reasonOf(error) };
      else if (error instanceof NetworkError || error instanceof ApiError) verdict = { state: 'unreachable', detail: reasonOf(error) };
      else throw error;
    }
  }
  const info = verdict.state === 'accepted' ? verdict.check.info : undefined;
  const report = {
    profile: rt.profileName,
    base_url: base.value,
    base_url_source: base.source,
    key_source: key.source === 'env' ? 'TOPO_API_KEY' : key.source === 'config' ? `config file ${configFile(rt.configDir)}` : key.source === 'keyring' ? 'system keyring' : key.source,
    key: key.value && !rt.sandbox ? maskKey(key.value) : null,
    api: verdict.state,
    name: info?.name ?? null,
    key_prefix: info?.key_prefix ?? null,
    scopes: info?.scopes ?? null,
    last_used_at: info?.last_used_at ?? null,
    can_write: verdict.state === 'accepted' ? verdict.check.canWrite ?? null : null,
    detail: verdict.state === 'accepted' ? null : verdict.detail,
  };
  if (options.json) await write(rt.io.stdout, `${safeJson(report, 2)}\n`);
  else {
    const p = rt.out;
    const clean = (value: unknown) => (value === null || value === undefined || value === '' ? p.dim('—') : sanitizeInline(String(value)));
    const lines = [
      `profile     ${report.profile}`,
      `base URL    ${clean(report.base_url)} ${p.dim(`(${report.base_url_source})`)}`,
      `key from    ${clean(report.key_source)}`,
      `key         ${clean(report.key)}`,
    ];
    if (verdict.state === 'accepted') {
      lines.push(`API says    ${p.green('accepted')}`);
      if (info) {
        lines.push(`key name    ${clean(info.name)}`, `prefix      ${clean(info.key_prefix)}`,
          `scopes      ${info.scopes?.length ? info.scopes.map((scope) => sanitizeInline(scope)).join(', ') : p.dim('none')}`,
          `last used   ${clean(info.last_used_at)}`);
      } else lines.push(`scopes      ${p.dim('unknown: this server has no /v1/me')}`);
    } else lines.push(`API says    ${p.red(sanitizeInline(verdict.detail))}`);
    await write(rt.io.stdout, lines.join('\n') + '\n');
    if (verdict.state === 'accepted' && verdict.check.canWrite === false) rt.io.stderr.write(rt.err.yellow(`note: this key lacks ${SCOPE_WRITE}: it can read but not change tasks\n`));
  }
  if (verdict.state === 'unreachable') {
    rt.io.stderr.write(`hint: the API could not be reached; the settings above are what topo would use\n`);
    return ExitCode.network;
  }
  if (verdict.state !== 'accepted') {
    rt.io.stderr.write(`hint: run \`topo auth login\`${key.source === 'env' ? ', or fix TOPO_API_KEY' : ''}\n`);
    return ExitCode.auth;
  }
  return 0;
}
