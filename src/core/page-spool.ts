// Pages read ahead of the ones being printed, kept on disk instead of in memory: an export walked
// at once in many places stays flat in memory however large it is. One private folder per export
// (0700), one file per part, each page one JSON line; removed when read, and when the export ends
// however it ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export class SpoolFolder {
  private dir: string | undefined;
  private next = 0;

  /** A new spool in this folder (the folder is made on first use). */
  spool<T>(): PageSpool<T> {
    return new PageSpool<T>(this.path(`part-${this.next++}.ndjson`));
  }

  /** A file's path in this folder (made, 0700, on first use). */
  path(name: string): string {
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'topo-export-'));
    return path.join(this.dir, name);
  }

  remove(): void {
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

export class PageSpool<T> {
  private readonly fd: number;
  private closed = false;

  constructor(private readonly file: string) {
    this.fd = fs.openSync(file, 'wx', 0o600);
  }

  /** Written at once (synchronously): a page appended is on disk before anything reads the spool. */
  append(page: T[]): void {
    fs.writeSync(this.fd, `${JSON.stringify(page)}\n`);
  }

  /** The pages in the order they were appended; nothing may be appended once this starts. */
  async *drain(): AsyncGenerator<T[]> {
    this.close();
    const lines = readline.createInterface({ input: fs.createReadStream(this.file, { encoding: 'utf8' }), crlfDelay: Infinity });
    try {
      for await (const line of lines) if (line) yield JSON.parse(line) as T[];
    } finally {
      lines.close();
      fs.rmSync(this.file, { force: true });
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

/**
 * Lines kept on disk past the first `inMemory` (a `--json` array is printed only once complete, and
 * 250,000 tasks held as strings would cost hundreds of MB). Each line must hold no newline.
 */
export class LineSpool {
  private readonly held: string[] = [];
  private folder: SpoolFolder | undefined;
  private file: string | undefined;
  private fd: number | undefined;
  count = 0;

  constructor(private readonly inMemory = 2_000) {}

  append(lines: string[]): void {
    this.count += lines.length;
    if (this.fd === undefined && this.held.length + lines.length <= this.inMemory) {
      this.held.push(...lines);
      return;
    }
    if (this.fd === undefined) {
      this.folder = new SpoolFolder();
      this.file = this.folder.path('lines.jsonl');
      this.fd = fs.openSync(this.file, 'wx', 0o600);
      lines = [...this.held.splice(0), ...lines];
    }
    fs.writeSync(this.fd, `${lines.join('\n')}\n`);
  }

  /** Every line, in order (read once). */
  async *lines(): AsyncGenerator<string> {
    if (this.fd === undefined) {
      yield* this.held;
      return;
    }
    fs.closeSync(this.fd);
    this.fd = undefined;
    const input = readline.createInterface({ input: fs.createReadStream(this.file!, { encoding: 'utf8' }), crlfDelay: Infinity });
    try {
      for await (const line of input) if (line) yield line;
    } finally {
      input.close();
    }
  }

  /** Removes what is on disk (also when the listing failed and nothing is printed). */
  remove(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.folder?.remove();
  }
}

/**
 * Values by key, the last one put for each, on disk past the first `inMemory` keys: a bulk import
 * of 10,000 tasks in one second is read whole before it is printed (keyset.ts), and held in memory
 * it made a 250,000-task export's peak grow with it.
 */
export class KeyedSpool<T> {
  private readonly held = new Map<string, T>();
  /** Where each key's latest value is in the file: [offset, bytes]. */
  private readonly at = new Map<string, [number, number]>();
  private folder: SpoolFolder | undefined;
  private fd: number | undefined;
  private end = 0;

  constructor(private readonly inMemory = 2_000) {}

  put(key: string, value: T): void {
    if (this.fd === undefined && (this.held.size < this.inMemory || this.held.has(key))) {
      this.held.set(key, value);
      return;
    }
    if (this.fd === undefined) {
      this.folder = new SpoolFolder();
      this.fd = fs.openSync(this.folder.path('values.json'), 'wx+', 0o600);
      for (const [heldKey, heldValue] of this.held) this.write(heldKey, heldValue);
      this.held.clear();
    }
    this.write(key, value);
  }

  private write(key: string, value: T): void {
    const bytes = Buffer.from(JSON.stringify(value), 'utf8');
    fs.writeSync(this.fd!, bytes, 0, bytes.length, this.end);
    this.at.set(key, [this.end, bytes.length]);
    this.end += bytes.length;
  }

  get size(): number {
    return this.fd === undefined ? this.held.size : this.at.size;
  }

  keys(): string[] {
    return this.fd === undefined ? [...this.held.keys()] : [...this.at.keys()];
  }

  get(key: string): T | undefined {
    if (this.fd === undefined) return this.held.get(key);
    const place = this.at.get(key);
    if (!place) return undefined;
    const bytes = Buffer.alloc(place[1]);
    fs.readSync(this.fd, bytes, 0, place[1], place[0]);
    return JSON.parse(bytes.toString('utf8')) as T;
  }

  /** Removes what is on disk; also when the read failed or was stopped. */
  remove(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.folder?.remove();
  }
}
