// topo tasks cover: flags and the choice of mode; the runs are in run.ts (out, sweep),
// give-back.ts (--end, --due) and list.ts (--list).
import { Command, Option } from 'commander';
import { UsageError } from '../../../core/errors.ts';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import { enumListParser, listParser, parseWhen, repeatedParser } from '../../../cmdutil/flags.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { vocabulary } from '../../../providers/registry.ts';
import { addSafetyOptions } from '../shared/mutation.ts';
import type { CoverOptions } from './covers.ts';

export type CoverRun = (rt: Runtime, options: CoverOptions) => Promise<number>;

/** The modes, one per run; the flags that go only with starting (or re-running) a cover are refused with the others. */
export function coverMode(options: CoverOptions): 'start' | 'sweep' | 'end' | 'due' | 'list' {
  const modes = ([['--from', options.from !== undefined, 'start'], ['--sweep', Boolean(options.sweep), 'sweep'], ['--end', options.end !== undefined, 'end'], ['--due', Boolean(options.due), 'due'], ['--list', Boolean(options.list), 'list']] as const)
    .filter(([, given]) => given);
  if (modes.length === 0) throw new UsageError('tasks cover needs one of --from <user> (start or sweep a cover), --sweep, --end <user>, --due or --list', 'e.g. topo tasks cover --from ana --to chen --until 2026-12-08');
  if (modes.length > 1) throw new UsageError(`${modes.map(([flag]) => flag).join(' and ')} cannot be combined: pick one`);
  const mode = modes[0]![2];
  if (mode !== 'start') {
    const only = (['to', 'until', 'cap', 'types', 'priorities', 'action'] as const).filter((key) => options[key] !== undefined);
    if (only.length) throw new UsageError(`--${only[0]} goes with --from (starting or changing a cover), not with ${modes[0]![0]}`);
  }
  return mode;
}

export function coverCommand(ctx: CommandContext, run?: CoverRun): Command {
  const runCover: CoverRun = run ?? (async (rt, options) => (await import('./run.ts')).runCover(rt, options));
  return addSafetyOptions(new Command('cover')
    .description("cover an absence: move a rep's open work to colleagues until a date, sweep what lands meanwhile, give back what is untouched"))
    .option('--from <user>', 'the absent rep: starts a cover, or (again during it) sweeps what landed since')
    .option('--to <user>', 'a covering rep: id or alias, repeat or comma-separate, user:2 for twice the share', listParser)
    .option('--until <date>', 'the day the rep is back (YYYY-MM-DD, an ISO time, or +7d): --due gives back from then', (raw: string) => parseWhen(raw))
    .option('--cap <user=n>', 'this covering rep holds at most n open tasks after the move (repeatable)', repeatedParser)
    .addOption(new Option('-t, --types <types>', `only these task types are covered: ${vocabulary('types').join('|')}`).argParser(enumListParser(vocabulary('types'))))
    .addOption(new Option('-p, --priorities <priorities>', `only these priorities are covered: ${vocabulary('priorities').join('|')}`).argParser(enumListParser(vocabulary('priorities'))))
    .addOption(new Option('--action <actions>', `Outreach: only these actions count and move: ${vocabulary('action').join('|')}`).argParser(enumListParser(vocabulary('action'))))
    .option('--sweep', 'every active cover: move what landed on the absent rep since (for cron)')
    .option('--end <user>', 'give back now: each covered task still open with the rep it went to returns')
    .option('--due', 'end every cover whose date has passed, and finish interrupted give-backs (for cron)')
    .option('--list', 'the covers of this profile: active and ended, with tasks out and back')
    .addHelpText('after', examples(
      'topo tasks cover --from ana --to chen --to dana --until 2026-12-08 --yes',
      'topo tasks cover --sweep --yes        # cron, hourly',
      'topo tasks cover --due --yes          # cron, daily',
      'topo tasks cover --end ana --yes',
      'topo tasks cover --list',
    ))
    .action(ctx.action((rt, command) => {
      const options = optionsOf<CoverOptions>(command);
      return runCover(rt, { ...options, mode: coverMode(options) });
    }, { csv: true }));
}
