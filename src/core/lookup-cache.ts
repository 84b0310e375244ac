// Answers remembered between runs so that the second table of the day costs no lookups: which
// contact a sequence run is about (never changes) and who a contact is (kept for a day). One file per
// profile and API in the config folder's cache, bounded, holding ids and names, never a secret.
// A cache, not configuration: a file that cannot be read or written just means asking the API.
import fs from 'node:fs';
import path from 'node:path';

/** Entries kept per kind; the oldest go first. */
const MAX_ENTRIES = 20_000;

interface Entry {
  value: unknown;
  /** When it was learnt (ms). */
  at: number;
}

type Kinds = Record<string, Record<string, Entry>>;

export interface LookupCache {
  /** The value if known and younger than `maxAgeMs` (undefined: no limit). */
  get<T>(kind: string, key: string, maxAgeMs?: number): T | undefined;
  set(kind: string, key: string, value: unknown): void;
  /** Writes what was learnt (at most once per change; best effort). */
  save(): void;
}

/**
 * One file per profile, API and credential: what one key may read is not shown through another key
 * (one without contacts:read). The credential is in the name as a short one-way hash, never itself.
 */
export function lookupCacheFile(configDir: string, profile: string, api: string, credential: string): string {
  // Loaded here, not with the module: node:crypto costs ~5 ms of every start-up (`--help` included).
  const { createHash } = process.getBuiltinModule('node:crypto');
  const key = createHash('sha256').update(`${profile}\n${api}\n${credential}`).digest('hex').slice(0, 16);
  return path.join(configDir, 'cache', `lookups-${key}.json`);
}

/**
 * Read on first use: a command that looks nothing up never touches the file. `fileOf` names it then
 * (it may depend on the credential, known once the client is connected); undefined: no cache.
 */
export function openLookupCache(fileOf: () => string | undefined, now: () => number = Date.now): LookupCache {
  let loaded: Kinds | undefined;
  let file: string | undefined;
  const load = (): Kinds => {
    if (loaded) return loaded;
    loaded = {};
    file = fileOf();
    if (file === undefined) return loaded;
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) loaded = parsed as Kinds;
    } catch {
      // none yet, or unreadable: start empty
    }
    return loaded;
  };
  let changed = false;
  return {
    get<T>(kind: string, key: string, maxAgeMs?: number): T | undefined {
      const entry = load()[kind]?.[key];
      if (!entry || typeof entry.at !== 'number') return undefined;
      if (maxAgeMs !== undefined && now() - entry.at > maxAgeMs) return undefined;
      return entry.value as T;
    },
    set(kind: string, key: string, value: unknown): void {
      (load()[kind] ??= {})[key] = { value, at: now() };
      changed = true;
    },
    save(): void {
      if (!changed || file === undefined) return;
      changed = false;
      const kinds = load();
      for (const [kind, entries] of Object.entries(kinds)) {
        const keys = Object.keys(entries);
        if (keys.length <= MAX_ENTRIES) continue;
        kinds[kind] = Object.fromEntries(Object.entries(entries).sort(([, a], [, b]) => b.at - a.at).slice(0, MAX_ENTRIES));
      }
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        // Written beside and renamed: a reader never sees half a file, whoever writes last wins.
        const temp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temp, JSON.stringify(kinds), { mode: 0o600 });
        fs.renameSync(temp, file);
      } catch {
        // no cache
      }
    },
  };
}

/** What a run without a cache (--no-cache) uses: remembers within the run only. */
export function noLookupCache(): LookupCache {
  return { get: () => undefined, set: () => undefined, save: () => undefined };
}
