// topo config profiles ls: every profile, the current one marked.
import { Command } from 'commander';
import { examples, type CommandContext } from '../../../../cmdutil/command.ts';
import { csvRecords } from '../../../../render/csv.ts';
import { write } from '../../../../render/output.ts';
import { safeJson } from '../../../../render/sanitize.ts';

export function profilesLsCommand(ctx: CommandContext): Command {
  return new Command('ls').alias('list').description('list profiles; * marks the one in use')
    .addHelpText('after', examples('topo config profiles ls', 'topo config profiles ls --json'))
    .action(ctx.action(async (rt, command) => {
      const names = Object.keys(rt.config.profiles ?? {});
      if (command.optsWithGlobals().json) return void (await write(rt.io.stdout, `${safeJson({ current: rt.profileName, profiles: names }, 2)}\n`));
      if (command.optsWithGlobals().csv) return void (await write(rt.io.stdout, csvRecords(names.map((name) => ({ profile: name, current: name === rt.profileName })), ['profile', 'current'])));
      await write(rt.io.stdout, names.map((name) => `${name === rt.profileName ? '*' : ' '} ${name}\n`).join(''));
    }, { csv: true }));
}
