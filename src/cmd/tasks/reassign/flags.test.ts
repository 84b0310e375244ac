// `tasks reassign` flag parsing through its replaceable runs: which mode the flags choose, what
// that mode receives, and the combinations refused (exit 2) before either mode runs.
import { describe, expect, it } from 'vitest';
import { expectRefused, parseVerb } from '../../../../test/support/verb.ts';
import { reassignCommand } from './reassign.ts';

type Received = { mode: 'ids'; ids: string[]; options: Record<string, unknown> } | { mode: 'offboard'; options: Record<string, unknown> };

const ID = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const parse = (...argv: string[]) => parseVerb<Received>((ctx, capture) => reassignCommand(ctx, {
  ids: async (_rt, ids, options) => capture({ mode: 'ids', ids, options: { ...options } }),
  offboard: async (_rt, options) => capture({ mode: 'offboard', options: { ...options } }),
}), ['tasks'], ['reassign', ...argv]);

describe('tasks reassign flags', () => {
  it('moves task ids to one target, scope TASK unless asked otherwise (any case)', async () => {
    const plain = await parse(ID, '--to', 'ana');
    expect(plain.options).toMatchObject({ mode: 'ids', ids: [ID], options: { to: 'ana', scope: 'TASK' } });
    const sequence = await parse(ID, '--to', 'ana', '--scope', 'sequence', '-y');
    expect(sequence.options).toMatchObject({ mode: 'ids', options: { scope: 'SEQUENCE', yes: true } });
  });

  it('offboards with --from, several targets merged from repeats and commas', async () => {
    const { options, code } = await parse('--from', 'bram', '--to', 'ana,chen', '--to', 'dee', '--strategy', 'round-robin', '-t', 'call', '--plan-out', 'plan.json');
    expect(code).toBe(0);
    expect(options).toMatchObject({ mode: 'offboard', options: { from: 'bram', to: ['ana', 'chen', 'dee'], strategy: 'round-robin', types: ['CALL'], planOut: 'plan.json' } });
  });

  it('takes --undo repeated for a run and its re-runs', async () => {
    const { options } = await parse('--undo', 'a.jsonl', '--undo', 'b.jsonl');
    expect(options).toMatchObject({ mode: 'offboard', options: { undo: ['a.jsonl', 'b.jsonl'] } });
  });

  it.each([
    [[ID], '--to'],
    [[ID, '--to', 'ana', '--to', 'chen'], 'give one --to'],
    [[ID, '--to', 'ana', '--strategy', 'balance'], '--strategy goes with --from'],
    [[ID, '--from', 'bram', '--to', 'ana'], 'cannot be combined with --from'],
    [['--from', 'bram', '--plan', 'plan.json'], 'pick one'],
    [['--plan', 'plan.json', '--to', 'ana'], 'targets come from the file'],
    [['--from', 'bram', '--to', 'ana', '--scope', 'TASK'], '--scope goes with task ids'],
    [['--from', 'bram', '--to', 'ana', '--plan-out', 'p.json', '--plan', 'q.json'], 'pick one'],
    [[ID, '--to', 'ana', '--scope', 'CAMPAIGN'], 'TASK'],
    [['--from', 'bram', '--to', 'ana', '--strategy', 'random'], 'balance'],
  ])('refuses %j with exit 2 and runs neither mode', async (argv, message) => {
    expectRefused(await parse(...argv), message);
  });
});
