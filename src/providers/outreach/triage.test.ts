import { describe, expect, it } from 'vitest';
// Outreach's triage queue order, pure.
import type { OutreachTask } from './contract.ts';
import { outreachQueueOrder } from './triage.ts';

const task = (id: number, prospectId: number | null, taskPriorityId = 2, dueAt?: string): OutreachTask => ({ id, prospectId, taskPriorityId, dueAt, state: 'incomplete' });

describe('Outreach triage order', () => {
  it('overdue first, then the heavier priority, then the earlier due time; no due time last', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    const weight = new Map([[1, 30], [2, 10]]);
    const tasks = [task(1, 1, 2, '2026-11-25T00:00:00Z'), task(2, 1, 1, '2026-11-26T00:00:00Z'), task(3, 1, 2, '2026-11-20T00:00:00Z'), task(4, 1, 1), task(5, 1, 1, '2026-11-23T00:00:00Z')];
    tasks.sort(outreachQueueOrder(now, (t) => weight.get(Number(t.taskPriorityId))));
    expect(tasks.map((t) => t.id)).toEqual([5, 3, 2, 4, 1]);
  });
});
