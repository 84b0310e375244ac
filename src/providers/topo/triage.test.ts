// The order of the triage queue.
import { describe, expect, it } from 'vitest';
import type { Task } from './contract.ts';
import { queueOrder } from './triage.ts';

const task = (id: string, extra: Partial<Task>): Task => ({ id, status: 'PENDING', ...extra });

describe('triage queue', () => {
  it('orders HOT, TODAY, EXTRA, then unknown priorities; oldest first within each', () => {
    const tasks = [
      task('1', { priority: 'EXTRA', created_at: '2026-01-01T00:00:00Z' }),
      task('2', { priority: 'HOT', created_at: '2026-01-03T00:00:00Z' }),
      task('3', { priority: 'URGENT', created_at: '2025-01-01T00:00:00Z' }),
      task('4', { priority: 'HOT', created_at: '2026-01-02T00:00:00Z' }),
      task('5', { priority: 'TODAY', created_at: '2026-01-05T00:00:00Z' }),
    ];
    expect(tasks.sort(queueOrder).map((t) => t.id)).toEqual(['4', '2', '5', '1', '3']);
  });
});

describe('triage queue, times as instants', () => {
  it('orders by the instant a timestamp names, whatever its offset or fraction; unreadable times last', () => {
    const tasks = [
      task('a', { priority: 'HOT', created_at: '2026-01-02T10:00:00.500Z' }),
      task('b', { priority: 'HOT', created_at: '2026-01-02T11:30:00+02:00' }), // 09:30Z: oldest
      task('c', { priority: 'HOT', created_at: '2026-01-02T10:00:00Z' }),
      task('d', { priority: 'HOT', created_at: 'yesterday-ish' }),
      task('e', { priority: 'HOT' }),
    ];
    expect(tasks.sort(queueOrder).map((t) => t.id)).toEqual(['b', 'c', 'a', 'd', 'e']);
  });
});
