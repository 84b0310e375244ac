// topo alias list: the saved command aliases (a table on a terminal; name TAB expansion in a pipe; --json, --csv).
import { Command } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import { commandAliases } from '../../../cmdutil/command-aliases.ts';
import { csvRecords } from '../../../render/csv.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import { renderTable } from '../../../render/table.ts';

export function aliasListCommand(ctx: CommandContext): Command {
  return new Command('list').alias('ls').description('list command aliases')
    .addHelpText('after', examples('topo alias list', 'topo alias list --json'))
    .action(ctx.action(async (rt, command) => {
      const options = optionsOf<{ json?: boolean; csv?: boolean }>(command);
      const aliases = Object.entries(commandAliases(rt.config)).sort(([a], [b]) => a.localeCompare(b));
      if (options.json) return void (await write(rt.io.stdout, `${safeJson(Object.fromEntries(aliases), 2)}\n`));
      if (options.csv) return void (await write(rt.io.stdout, csvRecords(aliases.map(([name, expansion]) => ({ name, expansion })), ['name', 'expansion'])));
      if (!rt.stdoutIsTty) return void (await write(rt.io.stdout, aliases.map(([name, expansion]) => `${sanitizeInline(name)}\t${sanitizeInline(expansion)}\n`).join('')));
      if (aliases.length === 0) return void rt.io.stderr.write("no command aliases: topo alias set hot 'tasks triage -p HOT -a $1' makes one\n");
      await write(rt.io.stdout, await renderTable({ head: ['ALIAS', 'EXPANDS TO'], rows: aliases.map(([name, expansion]) => [sanitizeInline(name), sanitizeInline(expansion)]), width: rt.io.stdout.columns }, rt.out.bold));
    }, { csv: true }));
}
