// Writing to a stream with back-pressure, so a large export never piles up in memory.
import type { OutputStream } from '../core/io.ts';

export function write(stream: OutputStream, text: string): Promise<void> | undefined {
  if (stream.write(text) || !stream.once) return undefined;
  return new Promise((resolve) => stream.once!('drain', resolve));
}

export type OutputFormat = 'table' | 'tsv' | 'json' | 'ndjson' | 'csv';

/** --json, --ndjson and --csv win; otherwise a table on a terminal and tab-separated values in a pipe. */
export function outputFormat(options: { json?: boolean; ndjson?: boolean; csv?: boolean }, tty: boolean): OutputFormat {
  if (options.ndjson) return 'ndjson';
  if (options.json) return 'json';
  if (options.csv) return 'csv';
  return tty ? 'table' : 'tsv';
}
