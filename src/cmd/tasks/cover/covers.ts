// The covers of absences, one file per rep and workspace in the config folder's `covers/` (the
// cover's history, newest last) beside one journal per rep and workspace (every move out and back,
// each line naming its cover). A rep has at most one open cover (active, or ending: a give-back
// that was interrupted) per workspace.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TopoError } from '../../../core/errors.ts';
import { tryLock } from '../../../core/file-lock.ts';
import { shown } from '../../../cmdutil/flags.ts';
import type { MutationOptions } from '../shared/mutation.ts';
import { readJournal, sameWorkspace, type JournalRecord, type Workspace } from '../shared/redistribution/journal.ts';

/** The flags of `tasks cover`, once its mode is known. */
export interface CoverOptions extends MutationOptions {
  mode?: 'start' | 'sweep' | 'end' | 'due' | 'list';
  from?: string;
  to?: string[];
  until?: string;
  cap?: string[];
  types?: string[];
  priorities?: string[];
  /** Outreach's kinds of task: the filter its `types` are. */
  action?: string[];
  sweep?: boolean;
  end?: string;
  due?: boolean;
  list?: boolean;
}

export interface Cover extends Workspace {
  version: 1;
  id: string;
  /** The absent rep. */
  from: string;
  to: Array<{ user: string; weight: number }>;
  caps: Record<string, number>;
  /** When the rep is back (RFC 3339): `--due` gives back from then on. */
  until: string;
  filters: { types?: string[]; priorities?: string[] };
  started_at: string;
  /** active: tasks are covered; ending: a give-back began and did not finish; ended: given back. */
  state: 'active' | 'ending' | 'ended';
  ended_at: string | null;
  journal: string;
}

function coversDir(configDir: string): string {
  return path.join(configDir, 'covers');
}

function repFile(configDir: string, from: string, workspace: Workspace): string {
  const key = createHash('sha256').update(`${workspace.provider}\n${workspace.base_url}\n${workspace.profile}\n${from}`).digest('hex').slice(0, 12);
  return path.join(coversDir(configDir), `cover-${key}.json`);
}

export function coverJournalPath(configDir: string, from: string, workspace: Workspace): string {
  return repFile(configDir, from, workspace).replace(/\.json$/, '.jsonl');
}

/** Every cover in the config folder (unreadable files skipped), oldest first. */
function allCovers(configDir: string): Cover[] {
  let names: string[];
  try {
    names = fs.readdirSync(coversDir(configDir)).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    try {
      const covers = (JSON.parse(fs.readFileSync(path.join(coversDir(configDir), name), 'utf8')) as { covers?: Cover[] }).covers;
      return Array.isArray(covers) ? covers.filter((cover) => cover && typeof cover.id === 'string' && typeof cover.from === 'string') : [];
    } catch {
      return [];
    }
  }).sort((a, b) => a.started_at.localeCompare(b.started_at));
}

export function coversOf(configDir: string, workspace: Workspace): Cover[] {
  return allCovers(configDir).filter((cover) => sameWorkspace(cover, workspace));
}

export function openCover(configDir: string, from: string, workspace: Workspace): Cover | undefined {
  return coversOf(configDir, workspace).find((cover) => cover.from === from && cover.state !== 'ended');
}

/** Saves a cover (new or changed) in its rep's file: written whole to a temporary file, then renamed. */
export function saveCover(configDir: string, cover: Cover): void {
  const file = repFile(configDir, cover.from, cover);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let covers: Cover[] = [];
  try {
    covers = (JSON.parse(fs.readFileSync(file, 'utf8')) as { covers: Cover[] }).covers ?? [];
  } catch {
    // a first cover of this rep
  }
  const index = covers.findIndex((known) => known.id === cover.id);
  if (index >= 0) covers[index] = cover;
  else covers.push(cover);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify({ covers }, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** One topo at a time on a rep's covers: two starting or ending one at once would move tasks twice. */
export function lockRep(configDir: string, from: string, workspace: Workspace, name: string): () => void {
  const file = repFile(configDir, from, workspace);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const taken = tryLock(`${file}.lock`);
  if ('release' in taken) return taken.release;
  throw new TopoError(`another topo (process ${taken.holder.pid}, since ${taken.holder.since}) is working on ${shown(name)}'s cover; nothing was sent`, 'wait for it to finish, then run this again');
}

/** This cover's lines of its rep's journal. */
export function coverRecords(cover: Cover): JournalRecord[] {
  if (!fs.existsSync(cover.journal)) return [];
  try {
    return readJournal(cover.journal, () => undefined).filter((record) => record.cover === cover.id);
  } catch {
    return [];
  }
}

interface CoverLedger {
  /** Each task the cover moved out (its last move out): to whom. Intents count: --end reads where the task is. */
  out: Map<string, JournalRecord>;
  /** Tasks given back (a confirmed move back after the last move out). */
  back: Set<string>;
  /** Tasks a give-back was sent for without its answer (a run cut off): back if they are with the rep now. */
  backSent: Set<string>;
}

export function ledgerOf(records: JournalRecord[]): CoverLedger {
  const out = new Map<string, JournalRecord>();
  const back = new Set<string>();
  const backSent = new Set<string>();
  for (const record of records) {
    if (record.phase === 'back') {
      if (record.refused) backSent.delete(record.task_id);
      else if (record.intent) backSent.add(record.task_id);
      else back.add(record.task_id);
      continue;
    }
    if (record.refused) {
      if (out.get(record.task_id)?.intent) out.delete(record.task_id);
      continue;
    }
    // The last move out wins (its confirmation replaces its intent); one confirmed after a give-back covers the task again.
    out.set(record.task_id, record);
    if (!record.intent) {
      back.delete(record.task_id);
      backSent.delete(record.task_id);
    }
  }
  return { out, back, backSent };
}
