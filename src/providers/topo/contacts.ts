// Who a task is about: its sequence run names a contact. Each distinct run and contact is fetched
// once per process, concurrently and bounded, so a 100-row table costs at most one call per
// distinct run and one per distinct contact. A key without sequences:read or contacts:read, a run
// without a contact, or a 404 never fails the command: the contact is simply unknown.
import type { TopoApi } from './api.ts';
import { SCOPE_CONTACTS_READ, SCOPE_SEQUENCES_READ, type Contact, type Task } from './contract.ts';
import { ApiError, NotFoundError, PermissionError, reasonOf, TopoError } from '../../core/errors.ts';
import { limiter, mapLimit } from '../../core/map-limit.ts';
import type { ContactSummary } from '../../core/model.ts';
import { PAGE_CONCURRENCY } from './queries.ts';
import { noLookupCache, type LookupCache } from '../../core/lookup-cache.ts';

export type { ContactSummary } from '../../core/model.ts';

/** Cache kinds: a run's contact (never changes), a contact's name, title and company (kept a day). */
const RUN_CONTACT = 'topo-run-contact';
const CONTACT = 'topo-contact';
const CONTACT_MAX_AGE_MS = 24 * 3_600_000;

export function summarize(contact: Contact): ContactSummary {
  const name = [contact.first_name, contact.last_name].filter((part) => typeof part === 'string' && part.trim()).join(' ');
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : null);
  return { id: contact.id, name: name || null, title: text(contact.job_title), company: text(contact.company_name), email: text(contact.email) };
}

export class ContactDirectory {
  private readonly runs = new Map<string, Promise<string | null>>();
  private readonly contacts = new Map<string, Promise<ContactSummary | null>>();
  /** The scope whose absence hid contacts, once known. */
  missingScope: string | undefined;

  private warned = false;

  /** `onUnavailable` hears once why contacts cannot be shown (a missing scope, or the API failing). */
  constructor(private readonly api: TopoApi, private readonly onUnavailable: (reason: string) => void = () => undefined, private readonly lookups: LookupCache = noLookupCache()) {}

  /** The contacts of these tasks (by task id; null when unknown), fetched at most `PAGE_CONCURRENCY` at a time. */
  async forTasks(tasks: Task[]): Promise<Map<string, ContactSummary | null>> {
    const runs = [...new Set(tasks.map((task) => task.sequence_id).filter((id): id is string => typeof id === 'string'))];
    // Pipelined: each run's contact is asked for as soon as the run answers, in a pool of its own,
    // so a page costs about one round of run calls plus one of contact calls, not two full phases.
    const contactPool = limiter(PAGE_CONCURRENCY);
    const asked = new Map<string, Promise<unknown>>();
    await mapLimit(runs, PAGE_CONCURRENCY, async (run) => {
      const id = await this.contactIdOf(run);
      if (id !== null && !asked.has(id)) asked.set(id, contactPool(() => this.contact(id)));
    });
    await Promise.all(asked.values());
    const byRun = new Map(await Promise.all(runs.map(async (run) => {
      const id = await this.contactIdOf(run);
      return [run, id === null ? null : await this.contact(id)] as const;
    })));
    this.lookups.save();
    return new Map(tasks.map((task) => [task.id, byRun.get(task.sequence_id ?? '') ?? null]));
  }

  async forTask(task: Task): Promise<ContactSummary | null> {
    return (await this.forTasks([task])).get(task.id) ?? null;
  }

  private contactIdOf(run: string): Promise<string | null> {
    let promise = this.runs.get(run);
    const known = promise ? undefined : this.lookups.get<string | null>(RUN_CONTACT, run);
    if (known !== undefined && (known === null || typeof known === 'string')) promise = Promise.resolve(known);
    if (!promise) {
      promise = this.guard(SCOPE_SEQUENCES_READ, async () => {
        const sequence = await this.api.getSequence(run);
        const id = typeof sequence?.contact_id === 'string' ? sequence.contact_id : null;
        // A run is about one contact (or none) for good: remembered without an end.
        this.lookups.set(RUN_CONTACT, run, id);
        return id;
      });
      this.runs.set(run, promise);
    }
    return promise;
  }

  private contact(id: string): Promise<ContactSummary | null> {
    let promise = this.contacts.get(id);
    const known = promise ? undefined : this.lookups.get<ContactSummary>(CONTACT, id, CONTACT_MAX_AGE_MS);
    if (known && typeof known === 'object') promise = Promise.resolve(known);
    if (!promise) {
      promise = this.guard(SCOPE_CONTACTS_READ, async () => {
        const contact = summarize(await this.api.getContact(id));
        this.lookups.set(CONTACT, id, contact);
        return contact;
      });
      this.contacts.set(id, promise);
    }
    return promise;
  }

  /**
   * A missing scope stops further calls of that kind; a 404 is an unknown contact; any other API or
   * network failure leaves that contact unknown. Each reason is said once.
   */
  private async guard<T>(scope: string, fetch: () => Promise<T>): Promise<T | null> {
    if (this.missingScope === scope) return null;
    try {
      return await fetch();
    } catch (error) {
      if (error instanceof PermissionError) {
        this.missingScope ??= scope;
        this.warn(`contacts are not shown: this key lacks the ${scope} scope, which shows who a task is about`);
        return null;
      }
      if (error instanceof NotFoundError || (error instanceof ApiError && error.status === 405)) return null;
      if (error instanceof TopoError) {
        this.warn(`some contacts are not shown: ${reasonOf(error)}`);
        return null;
      }
      throw error;
    }
  }

  private warn(reason: string): void {
    if (this.warned) return;
    this.warned = true;
    this.onUnavailable(reason);
  }
}
