// The triage summary and undo stack: what a person reads when triage ends, and what u takes back.
import { describe, expect, it } from 'vitest';
import { OUTREACH } from '../../../providers/outreach/spec.ts';
import type { NormalTask } from '../../../providers/types.ts';
import { describeChange, TriageHistory } from './history.ts';

interface Card { id: string; status: string; owner: string }
const describeCard = (before: Card, after: Card): Array<[string, string]> => [
  ...(after.status !== before.status ? [[after.status, after.status] as [string, string]] : []),
  ...(after.owner !== before.owner ? [['reassigned', `reassigned to ${after.owner}`] as [string, string]] : []),
];

describe('TriageHistory', () => {
  it('lists each task once, from its first state to its last, counted in the given order', () => {
    const history = new TriageHistory<Card>();
    const a0 = { id: 'a', status: 'open', owner: 'ana' };
    const b0 = { id: 'b', status: 'open', owner: 'ana' };
    history.record('b', b0, { ...b0, owner: 'dana' });
    history.record('a', a0, { ...a0, status: 'skipped' });
    history.record('a', { ...a0, status: 'skipped' }, { ...a0, status: 'skipped', owner: 'chen' });
    expect(history.summary(describeCard, ['skipped', 'reassigned'], false)).toBe(
      'triage: 1 skipped, 2 reassigned\n  b  reassigned to dana\n  a  skipped, reassigned to chen\n');
  });

  it('u walks back one change at a time; a task changed and changed back is not listed', () => {
    const history = new TriageHistory<Card>();
    const a0 = { id: 'a', status: 'open', owner: 'ana' };
    const a1 = { ...a0, status: 'skipped' };
    const a2 = { ...a1, owner: 'chen' };
    history.record('a', a0, a1);
    history.record('a', a1, a2);
    expect(history.last).toMatchObject({ before: a1, after: a2 });
    history.undone(a2, a1);
    // The change before, not the undo just made: u never redoes.
    expect(history.last).toMatchObject({ before: a0, after: a1 });
    history.undone(a1, a0);
    expect(history.canUndo).toBe(false);
    expect(history.summary(describeCard, ['skipped', 'reassigned'], true)).toBe('triage interrupted: nothing was changed\n');
  });
});

describe('describeChange (in Outreach\'s words)', () => {
  const name = (id: string | null | undefined) => `user ${id}`;
  const describeOutreachChange = (names: typeof name) => describeChange(OUTREACH.capabilities.pastTense, names);
  const task: NormalTask = { id: '7', status: 'incomplete', open: true, due: '2026-10-20T11:04:06Z', owner: '3', group: null, hot: false, raw: {} };

  it('the same instant spelled differently is no change (Outreach answers …:06.000Z for …:06Z)', () => {
    expect(describeOutreachChange(name)(task, { ...task, due: '2026-10-20T11:04:06.000Z' })).toEqual([]);
  });

  it('names completion, a new due time and a new owner; a completed task is not also "due"', () => {
    expect(describeOutreachChange(name)(task, { ...task, due: '2026-10-21T11:04:06Z', owner: '1' }))
      .toEqual([['snoozed', 'due 2026-10-21T11:04:06Z'], ['reassigned', 'reassigned to user 1']]);
    expect(describeOutreachChange(name)(task, { ...task, status: 'complete', open: false, due: null })).toEqual([['completed', 'completed']]);
  });
});
