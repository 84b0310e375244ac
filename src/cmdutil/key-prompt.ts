// A one-keystroke choice (triage's actions): @inquirer/prompts' expand wants Enter after the key,
// so this is built on @inquirer/core, the library those prompts are made with.
import { createPrompt, useKeypress, usePrefix, useState } from '@inquirer/core';

export interface KeyChoice<Value> {
  key: string;
  name: string;
  value: Value;
}

export const keyPrompt = createPrompt<string, { message: string; choices: Array<KeyChoice<string>> }>((config, done) => {
  const [chosen, setChosen] = useState<KeyChoice<string> | undefined>(undefined);
  const prefix = usePrefix({ status: chosen ? 'done' : 'idle' });
  useKeypress((event) => {
    if (chosen) return;
    const choice = config.choices.find((candidate) => candidate.key === event.name);
    if (choice) {
      setChosen(choice);
      done(choice.value);
    }
  });
  if (chosen) return `${prefix} ${config.message} ${chosen.name}`;
  return `${prefix} ${config.message}  ${config.choices.map((choice) => `[${choice.key}] ${choice.name}`).join('  ')}`;
});
