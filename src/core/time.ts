// Waiting that an interrupt can cut short. One abort listener serves every wait of a client, so a
// bulk run with dozens of requests waiting at once never trips Node's listener-leak warning.

export class Sleeper {
  private readonly wakers = new Set<() => void>();

  constructor(private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', () => {
      for (const wake of [...this.wakers]) wake();
    }, { once: true });
  }

  /** Resolves after `ms`, at once on abort, or when `wake` (if given) is called by someone else. */
  sleep(ms: number, register?: (wake: () => void) => () => void): Promise<void> {
    return new Promise((resolve) => {
      if (this.signal?.aborted || ms <= 0) return resolve();
      let unregister: (() => void) | undefined;
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        unregister?.();
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
      unregister = register?.(done);
    });
  }
}

const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * A server's timestamp in ms (NaN when unreadable). One without an offset is UTC: an API built on
 * FastAPI writes a naive datetime that way, and Date.parse would read it in the machine's zone (an
 * export paging by creation time would ask for the wrong windows).
 */
export function instant(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  const last = value.charCodeAt(value.length - 1);
  // Z or z: the common case, parsed as it is.
  if (last === 90 || last === 122 || !ZONELESS.test(value)) return Date.parse(value);
  return Date.parse(`${value.replace(' ', 'T')}Z`);
}

/**
 * A timestamp as a point in time, for ordering: RFC 3339 with a fraction or any offset compares by
 * the instant, not the text ("…48.5Z" is after "…48Z"; "…16:00+02:00" equals "…14:00Z"). Missing
 * or unreadable values sort last.
 */
export function timeKey(value: unknown): number {
  const time = instant(value);
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}

/** Oldest first by `timeKey`; 0 when equal (the caller's next key decides). */
export function compareTimes(a: unknown, b: unknown): number {
  const x = timeKey(a);
  const y = timeKey(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Ids in code-point order, as a server ordering by id would; a missing id sorts first. */
export function compareIds(a: unknown, b: unknown): number {
  const x = String(a ?? '');
  const y = String(b ?? '');
  return x === y ? 0 : x < y ? -1 : 1;
}
