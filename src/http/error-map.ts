// Status + what the server said -> one typed error (openai-node's APIError.generate). Branch on the
// status first, then refine on the server's error type. Hints that name topo's flags or commands
// are added by the command layer, not here.
import {
  ApiError, AuthenticationError, ConflictError, NotFoundError, PermissionError, RateLimitError, ServerError,
  UnprocessableError, ValidationError, type ErrorInfo,
} from '../core/errors.ts';

/** Reads a provider's error body; the HTTP core knows no provider's format. */
export type ErrorReader = (status: number, text: string, statusText: string) => ErrorInfo & { validation?: boolean };

export function errorFor(status: number, info: ErrorInfo & { validation?: boolean }, method: string, path: string): ApiError {
  switch (status) {
    case 400:
      return new ValidationError(status, info, method, path);
    case 401:
      return new AuthenticationError(status, info, method, path);
    case 403:
      return new PermissionError(status, info, method, path);
    case 404:
      return new NotFoundError(status, info, method, path);
    case 409:
      return new ConflictError(status, info, method, path);
    case 422:
      // A list of field errors (FastAPI's dialect) is validation; anything else a business rule.
      return info.validation ? new ValidationError(status, info, method, path) : new UnprocessableError(status, info, method, path);
    case 429:
      return new RateLimitError(status, info, method, path);
    default:
      if (status >= 500) return new ServerError(status, info, method, path);
      return new ApiError(status, info, method, path);
  }
}

/** For a body nobody could read: the HTML page's title (a proxy's error page) or the status text. */
export function unreadableBody(text: string, status: number, statusText: string): ErrorInfo {
  const title = /<title>([^<]{1,200})<\/title>/i.exec(text)?.[1]?.trim();
  const html = /<html/i.test(text);
  return { message: `${title ?? (statusText || `HTTP ${status}`)} (the response was not JSON${html ? ': an HTML page, probably from a proxy' : ''})` };
}
