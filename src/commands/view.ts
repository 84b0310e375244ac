// How a command's data is shown to its reader: palette, aliases and the clock, from the runtime.
import type { Runtime } from '../runtime.ts';
import type { TaskView } from '../render/tasks.ts';

export function aliasLookup(aliases: Record<string, string>): (uuid: string) => string | undefined {
  const byUuid = new Map(Object.entries(aliases).map(([name, uuid]) => [uuid.toLowerCase(), name]));
  return (uuid) => byUuid.get(uuid.toLowerCase());
}

export function taskView(rt: Runtime): TaskView {
  return { palette: rt.out, aliasOf: aliasLookup(rt.aliases), now: Date.now() };
}
