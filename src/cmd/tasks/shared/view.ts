// How a command's data is shown to its reader: palette, aliases and the clock, from the runtime.
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { TaskView } from '../../../providers/topo/view.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';

export function aliasLookup(aliases: Record<string, string>): (uuid: string) => string | undefined {
  const byUuid = new Map(Object.entries(aliases).map(([name, uuid]) => [uuid.toLowerCase(), name]));
  return (uuid) => byUuid.get(uuid.toLowerCase());
}

/** A user as people read it: the alias, else the UUID; `unassigned` for none. Always sanitized. */
export function userNamer(aliases: Record<string, string>): (uuid: string | null | undefined) => string {
  const lookup = aliasLookup(aliases);
  return (uuid) => (uuid ? sanitizeInline(lookup(uuid) ?? uuid) : 'unassigned');
}

export function taskView(rt: Runtime): TaskView {
  return { palette: rt.out, aliasOf: aliasLookup(rt.aliases), now: Date.now() };
}
