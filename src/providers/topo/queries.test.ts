// The order `--status open` merges its two listings in: the server's, by instant then id.
import { describe, expect, it } from 'vitest';
import type { Task } from './contract.ts';
import { listingOrder } from './order.ts';

const task = (id: string, created_at: string): Task => ({ id, status: 'PENDING', created_at });

describe('listingOrder', () => {
  const tasks = [
    task('3', '2026-01-02T10:00:00.250Z'),
    task('1', '2026-01-02T12:00:00+02:00'), // 10:00Z, the same instant as 2
    task('2', '2026-01-02T10:00:00Z'),
    task('0', '2026-01-02T09:59:59.999999Z'),
  ];

  it('compares instants (offsets, fractions), then ids', () => {
    expect([...tasks].sort(listingOrder({})).map((t) => t.id)).toEqual(['0', '1', '2', '3']);
  });

  it('reverses for --order desc', () => {
    expect([...tasks].sort(listingOrder({ sortOrder: 'desc' })).map((t) => t.id)).toEqual(['3', '2', '1', '0']);
  });
});
