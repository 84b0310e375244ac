// A one-keystroke choice (triage's actions): @inquirer/prompts' expand wants Enter after the key,
// so this is built on @inquirer/core, the library those prompts are made with. A key that is not a
// choice resolves too (as `unknown`), so the caller can say so instead of ignoring it.
// @inquirer/core is ESM: it is import()ed, never required, so any Node ≥ 20.12 loads it.

export interface KeyChoice<Value> {
  key: string;
  name: string;
  value: Value;
}

export type KeyAnswer = { value: string } | { unknown: string };

type KeyPrompt = (config: { message: string; choices: Array<KeyChoice<string>> }, context: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }) => Promise<KeyAnswer>;

let prompt: KeyPrompt | undefined;

export async function keyPrompt(): Promise<KeyPrompt> {
  if (prompt) return prompt;
  const { createPrompt, useKeypress, usePrefix, useState } = await import('@inquirer/core');
  prompt = createPrompt<KeyAnswer, { message: string; choices: Array<KeyChoice<string>> }>((config, done) => {
    const [chosen, setChosen] = useState<string | undefined>(undefined);
    const prefix = usePrefix({ status: chosen ? 'done' : 'idle' });
    useKeypress((event) => {
      // Ctrl-C (and any Ctrl or Alt chord) is not the letter it carries: inquirer ends the prompt for
      // Ctrl-C itself; taken as `c` it would echo a choice, or complete a task where `c` is a key.
      if (chosen || (event as { ctrl?: boolean }).ctrl || (event as { meta?: boolean }).meta) return;
      // readline names letters; `?` and other symbols only have their sequence.
      const key = event.name || (event as { sequence?: string }).sequence || '';
      const choice = config.choices.find((candidate) => candidate.key === key);
      if (choice) {
        setChosen(choice.name);
        done({ value: choice.value });
      } else if (key && key !== 'return' && key !== 'enter') {
        setChosen(`'${key.length === 1 ? key : `<${key}>`}'?`);
        done({ unknown: key });
      }
    });
    if (chosen) return `${prefix} ${config.message} ${chosen}`;
    return `${prefix} ${config.message}  ${config.choices.map((choice) => `[${choice.key}] ${choice.name}`).join('  ')}`;
  }) as unknown as KeyPrompt;
  return prompt;
}
