// The journal of a redistribution: one JSON line per task moved, appended as each change is
// confirmed by the API, so an audit and `--undo` see exactly what happened, even after a crash.
import fs from 'node:fs';
import path from 'node:path';
import { isUuid } from '../../../core/contract.ts';
import { UsageError } from '../../../core/errors.ts';
import { describeFileError } from '../../../cmdutil/files.ts';
import { shown } from '../../../cmdutil/flags.ts';

export interface JournalRecord {
  task_id: string;
  sequence_id: string | null;
  from: string | null;
  to: string;
  scope: 'TASK' | 'SEQUENCE';
  at: string;
}

export class Journal {
  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.closeSync(fs.openSync(file, 'a', 0o600));
  }

  append(records: JournalRecord[]): void {
    if (records.length) fs.appendFileSync(this.file, records.map((record) => JSON.stringify(record)).join('\n') + '\n');
  }
}

export function defaultJournalPath(configDir: string, from: string, now = new Date()): string {
  return path.join(configDir, 'journals', `reassign-${from.slice(0, 8)}-${now.toISOString().replace(/[:.]/g, '-')}.jsonl`);
}

/** Every record, in order; a malformed line is a usage error naming it (nothing is sent). */
export function readJournal(file: string): JournalRecord[] {
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
      if (!isUuid(record.task_id ?? '') || !isUuid(record.to ?? '') || (record.from !== null && !isUuid(record.from ?? ''))) throw new Error('fields');
      records.push(record);
    } catch {
      problems.push(`line ${index + 1}`);
    }
  });
  if (problems.length) throw new UsageError(`--undo: ${shown(file, 200)} is not a topo journal (bad ${problems.slice(0, 5).join(', ')}${problems.length > 5 ? ', ...' : ''})`);
  if (records.length === 0) throw new UsageError(`--undo: the journal ${shown(file, 200)} holds no changes`);
  return records;
}
