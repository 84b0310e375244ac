// The Topo API client for a base URL and a key, over the shared HTTP core.
import type { ListingProgress } from '../paginate.ts';
import type { HttpSettings, ProviderClient, Secret } from '../types.ts';
import { createTopoApi } from './api.ts';

export function topoClient(options: { baseUrl: string; secret?: Secret; http: HttpSettings; progress?: unknown }): ProviderClient {
  const api = createTopoApi({ ...options.http, baseUrl: options.baseUrl, apiKey: options.secret?.apiKey === undefined ? undefined : String(options.secret.apiKey) });
  api.progress = options.progress as ListingProgress | undefined;
  return { client: api, close: () => api.http.close() };
}
