// `tasks skip` / `tasks show` flag parsing through their replaceable runs.
import { describe, expect, it } from 'vitest';
import { expectRefused, parseVerb } from '../../../../test/support/verb.ts';
import type { MutationOptions } from '../shared/mutation.ts';
import { changeCommand } from '../shared/change.ts';
import { showCommand } from '../show/show.ts';

const ID = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
type Received = { transition: string; ids: string[]; options: MutationOptions };
const skip = (...argv: string[]) => parseVerb<Received>((ctx, capture) => changeCommand(ctx, 'skip', async (_rt, transition, ids, options) => capture({ transition, ids, options })), ['tasks'], ['skip', ...argv]);

describe('tasks skip flags', () => {
  it('passes ids (or - for stdin) and the safety flags to the run', async () => {
    const { options } = await skip(ID, '-', '--yes', '-n', '--concurrency', '3');
    expect(options).toMatchObject({ transition: 'skip', ids: [ID, '-'], options: { yes: true, dryRun: true, concurrency: 3 } });
  });

  it.each([
    [[], "missing required argument 'ids'"],
    [[ID, '--concurrency', '0'], '--concurrency'],
    [[ID, '--concurrency', '2', '--concurrency', '3'], 'given more than once: --concurrency'],
  ])('refuses %j with exit 2 and never runs', async (argv, message) => {
    expectRefused(await skip(...argv), message);
  });
});

describe('tasks show flags', () => {
  const show = (...argv: string[]) => parseVerb<string>((ctx, capture) => showCommand(ctx, async (_rt, id) => capture(id)), ['tasks'], ['show', ...argv]);

  it('reads the id as a UUID, whatever its case', async () => {
    expect((await show(ID.toUpperCase())).options?.toLowerCase()).toBe(ID);
  });

  it('refuses an id that is neither a UUID nor an Outreach integer with exit 2', async () => {
    expectRefused(await show('4a2'), 'not a UUID');
    expectRefused(await show('-1'), 'not a UUID');
  });

  it('passes an integer id on (an Outreach id; a Topo profile refuses it in the run)', async () => {
    expect((await show('4711')).options).toBe('4711');
  });
});
