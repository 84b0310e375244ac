// topo tasks show <id>: every field of one task, and who it is about, on any provider.
import { UsageError } from '../../../core/errors.ts';
import { shown } from '../../../cmdutil/flags.ts';
import { article } from '../../../core/words.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { write } from '../../../render/output.ts';
import { safeJson } from '../../../render/sanitize.ts';
import { refuseOtherProviderFlags } from '../shared/filters.ts';

export interface ShowOptions {
  json?: boolean;
  withContact?: boolean;
}

export async function runShow(rt: Runtime, id: string, options: ShowOptions): Promise<void> {
  const ids = rt.spec.taskIds;
  if (!ids.valid(id)) throw new UsageError(`'${shown(id)}' is not ${article(ids.noun)} ${ids.noun}`);
  refuseOtherProviderFlags(rt, options);
  const provider = await rt.tasks();
  const task = await provider.show(id, { people: !options.json && rt.stdoutIsTty, withContact: Boolean(options.withContact) });
  if (options.json) await write(rt.io.stdout, `${safeJson(task.json, 2)}\n`);
  else await task.render(rt.io.stdout, { tty: rt.stdoutIsTty, palette: rt.out, now: Date.now() });
}
