// Topo's error bodies: the documented envelope {status_code, type, message, data, request_id}, and
// FastAPI's {"detail": ...} still read, since proxies and older deployments answer with it.
import { errorEnvelope } from './contract.ts';
import type { ErrorInfo } from '../../core/errors.ts';
import { unreadableBody } from '../../http/error-map.ts';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** FastAPI's 422 list: each `loc: msg`, without the query/body/path prefix. */
function describeDetailList(detail: Array<{ loc?: unknown[]; msg?: string }>): string {
  return detail
    .map((item: { loc?: unknown[]; msg?: string }) => {
      const loc = Array.isArray(item?.loc) ? item.loc.filter((part) => !['query', 'body', 'path'].includes(String(part))) : [];
      return `${loc.length ? `${loc.join('.')}: ` : ''}${item?.msg ?? JSON.stringify(item)}`;
    })
    .join('; ');
}

export function readTopoError(status: number, body: string, statusText: string): ErrorInfo & { validation?: boolean } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return unreadableBody(body, status, statusText);
  }
  const record = (parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}) as Record<string, unknown>;
  const requestId = text(record[errorEnvelope.requestId]);
  const type = text(record[errorEnvelope.type]);
  const message = text(record[errorEnvelope.message]);
  if (message !== undefined || type !== undefined) {
    return { message: message ?? statusText ?? `HTTP ${status}`, type, requestId, data: record[errorEnvelope.data] ?? undefined };
  }
  const detail = record.detail;
  if (typeof detail === 'string') return { message: detail, requestId };
  if (Array.isArray(detail)) return { message: describeDetailList(detail as Array<{ loc?: unknown[]; msg?: string }>), requestId, validation: true, data: detail };
  return { message: statusText || `HTTP ${status}`, requestId };
}
