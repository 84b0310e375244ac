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
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'topo-export-'));
    return new PageSpool<T>(path.join(this.dir, `part-${this.next++}.ndjson`));
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
