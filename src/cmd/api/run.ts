// topo api: fields to a query or a JSON body, the answer printed as received (pretty and coloured
// on a terminal), errors as everywhere else: the server's message, request id and exit code.
import fs from 'node:fs';
import type { WireResponse } from '../../http/transport.ts';
import { UsageError } from '../../core/errors.ts';
import type { Runtime } from '../../cmdutil/runtime.ts';
import { describeFileError } from '../../cmdutil/files.ts';
import { shown } from '../../cmdutil/flags.ts';
import { readStdin } from '../../cmdutil/stdin.ts';
import { colorJson } from '../../render/json.ts';
import { write } from '../../render/output.ts';
import { safeJson, sanitizeInline } from '../../render/sanitize.ts';

export interface ApiOptions {
  method?: string;
  rawField?: string[];
  field?: string[];
  header?: string[];
  input?: string;
  include?: boolean;
  paginate?: boolean;
  ndjson?: boolean;
  json?: boolean;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

function split(raw: string, flag: string, separator: string): [string, string] {
  const at = raw.indexOf(separator);
  if (at <= 0) throw new UsageError(`${flag} '${shown(raw)}': expected ${flag === '-H' ? 'Name: value' : 'key=value'}`);
  return [raw.slice(0, at).trim(), raw.slice(at + 1).trim()];
}

/** -F values: JSON literals typed, @file read, anything else a string. */
async function typed(rt: Runtime, value: string): Promise<unknown> {
  if (value.startsWith('@')) {
    const file = value.slice(1);
    if (file === '-') return readStdin(rt.io.stdin, '-F @-');
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`-F: cannot read ${shown(file, 200)}: ${describeFileError(error)}`);
    }
  }
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/** Parameters in order; a key given twice becomes a list (`-f types=CALL -f types=EMAIL_REPLY`). */
async function parameters(rt: Runtime, options: ApiOptions): Promise<Map<string, unknown[]>> {
  const params = new Map<string, unknown[]>();
  const add = (key: string, value: unknown) => params.set(key, [...(params.get(key) ?? []), value]);
  for (const raw of options.rawField ?? []) add(...split(raw, '-f', '='));
  for (const raw of options.field ?? []) {
    const [key, value] = split(raw, '-F', '=');
    add(key, await typed(rt, value));
  }
  return params;
}

function statusBlock(response: WireResponse): string {
  return [`HTTP ${response.status} ${response.statusText}`.trimEnd(), ...response.headerPairs().map(([name, value]) => `${name}: ${value}`), ''].map((line) => sanitizeInline(line)).join('\n') + '\n';
}

/**
 * A full URL is taken on the configured API's host only (as `gh api` does): the key is never sent
 * elsewhere. Its path and query become the request's.
 */
function onApiHost(rt: Runtime, target: string): { path: string; urlQuery: Record<string, string | string[]> } {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return { path: target, urlQuery: {} };
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UsageError(`'${shown(target)}' is not a URL`);
  }
  const base = rt.sandbox ? undefined : new URL(rt.baseUrl().value);
  if (!base || url.origin !== base.origin) {
    throw new UsageError(`${shown(url.origin)} is not the API's host${base ? ` (${base.origin})` : ' (the embedded sandbox)'}: topo sends its key to its API only; nothing was sent`,
      'give a path (`topo api /tasks`), or point --base-url at that host');
  }
  const urlQuery: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    urlQuery[key] = values.length > 1 ? values : values[0]!;
  }
  return { path: url.pathname, urlQuery };
}

export async function runApi(rt: Runtime, target: string, options: ApiOptions): Promise<number> {
  const params = await parameters(rt, options);
  const { path, urlQuery } = onApiHost(rt, target);
  // As in gh: GET, or POST once fields or a body are given; --paginate reads, so GET.
  const method = (options.method ?? (!options.paginate && (params.size || options.input !== undefined) ? 'POST' : 'GET')).toUpperCase();
  if (!METHODS.includes(method)) throw new UsageError(`-X: '${shown(method)}' is not one of ${METHODS.join(', ')}`);
  if (options.ndjson && !options.paginate) throw new UsageError('--ndjson goes with --paginate (one item per line)');
  if (options.paginate && method !== 'GET') throw new UsageError('--paginate reads a list: it goes with GET only');
  if (options.input !== undefined && params.size && method !== 'GET') throw new UsageError('--input is the whole body: it cannot be combined with -f/-F (use them for the query with -X GET)');
  const headers = Object.fromEntries((options.header ?? []).map((raw) => split(raw, '-H', ':')));
  const inQuery = method === 'GET' || method === 'HEAD' || options.input !== undefined;
  const fromFields = inQuery ? Object.fromEntries([...params].map(([key, values]) => [key, values.length > 1 ? values.map(String) : String(values[0])])) : {};
  const query = inQuery || Object.keys(urlQuery).length ? { ...urlQuery, ...fromFields } : undefined;
  const body = !inQuery && params.size ? Object.fromEntries([...params].map(([key, values]) => [key, values.length > 1 ? values : values[0]])) : undefined;
  let rawBody: string | undefined;
  if (options.input !== undefined) {
    try {
      rawBody = options.input === '-' ? await readStdin(rt.io.stdin, '--input -') : fs.readFileSync(options.input, 'utf8');
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`--input: cannot read ${shown(options.input, 200)}: ${describeFileError(error)}`);
    }
  }
  // Only a provider with raw access gets here (the others lack `api` in their capabilities).
  const api = (await rt.tasks()).raw!;
  const tty = rt.stdoutIsTty && !options.json;
  const out = rt.io.stdout;

  if (options.paginate) {
    await rt.io.boundMemory?.();
    const items: string[] = [];
    for await (const batch of api.pages(path, query ?? {}, headers)) {
      if (options.ndjson) await write(out, batch.map((item) => `${safeJson(item)}\n`).join(''));
      else items.push(...batch.map((item) => safeJson(item)));
    }
    if (!options.ndjson) {
      const text = items.length ? `[\n${items.join(',\n')}\n]` : '[]';
      await write(out, tty ? `${colorJson(JSON.parse(text), rt.out)}\n` : `${text}\n`);
    }
    return 0;
  }

  const response = await api.send({ method, path, query, body, rawBody, headers });
  if (options.include) await write(out, statusBlock(response));
  if (response.text) {
    let pretty: string | undefined;
    if (tty) {
      try {
        pretty = colorJson(JSON.parse(response.text), rt.out);
      } catch {
        // not JSON: printed as received (sanitized, since it is going to a terminal)
      }
    }
    await write(out, pretty !== undefined ? `${pretty}\n` : tty ? `${sanitizeInline(response.text)}\n` : response.text.endsWith('\n') ? response.text : `${response.text}\n`);
  }
  if (response.status >= 300) throw api.errorOf(response, { method, path });
  return 0;
}
