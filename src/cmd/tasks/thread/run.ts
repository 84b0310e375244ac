// topo tasks thread <id>: the task's email/LinkedIn conversation, oldest first, sanitized; where
// the provider keeps one (capability data refuses `tasks thread` elsewhere).
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { write } from '../../../render/output.ts';
import { safeJson } from '../../../render/sanitize.ts';

export interface ThreadOptions {
  json?: boolean;
}

export async function runThread(rt: Runtime, id: string, options: ThreadOptions): Promise<void> {
  const conversation = (await rt.tasks()).conversation!;
  const messages = await conversation.messages(id);
  if (options.json) {
    await write(rt.io.stdout, `${safeJson(messages, 2)}\n`);
    return;
  }
  let contactName: string | undefined;
  if (rt.stdoutIsTty) {
    const about = await conversation.about(id);
    contactName = about?.split(' · ')[0];
    await write(rt.io.stdout, `${rt.out.bold(`Thread with ${about ?? rt.out.dim('an unknown contact')}`)}\n\n`);
  }
  await conversation.render(messages, rt.io.stdout, { palette: rt.out, tty: rt.stdoutIsTty, now: Date.now(), width: rt.io.stdout.columns, contactName });
}
