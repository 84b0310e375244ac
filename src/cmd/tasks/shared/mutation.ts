// What the verbs that change tasks share: their safety flags, consent, reading tasks for a
// preview, and the per-task report with its exit code.
import type { Command } from 'commander';
import { ExitCode, TopoError, UsageError } from '../../../core/errors.ts';
import { intParser } from '../../../cmdutil/flags.ts';
import { confirm, type PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { columnsOf, csvRecords } from '../../../render/csv.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import { bulkExitCode, type ItemResult } from './bulk.ts';

export const DEFAULT_CONCURRENCY = 8;
/** The first columns of a CSV report of changes: every one of them, whichever outcome (the rest follow as the results carry them). */
const RESULT_COLUMNS = ['id', 'outcome', 'status', 'error', 'note'];
/** Failures and not-attempted tasks listed on stderr; --json has them all. */
const SHOWN = 50;

export interface MutationOptions {
  yes?: boolean;
  dryRun?: boolean;
  concurrency: number;
  json?: boolean;
  csv?: boolean;
}

export function addSafetyOptions(command: Command): Command {
  return command
    .option('-y, --yes', 'act on more than one task without asking (required unless stdin and stdout are a terminal)')
    .option('-n, --dry-run', 'show what would be sent and what the state would become; send no change')
    .option('--concurrency <n>', 'requests at once, 1..64', intParser(1, 64), DEFAULT_CONCURRENCY);
}

/** A person said no: nothing was changed, and that is not a failure of topo's (exit 1, documented). */
export class DeclinedError extends TopoError {}

/**
 * Before a change is sent: more than one task needs a yes, from --yes or from a person at a prompt
 * (topo asks only when stdin, stdout and stderr are all a terminal: a pipeline never waits on a
 * prompt it did not ask for), and a key known to lack tasks:write is refused. Refusals that need no
 * request come first.
 */
export async function prepareChange(rt: Runtime, options: MutationOptions, count: number, summary: string): Promise<void> {
  const streams = terminalForConsent(rt, options, count, summary);
  try {
    await rt.requireWrite();
    if (streams && !(await confirm(streams, `${summary[0]!.toUpperCase()}${summary.slice(1)}?`))) throw new DeclinedError('not confirmed; nothing was changed');
  } finally {
    streams?.close();
  }
}

/** The terminal to ask on when a yes is needed; a usage error (nothing sent) when nobody can answer. */
export function terminalForConsent(rt: Runtime, options: MutationOptions, count: number, summary: string): PromptStreams | undefined {
  if (options.yes || options.dryRun || count <= 1) return undefined;
  const streams = rt.io.terminal();
  if (!streams) {
    const { stdin, stdout, stderr } = rt.io;
    const notTerminal = ([['stdin', stdin.isTTY], ['stdout', stdout.isTTY], ['stderr', stderr.isTTY]] as const).filter(([, tty]) => !tty).map(([name]) => name);
    throw new UsageError(`refusing to ${summary} without --yes: topo asks only on a terminal, and ${notTerminal.join(' and ') || 'the terminal'} ${notTerminal.length > 1 ? 'are' : 'is'} not one`, 'add --yes to confirm, or --dry-run to preview');
  }
  return streams;
}

/** Per-task results: a JSON array with --json, TSV when piped; on a terminal only failures; the summary on stderr. */
/**
 * `printed`: the caller wrote the per-task results to stdout itself (offboarding's one JSON report).
 * --quiet never reaches here: it silences stderr only, never the data on stdout.
 */
export async function reportResults(rt: Runtime, verb: string, results: ItemResult[], options: { json?: boolean; csv?: boolean; printed?: boolean }): Promise<number> {
  const clean = results.map(({ code: _code, ...rest }) => rest);
  if (options.printed) { /* the caller printed its own report */ } else if (options.json) await write(rt.io.stdout, `${safeJson(clean, 2)}\n`);
  else if (options.csv) await write(rt.io.stdout, csvRecords(clean, [...new Set([...RESULT_COLUMNS, ...columnsOf(clean)])]));
  else if (!rt.stdoutIsTty) {
    await write(rt.io.stdout, results.map((r) => [r.id, r.outcome, r.status ?? '', r.error ?? r.note ?? ''].join('\t')).join('\n') + (results.length ? '\n' : ''));
  }
  const count = (outcome: ItemResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  const p = rt.err;
  const parts = [
    `${count('changed')} changed`,
    `${count('unchanged')} unchanged`,
    `${count('failed')} failed`,
  ];
  if (count('skipped-by-dry-run')) parts.push(`${count('skipped-by-dry-run')} previewed (dry run, nothing sent)`);
  if (count('not-attempted')) parts.push(`${count('not-attempted')} not attempted`);
  const failed = results.filter((r) => r.outcome === 'failed');
  const notAttempted = results.filter((r) => r.outcome === 'not-attempted');
  const lines = [`${verb}: ${parts.join(', ')}`];
  const list = (items: ItemResult[], mark: string) => {
    for (const item of items.slice(0, SHOWN)) lines.push(`  ${mark} ${item.id}: ${sanitizeInline(String(item.error ?? item.note ?? ''))}`);
    if (items.length > SHOWN) lines.push(`  ... and ${items.length - SHOWN} more (${options.json ? 'all are in the JSON on stdout' : 'use --json for all'})`);
  };
  list(failed, p.red('✗'));
  list(notAttempted, p.yellow('·'));
  if (failed.some((f) => f.code === ExitCode.auth)) lines.push(p.dim('hint: nothing more was sent after the API refused the key; writing needs a key with the tasks:write scope'));
  if (rt.stdoutIsTty && !options.json && results.length === 1 && results[0]!.outcome !== 'failed' && results[0]!.outcome !== 'not-attempted') {
    const r = results[0]!;
    lines[0] = `${p.green('✓')} ${r.id}: ${r.outcome}${r.note ? ` (${sanitizeInline(String(r.note))})` : ''}${r.status ? `, now ${r.status}` : ''}`;
  }
  rt.io.stderr.write(lines.join('\n') + '\n');
  const code = bulkExitCode(results, rt.interrupt.signal.aborted);
  if (code === ExitCode.interrupted && notAttempted.length) {
    rt.io.stderr.write(p.yellow(`interrupted: the ${notAttempted.length} task${notAttempted.length === 1 ? '' : 's'} marked · above ${notAttempted.length === 1 ? 'was' : 'were'} not sent; re-run the same command to finish\n`));
  }
  return code;
}

/** No ids came down the pipe (`[]`, an empty stream): nothing to do, exit 0; --json still prints a (empty) report. */
export async function nothingToDo(rt: Runtime, verb: string, options: { json?: boolean; csv?: boolean }): Promise<number> {
  if (options.json) await write(rt.io.stdout, '[]\n');
  if (options.csv) await write(rt.io.stdout, csvRecords([], RESULT_COLUMNS));
  rt.io.stderr.write(`${verb}: nothing to do: stdin held no task ids\n`);
  return 0;
}
