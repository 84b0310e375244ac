// The journal of a redistribution: one JSON line per task, written ahead of each call (an intent)
// and again once the API confirms it, so an audit and `--undo` see every change, even one whose
// answer a crash (or SIGKILL) cut off.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PROVIDER, PROVIDER_SPECS, providerNamed } from '../../../../providers/registry.ts';
import { TopoError, UsageError } from '../../../../core/errors.ts';
import { tryLock } from '../../../../core/file-lock.ts';
import { describeFileError } from '../../../../cmdutil/files.ts';
import { shown } from '../../../../cmdutil/flags.ts';
import type { Runtime } from '../../../../cmdutil/runtime.ts';

export interface JournalRecord {
  task_id: string;
  /** The group the task moved with, under the provider's name for it (`sequence_id`, `prospect_id`). */
  sequence_id?: string | null;
  prospect_id?: string | null;
  from: string | null;
  to: string;
  scope: 'TASK' | 'SEQUENCE';
  at: string;
  /**
   * Written before the call is sent; the same record without it follows once the API confirms. A
   * run killed between the two leaves the intent: --undo then checks whether the move happened.
   */
  intent?: true;
  /** Written when the API refused the move outright (4xx, nothing changed): it cancels the intent before it. */
  refused?: true;
  /** The provider the change was made on; journals written before it was recorded are the first provider's. */
  provider?: string;
  /** The API and profile it was made with (see Workspace); absent in journals written before they were recorded. */
  base_url?: string;
  profile?: string;
  [field: string]: unknown;
}

/**
 * Which tasks a journal's ids are: a provider, its API (`sandbox` for --sandbox's embedded one) and
 * the profile, whose credential says which org. Two Outreach orgs share a base URL and number their
 * users and tasks alike, so ids alone would mix them: pins, `--journals` and `--undo` use only
 * records of the workspace the command runs on. Records written before the API and profile were
 * recorded match on their provider alone.
 */
export interface Workspace {
  provider: string;
  base_url: string;
  profile: string;
}

export function workspaceOf(rt: Runtime): Workspace {
  return { provider: rt.provider, base_url: rt.sandbox ? 'sandbox' : rt.baseUrl().value.replace(/\/+$/, ''), profile: rt.profileName };
}

export function sameWorkspace(record: Partial<Workspace>, workspace: Workspace): boolean {
  return (record.provider ?? DEFAULT_PROVIDER.name) === workspace.provider
    && (record.base_url === undefined || record.base_url === workspace.base_url)
    && (record.profile === undefined || record.profile === workspace.profile);
}

/** A workspace as a person reads it, with what selects it: "profile acme (Outreach, https://api.outreach.io/api/v2)". */
export function describeWorkspace(record: Partial<Workspace>): string {
  const provider = record.provider ?? DEFAULT_PROVIDER.name;
  const title = providerNamed(provider)?.title ?? provider;
  return `profile ${shown(record.profile ?? '(not recorded)')} (${title}${record.base_url ? `, ${shown(record.base_url, 200)}` : ''})`;
}

/** The flags that select a workspace, for a refusal's hint. */
export function workspaceFlags(record: Partial<Workspace>): string {
  const provider = record.provider ?? DEFAULT_PROVIDER.name;
  return [record.profile ? `--profile ${record.profile}` : '', record.base_url === 'sandbox' ? '--sandbox' : '', `--provider ${provider}`].filter(Boolean).join(' ');
}

/** A task or user id a journal may hold: any provider's. */
const isId = (value: unknown): boolean => typeof value === 'string' && PROVIDER_SPECS.some((spec) => spec.taskIds.valid(value) || spec.userIds(value));

/** A --journal given by the user: a file to append to, in a folder that exists; checked before anything is sent. */
export function checkJournalFlag(file: string): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    // a new file: its folder must exist (the config folder's journals are made; a user's path is not guessed at)
  }
  if (stat?.isDirectory()) throw new UsageError(`--journal: ${shown(file, 200)} is a folder; name a file in it`, `e.g. --journal ${shown(path.join(file, 'reassign.jsonl'), 200)}`);
  const folder = path.dirname(path.resolve(file));
  if (!stat && !fs.existsSync(folder)) throw new UsageError(`--journal: the folder ${shown(folder, 200)} does not exist; nothing was sent`, 'create it first, or leave out --journal (journals go to the config folder)');
}

export class Journal {
  /** A run cut short mid-line (power loss, a full disk) left a partial line: the next append starts afresh. */
  private fresh: boolean;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const fd = fs.openSync(file, 'a+', 0o600);
    try {
      const { size } = fs.fstatSync(fd);
      const last = Buffer.alloc(1);
      this.fresh = size === 0 || (fs.readSync(fd, last, 0, 1, size - 1) === 1 && last[0] === 10);
    } finally {
      fs.closeSync(fd);
    }
  }

  append(records: JournalRecord[]): void {
    if (!records.length) return;
    fs.appendFileSync(this.file, `${this.fresh ? '' : '\n'}${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
    this.fresh = true;
  }

  /**
   * One run at a time per journal: a lock file beside it names the process holding it. Another
   * topo on the same journal is refused (exit 1, nothing sent) while that process lives; a lock
   * whose process is gone is stale and taken over.
   */
  lock(): () => void {
    const taken = tryLock(`${this.file}.lock`);
    if ('release' in taken) return taken.release;
    throw new TopoError(`another topo (process ${taken.holder.pid}, since ${taken.holder.since}) is moving this rep's work with ${shown(this.file, 200)}; nothing was sent`,
      'wait for it to finish, then run this again (it continues from the journal)');
  }
}

/**
 * One journal per rep (a team, for a rebalance), day and workspace: a run interrupted and re-run
 * appends to the same file, so one --undo takes it all back; another org's rep 8 (or the
 * sandbox's) writes another file.
 */
export function defaultJournalPath(configDir: string, from: string, workspace: Workspace, filePrefix = '', now = new Date(), job = 'reassign'): string {
  const key = createHash('sha256').update(`${workspace.provider}\n${workspace.base_url}\n${workspace.profile}`).digest('hex').slice(0, 6);
  return path.join(journalDir(configDir), `${job}-${filePrefix}${from.slice(0, 8)}-${now.toISOString().slice(0, 10)}-${key}.jsonl`);
}

/** A team as a journal name's subject: the same members in any order are the same team. */
export function teamKey(users: string[]): string {
  return createHash('sha256').update([...users].sort().join('\n')).digest('hex').slice(0, 8);
}

/** A journal's records of this workspace, or none (another org's lines in a shared --journal are not this run's). */
export function readJournalQuietly(file: string, workspace: Workspace): JournalRecord[] {
  try {
    return fs.existsSync(file) ? readJournal(file, () => undefined).filter((record) => sameWorkspace(record, workspace)) : [];
  } catch {
    return [];
  }
}

export function journalDir(configDir: string): string {
  return path.join(configDir, 'journals');
}

export interface JournalSummary extends Partial<Workspace> {
  file: string;
  from: string | null;
  tasks: number;
  first_at: string | null;
  last_at: string | null;
}

/** Every journal in the config folder, newest change first (unreadable files are skipped). */
export function listJournals(configDir: string): JournalSummary[] {
  let names: string[];
  try {
    names = fs.readdirSync(journalDir(configDir)).filter((name) => name.endsWith('.jsonl'));
  } catch {
    return [];
  }
  const summaries: JournalSummary[] = [];
  for (const name of names) {
    const file = path.join(journalDir(configDir), name);
    try {
      const records = readJournal(file);
      const { provider = DEFAULT_PROVIDER.name, base_url, profile } = records[0] ?? {};
      summaries.push({ file, provider, base_url, profile, from: records[0]?.from ?? null, tasks: new Set(records.map((record) => record.task_id)).size, first_at: records[0]?.at ?? null, last_at: records.at(-1)?.at ?? null });
    } catch {
      // not a journal, or empty
    }
  }
  return summaries.sort((a, b) => String(b.last_at).localeCompare(String(a.last_at)));
}

/** Every record, in order; a malformed line is a usage error naming it (nothing is sent). */
export function readJournal(file: string, onDamaged?: (line: string) => void): JournalRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--undo: cannot read the journal ${shown(file, 200)}: ${describeFileError(error)}`);
  }
  const records: JournalRecord[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    try {
      const record = JSON.parse(line) as JournalRecord;
      if (!isId(record.task_id) || !isId(record.to) || (record.from !== null && !isId(record.from))) throw new Error('fields');
      records.push(record);
    } catch {
      problems.push(`line ${index + 1}`);
    }
  });
  if (problems.length && records.length === 0) throw new UsageError(`--undo: ${shown(file, 200)} is not a topo journal (bad ${problems.slice(0, 5).join(', ')}${problems.length > 5 ? ', ...' : ''})`);
  if (records.length === 0) throw new UsageError(`--undo: the journal ${shown(file, 200)} holds no changes`);
  // A damaged line (a run cut short mid-write) costs that line, not the journal: said once.
  if (problems.length) onDamaged?.(`${shown(file, 200)}: ${problems.length} damaged line${problems.length > 1 ? 's' : ''} skipped (${problems.slice(0, 5).join(', ')}${problems.length > 5 ? ', ...' : ''})`);
  return records;
}

/**
 * Each journaled task of `workspace` once: its last move, with `from` the owner before the first
 * one (a run and its re-runs merge). What `--undo` puts back. `elsewhere`: how many tasks each other
 * workspace's lines name (merged apart: another org's task 5 is not this one's).
 */
export function journaledMoves(files: string[], workspace: Workspace, onDamaged?: (line: string) => void): { moves: Map<string, JournalRecord>; elsewhere: Array<{ record: JournalRecord; tasks: number }> } {
  const records = files.flatMap((file) => readJournal(file, onDamaged)).sort((a, b) => a.at.localeCompare(b.at));
  const moves = new Map<string, JournalRecord>();
  const elsewhere = new Map<string, { record: JournalRecord; ids: Set<string> }>();
  for (const record of records) {
    if (!sameWorkspace(record, workspace)) {
      const key = describeWorkspace(record);
      const other = elsewhere.get(key) ?? { record, ids: new Set<string>() };
      other.ids.add(record.task_id);
      elsewhere.set(key, other);
      continue;
    }
    const earlier = moves.get(record.task_id);
    if (record.refused) {
      if (earlier?.intent && earlier.to === record.to) moves.delete(record.task_id);
      continue;
    }
    moves.set(record.task_id, earlier ? { ...record, from: earlier.from } : record);
  }
  return { moves, elsewhere: [...elsewhere.values()].map(({ record, ids }) => ({ record, tasks: ids.size })) };
}

/** Where each group went in the records (the last move wins): a re-run keeps a group begun with its target. */
export function pinsFrom(records: JournalRecord[], field: string): Map<string, string> {
  const pins = new Map<string, string>();
  const confirmed = new Set<string>();
  for (const record of records) {
    const group = record[field];
    if (typeof group !== 'string' || !group) continue;
    const key = JSON.stringify([group, record.to]);
    // A refused move begins nothing, unless a move of the group to that target went through.
    if (record.refused) {
      if (pins.get(group) === record.to && !confirmed.has(key)) pins.delete(group);
      continue;
    }
    if (!record.intent) confirmed.add(key);
    pins.set(group, record.to);
  }
  return pins;
}
