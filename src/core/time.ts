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
