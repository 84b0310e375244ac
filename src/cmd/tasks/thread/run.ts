// topo tasks thread <id>: the task's email/LinkedIn conversation, oldest first, sanitized.
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { write } from '../../../render/output.ts';
import { safeJson } from '../../../render/sanitize.ts';
import { contactLine } from '../../../render/tasks.ts';
import { renderThread } from '../../../providers/topo/thread-view.ts';
import { aliasLookup } from '../shared/view.ts';

export interface ThreadOptions {
  json?: boolean;
}


export async function runThread(rt: Runtime, id: string, options: ThreadOptions): Promise<void> {
  const api = await rt.api();
  const messages = await api.listMessages(id);
  if (options.json) {
    await write(rt.io.stdout, `${safeJson(messages, 2)}\n`);
    return;
  }
  let contactName: string | undefined;
  if (rt.stdoutIsTty) {
    // Who the thread is with: the task's contact (one GET of the task, its run and the contact).
    const contact = await (await rt.contacts()).forTask(await api.getTask(id));
    contactName = contact?.name ?? undefined;
    await write(rt.io.stdout, `${rt.out.bold(`Thread with ${contactLine(contact) ?? rt.out.dim('an unknown contact')}`)}\n\n`);
  }
  await renderThread(messages, rt.io.stdout, {
    palette: rt.out,
    tty: rt.stdoutIsTty,
    aliasOf: aliasLookup(rt.aliases),
    now: Date.now(),
    width: rt.io.stdout.columns,
    contactName,
  });
}
