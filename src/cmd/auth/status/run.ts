// topo auth status, on any provider: what topo will use (profile, provider, base URL, where the
// secret comes from, what it is, masked) even when the API cannot be reached, then what the API
// says of it (who, scopes).
import { ApiError, CredentialsError, ExitCode, NetworkError, reasonOf } from '../../../core/errors.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { configFile } from '../../../config/store.ts';
import type { Fact, Identity } from '../../../providers/types.ts';
import { DEFAULT_PROVIDER } from '../../../providers/registry.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';

export interface StatusOptions {
  json?: boolean;
}

type State = 'accepted' | 'rejected' | 'unreachable' | 'none';

export async function runStatus(rt: Runtime, options: StatusOptions): Promise<number> {
  const { spec } = rt;
  const word = spec.secret.noun.split(' ').at(-1)!;
  const base = rt.sandbox ? { value: `embedded ${spec.title} sandbox`, source: '--sandbox' } : rt.baseUrl();
  const stored = rt.sandbox ? { secret: {}, source: 'sandbox' as const, problem: undefined } : await rt.storedSecret();
  let state: State = 'none';
  let detail: string | null = stored.problem ?? (stored.secret ? null : `no ${word}`);
  let identity: Identity | undefined;
  if (stored.secret) {
    try {
      identity = await (await rt.tasks()).identity();
      state = 'accepted';
    } catch (error) {
      if (!(error instanceof ApiError || error instanceof NetworkError || error instanceof CredentialsError)) throw error;
      state = error instanceof ApiError && (error.status === 401 || error.status === 403) ? 'rejected' : error instanceof NetworkError || error instanceof ApiError ? 'unreachable' : 'rejected';
      detail = reasonOf(error);
    }
  }
  const source = stored.source === 'env' ? 'TOPO_API_KEY' : stored.source === 'config' ? `config file ${configFile(rt.configDir)}` : stored.source === 'keyring' ? 'system keyring' : stored.source;
  const secretFacts: Fact[] = [{ key: `${word}_source`, label: `${word} from`, value: source }, ...spec.describeSecret(stored.secret, rt.sandbox)];
  const identityFacts = identity?.facts ?? [];
  const report = {
    profile: rt.profileName,
    provider: rt.provider,
    base_url: base.value,
    base_url_source: base.source,
    ...Object.fromEntries(secretFacts.map((fact) => [fact.key, fact.value])),
    api: state === 'none' ? `no ${word}` : state,
    ...Object.fromEntries(identityFacts.map((fact) => [fact.key, fact.value])),
    can_write: identity?.canWrite ?? null,
    detail: state === 'accepted' ? null : detail,
  };
  if (options.json) await write(rt.io.stdout, `${safeJson(report, 2)}\n`);
  else {
    const p = rt.out;
    const line = (fact: Fact) => `${fact.label.padEnd(11)} ${fact.text ?? (fact.value === null || fact.value === undefined || fact.value === '' ? p.dim('—') : sanitizeInline(String(fact.value)))}`;
    const lines = [
      `profile     ${report.profile}${rt.provider === DEFAULT_PROVIDER.name ? '' : ` ${p.dim(`(provider ${rt.provider})`)}`}`,
      `base URL    ${sanitizeInline(base.value)} ${p.dim(`(${base.source})`)}`,
      ...secretFacts.map(line),
      state === 'accepted' ? `API says    ${p.green('accepted')}` : `API says    ${p.red(sanitizeInline(detail ?? state))}`,
      ...identityFacts.map(line),
    ];
    await write(rt.io.stdout, lines.join('\n') + '\n');
    // What login says of the same credential: one that cannot read is told so, not that it "can read".
    if (identity?.canRead === false) rt.io.stderr.write(rt.err.yellow(`note: this ${word} cannot read tasks (it has ${identity.scopes?.join(', ') || 'no scopes'}): \`topo auth login\` would refuse it\n`));
    else if (identity?.canWrite === false) rt.io.stderr.write(rt.err.yellow(`note: this ${word} lacks ${identity.writeRefusal?.scope ?? 'the write scope'}: it can read but not change tasks\n`));
  }
  if (state === 'unreachable') {
    rt.io.stderr.write('hint: the API could not be reached; the settings above are what topo would use\n');
    return ExitCode.network;
  }
  if (state !== 'accepted') {
    rt.io.stderr.write(`hint: run \`topo auth login${rt.provider === DEFAULT_PROVIDER.name ? '' : ` --provider ${rt.provider}`}\`${stored.source === 'env' ? ', or fix TOPO_API_KEY' : ''}\n`);
    return ExitCode.auth;
  }
  return 0;
}
