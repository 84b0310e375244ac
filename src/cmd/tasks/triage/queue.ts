// The terminal triage needs: refused without one, then one key at a time. (The order of the queue
// is each provider's: src/providers/<name>/triage.ts.)
import { InterruptedError, UsageError } from '../../../core/errors.ts';
import { withKeyPrompt, type PromptStreams } from '../../../cmdutil/prompt.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';

/** Triage asks one key at a time: without a terminal it is refused (exit 2) before anything is sent. */
export async function withTriageTerminal(rt: Runtime, body: (streams: PromptStreams) => Promise<number>): Promise<number> {
  const streams = rt.io.terminal();
  if (!streams) {
    throw new UsageError('triage needs a terminal: it asks one key at a time', rt.spec.scriptsInsteadOfTriage);
  }
  try {
    return await body(streams);
  } finally {
    streams.close();
  }
}

export interface TriageKey {
  key: string;
  name: string;
  value: string;
}

/**
 * The action for this card, from the keys `offered` now; a known key not offered says why not
 * (`whyNot`), an unknown one points to `?`, and both ask again. Ctrl-C: undefined.
 */
export async function askAction<K extends TriageKey>(rt: Runtime, streams: PromptStreams, keys: readonly K[], offered: (key: K) => boolean, whyNot: (key: K) => string): Promise<K['value'] | undefined> {
  for (;;) {
    let answer;
    try {
      answer = await withKeyPrompt(streams, 'Action', keys.filter(offered));
    } catch (error) {
      if (error instanceof InterruptedError) return undefined;
      throw error;
    }
    if ('value' in answer) return answer.value as K['value'];
    const known = keys.find((key) => key.key === answer.unknown);
    rt.io.stderr.write(rt.err.yellow(known
      ? `${known.name}: not for this card (${whyNot(known)})\n`
      : `unknown key ${sanitizeInline(answer.unknown.length === 1 ? `'${answer.unknown}'` : `<${answer.unknown}>`)}: press ? for the keys\n`));
  }
}
