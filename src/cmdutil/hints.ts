// The hint line under an error. The layers below say what failed; only here do hints name topo's
// own commands and flags.
import {
  ApiError, AuthenticationError, NetworkError, NotFoundError, PermissionError, RateLimitError, ServerError, TimeoutError,
  TopoError, ValidationError,
} from '../core/errors.ts';

export function hintFor(error: unknown): string | undefined {
  if (error instanceof TopoError && error.hint) return error.hint;
  if (error instanceof AuthenticationError) return 'check the API key: run `topo auth login`, or set TOPO_API_KEY';
  if (error instanceof PermissionError) {
    return error.method !== 'GET'
      ? 'this key or token may lack the scope to change tasks: `topo auth status` lists its scopes; ask for one with it'
      : 'this key lacks a scope this call needs: `topo auth status` lists its scopes';
  }
  if (error instanceof NotFoundError) {
    return /\/[0-9a-f-]{36}(\/|$)/i.test(error.path)
      ? 'check the id: `topo tasks ls` lists tasks and their ids'
      : 'the API has no such endpoint here: check --base-url / TOPO_BASE_URL (`topo auth status` shows it)';
  }
  if (error instanceof ValidationError) {
    return `the server rejected what topo sent; topo should have caught it first: a topo bug or a new server rule${error.data !== undefined ? ` (data: ${JSON.stringify(error.data).slice(0, 300)})` : ''}`;
  }
  if (error instanceof RateLimitError) {
    // Only the verbs that change tasks have --concurrency; a read is told to wait.
    return `the API is rate limiting this key: wait${error.method === 'GET' ? ' a minute and run it again' : ', or lower --concurrency'}`;
  }
  if (error instanceof ServerError) return 'the API is failing: try again later (--debug shows each attempt)';
  if (error instanceof TimeoutError) return 'raise --timeout, or check the network';
  if (error instanceof NetworkError) return 'check --base-url / TOPO_BASE_URL and the network';
  if (error instanceof ApiError && error.requestId) return 'give the request id to Topo support';
  return undefined;
}
