// Flag parsing of one verb, through its replaceable run function (gh's runF): the verb is mounted
// under a program with topo's global flags, argv is parsed, and the options its run receives are
// returned. Nothing is sent anywhere.
import { Command } from 'commander';
import { expect } from 'vitest';
import { addGlobalOptions } from '../../src/cli.ts';
import { createContext, type CommandContext } from '../../src/cmdutil/command.ts';
import { refuseRepeats } from '../../src/cmdutil/flags.ts';
import { createTestIo } from '../../src/core/test-io.ts';
import { ExitCode, TopoError } from '../../src/core/errors.ts';

export interface Parsed<T> {
  /** What the run function received, when it was called. */
  options?: T;
  /** The exit code a usage error would give (commander's or the verb's own checks). */
  code: number;
  stderr: string;
}

/**
 * `mount(ctx, capture)` builds the verb with `capture` as its run; `path` is where it hangs
 * (['tasks'] for `tasks ls`).
 */
export async function parseVerb<T>(mount: (ctx: CommandContext, capture: (options: T) => Promise<number>) => Command, path: string[], argv: string[]): Promise<Parsed<T>> {
  const io = createTestIo({ env: { TOPO_CONFIG_DIR: '/nonexistent-topo-test-config' } });
  const state = { exitCode: 0 };
  const ctx = createContext(io, state);
  let options: T | undefined;
  const program = addGlobalOptions(new Command('topo'));
  let parent = program;
  for (const name of path) {
    const group = new Command(name);
    parent.addCommand(group);
    parent = group;
  }
  parent.addCommand(mount(ctx, async (received) => {
    options = received;
    return 0;
  }));
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut: () => undefined, writeErr: (text) => io.stderr.write(text) });
    for (const option of command.options) refuseRepeats(option);
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
  try {
    await program.parseAsync([...path, ...argv], { from: 'user' });
    return { options, code: 0, stderr: io.stderr.text };
  } catch (error) {
    if (error instanceof TopoError) return { options, code: error.exitCode, stderr: `${io.stderr.text}${error.message}` };
    return { options, code: ExitCode.usage, stderr: io.stderr.text };
  }
}

/** A usage error: exit 2, the verb's run never called, and stderr naming what was wrong. */
export function expectRefused(parsed: Parsed<unknown>, message: string): void {
  expect(parsed.code).toBe(ExitCode.usage);
  expect(parsed.options).toBeUndefined();
  expect(parsed.stderr).toContain(message);
}
