// The Topo API client for a base URL and a key, over the shared HTTP core.
import type { ListingProgress } from '../paginate.ts';
import type { ClientOptions, ProviderClient } from '../types.ts';
import { createTopoApi } from './api.ts';

export function topoClient(options: ClientOptions): ProviderClient {
  const api = createTopoApi({ ...options.http, baseUrl: options.baseUrl, apiKey: options.secret?.apiKey === undefined ? undefined : String(options.secret.apiKey) });
  api.progress = options.progress as ListingProgress | undefined;
  // A key does not lapse: it is what it is.
  return { client: api, currentSecret: async () => options.secret, close: () => api.http.close() };
}
