// topo users ls on Outreach: the real users (GET /users) with their email, whether they are locked,
// and how many incomplete tasks each owns (one size-1 listing per user, read from meta.count).
import { OPEN_STATE, personName } from '../../../providers/outreach/contract.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { mapLimit } from '../../../core/map-limit.ts';
import { PAGE_CONCURRENCY } from '../../../providers/topo/queries.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import { renderTable } from '../../../render/table.ts';
import type { UsersLsOptions } from './run.ts';

export async function runOutreachUsersLs(rt: Runtime, options: UsersLsOptions): Promise<void> {
  const api = await rt.outreach();
  const users = await api.users();
  const counts = await mapLimit(users, PAGE_CONCURRENCY, (user) => api.countTasks({ state: OPEN_STATE, owner: String(user.id) }));
  const rows = users.map((user, index) => ({ id: user.id, name: personName(user) ?? null, email: user.email ?? null, locked: Boolean(user.locked), incomplete_tasks: counts[index]! }));
  if (options.json) return void (await write(rt.io.stdout, `${safeJson({ users: rows }, 2)}\n`));
  if (!rt.stdoutIsTty) {
    return void (await write(rt.io.stdout, rows.map((row) => [row.id, row.name ?? '', row.email ?? '', row.locked, row.incomplete_tasks].map((value) => sanitizeInline(String(value))).join('\t')).join('\n') + '\n'));
  }
  const p = rt.out;
  await write(rt.io.stdout, await renderTable({
    head: ['ID', 'NAME', 'EMAIL', 'LOCKED', 'INCOMPLETE TASKS'],
    rows: rows.map((row) => [String(row.id), sanitizeInline(row.name ?? '—'), sanitizeInline(row.email ?? '—'), row.locked ? p.yellow('locked') : p.dim('no'), String(row.incomplete_tasks)]),
    alignRight: [4],
  }, p.bold));
}
