// The request loop over a scripted transport: what is retried, what is thrown, what is counted.
import { describe, expect, it } from 'vitest';
import { NetworkError, NotFoundError, ServerError } from '../core/errors.ts';
import { HttpClient } from './client.ts';
import type { Transport, WireRequest, WireResponse } from './transport.ts';

type Step = { status: number; body?: string; headers?: Record<string, string> } | NetworkError;

function scripted(steps: Step[]): { transport: Transport; sent: WireRequest[] } {
  const sent: WireRequest[] = [];
  const transport: Transport = async (request) => {
    sent.push(request);
    const step = steps.shift();
    if (!step) throw new Error('no more scripted answers');
    if (step instanceof NetworkError) throw step;
    const headers = step.headers ?? {};
    return { status: step.status, statusText: '', text: step.body ?? '', header: (name) => headers[name], headerPairs: () => Object.entries(headers) } satisfies WireResponse;
  };
  return { transport, sent };
}

const client = (transport: Transport, debug?: (line: string) => void) => new HttpClient({
  baseUrl: 'https://api.topo.test/v1', apiKey: 'topo_secret_key_1234', timeoutMs: 1000, maxRetries: 3, env: {}, transport, backoffBaseMs: 1, random: () => 0, debug,
});

describe('HttpClient', () => {
  it('retries a 503 and a reset, then returns the parsed body; sends the key and JSON', async () => {
    const { transport, sent } = scripted([{ status: 503 }, new NetworkError('reset', 'ECONNRESET'), { status: 200, body: '{"ok":true}' }]);
    const http = client(transport);
    expect(await http.request({ method: 'PATCH', path: '/tasks/1/assignee', body: { a: 1 } })).toEqual({ ok: true });
    expect(sent).toHaveLength(3);
    expect(sent[0]!.url.href).toBe('https://api.topo.test/v1/tasks/1/assignee');
    expect(sent[0]!.headers.authorization).toBe('Bearer topo_secret_key_1234');
    expect(sent[0]!.headers['content-type']).toBe('application/json');
    expect(http.stats).toMatchObject({ requests: 3, retries: 2 });
  });

  it('retries a 2xx whose body cannot be read', async () => {
    const { transport, sent } = scripted([{ status: 200, body: '{"items":[' }, { status: 200, body: '[]' }]);
    expect(await client(transport).request({ method: 'GET', path: '/tasks' })).toEqual([]);
    expect(sent).toHaveLength(2);
  });

  it('throws the typed error at once for a 404, and after the last retry for a 5xx', async () => {
    const notFound = scripted([{ status: 404, body: '{"status_code":404,"type":"NotFoundIssue","message":"Task not found","request_id":"req_9"}' }]);
    await expect(client(notFound.transport).request({ method: 'GET', path: '/tasks/1' })).rejects.toBeInstanceOf(NotFoundError);
    expect(notFound.sent).toHaveLength(1);
    const failing = scripted(Array.from({ length: 4 }, () => ({ status: 502 })));
    await expect(client(failing.transport).request({ method: 'GET', path: '/tasks' })).rejects.toBeInstanceOf(ServerError);
    expect(failing.sent).toHaveLength(4);
  });

  it('marks a refusal that followed a lost answer as possibly our own earlier success', async () => {
    const { transport } = scripted([new NetworkError('reset', 'ECONNRESET'), { status: 409, body: '{"detail":"already skipped"}' }]);
    const error = (await client(transport).request({ method: 'POST', path: '/tasks/1/skip' }).catch((e: unknown) => e)) as { uncertainEarlierAttempt?: boolean };
    expect(error.uncertainEarlierAttempt).toBe(true);
  });

  it('debug lines show the request id and never the key', async () => {
    const lines: string[] = [];
    const { transport } = scripted([{ status: 200, body: '{}', headers: { 'x-request-id': 'req_abc' } }]);
    const http = new HttpClient({ baseUrl: 'https://api.topo.test/v1', apiKey: 'topo_secret_key_1234', timeoutMs: 1000, maxRetries: 0, env: {}, transport, debug: (line) => lines.push(line), requestIdHeader: 'x-request-id' });
    await http.request({ method: 'GET', path: '/me' });
    expect(lines.join('\n')).toContain('request req_abc');
    expect(lines.join('\n')).not.toContain('topo_secret_key_1234');
  });
});
