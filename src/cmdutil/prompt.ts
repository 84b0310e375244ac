// Prompts only where a person is present (io.terminal() says whether one is). @inquirer/prompts is
// loaded on first use.
import { InterruptedError } from '../core/errors.ts';
import type { PromptStreams } from '../core/io.ts';

export type { PromptStreams } from '../core/io.ts';

/** Ctrl-C at a prompt changes nothing and exits 130. Whoever opened `streams` closes them. */
export async function withPrompt<T>(streams: PromptStreams, ask: (prompts: typeof import('@inquirer/prompts'), context: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }) => Promise<T>): Promise<T> {
  const prompts = await import('@inquirer/prompts');
  try {
    return await ask(prompts, { input: streams.input, output: streams.output });
  } catch (error) {
    if ((error as Error)?.name === 'ExitPromptError' || (error as Error)?.name === 'AbortPromptError') throw new InterruptedError('cancelled at the prompt; nothing was changed');
    throw error;
  }
}

/** One keystroke picks an action. */
export async function withKeyPrompt(streams: PromptStreams, message: string, choices: Array<{ key: string; name: string; value: string }>): Promise<string> {
  const { keyPrompt } = await import('./key-prompt.ts');
  return withPrompt(streams, (_prompts, context) => keyPrompt({ message, choices }, context));
}

export async function confirm(streams: PromptStreams, message: string): Promise<boolean> {
  return withPrompt(streams, (prompts, context) => prompts.confirm({ message, default: false }, context));
}
