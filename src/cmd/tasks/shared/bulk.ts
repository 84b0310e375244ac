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
  /**
   * Items that share a key (a target rep) go one first: a key whose first item is refused in a way
   * that would refuse them all (a target who is not a member) is not sent the rest.
   */
  canary?: { key(item: { id: string }): string; refuses(result: ItemResult): boolean; note(key: string, result: ItemResult): string };
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
  const stopped = () => stopForAuth || stopForLimit || Boolean(stoppedBy) || options.signal.aborted;
  for (let round = 0; round < rounds && pending.length > 0 && !quit(); round++) {
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
    const runAll = async (list: T[]) => {
      let next = 0;
      const worker = async () => {
        while (next < list.length && !stopped()) await runOne(list[next++]!);
      };
      await Promise.race([Promise.all(Array.from({ length: Math.min(options.concurrency, list.length) }, worker)), quitting]);
    };
    let queue = pending;
    // The first item goes alone: a key that may not write is refused once, not once per worker.
    if (round === 0 && queue.length > 1) {
      await Promise.race([runOne(queue[0]!), quitting]);
      queue = queue.slice(1);
    }
    if (round === 0 && options.canary && !stopped()) queue = await canaries(pending.slice(0, pending.length - queue.length), queue, options.canary, runAll, results, () => options.progress?.tick(++done));
    await runAll(queue);
    if (stopped()) break;
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

/** Runs each key's first item (the run's first item is one already), then leaves out the rest of each key refused. */
async function canaries<T extends { id: string }>(ran: T[], queue: T[], canary: NonNullable<BulkOptions['canary']>, runAll: (list: T[]) => Promise<void>,
  results: Map<string, ItemResult>, tick: () => void): Promise<T[]> {
  const first = new Map<string, T>(ran.map((item) => [canary.key(item), item]));
  const firsts = queue.filter((item) => !first.has(canary.key(item)) && first.set(canary.key(item), item));
  await runAll(firsts);
  const refused = new Map<string, ItemResult>();
  for (const [key, item] of first) {
    const result = results.get(item.id);
    if (result && canary.refuses(result)) refused.set(key, result);
  }
  const rest = queue.filter((item) => !firsts.includes(item));
  for (const item of rest) {
    const by = refused.get(canary.key(item));
    if (!by) continue;
    results.set(item.id, { id: item.id, outcome: 'not-attempted', status: null, error: canary.note(canary.key(item), by), code: by.code ?? ExitCode.failure });
    tick();
  }
  return rest.filter((item) => !refused.has(canary.key(item)));
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

