// topo users ls | alias set | alias rm: names for user UUIDs, and who holds how much open work.
import { ALIAS_RE, editProfile, updateConfig } from '../../config.ts';
import { forEachOpenBatch } from '../../offboard/inventory.ts';
import { UsageError } from '../../http/errors.ts';
import { write } from '../../render/output.ts';
import { safeJson } from '../../render/sanitize.ts';
import { renderTable } from '../../render/table.ts';
import type { Runtime } from '../../runtime.ts';
import type { TopoApi } from '../../api.ts';

/** Open (PENDING + IN_PROGRESS) task counts per assignee; null key for unassigned. */
export async function openLoadByAssignee(api: TopoApi): Promise<Map<string | null, number>> {
  const counts = new Map<string | null, number>();
  await forEachOpenBatch(api, {}, (batch) => {
    for (const task of batch) {
      const key = task.assignee_user_id ?? null;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  });
  return counts;
}

export async function runUsersLs(rt: Runtime, options: { json?: boolean }): Promise<void> {
  const api = await rt.api();
  const counts = await openLoadByAssignee(api);
  const aliases = rt.aliases;
  const aliasByUser = new Map(Object.entries(aliases).map(([name, uuid]) => [uuid, name]));
  const users = new Set<string>([...Object.values(aliases), ...[...counts.keys()].filter((key): key is string => key !== null)]);
  const rows = [...users].map((user) => ({ user_id: user, alias: aliasByUser.get(user) ?? null, open_tasks: counts.get(user) ?? 0 }))
    .sort((a, b) => b.open_tasks - a.open_tasks || (a.alias ?? '~').localeCompare(b.alias ?? '~'));
  const unassigned = counts.get(null) ?? 0;
  if (options.json) return void (await write(rt.io.stdout, `${safeJson({ users: rows, unassigned_open_tasks: unassigned }, 2)}\n`));
  if (!rt.stdoutIsTty) {
    return void (await write(rt.io.stdout, rows.map((row) => `${row.user_id}\t${row.alias ?? ''}\t${row.open_tasks}`).join('\n') + '\n'));
  }
  const p = rt.out;
  await write(rt.io.stdout, await renderTable({
    head: ['ALIAS', 'USER', 'OPEN TASKS'],
    rows: [...rows.map((row) => [row.alias ?? p.dim('—'), row.user_id, String(row.open_tasks)]), [p.dim('unassigned'), '', String(unassigned)]],
    alignRight: [2],
  }, p.bold));
}

export async function runAliasSet(rt: Runtime, name: string, uuid: string): Promise<void> {
  if (!ALIAS_RE.test(name)) throw new UsageError(`alias '${name}' must start with a letter and use letters, digits, '.', '_' or '-' (at most 40)`);
  await updateConfig(rt.configDir, (config) => { (editProfile(config, rt.profileName).aliases ??= {})[name.toLowerCase()] = uuid; });
  rt.io.stderr.write(`alias ${name.toLowerCase()} → ${uuid}\n`);
}

export async function runAliasRm(rt: Runtime, alias: string): Promise<void> {
  const name = alias.toLowerCase();
  if (!(name in rt.aliases)) throw new UsageError(`no alias '${name}' in profile '${rt.profileName}'`);
  await updateConfig(rt.configDir, (config) => { delete editProfile(config, rt.profileName).aliases?.[name]; });
  rt.io.stderr.write(`alias ${name} removed\n`);
}
