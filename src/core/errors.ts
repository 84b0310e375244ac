// One error class per failure kind. Each knows its exit code, so the top level never guesses.
// Bottom layer: everything may import this; it imports nothing of topo's.

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  conflict: 5,
  network: 6,
  interrupted: 130,
  /** Stopped by SIGTERM (timeout, a CI runner, docker stop): 128 + 15. */
  terminated: 143,
} as const;

export class TopoError extends Error {
  readonly exitCode: number = ExitCode.failure;
  hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Bad flags, arguments or input. Raised before any request is sent. */
export class UsageError extends TopoError {
  override readonly exitCode = ExitCode.usage;
}

export class InterruptedError extends TopoError {
  override readonly exitCode = ExitCode.interrupted;
  constructor(message = 'interrupted') {
    super(message);
  }
}

/** A request held (by the rate limiter, or waiting to retry) when the user said stop: never sent. */
export class NotSentError extends InterruptedError {
  constructor() {
    super('not sent: the run was stopped');
  }
}

/**
 * Something the whole run depends on failed (its journal cannot be written): nothing more is sent.
 * `outcome` is the item's own result when its change went through before the failure.
 */
export class RunStoppedError extends TopoError {
  constructor(message: string, readonly outcome?: { id: string; outcome: string; [field: string]: unknown }) {
    super(message);
  }
}

/** No credentials to send, or a key without the scope a command needs: nothing was sent. */
export class CredentialsError extends TopoError {
  override readonly exitCode = ExitCode.auth;
}

/** What a server said about an error, read from its body by the provider's error reader. */
export interface ErrorInfo {
  /** The server's own words (not yet sanitized). */
  message: string;
  /** A stable error name (Topo's `type`, e.g. BusinessIssue), when the server gives one. */
  type?: string;
  requestId?: string;
  /** Structured detail (which field failed, which limit applied). */
  data?: unknown;
}

/** The server answered with an error status. `detail` is the server's own words. */
export class ApiError extends TopoError {
  readonly status: number;
  readonly detail: string;
  readonly type: string | undefined;
  readonly requestId: string | undefined;
  readonly data: unknown;
  readonly method: string;
  readonly path: string;
  /** An earlier attempt of this request may have been applied (reset, timeout, 502/504 before this answer). */
  uncertainEarlierAttempt = false;
  constructor(status: number, info: ErrorInfo, method: string, path: string, hint?: string) {
    super(`${info.message} (${describeStatus(status, info)})`, hint);
    this.status = status;
    this.detail = info.message;
    this.type = info.type;
    this.requestId = info.requestId;
    this.data = info.data;
    this.method = method;
    this.path = path;
  }
}

/** "HTTP 422 BusinessIssue, request req_…": what support needs to find the call. */
export function describeStatus(status: number, info: Pick<ErrorInfo, 'type' | 'requestId'>): string {
  return `HTTP ${status}${info.type ? ` ${info.type}` : ''}${info.requestId ? `, request ${info.requestId}` : ''}`;
}

export class AuthenticationError extends ApiError {
  override readonly exitCode = ExitCode.auth;
}
export class PermissionError extends ApiError {
  override readonly exitCode = ExitCode.auth;
}
export class NotFoundError extends ApiError {
  override readonly exitCode = ExitCode.notFound;
}
/** An illegal state transition (409, or 422 BusinessIssue about the task's state). */
export class ConflictError extends ApiError {
  override readonly exitCode = ExitCode.conflict;
}
/** 400: the server rejected what topo sent; topo should have caught it (a topo bug or a new server rule). */
export class ValidationError extends ApiError {
  override readonly exitCode = ExitCode.usage;
}
/** 422: a business rule refused the operation (e.g. a non-member assignee). */
export class UnprocessableError extends ApiError {}
export class RateLimitError extends ApiError {
  override readonly exitCode = ExitCode.network;
}
/** 5xx still failing after retries. */
export class ServerError extends ApiError {
  override readonly exitCode = ExitCode.network;
}

/** No usable HTTP answer: refused, reset, DNS, TLS, truncated or unparseable body. */
export class NetworkError extends TopoError {
  override readonly exitCode = ExitCode.network;
  readonly code?: string;
  constructor(message: string, code?: string, hint?: string) {
    super(message, hint);
    this.code = code;
  }
}
export class TimeoutError extends NetworkError {}

/**
 * The server answered, but not as the API says it does: a page without its list, resources without
 * ids, pages that never advance. An error (exit 6) naming the server's fault, never a partial or
 * empty result passed off as the answer.
 */
export class ServerFaultError extends NetworkError {
  constructor(message: string) {
    super(message, 'SERVER_FAULT', 'the server broke the API\'s contract; nothing topo read from this listing was printed as complete: try again, or report it to the API\'s owner');
  }
}

export function exitCodeOf(error: unknown): number {
  return error instanceof TopoError ? error.exitCode : ExitCode.failure;
}

/** A short reason used in per-task reports: the server's words, status, type and request id. */
export function reasonOf(error: unknown): string {
  if (error instanceof ApiError) return `${error.detail} (${describeStatus(error.status, error)})`;
  if (error instanceof Error) return error.message;
  return String(error);
}
