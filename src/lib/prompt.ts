// Prompts only where a person is present: stderr is a terminal and there is a terminal to read
// from (stdin, or /dev/tty when stdin carries piped ids). @inquirer/prompts is loaded on first use.
import fs from 'node:fs';
import tty from 'node:tty';
import { InterruptedError } from '../http/errors.ts';
import type { Io } from '../runtime.ts';

export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  close(): void;
}

/**
 * The terminal to ask on, or undefined when nobody is there to answer. Prompts draw on the
 * process's own stderr stream (readline needs a real stream; topo's other output does not).
 */
export function promptStreams(io: Io): PromptStreams | undefined {
  if (!io.stderr.isTTY) return undefined;
  if (io.stdin.isTTY) return { input: io.stdin, output: process.stderr, close: () => undefined };
  try {
    const input = new tty.ReadStream(fs.openSync('/dev/tty', 'r'));
    return { input, output: process.stderr, close: () => input.destroy() };
  } catch {
    return undefined;
  }
}

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
