// topo auth login | status | logout. The key is kept in the profile's config file (0600 in a 0700
// folder), shown at most as its last 4 characters, and verified with one cheap call before saving.
import { SCOPE_READ } from '../../contract.ts';
import { editProfile, updateConfig } from '../../config.ts';
import { ApiError, CredentialsError, UsageError } from '../../http/errors.ts';
import { readStdin } from '../../lib/stdin.ts';
import { promptStreams, withPrompt } from '../../lib/prompt.ts';
import { write } from '../../render/output.ts';
import { safeJson } from '../../render/sanitize.ts';
import type { Runtime } from '../../runtime.ts';

export function maskKey(key: string): string {
  return key.length <= 8 ? '****' : `****${key.slice(-4)}`;
}

/** One list call of size 1: proves the key is accepted and can read tasks. */
async function verifyKey(rt: Runtime, baseUrl: string, key: string): Promise<void> {
  const http = await rt.httpClient(baseUrl, key);
  try {
    const { TopoApi } = await import('../../api.ts');
    await new TopoApi(http).listTasks({}, 1, 1);
  } finally {
    http.close();
  }
}

export interface LoginOptions {
  withToken?: boolean;
}

export async function runLogin(rt: Runtime, options: LoginOptions): Promise<void> {
  if (rt.sandbox) throw new UsageError('the sandbox needs no login: --sandbox uses its own key');
  let key: string;
  const terminal = options.withToken ? undefined : promptStreams(rt.io);
  if (options.withToken) {
    key = (await readStdin(rt.io.stdin, '--with-token')).trim();
  } else if (rt.stdinIsTty && terminal) {
    try {
      key = (await withPrompt(terminal, (prompts, context) => prompts.password({ message: `API key for profile '${rt.profileName}' (Settings → Developers):`, mask: false }, context))).trim();
    } finally {
      terminal.close();
    }
  } else {
    throw new UsageError('no terminal to prompt for the key', 'pipe it in: `printf %s "$TOPO_KEY" | topo auth login --with-token`');
  }
  if (!key) throw new UsageError('the API key is empty');
  if (/\s/.test(key)) throw new UsageError('the API key contains white space; paste it again');
  const base = rt.baseUrl();
  try {
    await verifyKey(rt, base.value, key);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      throw new CredentialsError(`the API rejected this key (HTTP ${error.status}: ${error.detail}); nothing was saved`,
        error.status === 403 ? `the key needs at least the ${SCOPE_READ} scope` : 'check that you copied the whole key');
    }
    throw error;
  }
  await updateConfig(rt.configDir, (config) => {
    const profile = editProfile(config, rt.profileName);
    profile.apiKey = key;
    if (rt.globals.baseUrl) profile.baseUrl = rt.globals.baseUrl;
  });
  rt.io.stderr.write(`${rt.err.green('✓')} logged in to ${base.value} as profile '${rt.profileName}' (key ${maskKey(key)})\n`);
}

export interface StatusOptions {
  json?: boolean;
}

export async function runStatus(rt: Runtime, options: StatusOptions): Promise<number> {
  const base = rt.sandbox ? { value: 'embedded sandbox', source: '--sandbox' } : rt.baseUrl();
  const key = rt.sandbox ? { value: 'sandbox', source: 'sandbox' as const } : rt.apiKey();
  let verdict: { ok: boolean; detail: string };
  if (!key.value) verdict = { ok: false, detail: 'no key' };
  else {
    try {
      if (rt.sandbox) await (await rt.api()).listTasks({}, 1, 1);
      else await verifyKey(rt, base.value, key.value);
      verdict = { ok: true, detail: 'accepted' };
    } catch (error) {
      if (!(error instanceof ApiError && (error.status === 401 || error.status === 403))) throw error;
      verdict = { ok: false, detail: `rejected: ${error.detail} (HTTP ${error.status})` };
    }
  }
  const report = {
    profile: rt.profileName,
    base_url: base.value,
    base_url_source: base.source,
    key_source: key.source === 'env' ? 'TOPO_API_KEY' : key.source === 'config' ? `config (${rt.configDir})` : key.source,
    key: key.value && !rt.sandbox ? maskKey(key.value) : null,
    accepted: verdict.ok,
    detail: verdict.detail,
  };
  if (options.json) await write(rt.io.stdout, `${safeJson(report, 2)}\n`);
  else {
    const p = rt.out;
    await write(rt.io.stdout, [
      `profile     ${report.profile}`,
      `base URL    ${report.base_url} ${p.dim(`(${report.base_url_source})`)}`,
      `key from    ${report.key_source}`,
      `key         ${report.key ?? p.dim('—')}`,
      `API says    ${verdict.ok ? p.green(verdict.detail) : p.red(verdict.detail)}`,
    ].join('\n') + '\n');
  }
  if (!verdict.ok) {
    rt.io.stderr.write(`hint: run \`topo auth login\`${key.source === 'env' ? ', or fix TOPO_API_KEY' : ''}\n`);
    return 3;
  }
  return 0;
}

export async function runLogout(rt: Runtime): Promise<void> {
  const had = Boolean(rt.profile.apiKey);
  if (had) await updateConfig(rt.configDir, (config) => { delete editProfile(config, rt.profileName).apiKey; });
  rt.io.stderr.write(had ? `logged out of profile '${rt.profileName}': its key was removed\n` : `profile '${rt.profileName}' had no stored key\n`);
  if (rt.env.TOPO_API_KEY) rt.io.stderr.write('note: TOPO_API_KEY is still set in this environment and will be used\n');
}
