// Prompts only where a person is present (io.terminal() says whether one is). @inquirer/prompts is
// loaded on first use.
import { InterruptedError } from '../core/errors.ts';
import type { PromptStreams } from '../core/io.ts';
import type { KeyAnswer } from './key-prompt.ts';

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

/** One keystroke picks an action; any other key comes back as `unknown`. */
export async function withKeyPrompt(streams: PromptStreams, message: string, choices: Array<{ key: string; name: string; value: string }>): Promise<KeyAnswer> {
  const prompt = await (await import('./key-prompt.ts')).keyPrompt();
  return withPrompt(streams, (_prompts, context) => prompt({ message, choices }, context));
}

/**
 * A prompt a person can back out of with Esc or Ctrl-C: undefined then, and the prompt is cleared
 * from the screen. (withPrompt's Ctrl-C ends the whole command instead.)
 */
export async function cancellablePrompt<T>(streams: PromptStreams, ask: (prompts: typeof import('@inquirer/prompts'), context: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; signal: AbortSignal; clearPromptOnDone: boolean }) => Promise<T>): Promise<T | undefined> {
  const prompts = await import('@inquirer/prompts');
  const controller = new AbortController();
  const onKey = (_text: string, key: { name?: string } | undefined) => {
    if (key?.name === 'escape') controller.abort();
  };
  streams.input.on('keypress', onKey);
  try {
    return await ask(prompts, { input: streams.input, output: streams.output, signal: controller.signal, clearPromptOnDone: true });
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'AbortPromptError' || name === 'ExitPromptError' || name === 'CancelPromptError') return undefined;
    throw error;
  } finally {
    streams.input.removeListener('keypress', onKey);
  }
}

export async function confirm(streams: PromptStreams, message: string): Promise<boolean> {
  return withPrompt(streams, (prompts, context) => prompts.confirm({ message, default: false }, context));
}
