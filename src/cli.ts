// The root of the command tree: global flags, the list of groups, and errors turned into one line
// on stderr, a hint, and the documented exit code. Each group wires its own verbs.
import { Command, CommanderError } from 'commander';
import { ExitCode, exitCodeOf, InterruptedError, TopoError, UsageError } from './core/errors.ts';
import type { Io } from './core/io.ts';
import { VERSION } from './core/version.ts';
import { createContext, examples, type CommandContext, type RunState } from './cmdutil/command.ts';
import { didYouMean, durationMsParser, enumOption, intParser, refuseRepeats } from './cmdutil/flags.ts';
import { PROVIDER_NAMES } from './providers/registry.ts';
import { hintFor } from './cmdutil/hints.ts';
import { colorEnabled, createPalette } from './render/color.ts';
import { redact, sanitizeInline, sanitizeMultiline } from './render/sanitize.ts';
import * as api from './cmd/api/api.ts';
import * as auth from './cmd/auth/auth.ts';
import * as completion from './cmd/completion/completion.ts';
import * as config from './cmd/config/config.ts';
import * as sandbox from './cmd/sandbox/sandbox.ts';
import * as tasks from './cmd/tasks/tasks.ts';
import * as users from './cmd/users/users.ts';
import * as alias from './cmd/alias/alias.ts';
import { commandAliases, expand, splitWords } from './cmdutil/command-aliases.ts';
import { configDir, readConfig } from './config/store.ts';

export const EXIT_CODES_HELP = `
Exit codes:
  0    ok
  1    failure: other API errors (e.g. a business rule); some tasks of a bulk run failed; declined at a prompt; tasks sla found a breach
  2    invalid usage or input; nothing was sent (also: the server rejected a request topo should have caught)
  3    authentication or permission (401, 403, a key without tasks:write)
  4    not found
  5    conflict: illegal state transition
  6    network, timeout or rate limit still failing after retries
  130  interrupted (Ctrl-C): nothing more was sent
  143  terminated (SIGTERM: timeout, a CI runner, docker stop): nothing more was sent`;

/** The groups, in help order. */
const GROUPS: Array<{ name: string; summary: string; build: (ctx: CommandContext) => Command }> = [
  { name: 'tasks', summary: tasks.SUMMARY, build: tasks.tasksCommand },
  { name: 'users', summary: users.SUMMARY, build: users.usersCommand },
  { name: 'api', summary: api.SUMMARY, build: api.apiCommand },
  { name: 'auth', summary: auth.SUMMARY, build: auth.authCommand },
  { name: 'config', summary: config.SUMMARY, build: config.configCommand },
  { name: 'sandbox', summary: sandbox.SUMMARY, build: sandbox.sandboxCommand },
  { name: 'completion', summary: completion.SUMMARY, build: completion.completionCommand },
  { name: 'alias', summary: alias.SUMMARY, build: alias.aliasCommand },
];

/** Words that are topo's own commands: an alias never takes one of them. */
const BUILTIN_COMMANDS = [...GROUPS.map((group) => group.name), 'help'];

const VALUED_GLOBALS = new Set(['--profile', '--provider', '--base-url', '--timeout', '--max-retries', '--jq', '-q']);

/** Where the command word is: the first word that is not a flag or a global flag's value. */
function commandAt(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (VALUED_GLOBALS.has(word)) i++;
    else if (!word.startsWith('-')) return i;
  }
  return -1;
}

/**
 * The line with a command alias expanded (`topo hot ana` → `topo tasks triage -p HOT -a ana`), and
 * for `topo help <alias>` what the alias stands for. The config is read only when the command word
 * is not a built-in one.
 */
function expandAliases(argv: string[], env: NodeJS.ProcessEnv): { argv: string[]; explained?: string } {
  const at = commandAt(argv);
  if (at < 0) return { argv };
  const word = argv[at]!;
  const helpFor = word === 'help' ? argv.slice(at + 1).find((next) => !next.startsWith('-')) : undefined;
  const name = helpFor ?? word;
  if (BUILTIN_COMMANDS.includes(name) || name === '__complete') return { argv };
  let aliases: Record<string, string>;
  try {
    aliases = commandAliases(readConfig(configDir(env)));
  } catch {
    return { argv };
  }
  const expansion = aliases[name];
  if (expansion === undefined) return { argv };
  if (helpFor !== undefined) {
    const words = splitCommandWords(expansion);
    return { argv: ['help', ...words], explained: `${name}: alias for \`${expansion}\`

` };
  }
  return { argv: [...argv.slice(0, at), ...expand(name, expansion, argv.slice(at + 1))] };
}

/** The command words an expansion starts with (up to its first flag or placeholder), for its help. */
function splitCommandWords(expansion: string): string[] {
  const words = splitWords(expansion);
  const end = words.findIndex((word) => word.startsWith('-') || word.includes('$'));
  return end < 0 ? words : words.slice(0, end);
}

/**
 * The group a command line names (the first word that is not a flag or a global flag's value).
 * Only that group's verbs are built: `topo tasks ls` never constructs the auth or config trees.
 * Completion scripts are generated from the whole tree.
 */
function groupNamed(argv: readonly string[]): string | undefined {
  const at = commandAt(argv);
  if (at < 0) return undefined;
  return argv[at] === 'help' ? argv.slice(at + 1).find((next) => !next.startsWith('-')) : argv[at];
}

/** The flags every command takes. */
export function addGlobalOptions(program: Command): Command {
  return program
    .option('--profile <name>', 'config profile (env TOPO_PROFILE; default: the current profile, else "default")')
    .addOption(enumOption('--provider <provider>', `the API to speak: ${PROVIDER_NAMES.join(' or ')} (env TOPO_PROVIDER; default: the profile's, else ${PROVIDER_NAMES[0]})`, PROVIDER_NAMES))
    .option('--base-url <url>', 'API base URL, with or without /v1 (env TOPO_BASE_URL; default https://api.topo.io/v1)')
    .option('--sandbox', 'run against an embedded sandbox API with demo data (env TOPO_SANDBOX=1)')
    .option('--json', 'print JSON instead of text')
    .option('--csv', 'print CSV instead of text (list output: a header row, RFC 4180; formula-like cells neutralised)')
    .option('-q, --jq <expr>', "filter the JSON output with jq's language (implies --json; strings print raw)")
    .option('--debug', 'trace HTTP requests on stderr (the key is redacted)')
    .option('--timeout <duration>', 'per-request timeout: ms, or with a unit: 500ms, 30s, 2m (default 30s)', durationMsParser(1))
    .option('--max-retries <n>', 'retries of a failing request (default 4)', intParser(0, 20))
    .option('--no-color', 'no colour (also NO_COLOR)')
    .option('--no-pager', 'never page long output (also TOPO_PAGER=cat)')
    .option('--no-cache', 'ask the API again for what earlier runs remembered (who tasks are about)')
    .option('--quiet', 'print nothing on stderr but errors: no progress, summaries, notes or warnings');
}

export function buildProgram(io: Io, state: RunState, argv: readonly string[] = []): Command {
  const program = new Command('topo');
  const noColorFlag = argv.includes('--no-color');
  const palette = createPalette(colorEnabled(io.stderr, io.env, noColorFlag ? false : undefined));
  const ctx = createContext(io, state);

  addGlobalOptions(program
    .name('topo')
    .description('Sales-ops task triage on the Topo API and Outreach\'s Task API: list, read, act on and reassign tasks.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command'))
    .addHelpText('after', `${EXIT_CODES_HELP}
${examples(
    'topo --sandbox tasks ls --status PENDING --types CALL',
    'topo tasks ls --priorities HOT --all --json | jq -r \'.[].id\'',
    'topo tasks ls --status PENDING --types CALL --all --json | topo tasks skip - --yes',
  )}`);
  const named = groupNamed(argv);
  for (const group of GROUPS) {
    // A group not named is a stub with its summary: enough for `topo --help` and for suggestions.
    const built = named === 'completion' || group.name === named;
    program.addCommand(built ? group.build(ctx) : new Command(group.name).description(group.summary));
  }
  program.addCommand(completion.completeCommand(ctx), { hidden: true });

  const output = {
    writeOut: (text: string) => io.stdout.write(text),
    writeErr: (text: string) => io.stderr.write(text),
    // Commander's defaults would create process.stdout/stderr just to ask about width and colour.
    getOutHelpWidth: () => io.stdout.columns ?? 80,
    getErrHelpWidth: () => io.stderr.columns ?? 80,
    getOutHasColors: () => colorEnabled(io.stdout, io.env, noColorFlag ? false : undefined),
    getErrHasColors: () => colorEnabled(io.stderr, io.env, noColorFlag ? false : undefined),
    outputError: (text: string, write: (text: string) => void) => write(palette.red(sanitizeMultiline(plainCommanderWords(text.trimEnd()))) + '\n'),
  };
  // Every command: commander errors exit 2 (usage); each value flag refuses a second value; help
  // lists the global flags.
  const configure = (command: Command) => {
    command.exitOverride();
    command.showSuggestionAfterError(true);
    command.showHelpAfterError(false);
    command.configureOutput(output);
    command.configureHelp({ showGlobalOptions: true });
    command.helpOption('-h, --help', 'show help for a command');
    // `topo help <command...>` works from the top (resolveCommandLine); a group lists no `help`
    // subcommand it would not run.
    if (command.parent) command.helpCommand(false);
    for (const option of command.options) refuseRepeats(option);
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
  return program;
}

/**
 * Commander's wording of a value its parser refused, in topo's: the flag or argument, then why
 * ("--by: 'owner' is not one of …", "<id>: 'abc' is not a UUID …"); the reason already quotes the value.
 */
function plainCommanderWords(text: string): string {
  return text
    .replace(/^error: command-argument value '.*?' is invalid for argument '([^']+)'\. /s, 'error: <$1>: ')
    .replace(/^error: option '(-\w, )?(--[\w-]+)[^']*' argument '.*?' is invalid\. /s, 'error: $2: ');
}

export function formatError(error: unknown, color: boolean): string {
  const palette = createPalette(color);
  const message = error instanceof Error ? error.message : String(error);
  const hint = hintFor(error);
  // Usage errors may list several problems (one per line); anything else is one line. Either way
  // nothing the server or the user sent can drive the terminal.
  const text = error instanceof UsageError ? sanitizeMultiline(message) : sanitizeInline(message.split('\n')[0] ?? '');
  return `${palette.red(`error: ${text}`)}${hint ? `\n${palette.dim(`hint: ${sanitizeInline(hint)}`)}` : ''}\n`;
}

/**
 * The command a line names, checked word by word: `topo help tasks ls` is `topo tasks ls --help`, and
 * an unknown subcommand is an error even with --help (instead of its parent's help).
 */
function resolveCommandLine(program: Command, argv: string[]): string[] {
  const args = argv[0] === 'help' ? [...argv.slice(1), '--help'] : argv;
  let command = program;
  const valueFlags = (cmd: Command) => cmd.options.filter((option) => option.required || option.optional).flatMap((option) => [option.long, option.short]);
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === '--') break;
    if (word.startsWith('-')) {
      if (!word.includes('=') && [...valueFlags(command), ...valueFlags(program)].includes(word)) i++;
      continue;
    }
    if (command.commands.length === 0) break;
    const next = command.commands.find((sub) => sub.name() === word || sub.aliases().includes(word));
    if (!next) {
      const names = command.commands.filter((sub) => !(sub as unknown as { _hidden?: boolean })._hidden).flatMap((sub) => [sub.name(), ...sub.aliases()]);
      throw new UsageError(`unknown command '${word}' for '${[...commandPath(command)].join(' ')}'${didYouMean(word, names)}`, `\`${[...commandPath(command), '--help'].join(' ')}\` lists its commands: ${names.join(', ')}`);
    }
    command = next;
  }
  return args;
}

function commandPath(command: Command): string[] {
  const path: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) path.unshift(current.name());
  return path;
}

/** Parses argv, runs the command, prints any error; resolves to the exit code. */
export async function main(typed: string[], io: Io): Promise<number> {
  // The version needs no command tree: the one call scripts and package managers make most.
  if (typed.length === 1 && (typed[0] === '--version' || typed[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  let argv: string[];
  try {
    const expanded = expandAliases(typed, io.env);
    argv = expanded.argv;
    if (expanded.explained) io.stdout.write(sanitizeMultiline(expanded.explained));
  } catch (error) {
    io.stderr.write(formatError(error, colorEnabled(io.stderr, io.env, typed.includes('--no-color') ? false : undefined)));
    return exitCodeOf(error);
  }
  const state: RunState = { exitCode: 0 };
  const program = buildProgram(io, state, argv);
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(resolveCommandLine(program, argv), { from: 'user' });
    return stoppedCode(state, state.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      // A command group without a subcommand: its help was shown.
      if (error.code === 'commander.executeSubCommandAsync') return 0;
      return ExitCode.usage;
    }
    const aborted = state.runtime?.interrupt.signal.aborted;
    const shown = aborted && !(error instanceof UsageError) ? new InterruptedError(error instanceof InterruptedError ? error.message : 'interrupted') : error;
    const color = colorEnabled(io.stderr, io.env, state.runtime?.globals.color ?? (argv.includes('--no-color') ? false : undefined), profileColor(state));
    // A server may echo a secret in its error: redacted here too, as in everything a command writes.
    io.stderr.write(redact(formatError(shown, color), state.runtime?.secrets ?? new Set()));
    // An unexpected error (a bug, not an API or usage failure): --debug shows where.
    if (!(error instanceof TopoError) && state.runtime?.globals.debug) io.stderr.write(`${(error as Error).stack}\n`);
    return stoppedCode(state, aborted ? ExitCode.interrupted : exitCodeOf(error));
  }
}

/** The profile's colour setting, if the config can be read: the error being reported may be that it cannot. */
function profileColor(state: RunState): string | undefined {
  try {
    return state.runtime?.profile.color;
  } catch {
    return undefined;
  }
}

/** A run stopped by SIGTERM exits 143 (128 + 15), as a shell reports it; by Ctrl-C, 130. */
function stoppedCode(state: RunState, code: number): number {
  return code === ExitCode.interrupted && state.stopSignal === 'SIGTERM' ? ExitCode.terminated : code;
}
