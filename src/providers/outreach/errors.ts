// Outreach's error bodies: JSON:API's {errors: [{id, title, detail, source}]}; OAuth's
// {error, error_description} from the token endpoint; anything else by status. A 415 means topo
// sent the wrong content type: that is topo's bug, and the message says so.
import type { JsonApiError } from './contract.ts';
import type { ErrorInfo } from '../../core/errors.ts';
import { unreadableBody } from '../../http/error-map.ts';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** "Title: detail", without repeating a detail that already says the title. */
function describe(error: JsonApiError): string | undefined {
  const title = text(error.title);
  const detail = text(error.detail);
  if (title && detail) return detail.toLowerCase().startsWith(title.toLowerCase()) ? detail : `${title}: ${detail}`;
  return detail ?? title;
}

export function readOutreachError(status: number, body: string, statusText: string): ErrorInfo {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const record = (parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}) as Record<string, unknown>;
  const errors = Array.isArray(record.errors) ? (record.errors as JsonApiError[]).filter((error) => error && typeof error === 'object') : [];
  let info: ErrorInfo;
  if (errors.length) {
    const messages = [...new Set(errors.map(describe).filter((message): message is string => Boolean(message)))];
    info = { message: messages.join('; ') || statusText || `HTTP ${status}`, type: text(errors[0]!.id), data: errors.length > 1 || errors[0]!.source ? errors : undefined };
  } else if (text(record.error)) {
    info = { message: text(record.error_description) ?? text(record.error)!, type: text(record.error) };
  } else if (text(record.message) || typeof record.detail === 'string') {
    // Not Outreach's shape (a proxy or gateway answering); its words are still the best we have.
    info = { message: text(record.message) ?? text(record.detail)!, type: text(record.type) };
  } else {
    info = parsed === undefined ? unreadableBody(body, status, statusText) : { message: statusText || `HTTP ${status}` };
  }
  if (status === 415) info = { ...info, message: `${info.message} — topo sent a content type Outreach does not accept: a bug in topo, please report it` };
  return info;
}
