// HTTPS through an HTTP CONNECT proxy (HTTPS_PROXY). Imported only when a proxy applies.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';

/** `timeoutMs` bounds the tunnel's set-up too: a proxy that accepts and never answers CONNECT is a timeout, not a hang. */
export function createTunnelAgent(proxy: URL, timeoutMs: number): https.Agent {
  const proxyAuthorization = proxy.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`
    : undefined;
  class TunnelAgent extends https.Agent {
    override createConnection(options: tls.ConnectionOptions & { host?: string; port?: number }, callback: (error: Error | null, socket?: Duplex) => void): undefined {
      const target = `${options.host}:${options.port ?? 443}`;
      const connectRequest = (proxy.protocol === 'https:' ? https : http).request({
        host: proxy.hostname,
        port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
        method: 'CONNECT',
        path: target,
        headers: { host: target, ...(proxyAuthorization ? { 'proxy-authorization': proxyAuthorization } : {}) },
      });
      const timer = setTimeout(() => connectRequest.destroy(Object.assign(new Error(`no answer to CONNECT within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
      connectRequest.once('close', () => clearTimeout(timer));
      connectRequest.once('connect', (response, socket) => {
        clearTimeout(timer);
        if (response.statusCode !== 200) {
          socket.destroy();
          callback(Object.assign(new Error(`refused the tunnel: HTTP ${response.statusCode}`), { code: 'EPROXY', proxy: proxy.host }));
          return;
        }
        callback(null, tls.connect({ ...options, socket, servername: options.servername ?? options.host }));
      });
      // The proxy itself could not be reached: said as the proxy's failure, not the API host's.
      connectRequest.once('error', (error) => callback(Object.assign(error, { proxy: proxy.host })));
      connectRequest.end();
      return undefined;
    }
  }
  return new TunnelAgent({ keepAlive: true, maxSockets: 32 });
}
