// Shell completions generated from the one command tree: bash, zsh and fish scripts share one
// table of command paths (aliases included), flags, flag values and positional values. Values that
// live in the config (profiles, aliases, settings, cached template names) are looked up at Tab time
// with `topo __complete <kind>`, which reads only local files: no network on Tab.
import type { Command, Option } from 'commander';
import { vocabulary } from '../../providers/registry.ts';

/** Looked up at Tab time; `--sandbox` on the line is passed on, so the demo reps' aliases complete too. */
export type Dynamic = 'profiles' | 'aliases' | 'profile-aliases' | 'templates' | 'settings' | 'commands';

export interface Values {
  words?: readonly string[];
  dynamic?: Dynamic;
  files?: boolean;
  /** Comma-separated: `--types CALL,<Tab>` completes the part after the last comma. */
  list?: boolean;
}

/** Values of flags whose parser carries no `.choices()`. */
const FLAG_VALUES: Record<string, Values> = {
  '--types': { words: vocabulary('types'), list: true },
  '--priorities': { words: vocabulary('priorities'), list: true },
  '--scope': { words: vocabulary('scope').map((scope) => scope.toLowerCase()) },
  '--status': { words: vocabulary('status').filter((word) => word !== word.toLowerCase()) },
  '--profile': { dynamic: 'profiles' },
  '--to': { dynamic: 'aliases', list: true },
  '--from': { dynamic: 'aliases' },
  '--assignee': { dynamic: 'aliases' },
  '--team': { dynamic: 'aliases', list: true },
  '--end': { dynamic: 'aliases' },
  '--cap': { dynamic: 'aliases' },
  '--template': { dynamic: 'templates', list: true },
  '--plan': { files: true },
  '--plan-out': { files: true },
  '--journal': { files: true },
  '--undo': { files: true },
  '--state': { files: true },
};

/** Values of a command's first argument, by command path. */
const ARG_VALUES: Record<string, Values> = {
  'config get': { dynamic: 'settings' },
  'config set': { dynamic: 'settings' },
  'config unset': { dynamic: 'settings' },
  'config use': { dynamic: 'profiles' },
  'config profiles rm': { dynamic: 'profiles' },
  'users alias rm': { dynamic: 'profile-aliases' },
};

export interface FlagSpec {
  names: string[];
  takesValue: boolean;
  values?: Values;
  description: string;
}

export interface CommandSpec {
  path: string[];
  description: string;
  /** Subcommand names, aliases included. */
  subcommands: string[];
  flags: FlagSpec[];
  /** Values of the first argument. */
  args?: Values;
}

function flagSpec(option: Option): FlagSpec {
  const names = [option.short, option.long].filter((name): name is string => Boolean(name));
  const takesValue = option.required || option.optional;
  const values = FLAG_VALUES[option.long ?? ''] ?? (option.argChoices ? { words: option.argChoices } : undefined);
  return { names, takesValue, values: takesValue ? values : undefined, description: option.description };
}

/** Every visible command (and each alias of one) with its path, subcommands, flags and argument values. */
export function commandTable(program: Command): CommandSpec[] {
  const table: CommandSpec[] = [];
  const walk = (command: Command, path: string[]) => {
    const visible = command.commands.filter((sub) => !(sub as unknown as { _hidden?: boolean })._hidden);
    const choices = command.registeredArguments[0]?.argChoices;
    table.push({
      path,
      description: command.description(),
      subcommands: visible.flatMap((sub) => [sub.name(), ...sub.aliases()]),
      flags: [...command.options.filter((option) => !option.hidden).map(flagSpec), { names: ['-h', '--help'], takesValue: false, description: 'show help for a command' }],
      args: ARG_VALUES[path.join(' ')] ?? (choices ? { words: choices } : undefined),
    });
    for (const sub of visible) for (const name of [sub.name(), ...sub.aliases()]) walk(sub, [...path, name]);
  };
  walk(program, []);
  return table;
}

/** Single-quoted for bash and zsh. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
/** Single-quoted for fish, where \' and \\ are the escapes. */
const fishQuote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const DESCRIPTION_WIDTH = 80;
/** One line, cut at a word boundary with … when longer than the width. */
export function describe(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= DESCRIPTION_WIDTH) return line;
  const cut = line.slice(0, DESCRIPTION_WIDTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > DESCRIPTION_WIDTH / 2 ? cut.slice(0, space) : cut).replace(/[,;:(]+$/, '')}…`;
}

const pathOf = (spec: CommandSpec) => spec.path.join(' ');
const knownPaths = (table: CommandSpec[]) => table.filter((spec) => spec.path.length);
const globalFlags = (table: CommandSpec[]) => table[0]!.flags.filter((flag) => !flag.names.includes('--version') && !flag.names.includes('--help'));
const valueFlags = (table: CommandSpec[]) => [...new Map(table.flatMap((spec) => spec.flags).filter((f) => f.takesValue).flatMap((f) => f.names.map((n) => [n, f] as const))).values()];

/** The shell words that print a dynamic kind's values. */
const lookup = (kind: Dynamic, sandbox: string) => `topo __complete ${kind} ${sandbox} 2>/dev/null`;

function bashValues(values: Values | undefined): string {
  if (!values) return 'COMPREPLY=()';
  if (values.files) return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))';
  const words = values.dynamic ? `"$(${lookup(values.dynamic, '$sandbox')})"` : quote(values.words!.join('\n'));
  return `_topo_values ${words}${values.list ? ' list' : ''}`;
}

export function bashScript(program: Command): string {
  const table = commandTable(program);
  const cases = table.map((spec) => {
    const words = [...spec.subcommands, ...spec.flags.flatMap((flag) => flag.names)].join(' ');
    const args = spec.args ? ` args=${quote(bashValues(spec.args))};` : '';
    return `    ${quote(pathOf(spec))}) words_for=${quote(words)};${args} ;;`;
  });
  const valueCases = valueFlags(table).map((flag) => `    ${flag.names.join('|')}) ${bashValues(flag.values)}; return 0 ;;`);
  return `# bash completion for topo (generated by \`topo completion bash\`; do not edit)
_topo_values() {
  # $1: one value per line (names may hold spaces); $2 = list: complete the part after the last comma.
  local prefix="" part="$cur" value
  if [[ "$2" == list && "$cur" == *,* ]]; then prefix="\${cur%,*},"; part="\${cur##*,}"; fi
  COMPREPLY=()
  while IFS= read -r value; do
    [[ -n "$value" && "$value" == "$part"* ]] && COMPREPLY+=("$prefix$(printf '%q' "$value")")
  done <<< "$1"
}
_topo() {
  local cur prev cmdpath word i words_for args="" sandbox=""
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for word in "\${COMP_WORDS[@]}"; do [[ "$word" == --sandbox ]] && sandbox=--sandbox; done
  case "$prev" in
${valueCases.join('\n')}
  esac
  cmdpath=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    # Only words that extend a known command path count: ids and flag values do not.
    case "\${cmdpath:+$cmdpath }$word" in ${knownPaths(table).map((spec) => quote(pathOf(spec))).join('|')}) cmdpath="\${cmdpath:+$cmdpath }$word" ;; esac
  done
  words_for=""
  case "$cmdpath" in
${cases.join('\n')}
  esac
  # The first argument of a command that takes one (a setting, a profile, an alias, a shell).
  if [[ -n "$args" && "$cur" != -* && "$prev" == "\${cmdpath##* }" ]]; then eval "$args"; return 0; fi
  [ -n "$cmdpath" ] && words_for="$words_for ${globalFlags(table).flatMap((f) => f.names).join(' ')}"
  # At the top, the command aliases (topo alias set) are commands too.
  [ -z "$cmdpath" ] && words_for="$words_for $(${lookup('commands', '')})"
  COMPREPLY=($(compgen -W "$words_for" -- "$cur"))
}
complete -F _topo topo
`;
}

function zshValues(values: Values | undefined): string {
  if (!values) return ':';
  if (values.files) return '_files';
  const words = values.dynamic ? `\${(f)"$(${lookup(values.dynamic, '$sandbox')})"}` : values.words!.map(quote).join(' ');
  return `${values.list ? "compset -P '*,'; " : ''}compadd -- ${words}`;
}

export function zshScript(program: Command): string {
  const table = commandTable(program);
  const cases = table.map((spec) => {
    const subs = spec.subcommands.map((name) => {
      const child = table.find((c) => pathOf(c) === [...spec.path, name].join(' '))!;
      return quote(`${name.replace(/:/g, '\\:')}:${describe(child.description)}`);
    });
    const flags = spec.flags.flatMap((flag) => flag.names);
    const args = spec.args ? ` args=${quote(zshValues(spec.args))};` : '';
    return `    ${quote(pathOf(spec))}) subs=(${subs.join(' ')}); flags=(${flags.map(quote).join(' ')});${args} ;;`;
  });
  const valueCases = valueFlags(table).map((flag) => `    ${flag.names.join('|')}) ${zshValues(flag.values)}; return ;;`);
  return `#compdef topo
# zsh completion for topo (generated by \`topo completion zsh\`; do not edit)
_topo() {
  local prev="\${words[CURRENT-1]}" cmdpath="" word i args="" sandbox=""
  local -a subs flags
  (( \${words[(I)--sandbox]} )) && sandbox=--sandbox
  case "$prev" in
${valueCases.join('\n')}
  esac
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    case "\${cmdpath:+$cmdpath }$word" in ${knownPaths(table).map((spec) => quote(pathOf(spec))).join('|')}) cmdpath="\${cmdpath:+$cmdpath }$word" ;; esac
  done
  case "$cmdpath" in
${cases.join('\n')}
  esac
  if [[ -n "$args" && "\${words[CURRENT]}" != -* && "$prev" == "\${cmdpath##* }" ]]; then eval "$args"; return; fi
  [[ -n "$cmdpath" ]] && flags+=(${globalFlags(table).flatMap((f) => f.names).map(quote).join(' ')})
  # At the top, the command aliases (topo alias set) are commands too.
  [[ -z "$cmdpath" ]] && subs+=(\${(f)"$(${lookup('commands', '')})"})
  if [[ "\${words[CURRENT]}" == -* ]]; then
    compadd -- $flags
  elif (( \${#subs} )); then
    _describe 'command' subs
  fi
}
if [[ "$funcstack[1]" == "_topo" ]]; then _topo "$@"; else compdef _topo topo; fi
`;
}

function fishValues(values: Values | undefined, takesValue: boolean): string {
  if (!values) return takesValue ? ' -x' : '';
  if (values.files) return ' -r -F';
  const source = values.dynamic ? `(topo __complete ${values.dynamic} (__topo_sandbox) 2>/dev/null)` : values.words!.join(' ');
  return ` -x -a ${fishQuote(values.list ? `(__topo_list ${source})` : source)}`;
}

export function fishScript(program: Command): string {
  const table = commandTable(program);
  const lines = ['# fish completion for topo (generated by `topo completion fish`; do not edit)', 'complete -c topo -f'];
  // __topo_path prints the command words typed so far: only words that extend a known command path.
  lines.push(`function __topo_path
  set -l known ${knownPaths(table).map((spec) => fishQuote(pathOf(spec))).join(' ')}
  set -l path
  for token in (commandline -opc)[2..-1]
    set -l next (string join ' ' -- $path $token)
    if contains -- $next $known
      set path $path $token
    end
  end
  echo (string join ' ' -- $path)
end
function __topo_sandbox
  contains -- --sandbox (commandline -opc); and echo --sandbox
end
function __topo_list
  # Comma-separated values: keep what is typed up to the last comma, offer each value after it.
  set -l prefix (string replace -r '[^,]*$' '' -- (commandline -ct))
  for value in $argv
    echo $prefix$value
  end
end
function __topo_first_arg
  set -l words (commandline -opc)
  test (count $words) -gt 1; and test (string join ' ' -- topo (__topo_path)) = (string join ' ' -- $words)
end`);
  // At the top, the command aliases (topo alias set) are commands too.
  lines.push(`complete -c topo -n ${fishQuote("test (__topo_path) = ''")} -a ${fishQuote('(topo __complete commands 2>/dev/null)')} -d ${fishQuote('command alias')}`);
  for (const spec of table) {
    const condition = `test (__topo_path) = ${fishQuote(pathOf(spec))}`;
    for (const name of spec.subcommands) {
      const child = table.find((c) => pathOf(c) === [...spec.path, name].join(' '))!;
      lines.push(`complete -c topo -n ${fishQuote(condition)} -a ${fishQuote(name)} -d ${fishQuote(describe(child.description))}`);
    }
    if (spec.args) {
      const source = spec.args.dynamic ? `(topo __complete ${spec.args.dynamic} (__topo_sandbox) 2>/dev/null)` : spec.args.words!.join(' ');
      lines.push(`complete -c topo -n ${fishQuote(`${condition}; and __topo_first_arg`)} -a ${fishQuote(source)}`);
    }
    const flags = spec.path.length ? [...spec.flags, ...globalFlags(table)] : spec.flags;
    for (const flag of flags) {
      const long = flag.names.find((n) => n.startsWith('--'))?.slice(2);
      const short = flag.names.find((n) => /^-[^-]$/.test(n))?.slice(1);
      lines.push(`complete -c topo -n ${fishQuote(condition)}${long ? ` -l ${long}` : ''}${short ? ` -s ${short}` : ''}${fishValues(flag.values, flag.takesValue)} -d ${fishQuote(describe(flag.description))}`);
    }
  }
  return lines.join('\n') + '\n';
}

export const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;
export type Shell = keyof typeof SHELLS;
