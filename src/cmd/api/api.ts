// topo api <path>: an authenticated request to any endpoint through the same HTTP core (profile,
// base URL, key, retries, throttle, --debug), for what has no command yet. Flags as in `gh api`.
import { Command, Option } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../cmdutil/command.ts';
import { repeatedParser } from '../../cmdutil/flags.ts';
import type { Runtime } from '../../cmdutil/runtime.ts';
import type { ApiOptions } from './run.ts';

/** The group's line in `topo --help`, also shown before the group is built. */
export const SUMMARY = 'make an authenticated request to any Topo API endpoint and print the answer';

export type ApiRun = (rt: Runtime, path: string, options: ApiOptions) => Promise<number | void>;

export function apiCommand(ctx: CommandContext, run?: ApiRun): Command {
  const runApi: ApiRun = run ?? (async (...args) => (await import('./run.ts')).runApi(...args));
  return new Command('api').description(SUMMARY)
    .argument('<path>', 'endpoint below the base URL, e.g. /sequences or sequence-templates (a leading /v1 is fine)')
    .addOption(new Option('-X, --method <method>', 'HTTP method (default GET, or POST when fields or --input are given)'))
    .option('-f, --raw-field <key=value>', 'a string parameter: query for GET, JSON body otherwise (repeat a key for a list)', repeatedParser)
    .option('-F, --field <key=value>', 'a typed parameter: true, false, null and numbers as JSON, @file (or @-) for a file\'s contents', repeatedParser)
    .option('-H, --header <name:value>', 'an extra request header (repeatable)', repeatedParser)
    .option('--input <file>', 'the request body from a file, or - for stdin (sent as JSON)')
    .option('-i, --include', 'print the status line and headers before the body')
    .option('--paginate', 'fetch every page of a paginated list (concurrently) and print the items as one JSON array')
    .option('--ndjson', 'with --paginate: one item per line instead of one array')
    .addHelpText('after', examples(
      'topo api /me',
      'topo api /sequence-templates -f status=ACTIVE --paginate --jq \'.[].name\'',
      'topo api -X GET /tasks -f types=CALL -f types=EMAIL_REPLY -F size=5',
      'topo api /contacts --paginate --ndjson > contacts.ndjson',
      'topo api -X PATCH /tasks/<id>/assignee -f assignee_user_id=<uuid> -f scope=TASK',
      'topo --sandbox api /tasks -i',
    ))
    .action(ctx.action((rt, command) => runApi(rt, command.args[0]!, optionsOf<ApiOptions>(command)), {
      paged: true,
    }));
}
