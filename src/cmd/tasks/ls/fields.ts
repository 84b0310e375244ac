// --fields names, resolved before anything is fetched: a documented field matches whatever its case
// (`ID,Status` is `id,status`), a near miss of one is a typo (exit 2, with "did you mean"), and a
// name that is like none of them may be a field the server added since the reference was written:
// it is kept if the first page's tasks have it, refused if they do not.
import { UsageError } from '../../../core/errors.ts';
import { closest, suggesting } from '../../../core/words.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';
import type { Task } from '../../../render/tasks.ts';

/** What `--with-contact` adds under `contact.`. */
export const CONTACT_FIELDS = ['id', 'name', 'title', 'company', 'email'] as const;

export interface ResolvedFields {
  fields: string[];
  /** Names documented nowhere: checked against the first page. */
  undocumented: string[];
}

function refuse(name: string, known: readonly string[], near: string[]): never {
  throw new UsageError(`--fields: '${sanitizeInline(name)}' is not a task field${suggesting(near)}`, `fields: ${known.join(', ')}; with --with-contact: ${CONTACT_FIELDS.map((field) => `contact.${field}`).join(', ')}`);
}

export function resolveFields(requested: string[], documented: readonly string[]): ResolvedFields {
  const undocumented: string[] = [];
  const fields = requested.map((name) => {
    const [head, sub] = name.split('.') as [string, string | undefined];
    if (sub !== undefined && head.toLowerCase() === 'contact') {
      const match = CONTACT_FIELDS.find((field) => field === sub.toLowerCase());
      if (!match) refuse(name, documented, closest(sub, CONTACT_FIELDS).map((field) => `contact.${field}`));
      return `contact.${match}`;
    }
    const exact = documented.find((field) => field.toLowerCase() === name.toLowerCase());
    if (exact) return exact;
    const near = closest(name, documented);
    if (near.length) refuse(name, documented, near);
    undocumented.push(name);
    return name;
  });
  return { fields, undocumented };
}

/** Undocumented names none of the first page's tasks has are refused before a row is printed. */
export function checkAgainstRows(undocumented: string[], rows: Task[], documented: readonly string[]): void {
  if (rows.length === 0) return;
  const missing = undocumented.find((name) => rows.every((row) => !(name.split('.')[0]! in row)));
  if (missing) refuse(missing, documented, []);
}
