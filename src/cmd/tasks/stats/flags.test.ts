// `tasks stats` flag parsing through its replaceable run.
import { describe, expect, it } from 'vitest';
import { expectRefused, parseVerb } from '../../../../test/support/verb.ts';
import { statsCommand } from './stats.ts';
import type { StatsQuery } from './run.ts';

const parse = (...argv: string[]) => parseVerb<StatsQuery>((ctx, capture) => statsCommand(ctx, (_rt, options) => capture(options)), ['tasks'], ['stats', ...argv]);

describe('tasks stats flags', () => {
  it('groups by assignee unless --by says otherwise', async () => {
    expect((await parse()).options).toMatchObject({ by: 'assignee' });
    expect((await parse('--by', 'Type', '--then', 'status', '--status', 'open')).options).toMatchObject({ by: 'type', then: 'status', status: 'open' });
  });

  it.each([
    [['--by', 'type', '--then', 'type'], '--then must differ'],
    [['--by', 'colour'], 'assignee'],
    [['--sort', 'created'], "unknown option '--sort'"],
  ])('refuses %j with exit 2 and never runs', async (argv, message) => {
    expectRefused(await parse(...argv), message);
  });
});
