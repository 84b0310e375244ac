// topo users alias ls: the profile's aliases (and, with --sandbox, the demo reps').
import { Command } from 'commander';
import { examples, type CommandContext } from '../../../../cmdutil/command.ts';
import { csvRecords } from '../../../../render/csv.ts';
import { write } from '../../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../../render/sanitize.ts';

export function aliasLsCommand(ctx: CommandContext): Command {
  return new Command('ls').alias('list').description('list aliases')
    .addHelpText('after', examples('topo users alias ls', 'topo users alias ls --json'))
    .action(ctx.action(async (rt, command) => {
      const aliases = rt.aliases;
      if (command.optsWithGlobals().json) return void (await write(rt.io.stdout, `${safeJson(aliases, 2)}\n`));
      if (command.optsWithGlobals().csv) return void (await write(rt.io.stdout, csvRecords(Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b)).map(([alias, id]) => ({ alias, id })), ['alias', 'id'])));
      await write(rt.io.stdout, Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b)).map(([name, id]) => `${sanitizeInline(name)}\t${sanitizeInline(id)}\n`).join(''));
    }, { csv: true }));
}
