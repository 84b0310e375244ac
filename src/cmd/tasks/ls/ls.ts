// topo tasks ls: flags, options and their validation. The run is in run.ts, loaded when used.
import { Command } from 'commander';
import { PROVIDER_SPECS } from '../../../providers/registry.ts';
import { UsageError } from '../../../core/errors.ts';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import { fieldsParser, intParser } from '../../../cmdutil/flags.ts';
import { watchParser } from '../../../cmdutil/watch.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { addFilterOptions } from '../shared/filters.ts';
import type { LsOptions } from './run.ts';

export type LsRun = (rt: Runtime, options: LsOptions) => Promise<number | void>;

export function checkLsOptions(options: LsOptions): void {
  if (options.all && options.limit !== undefined) throw new UsageError('--all and --limit cannot be combined: --all fetches every task, --limit <n> the first n');
  if ((options.all || options.limit !== undefined) && options.page !== undefined) throw new UsageError('--page selects one page: it cannot be combined with --all or --limit');
  if (options.json && options.ndjson) throw new UsageError('--json and --ndjson cannot be combined: pick one output format');
  const contactFields = options.fields?.filter((field) => field.toLowerCase().startsWith('contact.')) ?? [];
  if (contactFields.length && !options.withContact) throw new UsageError(`--fields ${contactFields.join(',')}: contact fields need --with-contact`);
}

export function lsCommand(ctx: CommandContext, run?: LsRun): Command {
  const runLs: LsRun = run ?? (async (rt, options) => (await import('./run.ts')).runLs(rt, options));
  return addFilterOptions(new Command('ls').alias('list').description('list tasks with every filter the API has'))
    .option('--page <n>', 'page number (from 1)', intParser(1))
    .option('--size <n>', `tasks per page (${PROVIDER_SPECS.map((spec) => `${spec.title} ${spec.pageSize.min}..${spec.pageSize.max}, default ${spec.pageSize.default}`).join('; ')}), or config page-size`,
      intParser(Math.min(...PROVIDER_SPECS.map((spec) => spec.pageSize.min)), Math.max(...PROVIDER_SPECS.map((spec) => spec.pageSize.max))))
    .option('-L, --limit <n>', 'fetch pages until n tasks', intParser(1))
    .option('--all', 'fetch every matching task (pages fetched concurrently)')
    .option('--ndjson', 'one JSON object per line, streamed as pages arrive')
    .option('--fields <list>', 'only these fields, in this order (every format); contact.name etc. with --with-contact', fieldsParser)
    .option('--with-contact', 'add who each task is about (contact name, title, company) to JSON, NDJSON and TSV')
    .option('--watch [interval]', 'on a terminal: redraw every interval (default 30s, at least 5s) with what changed; Ctrl-C stops', watchParser)
    .addHelpText('after', examples(
      'topo tasks ls --status PENDING --types CALL,EMAIL_REPLY --priorities HOT',
      'topo tasks ls --assignee ana --created-after 7d --sort updated --order desc',
      'topo tasks ls --all --ndjson | jq -c \'select(.priority=="HOT")\'',
      'topo tasks ls --status PENDING --all --fields id,type | cut -f1',
      'topo --provider outreach tasks ls --state incomplete --owner ana@example.com --due-before tomorrow --sort due',
    ))
    .action(ctx.action(async (rt, command) => {
      const options = optionsOf<LsOptions>(command);
      checkLsOptions(options);
      return runLs(rt, options);
    }, { paged: true, csv: true }));
}
