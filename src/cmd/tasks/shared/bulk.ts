// The bulk runner: applies one operation to many items with bounded concurrency. Rate limiting is
// handled below it, by the HTTP core's shared throttle, so the whole run backs off together.
// Transient failures get further rounds; an auth failure stops everything; Ctrl-C stops taking new
// items and lets the ones in flight finish.
import { ApiError, AuthenticationError, ExitCode, NotSentError, PermissionError, reasonOf, RunStoppedError, TopoError } from '../../../core/errors.ts';
import { RateLimitWaitError } from '../../../http/throttle.ts';
import type { Progress } from '../../../render/progress.ts';

export type { ItemResult, Outcome } from '../../../core/model.ts';
import type { ItemResult } from '../../../core/model.ts';

export interface BulkOptions {
  concurrency: number;
  /** Ctrl-C: take no new items; items in flight finish. */
  signal: AbortSignal;
  /** A second Ctrl-C: stop waiting for items in flight too; they are reported as unknown. */
  quit?: AbortSignal;
  progress?: Progress;
  /** Further rounds for items that failed with a network-class error (exit 6). */
  retryRounds?: number;
}

/** A failure worth another round: the outcome is unknown or the service was briefly unavailable. */
function isTransient(result: ItemResult): boolean {
  return result.outcome === 'failed' && result.code === ExitCode.network;
}

/** A failed item; with --json it carries what the server said: HTTP status, error type, request id. */
export function failed(id: string, error: unknown): ItemResult {
  return {
    id,
    outcome: 'failed',
    status: null,
    error: reasonOf(error),
    ...(error instanceof ApiError ? { http_status: error.status, error_type: error.type ?? null, request_id: error.requestId ?? null } : {}),
    code: error instanceof TopoError ? error.exitCode : ExitCode.failure,
  };
}

/**
 * Runs `operation` over `items`; `operation(item, round)` returns the result (it may throw: that
 * becomes a failed result). Results keep the input order.
 */
export async function runBulk<T extends { id: string }>(
  items: T[],
  operation: (item: T, round: number) => Promise<ItemResult>,
  options: BulkOptions,
): Promise<ItemResult[]> {
  const results = new Map<string, ItemResult>();
  let stopForAuth = false;
  let stopForLimit = false;
  let stoppedBy: RunStoppedError | undefined;
  let done = 0;
  const rounds = 1 + (options.retryRounds ?? 3);
  let pending = items;
  const inFlight = new Set<string>();
  // Resolves when a second Ctrl-C says to stop waiting; never rejects, leaves no listener behind.
  let stopWaiting: () => void = () => undefined;
  const quitting = new Promise<void>((resolve) => {
    if (options.quit?.aborted) return resolve();
    stopWaiting = () => resolve();
    options.quit?.addEventListener('abort', stopWaiting, { once: true });
  });
  const quit = () => options.quit?.aborted === true;
  for (let round = 0; round < rounds && pending.length > 0 && !quit(); round++) {
    let next = 0;
    const runOne = async (item: T) => {
      inFlight.add(item.id);
      let result: ItemResult;
      try {
        result = await operation(item, round);
      } catch (error) {
        // Held when the user said stop: not sent, so not a failure (`·` in the report).
        result = error instanceof NotSentError ? { id: item.id, outcome: 'not-attempted', status: null, error: 'not sent: the run was stopped', code: ExitCode.interrupted }
          : error instanceof RateLimitWaitError ? { id: item.id, outcome: 'not-attempted', status: null, error: `not sent: ${error.message}`, code: ExitCode.network }
            : error instanceof RunStoppedError ? (error.outcome as ItemResult | undefined) ?? { id: item.id, outcome: 'not-attempted', status: null, error: `not sent: ${error.message}`, code: error.exitCode }
              : failed(item.id, error);
        if (error instanceof RunStoppedError) stoppedBy ??= error;
        // The rate limit holds for longer than topo waits: nothing else is sent either.
        if (error instanceof RateLimitWaitError) stopForLimit = true;
        if (error instanceof AuthenticationError || error instanceof PermissionError) stopForAuth = true;
      }
      inFlight.delete(item.id);
      results.set(item.id, result);
      if (!isTransient(result) || round === rounds - 1) options.progress?.tick(++done);
    };
    const worker = async () => {
      while (next < pending.length && !stopForAuth && !stopForLimit && !stoppedBy && !options.signal.aborted) await runOne(pending[next++]!);
    };
    // The first item goes alone: a key that may not write is refused once, not once per worker.
    if (round === 0 && pending.length > 1) await Promise.race([runOne(pending[next++]!), quitting]);
    await Promise.race([Promise.all(Array.from({ length: Math.min(options.concurrency, pending.length) }, worker)), quitting]);
    if (stopForAuth || stopForLimit || stoppedBy || options.signal.aborted) break;
    pending = pending.filter((item) => isTransient(results.get(item.id)!));
  }
  options.quit?.removeEventListener('abort', stopWaiting);
  options.progress?.finish();
  return items.map((item) => results.get(item.id) ?? (inFlight.has(item.id) ? {
    id: item.id,
    outcome: 'failed' as const,
    status: null,
    error: 'outcome unknown: the request was still in flight when you stopped waiting (check with `topo tasks show`)',
    code: ExitCode.interrupted,
  } : {
    id: item.id,
    outcome: 'not-attempted' as const,
    status: null,
    error: stopForAuth ? 'not attempted: an earlier request was refused for authentication' : stopForLimit ? 'not sent: the rate limit holds for longer than topo waits'
      : stoppedBy ? `not sent: ${stoppedBy.message}` : 'not attempted: interrupted',
    code: stopForAuth ? ExitCode.auth : stopForLimit ? ExitCode.network : stoppedBy ? stoppedBy.exitCode : ExitCode.interrupted,
  }));
}

/** 0 when nothing failed; the shared code when every failure has one reason class; else 1. */
export function bulkExitCode(results: ItemResult[], interrupted: boolean): number {
  if (interrupted) return ExitCode.interrupted;
  const failures = results.filter((result) => result.outcome === 'failed' || result.outcome === 'not-attempted');
  if (failures.length === 0) return ExitCode.ok;
  const codes = new Set(failures.map((result) => result.code ?? ExitCode.failure));
  if (failures.length === results.length && codes.size === 1) return [...codes][0]!;
  if (codes.has(ExitCode.auth)) return ExitCode.auth;
  return ExitCode.failure;
}

