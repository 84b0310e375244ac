// One error class per failure kind. Each knows its exit code, so the top level never guesses.

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  conflict: 5,
  network: 6,
  interrupted: 130,
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

/** No credentials to send: nothing was sent. */
export class CredentialsError extends TopoError {
  override readonly exitCode = ExitCode.auth;
}

/** The server answered with an error status. `detail` is the server's own words. */
export class ApiError extends TopoError {
  readonly status: number;
  readonly detail: string;
  readonly method: string;
  readonly path: string;
  /** An earlier attempt of this request may have been applied (reset, timeout, 502/504 before this answer). */
  uncertainEarlierAttempt = false;
  constructor(status: number, detail: string, method: string, path: string, hint?: string) {
    super(`${detail} (HTTP ${status} on ${method} ${path})`, hint);
    this.status = status;
    this.detail = detail;
    this.method = method;
    this.path = path;
  }
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
export class ConflictError extends ApiError {
  override readonly exitCode = ExitCode.conflict;
}
/** 422: the server rejected a parameter the client did not catch. */
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

export function exitCodeOf(error: unknown): number {
  return error instanceof TopoError ? error.exitCode : ExitCode.failure;
}

/** A short reason used in per-task reports: the server's detail when there is one. */
export function reasonOf(error: unknown): string {
  if (error instanceof ApiError) return `${error.detail} (HTTP ${error.status})`;
  if (error instanceof Error) return error.message;
  return String(error);
}
