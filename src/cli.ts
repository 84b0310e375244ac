// The command tree. Commands parse options and hand them to their `run` function; errors become
// one line on stderr, a hint, and the documented exit code.
import { Command, CommanderError, Option } from 'commander';
import { PAGE_SIZE_MAX, PAGE_SIZE_MIN } from './contract.ts';
import { ExitCode, exitCodeOf, InterruptedError, TopoError, UsageError } from './http/errors.ts';
import { fieldsParser, intParser, uuidParser } from './lib/parse.ts';
import { Runtime, type GlobalOptions, type Io } from './runtime.ts';
import { colorEnabled, createPalette } from './render/color.ts';
import { VERSION } from './version.ts';
import { addFilterOptions } from './commands/tasks/filters.ts';
import { registerMutationCommands } from './commands/tasks/register-mutations.ts';
import { registerUsersCommands } from './commands/users/register.ts';
import { registerCompletionCommand } from './completion/command.ts';
import { registerSandboxCommand } from './sandbox/command.ts';

export const EXIT_CODES_HELP = `
Exit codes:
  0    ok
  1    failure: other API errors; some tasks of a bulk run failed
  2    invalid usage or input; nothing was sent
  3    authentication or permission (401, 403, missing tasks:write scope)
  4    not found
  5    conflict: illegal state transition
  6    network, timeout or rate limit still failing after retries
  130  interrupted (Ctrl-C)`;

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}

/** Runs a command's body with a Runtime, Ctrl-C handling and cleanup; records its exit code. */
export type CommandBody = (rt: Runtime, command: Command) => Promise<number | void>;

export interface Cli {
  program: Command;
  action: (body: CommandBody) => (...args: unknown[]) => Promise<void>;
}

export function buildProgram(io: Io, state: { exitCode: number; runtime?: Runtime }, argv: readonly string[] = []): Cli {
  const program = new Command('topo');
  const palette = createPalette(colorEnabled(io.stderr, io.env, !argv.includes('--no-color')));

  const action = (body: CommandBody) => async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const globals = command.optsWithGlobals() as GlobalOptions;
    const rt = new Runtime(globals, io);
    state.runtime = rt;
    let interrupts = 0;
    const onSigint = () => {
      interrupts++;
      if (interrupts > 1) process.exit(ExitCode.interrupted);
      io.stderr.write('\ninterrupted: stopping; requests in flight finish first (Ctrl-C again to quit now)\n');
      rt.interrupt.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      const code = await body(rt, command);
      state.exitCode = code ?? (rt.interrupt.signal.aborted ? ExitCode.interrupted : 0);
    } finally {
      process.off('SIGINT', onSigint);
      await rt.close();
    }
  };

  program
    .name('topo')
    .description('Sales-ops task triage on the Topo Tasks API: list, read, skip, reopen and reassign tasks.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option('--profile <name>', 'config profile (env TOPO_PROFILE; default: the current profile, else "default")')
    .option('--base-url <url>', 'API base URL (env TOPO_BASE_URL; default https://api.topo.io)')
    .option('--sandbox', 'run against an embedded sandbox API with demo data (env TOPO_SANDBOX=1)')
    .option('--json', 'print JSON instead of text')
    .option('--debug', 'trace HTTP requests on stderr (the key is redacted)')
    .option('--timeout <ms>', 'per-request timeout in ms (default 30000)', intParser(1))
    .option('--max-retries <n>', 'retries of a failing request (default 4)', intParser(0, 20))
    .option('--no-color', 'no colour (also NO_COLOR)')
    .enablePositionalOptions(false)
    .showSuggestionAfterError(true)
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's defaults would create process.stdout/stderr just to ask about width and colour.
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
      getOutHasColors: () => colorEnabled(io.stdout, io.env, !argv.includes('--no-color')),
      getErrHasColors: () => colorEnabled(io.stderr, io.env, !argv.includes('--no-color')),
      outputError: (text, write) => write(palette.red(text.trimEnd()) + '\n'),
    })
    .addHelpText('after', `${EXIT_CODES_HELP}
${examples(
    'topo --sandbox tasks ls --status PENDING --types CALL',
    'topo tasks ls --priorities HOT --all --json | jq -r \'.[].id\'',
    'topo tasks ls --status PENDING --types CALL --json | topo tasks skip - --yes',
  )}`);

  const tasks = program.command('tasks').description('list, read and act on tasks')
    .addHelpText('after', examples('topo tasks ls --status PENDING --types CALL', 'topo tasks show <id>', 'topo tasks reassign --from bram --to ana --yes'));

  addFilterOptions(tasks.command('ls').alias('list').description('list tasks with every filter the API has'))
    .option('--page <n>', 'page number (from 1)', intParser(1))
    .option('--size <n>', `tasks per page, 1..${PAGE_SIZE_MAX} (default 10, or config page-size)`, intParser(PAGE_SIZE_MIN, PAGE_SIZE_MAX))
    .option('--limit <n>', 'fetch pages until n tasks', intParser(1))
    .option('--all', 'fetch every matching task (pages fetched concurrently)')
    .option('--ndjson', 'one JSON object per line, streamed as pages arrive')
    .option('--fields <list>', 'only these fields, in this order (every format)', fieldsParser)
    .addHelpText('after', examples(
      'topo tasks ls --status PENDING --types CALL,EMAIL_REPLY --priorities HOT',
      'topo tasks ls --assignee ana --created-after 7d --sort updated --order desc',
      'topo tasks ls --all --ndjson | jq -c \'select(.priority=="HOT")\'',
      'topo tasks ls --status PENDING --fields id,type | cut -f1',
    ))
    .action(action(async (rt, command) => (await import('./commands/tasks/ls.ts')).runLs(rt, { ...command.opts(), json: command.optsWithGlobals().json })));

  tasks.command('show').description('show every field of one task')
    .argument('<id>', 'task UUID', uuidParser)
    .addHelpText('after', examples('topo tasks show 3c90c3cc-0d44-4b50-8888-8dd25736052a', 'topo tasks show <id> --json | jq .status'))
    .action(action(async (rt, command) => (await import('./commands/tasks/show.ts')).runShow(rt, command.processedArgs[0] as string, { json: command.optsWithGlobals().json })));

  tasks.command('thread').description("show a task's email/LinkedIn conversation, oldest first")
    .argument('<id>', 'task UUID', uuidParser)
    .addHelpText('after', examples('topo tasks thread <id>', 'topo tasks thread <id> --json | jq -r \'.[-1].body\''))
    .action(action(async (rt, command) => (await import('./commands/tasks/thread.ts')).runThread(rt, command.processedArgs[0] as string, { json: command.optsWithGlobals().json })));


  registerMutationCommands(tasks, action);

  addFilterOptions(tasks.command('stats').description('count tasks (open ones by default) by assignee, type, priority or status'))
    .addOption(new Option('--by <dimension>', 'group by').choices(['assignee', 'type', 'priority', 'status']).default('assignee'))
    .addOption(new Option('--then <dimension>', 'and within each group by').choices(['assignee', 'type', 'priority', 'status']))
    .addHelpText('after', examples(
      'topo tasks stats --by assignee --then priority',
      'topo tasks stats --by type --then status --created-after 7d',
      'topo tasks stats --by assignee --json | jq \'.groups | max_by(.count)\'',
    ))
    .action(action(async (rt, command) => (await import('./commands/tasks/stats.ts')).runStats(rt, { ...command.opts(), json: command.optsWithGlobals().json })));

  addFilterOptions(tasks.command('triage').description('walk the open queue, HOT first: skip, reassign or read each task with one key'))
    .addHelpText('after', examples('topo tasks triage', 'topo tasks triage --assignee ana --types EMAIL_REPLY,LINKEDIN_REPLY', 'topo tasks triage --priorities HOT'))
    .action(action(async (rt, command) => (await import('./commands/tasks/triage.ts')).runTriage(rt, command.opts())));

  const auth = program.command('auth').description('log in, check and forget the API key')
    .addHelpText('after', examples('topo auth login', 'printf %s "$TOPO_KEY" | topo auth login --with-token', 'topo auth status'));
  auth.command('login').description('store an API key for the profile after checking it with the API')
    .option('--with-token', 'read the key from stdin (for CI)')
    .addHelpText('after', examples('topo auth login', 'printf %s "$TOPO_KEY" | topo auth login --with-token --profile ci'))
    .action(action(async (rt, command) => (await import('./commands/auth/auth.ts')).runLogin(rt, command.opts())));
  auth.command('status').description('show the profile, base URL, where the key comes from, and whether the API accepts it')
    .addHelpText('after', examples('topo auth status', 'topo auth status --json | jq .accepted'))
    .action(action(async (rt, command) => (await import('./commands/auth/auth.ts')).runStatus(rt, { json: command.optsWithGlobals().json })));
  auth.command('logout').description("remove the profile's stored key")
    .addHelpText('after', examples('topo auth logout', 'topo auth logout --profile ci'))
    .action(action(async (rt) => (await import('./commands/auth/auth.ts')).runLogout(rt)));

  const config = program.command('config').description('read and change per-profile defaults')
    .addHelpText('after', examples('topo config list', 'topo config set page-size 50', 'topo config use staging'));
  config.command('get').argument('<key>', 'base-url | page-size | color').description('print one setting (exit 1 when unset)')
    .addHelpText('after', examples('topo config get base-url'))
    .action(action(async (rt, command) => (await import('./commands/config/config.ts')).runConfigGet(rt, command.args[0]!)));
  config.command('set').argument('<key>', 'base-url | page-size | color').argument('<value>').description('change one setting of the profile')
    .addHelpText('after', examples('topo config set page-size 50', 'topo config set base-url https://api.topo.io --profile staging'))
    .action(action(async (rt, command) => (await import('./commands/config/config.ts')).runConfigSet(rt, command.args[0]!, command.args[1]!)));
  config.command('list').description("print the profile's settings")
    .addHelpText('after', examples('topo config list', 'topo config list --json'))
    .action(action(async (rt, command) => (await import('./commands/config/config.ts')).runConfigList(rt, { json: command.optsWithGlobals().json })));
  config.command('path').description('print where the config file is')
    .addHelpText('after', examples('topo config path', 'ls -l "$(topo config path)"'))
    .action(action(async (rt) => (await import('./commands/config/config.ts')).runConfigPath(rt)));
  config.command('use').argument('<profile>').description('make a profile the default')
    .addHelpText('after', examples('topo config use staging'))
    .action(action(async (rt, command) => (await import('./commands/config/config.ts')).runConfigUse(rt, command.args[0]!)));

  registerUsersCommands(program, action);
  registerSandboxCommand(program, action);
  registerCompletionCommand(program, action);

  // Every command: commander errors exit 2 (usage) instead of 1.
  const configure = (command: Command) => {
    command.exitOverride();
    command.showSuggestionAfterError(true);
    if (command !== program) command.configureOutput(program.configureOutput());
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
  return { program, action };
}

export function formatError(error: unknown, color: boolean): string {
  const palette = createPalette(color);
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof TopoError && error.hint ? `\n${palette.dim(`hint: ${error.hint}`)}` : '';
  // Usage errors may list several problems (one per line); anything else is one line.
  const text = error instanceof UsageError ? message : message.split('\n')[0];
  return `${palette.red(`error: ${text}`)}${hint}\n`;
}

/** Parses argv, runs the command, prints any error; resolves to the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const state: { exitCode: number; runtime?: Runtime } = { exitCode: 0 };
  const { program } = buildProgram(io, state, argv);
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      // A command group without a subcommand: its help was shown.
      if (error.code === 'commander.executeSubCommandAsync') return 0;
      return ExitCode.usage;
    }
    const aborted = state.runtime?.interrupt.signal.aborted;
    const shown = aborted && !(error instanceof UsageError) ? new InterruptedError(error instanceof InterruptedError ? error.message : 'interrupted') : error;
    io.stderr.write(formatError(shown, colorEnabled(io.stderr, io.env, state.runtime?.globals.color ?? !argv.includes('--no-color'))));
    // An unexpected error (a bug, not an API or usage failure): --debug shows where.
    if (!(error instanceof TopoError) && state.runtime?.globals.debug) io.stderr.write(`${(error as Error).stack}\n`);
    return aborted ? ExitCode.interrupted : exitCodeOf(error);
  }
}
