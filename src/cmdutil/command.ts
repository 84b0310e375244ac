// How a verb is wired: each verb's folder exports a factory `(ctx, run?) => Command` (gh's NewCmdX
// with its replaceable runF). The context turns a command body into a commander action that builds
// the Runtime, handles Ctrl-C and records the exit code.
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../core/errors.ts';
import { setAsideBrokenConfig } from '../config/store.ts';
import { withOutput, type Io, type StopSignal } from '../core/io.ts';
import { redact, redacting, sanitizeMultiline } from '../render/sanitize.ts';
import { lazyPager, pagerCommand } from './pager.ts';
import { Runtime, type GlobalOptions } from './runtime.ts';

export type CommandBody = (rt: Runtime, command: Command) => Promise<number | void>;

export interface CommandContext {
  io: Io;
  /**
   * `paged`: long output for people goes through the pager on a terminal. A command the profile's
   * provider lacks (its capabilities say so) is refused (exit 2) before anything is sent, saying why.
   * `createsProfile`: the command may name a profile that does not exist yet (login, config set,
   * alias set); any other command refuses an unknown --profile or TOPO_PROFILE (a typo).
   * `csv`: the command prints a list that --csv can take; any other refuses --csv (exit 2).
   */
  action(body: CommandBody, options?: { paged?: boolean; createsProfile?: boolean; csv?: boolean }): (...args: unknown[]) => Promise<void>;
}

/** What main() learns from the command that ran. */
export interface RunState {
  exitCode: number;
  /** What stopped the run, if anything did: 130 for Ctrl-C, 143 for SIGTERM. */
  stopSignal?: StopSignal;
  runtime?: Runtime;
}

export function createContext(io: Io, state: RunState): CommandContext {
  return {
    io,
    action: (body, options = {}) => async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const name = commandPathOf(command).slice(1).join(' ');
      const given = command.optsWithGlobals() as GlobalOptions & { ndjson?: boolean };
      const jq = given.jq;
      if (given.csv) {
        if (!options.csv) throw new UsageError(`--csv: topo ${name} prints no list to write as CSV; nothing was sent`, 'CSV goes with the commands that list: tasks ls, stats and sla, users ls, the per-task reports of changes, and the other lists (see README "CSV")');
        const other = given.json ? '--json' : given.ndjson ? '--ndjson' : jq !== undefined ? '--jq' : undefined;
        if (other) throw new UsageError(`--csv cannot be combined with ${other}: pick one format`);
      }
      // --jq: checked before anything is sent; the command prints JSON into a buffer that jq filters.
      const buffer = jq === undefined ? undefined : { text: '' };
      if (jq !== undefined) {
        await (await import('./jq.ts')).checkJq(jq);
        if (!command.optsWithGlobals().ndjson) rootOf(command).setOptionValue('json', true);
      }
      const globals = command.optsWithGlobals() as GlobalOptions;
      // A live view (--watch) redraws the terminal itself: never paged.
      const pagerCmd = buffer || command.opts().watch !== undefined ? undefined : pagerCommand(io, Boolean(options.paged) && globals.pager !== false);
      const pager = pagerCmd ? lazyPager(io, pagerCmd) : undefined;
      const stdout = buffer ? { write: (chunk: string) => { buffer.text += chunk; return true; }, isTTY: false } : pager ?? io.stdout;
      // --quiet: the command's stderr goes nowhere; errors are printed by main() on the real one.
      const stderr = globals.quiet ? { write: () => true, isTTY: io.stderr.isTTY, columns: io.stderr.columns } : io.stderr;
      // Every secret the run learns (the stored one, a sandbox's, a renewed token) is redacted from
      // all it writes, also when a server echoes it back.
      const secrets = new Set<string>();
      const rt = new Runtime(globals, withOutput(io, redacting(stdout, secrets), redacting(stderr, secrets)), secrets, stdout);
      state.runtime = rt;
      if (!options.createsProfile) rt.requireKnownProfile();
      else {
        rt.repairing = true;
        const aside = setAsideBrokenConfig(rt.configDir);
        if (aside) rt.io.stderr.write(rt.err.yellow(`warning: the config file was not valid JSON: kept as ${aside}; this command starts a new one\n`));
      }
      // An unknown provider is reported by the first command that needs one (config commands fix it).
      const lacking = knownSpec(rt)?.capabilities.lacks[name];
      if (lacking) {
        throw new UsageError(`${name} does not exist on ${rt.spec.title}: ${lacking.why}; nothing was sent`,
          lacking.instead ?? `profile '${rt.profileName}' speaks ${rt.provider}; use a profile whose provider has it, or --provider <name>`);
      }
      let interrupts = 0;
      const stopListening = io.onInterrupt((signal) => {
        interrupts++;
        state.stopSignal ??= signal;
        if (interrupts === 1) {
          io.stderr.write(`\n${signal === 'SIGTERM' ? 'terminated (SIGTERM)' : 'interrupted'}: stopping; nothing more is sent, requests in flight finish first (${signal === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'} again to stop waiting)\n`);
          rt.interrupt.abort();
        } else rt.quit.abort();
      });
      try {
        const code = await body(rt, command);
        state.exitCode = code ?? (rt.interrupt.signal.aborted ? ExitCode.interrupted : 0);
        if (buffer && jq !== undefined) {
          // jq prints strings raw (like jq -r): to a pipe as they are, to a terminal sanitized, as every output of topo is.
          const filtered = await (await import('./jq.ts')).runJq(jq, buffer.text);
          io.stdout.write(redact(io.stdout.isTTY ? sanitizeMultiline(filtered) : filtered, secrets));
        }
      } finally {
        stopListening();
        await pager?.close();
        await rt.close();
      }
    },
  };
}

function knownSpec(rt: Runtime) {
  try {
    return rt.spec;
  } catch {
    return undefined;
  }
}

/** `topo tasks ls`: the words naming a command. */
export function commandPathOf(command: Command): string[] {
  const words: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) words.unshift(current.name());
  return words;
}

/** The program a command belongs to. */
export function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}

/** The options of a command and the global ones (--json, --profile, …) together. */
export function optionsOf<T>(command: Command): T {
  return command.optsWithGlobals() as T;
}
