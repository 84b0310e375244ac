// Task ids from arguments or stdin ('-'): one id per line, a JSON array (of ids or task objects,
// as `topo tasks ls --json` prints), or NDJSON (as `--ndjson` prints). Every bad entry is reported
// at once, with its line number, before anything is sent.
import type { IdKind } from '../../../providers/types.ts';
import type { Task } from '../../../render/tasks.ts';
import { UsageError } from '../../../core/errors.ts';
import { shown } from '../../../cmdutil/flags.ts';
import { readStdin } from '../../../cmdutil/stdin.ts';

export interface IdInput {
  ids: string[];
  /** Task objects that came with the ids (JSON input): their current state, without a GET. */
  known: Map<string, Task>;
}

interface Entry {
  line: number;
  value: unknown;
}

const MAX_REPORTED = 20;

function lineOfIndex(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Splits stdin into entries with line numbers, by its shape. */
export function parseIdText(text: string): Entry[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const position = /position (\d+)/.exec((error as Error).message)?.[1];
      throw new UsageError(`stdin: not valid JSON${position ? ` (line ${lineOfIndex(text, Number(position))})` : ''}: ${(error as Error).message}`);
    }
    // Element line numbers: `tasks ls --json` prints one element per line, starting on line 2.
    const oneArrayPerLine = /^\[\s*\n/.test(trimmed);
    return (parsed as unknown[]).map((value, index) => ({ line: oneArrayPerLine ? index + 2 : 1, value }));
  }
  const entries: Entry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    if (line.startsWith('{') || line.startsWith('"')) {
      try {
        entries.push({ line: index + 1, value: JSON.parse(line) });
      } catch {
        entries.push({ line: index + 1, value: { invalidJson: line } });
      }
    } else entries.push({ line: index + 1, value: line });
  });
  return entries;
}

/** A bad entry as shown in the error: sanitized (stdin may hold escape sequences or binary) and cut. */
function describe(value: unknown): string {
  return shown(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
}

/** `kind`: what a task id looks like on the profile's provider (its spec's taskIds). */
export async function collectIds(args: string[], stdin: NodeJS.ReadableStream & { isTTY?: boolean }, kind: IdKind): Promise<IdInput> {
  const dashes = args.filter((arg) => arg === '-').length;
  if (dashes > 1) throw new UsageError("'-' (read ids from stdin) may be given only once");
  const entries: Array<Entry & { source: string }> = args
    .filter((arg) => arg !== '-')
    .map((arg, index) => ({ line: index + 1, value: arg, source: 'argument' }));
  if (dashes) {
    const text = await readStdin(stdin, "'-'");
    const fromStdin = parseIdText(text);
    if (fromStdin.length === 0) throw new UsageError('stdin held no task ids', 'pipe ids one per line, or the output of `topo tasks ls --json`');
    entries.push(...fromStdin.map((entry) => ({ ...entry, source: 'line' })));
  }
  const ids: string[] = [];
  const seen = new Set<string>();
  const known = new Map<string, Task>();
  const problems: string[] = [];
  for (const { line, value, source } of entries) {
    const task = value && typeof value === 'object' && !Array.isArray(value) ? (value as Task) : undefined;
    const raw = typeof value === 'string' ? value.trim() : task?.id as unknown;
    // JSON:API ids are integers on the wire: `tasks ls --json` on Outreach prints them as numbers.
    const id = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : raw;
    if (typeof id !== 'string' || !kind.valid(id)) {
      problems.push(`${source} ${line}: ${task && !('id' in task) ? `not a task (no "id"): ${describe(value)}` : `not a ${kind.noun}: ${describe(id ?? value)}`}`);
      continue;
    }
    const normalized = id.toLowerCase();
    if (seen.has(normalized)) continue;
    seen.add(normalized);
    ids.push(normalized);
    if (task) known.set(normalized, task);
  }
  if (problems.length) {
    const shown = problems.slice(0, MAX_REPORTED);
    if (problems.length > shown.length) shown.push(`... and ${problems.length - shown.length} more`);
    throw new UsageError(`${problems.length} malformed task id${problems.length > 1 ? 's' : ''}; nothing was sent:\n  ${shown.join('\n  ')}`);
  }
  if (ids.length === 0) throw new UsageError('no task ids given', 'pass ids as arguments, or - to read them from stdin');
  return { ids, known };
}
