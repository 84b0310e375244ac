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
