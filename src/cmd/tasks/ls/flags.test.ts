// `tasks ls` flag parsing through its replaceable run: what the run receives, and which
// combinations are refused (exit 2) before the run is reached.
import { describe, expect, it } from 'vitest';
import { expectRefused, parseVerb } from '../../../../test/support/verb.ts';
import { lsCommand } from './ls.ts';
import type { LsOptions } from './run.ts';

const parse = (...argv: string[]) => parseVerb<LsOptions>((ctx, capture) => lsCommand(ctx, (_rt, options) => capture(options)), ['tasks'], ['ls', ...argv]);

describe('tasks ls flags', () => {
  it('normalizes enum case and merges repeated, comma-separated lists without duplicates', async () => {
    const { options, code } = await parse('-s', 'pending', '--types', 'call,EMAIL_REPLY', '-t', 'Call', '-t', 'linkedin_reply', '-p', 'hot', '--size', '50');
    expect(code).toBe(0);
    expect(options).toMatchObject({ status: 'PENDING', types: ['CALL', 'EMAIL_REPLY', 'LINKEDIN_REPLY'], priorities: ['HOT'], size: 50 });
  });

  it('takes global flags after the verb and the list alias', async () => {
    const viaAlias = await parseVerb<LsOptions>((ctx, capture) => lsCommand(ctx, (_rt, options) => capture(options)), ['tasks'], ['list', '--json', '-L', '25']);
    expect(viaAlias.options).toMatchObject({ json: true, limit: 25 });
  });

  it.each([
    [['--all', '--limit', '5'], '--all and --limit'],
    [['--page', '2', '--all'], '--page'],
    [['--json', '--ndjson'], '--json and --ndjson'],
    [['--fields', 'id,contact.name'], 'contact fields need --with-contact'],
    [['--size', '0'], '--size'],
    [['--status', 'DONE'], 'PENDING'],
    [['--types', 'FAX'], 'CALL'],
    [['--sequence', 'not-a-uuid'], '--sequence'],
    [['--created-after', 'last tuesday'], '--created-after'],
  ])('refuses %j with exit 2 and never runs', async (argv, message) => {
    expectRefused(await parse(...argv), message);
  });
});
