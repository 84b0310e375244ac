// topo users ls: who holds how much open work, on any provider (Topo: aliases plus every assignee
// of an open task, since the API has no users endpoint; Outreach: every user, locked or not).
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { csvRecords } from '../../../render/csv.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import { renderTable } from '../../../render/table.ts';

export interface UsersLsOptions {
  json?: boolean;
  csv?: boolean;
}

export async function runUsersLs(rt: Runtime, options: UsersLsOptions): Promise<void> {
  const report = await (await rt.tasks()).peopleReport(rt.out);
  if (options.json) return void (await write(rt.io.stdout, `${safeJson(report.json, 2)}\n`));
  if (options.csv) return void (await write(rt.io.stdout, csvRecords(report.records)));
  if (!rt.stdoutIsTty) return void (await write(rt.io.stdout, report.tsv.map((row) => row.map((cell) => sanitizeInline(cell)).join('\t')).join('\n') + '\n'));
  await write(rt.io.stdout, await renderTable({ head: report.head, rows: report.rows, alignRight: report.alignRight }, rt.out.bold));
}
