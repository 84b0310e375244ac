// topo users ls: who holds how much open work. The API has no users endpoint: users are the
// profile's aliases plus every assignee of an open task.
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { knownUsers } from '../../../providers/topo/queries.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import { renderTable } from '../../../render/table.ts';

export interface UsersLsOptions {
  json?: boolean;
}


export async function runUsersLs(rt: Runtime, options: UsersLsOptions): Promise<void> {
  const api = await rt.api();
  const { users, unassigned } = await knownUsers(api, rt.aliases);
  const rows = users.map((user) => ({ user_id: user.id, alias: user.alias, open_tasks: user.open_tasks }));
  if (options.json) return void (await write(rt.io.stdout, `${safeJson({ users: rows, unassigned_open_tasks: unassigned }, 2)}\n`));
  if (!rt.stdoutIsTty) {
    return void (await write(rt.io.stdout, rows.map((row) => `${sanitizeInline(row.user_id)}\t${sanitizeInline(row.alias ?? '')}\t${row.open_tasks}`).join('\n') + '\n'));
  }
  const p = rt.out;
  await write(rt.io.stdout, await renderTable({
    head: ['ALIAS', 'USER', 'OPEN TASKS'],
    rows: [...rows.map((row) => [row.alias ? sanitizeInline(row.alias) : p.dim('—'), sanitizeInline(row.user_id), String(row.open_tasks)]), [p.dim('unassigned'), '', String(unassigned)]],
    alignRight: [2],
  }, p.bold));
}
