import { describe, expect, it } from 'vitest';
import type { OutreachTask } from '../../../providers/outreach/contract.ts';
import { outreachQueueOrder } from '../triage/queue.ts';
import { buildOutreachPlan, estimate, groupByProspect, hotPriorities, pinsFrom } from './offboard-outreach.ts';

const task = (id: number, prospectId: number | null, taskPriorityId = 2, dueAt?: string): OutreachTask => ({ id, prospectId, taskPriorityId, dueAt, state: 'incomplete' });

describe('Outreach offboarding plan', () => {
  it('groups by prospect (no prospect: alone), counts the top-weight priority as hot', () => {
    const hot = hotPriorities(new Map([['1', { id: 1, name: 'High', weight: 30 }], ['2', { id: 2, name: 'Low', weight: 10 }]]));
    const groups = groupByProspect([task(1, 5, 1), task(2, 5), task(3, null), task(4, null), task(5, 6)], hot);
    expect(groups.map((group) => [group.prospect_id, group.task_ids, group.hot])).toEqual([['5', ['1', '2'], 1], [null, ['3'], 0], [null, ['4'], 0], ['6', ['5'], 0]]);
  });

  it('keeps a prospect begun in an earlier run with the same target; balances the rest', () => {
    const groups = groupByProspect([task(1, 5), task(2, 5), task(3, 5), task(4, 6), task(5, 7)], new Set());
    const pins = pinsFrom([{ task_id: '1', sequence_id: null, prospect_id: '5', from: '9', to: '2', scope: 'TASK', at: '2026-11-24T00:00:00Z' }]);
    const plan = buildOutreachPlan({ from: '9', strategy: 'balance', targets: ['1', '2'], loads: new Map([['1', 0], ['2', 50]]), groups, pins });
    expect(plan.entries.find((entry) => entry.prospect_id === '5')!.to).toBe('2');
    expect(plan.entries.filter((entry) => entry.prospect_id !== '5').every((entry) => entry.to === '1')).toBe(true);
  });

  it('estimates the time from the budget the API reported', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(estimate(5000, { limit: 10000, remaining: 9412, resetAt: now + 1_800_000 }, now)).toBe('5,000 calls ≈ 32 min at your remaining 9,412/h');
    expect(estimate(3000, { limit: 50, remaining: 40, resetAt: now + 500 }, now)).toBe('3,000 calls ≈ 60 s at your 50/s');
    expect(estimate(10, undefined)).toMatch(/10 calls \(Outreach allows 10,000 an hour\)/);
  });
});

describe('Outreach triage order', () => {
  it('overdue first, then the heavier priority, then the earlier due time; no due time last', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    const weight = new Map([[1, 30], [2, 10]]);
    const tasks = [task(1, 1, 2, '2026-11-25T00:00:00Z'), task(2, 1, 1, '2026-11-26T00:00:00Z'), task(3, 1, 2, '2026-11-20T00:00:00Z'), task(4, 1, 1), task(5, 1, 1, '2026-11-23T00:00:00Z')];
    tasks.sort(outreachQueueOrder(now, (t) => weight.get(Number(t.taskPriorityId))));
    expect(tasks.map((t) => t.id)).toEqual([5, 3, 2, 4, 1]);
  });
});
