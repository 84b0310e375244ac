// topo tasks cover --list: this profile's covers, active and ended, with the tasks out and back
// (from the cover's journal: no request is sent).
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { csvRecords } from '../../../render/csv.ts';
import { write } from '../../../render/output.ts';
import { safeJson } from '../../../render/sanitize.ts';
import { renderTable } from '../../../render/table.ts';
import { workspaceOf } from '../shared/redistribution/journal.ts';
import { userNamer } from '../shared/view.ts';
import { coverRecords, coversOf, ledgerOf } from './covers.ts';

export async function printCovers(rt: Runtime, options: { json?: boolean; csv?: boolean }): Promise<number> {
  const name = userNamer(rt.aliases);
  const rows = coversOf(rt.configDir, workspaceOf(rt)).map((cover) => {
    const ledger = ledgerOf(coverRecords(cover));
    // A move out whose answer a stop cut off counts: it was sent, and the give-back reads where the task is.
    return { ...cover, tasks_out: ledger.out.size, tasks_back: ledger.back.size };
  });
  if (options.json) {
    await write(rt.io.stdout, `${safeJson(rows.map((row) => ({ ...row, from_name: name(row.from), to: row.to.map((share) => ({ ...share, name: name(share.user) })) })), 2)}\n`);
    return 0;
  }
  if (options.csv) {
    const records = rows.map((row) => ({ id: row.id, from: row.from, from_name: name(row.from), to: row.to.map((share) => `${share.user}${share.weight !== 1 ? `:${share.weight}` : ''}`).join(','),
      until: row.until, state: row.state, tasks_out: row.tasks_out, tasks_back: row.tasks_back, started_at: row.started_at, ended_at: row.ended_at, journal: row.journal }));
    await write(rt.io.stdout, csvRecords(records, ['id', 'from', 'from_name', 'to', 'until', 'state', 'tasks_out', 'tasks_back', 'started_at', 'ended_at', 'journal']));
    return 0;
  }
  if (!rt.stdoutIsTty) {
    await write(rt.io.stdout, rows.map((row) => [row.from, row.to.map((share) => share.user).join(','), row.until, row.state, row.tasks_out, row.tasks_back, row.started_at, row.ended_at ?? '', row.id].join('\t')).join('\n') + (rows.length ? '\n' : ''));
    return 0;
  }
  if (rows.length === 0) {
    rt.io.stderr.write('no covers on this profile: topo tasks cover --from <rep> --to <rep> --until <date> starts one\n');
    return 0;
  }
  await write(rt.io.stdout, await renderTable({
    head: ['FROM', 'TO', 'UNTIL', 'STATE', 'OUT', 'BACK', 'STARTED'],
    rows: rows.map((row) => [name(row.from), row.to.map((share) => `${name(share.user)}${share.weight !== 1 ? `:${share.weight}` : ''}`).join(', '), row.until.slice(0, 10), row.state, String(row.tasks_out), String(row.tasks_back), row.started_at.slice(0, 16).replace('T', ' ')]),
    alignRight: [4, 5],
    width: rt.io.stdout.columns,
  }, rt.out.bold));
  return 0;
}
