// Task ids from arguments or stdin ('-'): one id per line, a JSON array (of ids or task objects,
// as `topo tasks ls --json` prints), or NDJSON (as `--ndjson` prints). Every bad entry is reported
// at once, with its line number, before anything is sent.
import type { IdKind } from '../../../providers/types.ts';
import type { Task } from '../../../render/tasks.ts';
import { UsageError } from '../../../core/errors.ts';
import { shown } from '../../../cmdutil/flags.ts';
import { article } from '../../../core/words.ts';
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

/** A line among ids that looked like JSON and was not. */
class Unreadable {
  constructor(readonly text: string) {}
}

/** What stdin may hold, said when a line cannot be read. */
const ACCEPTED = "pipe `topo tasks ls --json` or `--ndjson`, a jq stream (`jq '.[]'`, with or without -c), ids one per line, or the piped text of `topo tasks ls` (the id is its last column)";

/**
 * Splits stdin into entries with line numbers, by its shape: a stream of JSON values (an array of
 * ids or tasks, NDJSON, a pretty-printed jq stream), or lines (one id each, or topo's piped TSV,
 * whose last column is the id).
 */
export function parseIdText(text: string): Entry[] {
  if (/^[[{"]/.test(text.trimStart())) return jsonValues(text);
  const entries: Entry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    if (line.startsWith('{') || line.startsWith('"')) {
      try {
        entries.push({ line: index + 1, value: JSON.parse(line) });
      } catch {
        entries.push({ line: index + 1, value: new Unreadable(line) });
      }
    } else entries.push({ line: index + 1, value: line.includes('\t') ? line.split('\t').at(-1)!.trim() : line });
  });
  return entries;
}

/** Every JSON value in `text`, one after another; an array's elements are entries of their own. */
function jsonValues(text: string): Entry[] {
  const entries: Entry[] = [];
  let i = 0;
  let line = 1;
  const advance = () => {
    if (text.charCodeAt(i++) === 10) line++;
  };
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) advance();
    if (i >= text.length) break;
    const start = i;
    const startLine = line;
    if (text[i] === '{' || text[i] === '[' || text[i] === '"') {
      // To the end of this value: brackets counted outside strings, escapes skipped.
      let depth = 0;
      let inString = false;
      do {
        const c = text[i];
        if (inString) {
          if (c === '\\') advance();
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') depth--;
        advance();
      } while (i < text.length && (depth > 0 || inString));
    } else while (i < text.length && text[i] !== '\n') advance();
    const slice = text.slice(start, i);
    let value: unknown;
    try {
      value = JSON.parse(slice);
    } catch (error) {
      throw new UsageError(`stdin line ${startLine}: not readable as JSON (${(error as Error).message}): ${shown(slice.split('\n')[0]!)}`, ACCEPTED);
    }
    if (Array.isArray(value)) {
      // `tasks ls --json` prints one element per line, starting on the line after the bracket.
      const onePerLine = /^\[\s*\n/.test(slice);
      value.forEach((element, index) => entries.push({ line: onePerLine ? startLine + 1 + index : startLine, value: element }));
    } else entries.push({ line: startLine, value });
  }
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
    // Nothing piped in (`[]`, an empty --ndjson stream) is nothing to do, as `xargs -r` has it.
    if (fromStdin.length === 0 && entries.length === 0) return { ids: [], known: new Map() };
    entries.push(...fromStdin.map((entry) => ({ ...entry, source: 'line' })));
  }
  const ids: string[] = [];
  const seen = new Set<string>();
  const known = new Map<string, Task>();
  const problems: string[] = [];
  for (const { line, value, source } of entries) {
    if (value instanceof Unreadable) {
      problems.push(`${source} ${line}: not readable as JSON: ${describe(value.text)}`);
      continue;
    }
    const task = value && typeof value === 'object' && !Array.isArray(value) ? (value as Task) : undefined;
    const raw = typeof value === 'string' ? value.trim() : task?.id as unknown;
    // JSON:API ids are integers on the wire: `tasks ls --json` on Outreach prints them as numbers.
    const id = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : raw;
    if (typeof id !== 'string' || !kind.valid(id)) {
      problems.push(`${source} ${line}: ${task && !('id' in task) ? `not a task (no "id"): ${describe(value)}` : `not ${article(kind.noun)} ${kind.noun}: ${describe(id ?? value)}`}`);
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
    throw new UsageError(`${problems.length} malformed task id${problems.length > 1 ? 's' : ''}; nothing was sent:\n  ${shown.join('\n  ')}`, ACCEPTED);
  }
  if (ids.length === 0) throw new UsageError('no task ids given', 'pass ids as arguments, or - to read them from stdin');
  return { ids, known };
}
