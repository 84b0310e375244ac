// Users as people read them where no provider is connected (journals): the profile's alias, else the id.
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

/** How a person names a user in a command to copy: the alias where there is one (unsanitized: it is an argument). */
export function commandName(aliases: Record<string, string>, id: string): string {
  return aliasLookup(aliases)(id) ?? id;
}
