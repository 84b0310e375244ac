// Command aliases (`topo alias set hot 'tasks triage -p HOT -a $1'`, as gh's): a name for a command
// line, expanded before the line is parsed. $1, $2, … take the words typed after the name, the rest
// are appended. An alias never shadows a built-in command and expands only to built-in commands (so
// it cannot loop). Kept in the config file for every profile.
import { UsageError } from '../core/errors.ts';
import type { ConfigFile } from '../config/store.ts';
import { sanitizeInline } from '../render/sanitize.ts';

const ALIAS_NAME = /^[a-z][a-z0-9_-]{0,39}$/i;

/** The words of an expansion, as a POSIX shell splits them: single and double quotes, backslashes. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) word += text[++i];
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      started = true;
    } else if (char === '\\' && i + 1 < text.length) {
      word += text[++i];
      started = true;
    } else if (/\s/.test(char)) {
      if (started || word) words.push(word);
      word = '';
      started = false;
    } else {
      word += char;
      started = true;
    }
  }
  if (quote) throw new UsageError(`the expansion has an unclosed ${quote === '"' ? 'double' : 'single'} quote`);
  if (started || word) words.push(word);
  return words;
}

/** The placeholders an expansion uses ($1 … $9): how many words it needs. */
function placeholdersOf(expansion: string): number {
  return Math.max(0, ...[...expansion.matchAll(/\$(\d)/g)].map((match) => Number(match[1])));
}

/** `name` expanded with `args`: placeholders filled, the words they did not take appended. */
export function expand(name: string, expansion: string, args: string[]): string[] {
  const needs = placeholdersOf(expansion);
  if (args.length < needs) throw new UsageError(`alias ${sanitizeInline(name)} needs ${needs} argument${needs === 1 ? '' : 's'} ($1${needs > 1 ? `…$${needs}` : ''}), got ${args.length}: ${sanitizeInline(name)} → ${sanitizeInline(expansion)}`);
  const words = splitWords(expansion).map((word) => word.replace(/\$(\d)/g, (_, digit: string) => args[Number(digit) - 1] ?? ''));
  return [...words, ...args.slice(needs)];
}

export function commandAliases(config: ConfigFile): Record<string, string> {
  const aliases = config.commandAliases;
  return aliases && typeof aliases === 'object' && !Array.isArray(aliases) ? Object.fromEntries(Object.entries(aliases).filter(([, value]) => typeof value === 'string')) : {};
}

/** Why `name` and `expansion` cannot be an alias (it would shadow or loop), else undefined. */
export function aliasProblem(name: string, expansion: string, builtins: string[]): string | undefined {
  if (!ALIAS_NAME.test(name)) return `alias '${sanitizeInline(name)}' must start with a letter and use letters, digits, '_' or '-' (at most 40)`;
  if (builtins.includes(name.toLowerCase())) return `'${name}' is a built-in command: an alias never shadows one`;
  const first = splitWords(expansion)[0];
  if (!first || !builtins.includes(first)) return `an alias expands to a topo command, starting with one of ${builtins.join(', ')}; not '${sanitizeInline(first ?? expansion)}'`;
  return undefined;
}
