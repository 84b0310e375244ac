// Outreach's users as topo's `<user>` arguments: an id, an email or a name (GET /users, once per
// process), a profile alias naming an id, and whether they are locked (departed: they may still own
// work, but nothing can be given to them).
import type { OutreachApi } from './api.ts';
import { isOutreachId, personName, type OutreachUser } from './contract.ts';
import { UsageError } from '../../core/errors.ts';

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

export class OutreachPeople {
  private users: Promise<OutreachUser[]> | undefined;
  private byId = new Map<string, OutreachUser>();

  constructor(private readonly api: OutreachApi, private readonly aliases: Record<string, string> = {}) {}

  all(): Promise<OutreachUser[]> {
    this.users ??= this.api.users().then((users) => {
      for (const user of users) this.byId.set(String(user.id), user);
      return users;
    });
    return this.users;
  }

  /** A name for an id, once the users are loaded: "Ana García", else the id. */
  name(id: unknown): string {
    if (id === null || id === undefined || id === '') return 'nobody';
    const user = this.byId.get(String(id));
    return user ? `${personName(user) ?? `user ${String(id)}`}${user.locked ? ' (locked)' : ''}` : `user ${String(id)}`;
  }

  user(id: unknown): OutreachUser | undefined {
    return this.byId.get(String(id));
  }

  /**
   * `text` as one user: an integer id, an email (case-insensitive), a full, first or last name
   * (accents and case ignored), or a profile alias. Unknown or ambiguous is a usage error listing
   * who was meant; `target` refuses locked users (they cannot be given work).
   */
  async resolve(text: string, flag: string, options: { target?: boolean } = {}): Promise<OutreachUser> {
    const users = await this.all();
    const raw = text.trim();
    const aliased = this.aliases[raw] ?? this.aliases[raw.toLowerCase()];
    const wanted = aliased && isOutreachId(aliased) ? aliased : raw;
    let matches: OutreachUser[];
    if (isOutreachId(wanted)) matches = users.filter((user) => String(user.id) === wanted);
    else if (wanted.includes('@')) matches = users.filter((user) => typeof user.email === 'string' && user.email.toLowerCase() === wanted.toLowerCase());
    else {
      const key = fold(wanted);
      const full = users.filter((user) => fold(personName(user) ?? '') === key);
      matches = full.length ? full : users.filter((user) => [user.firstName, user.lastName].some((part) => typeof part === 'string' && fold(part) === key));
    }
    if (matches.length === 0) {
      throw new UsageError(`${flag}: no Outreach user is ${isOutreachId(wanted) ? 'id' : wanted.includes('@') ? 'email' : 'named'} '${raw}'`, '`topo users ls` lists the users with their ids and emails');
    }
    if (matches.length > 1) {
      throw new UsageError(`${flag}: '${raw}' names ${matches.length} Outreach users: ${matches.map((user) => `${personName(user)} <${user.email ?? user.id}> (id ${user.id})`).join(', ')}`, 'give the email or the id');
    }
    const user = matches[0]!;
    if (options.target && user.locked) {
      throw new UsageError(`${flag}: ${personName(user)} (id ${user.id}) is locked in Outreach (departed): nothing can be given to them; nothing was sent`, 'pick an active user: `topo users ls` marks locked ones');
    }
    return user;
  }
}
