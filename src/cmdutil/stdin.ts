// Reading piped standard input, bounded so a runaway producer cannot exhaust memory.
import { UsageError } from '../core/errors.ts';

export const MAX_STDIN_BYTES = 64 * 1024 * 1024;

export async function readStdin(stdin: NodeJS.ReadableStream & { isTTY?: boolean }, what: string): Promise<string> {
  if (stdin.isTTY) throw new UsageError(`${what}: expected input on stdin, but stdin is a terminal`, 'pipe it in, e.g. `topo tasks ls --status PENDING --all --json | topo tasks skip - --yes`');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) throw new UsageError(`${what}: stdin is larger than ${MAX_STDIN_BYTES / 1024 / 1024} MiB`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
