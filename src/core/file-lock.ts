// One process at a time on a file: a lock file beside it (created exclusively) names the process
// holding it. A lock whose process is gone (on this host) is stale and taken over; an unreadable
// one too. Journals refuse a second run at once; the config waits its turn.
import fs from 'node:fs';
import os from 'node:os';

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/** Takes `lockFile` for this process: `release` frees it; `holder` is the live process that has it. */
export function tryLock(lockFile: string): { release: () => void } | { holder: LockHolder } {
  const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, mine, { flag: 'wx', mode: 0o600 });
      return { release: () => fs.rmSync(lockFile, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(lockFile);
      if (holder && (holder.host !== os.hostname() || alive(holder.pid))) return { holder };
      // A just-created lock may not hold its JSON yet: unreadable is stale only once it is older than a second.
      if (!holder && Date.now() - modifiedAt(lockFile) < 1000) return { holder: { pid: 0, host: os.hostname(), since: 'now' } };
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lockFile}`);
}

function readLock(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function modifiedAt(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `body` holding `lockFile`, waiting (synchronously, up to `waitMs`) for another process to
 * free it: for short read-merge-write sections that must not interleave across processes.
 */
export function withLockSync<T>(lockFile: string, body: () => T, waitMs = 5_000): T {
  const deadline = Date.now() + waitMs;
  let taken = tryLock(lockFile);
  while (!('release' in taken)) {
    if (Date.now() > deadline) throw new Error(`process ${taken.holder.pid} has held ${lockFile} for ${waitMs / 1000} s`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5 + Math.random() * 10);
    taken = tryLock(lockFile);
  }
  try {
    return body();
  } finally {
    taken.release();
  }
}
