// One attempt over node:http/https with keep-alive agents: the only code that touches the network.
// (undici costs 30-70 ms to import here, see README.) https and a proxy tunnel load only when needed.
import http from 'node:http';
import { NetworkError, ServerFaultError, TimeoutError } from '../core/errors.ts';
import { proxyFor } from './url.ts';

export interface WireRequest {
  method: string;
  url: URL;
  headers: Record<string, string | number>;
  body?: string;
  timeoutMs: number;
}

export interface WireResponse {
  status: number;
  statusText: string;
  header(name: string): string | undefined;
  headerPairs(): Array<[string, string]>;
  text: string;
}

/** Sends one request and reads the whole answer; NetworkError when no complete answer came. */
export type Transport = ((request: WireRequest) => Promise<WireResponse>) & { close?(): void };

/** Node's error codes in words; the code follows in parentheses for searching. */
const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing is listening there',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed (DNS)',
  ECONNRESET: 'connection reset by the server or a proxy',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server\'s certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server\'s certificate chain is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server\'s certificate could not be verified',
  CERT_HAS_EXPIRED: 'the server\'s certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server\'s certificate is for another host name',
};

export function describeNetworkError(error: Error & { code?: string }): string {
  const words = error.code ? NETWORK_WORDS[error.code] : undefined;
  return words ? `${words} (${error.code})` : `${error.message}${error.code && !error.message.includes(error.code) ? ` (${error.code})` : ''}`;
}

/** No answer of the API is this large (a page of 100 Topo tasks or 1,000 Outreach tasks is a few MiB). */
export const MAX_BODY_CHARS = 64 * 1_048_576;

export function nodeTransport(base: URL, env: NodeJS.ProcessEnv): Transport {
  let connection: Promise<{ agent: http.Agent; request: typeof http.request }> | undefined;
  const connect = (timeoutMs: number) => (connection ??= (async () => {
    if (base.protocol === 'http:') return { agent: new http.Agent({ keepAlive: true, maxSockets: 32, scheduling: 'lifo' }), request: http.request };
    const https = await import('node:https');
    const proxy = proxyFor(base, env);
    if (proxy) {
      const { createTunnelAgent } = await import('./tunnel.ts');
      return { agent: createTunnelAgent(proxy, timeoutMs), request: https.request };
    }
    return { agent: new https.Agent({ keepAlive: true, maxSockets: 32, scheduling: 'lifo' }), request: https.request };
  })());

  const transport: Transport = async (wire) => {
    const { agent, request: send } = await connect(wire.timeoutMs);
    const label = `${wire.method} ${wire.url.pathname}`;
    return new Promise<WireResponse>((resolve, reject) => {
      // No abort signal here: Ctrl-C lets a request in flight finish, so its outcome is known.
      const request = send(wire.url, { method: wire.method, headers: wire.headers, agent });
      // The answer is settled at the timeout whatever the socket does (one not yet connected defers
      // destroy()'s error until it is): every phase, connect, proxy tunnel, TLS, headers, body.
      const timer = setTimeout(() => {
        const timeout = new TimeoutError(`no complete answer to ${label} within ${wire.timeoutMs} ms`, 'TIMEOUT');
        request.destroy(timeout);
        fail(timeout);
      }, wire.timeoutMs);
      const fail = (error: Error & { code?: string; proxy?: string }) => {
        clearTimeout(timer);
        if (error instanceof NetworkError) return reject(error);
        // A failure of the proxy (tunnel.ts marks it) names the proxy: the API host was never reached.
        const via = error.proxy ? `the proxy ${error.proxy} (HTTPS_PROXY): ` : '';
        reject(new NetworkError(`${wire.method} ${wire.url.origin}${wire.url.pathname}: ${via}${describeNetworkError(error)}`, error.code,
          error.proxy ? 'check HTTPS_PROXY (and NO_PROXY), or the proxy itself' : undefined));
      };
      request.on('error', fail);
      request.on('response', (res) => {
        // Text, not Buffers: page bodies then live on the V8 heap, where the GC reclaims them
        // promptly; a long export's Buffers piled up as external memory (+50 MB per 100k tasks).
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length > MAX_BODY_CHARS) return;
          text += chunk;
          // A body past any page the API sends (an endless or runaway answer) is refused, not held:
          // the error is given first, so the connection's end cannot pass for a cut-off answer.
          if (text.length > MAX_BODY_CHARS) {
            fail(new ServerFaultError(`the answer to ${label} is larger than ${MAX_BODY_CHARS / 1_048_576} MiB: not read further`));
            request.destroy();
          }
        });
        res.on('error', fail);
        res.on('aborted', () => fail(new NetworkError(`the answer to ${label} was cut off`, 'TRUNCATED')));
        res.on('end', () => {
          clearTimeout(timer);
          if (!res.complete) return fail(new NetworkError(`the answer to ${label} was cut off`, 'TRUNCATED'));
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage || http.STATUS_CODES[res.statusCode ?? 0] || '',
            header: (name) => {
              const value = res.headers[name.toLowerCase()];
              return Array.isArray(value) ? value[0] : value;
            },
            headerPairs: () => {
              const pairs: Array<[string, string]> = [];
              for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
              return pairs;
            },
            text,
          });
        });
      });
      request.end(wire.body);
    });
  };
  /** Closes idle keep-alive sockets so the process can exit at once. */
  // A connection that never came (a refused HTTPS_PROXY) has nothing to close, and its error was already said.
  transport.close = () => void connection?.then(({ agent }) => agent.destroy(), () => undefined);
  return transport;
}
