// A task's conversation, oldest first. Everything in a message is untrusted and sanitized.
import { DIRECTIONS, MESSAGE_SENDER_FIELDS, MESSAGE_TIME_FIELDS, type Message } from './contract.ts';
import type { OutputStream } from '../../core/io.ts';
import { compareTimes } from '../../core/time.ts';
import type { Palette } from '../../render/color.ts';
import { plain, relativeTime, rfc3339, shortId, wrap } from '../../render/format.ts';
import { write } from '../../render/output.ts';
import { sanitizeInline, sanitizeMultiline } from '../../render/sanitize.ts';

const [INBOUND, OUTBOUND] = DIRECTIONS;

export interface ThreadView {
  palette: Palette;
  tty: boolean;
  aliasOf: (uuid: string) => string | undefined;
  now: number;
  /** Wrap bodies to this width (terminal only). */
  width?: number;
  /** Who inbound messages are from, when the task's contact is known. */
  contactName?: string;
}

function firstField(message: Message, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = message[name];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}

export function messageTime(message: Message): string | undefined {
  return firstField(message, MESSAGE_TIME_FIELDS);
}

/** Oldest first; messages without a time keep their place relative to each other, at the end. */
export function sortThread(messages: Message[]): Message[] {
  return messages
    .map((message) => ({ message, time: messageTime(message) }))
    .sort((a, b) => compareTimes(a.time, b.time)) // stable: equal times keep their order
    .map((entry) => entry.message);
}

function direction(message: Message): string {
  const value = plain(message.direction).toUpperCase();
  if (value === INBOUND) return 'in';
  if (value === OUTBOUND) return 'out';
  return sanitizeInline(plain(message.direction)) || '?';
}

/** The sender's alias, else the id (short on a terminal, whole in a pipe). */
function sender(message: Message, view: ThreadView): string {
  const user = firstField(message, MESSAGE_SENDER_FIELDS);
  if (user) return sanitizeInline(view.aliasOf(user) ?? (view.tty ? shortId(user) : user));
  return plain(message.direction).toUpperCase() === INBOUND ? sanitizeInline(view.contactName ?? 'contact') : 'unknown sender';
}

export function formatMessage(message: Message, view: ThreadView): string {
  const { palette } = view;
  const time = messageTime(message);
  const when = time ? (view.tty ? `${rfc3339(sanitizeInline(time))} (${relativeTime(time, view.now)})` : rfc3339(sanitizeInline(time))) : 'time unknown';
  const channel = sanitizeInline(plain(message.channel)) || '?';
  const header = `${channel} · ${direction(message)} · ${sender(message, view)} · ${when}`;
  const lines = [view.tty ? palette.bold(`── ${header}`) : `-- ${header}`];
  const subject = plain(message.subject);
  if (subject) lines.push(`${view.tty ? palette.dim('Subject: ') : 'Subject: '}${sanitizeInline(subject)}`);
  const body = sanitizeMultiline(plain(message.body)).trimEnd();
  lines.push(view.tty && view.width ? wrap(body, view.width) : body);
  return lines.join('\n') + '\n';
}

export async function renderThread(messages: Message[], stream: OutputStream, view: ThreadView): Promise<void> {
  if (messages.length === 0) {
    await write(stream, view.tty ? `${view.palette.dim('no messages in this thread')}\n` : '');
    return;
  }
  for (const [index, message] of sortThread(messages).entries()) {
    await write(stream, (index ? '\n' : '') + formatMessage(message, view));
  }
}
