// Pure logic: planning, sanitizing, parsing, retry timing, error bodies, id input.
import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/contract.ts';
import { assignRuns, buildPlan, callCount, groupRuns } from '../../src/offboard/plan.ts';
import { recheckPlan } from '../../src/offboard/execute.ts';
import { safeJson, sanitizeInline, sanitizeMultiline } from '../../src/render/sanitize.ts';
import { parseWhen } from '../../src/lib/parse.ts';
import { describeErrorBody, parseRetryAfter, proxyFor } from '../../src/http/transport.ts';
import { parseIdText } from '../../src/lib/ids.ts';
import { wrap } from '../../src/render/thread.ts';
import { queueOrder } from '../../src/commands/tasks/triage.ts';

const FROM = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const task = (id: string, sequence: string, assignee: string | null = FROM, extra: Partial<Task> = {}): Task => ({ id, sequence_id: sequence, assignee_user_id: assignee, status: 'PENDING', priority: 'TODAY', ...extra });

describe('redistribution plan', () => {
  it('uses SEQUENCE scope only for runs whose open tasks are all the rep\'s selected ones', () => {
    const selected = [task('a', 'r1'), task('b', 'r1'), task('c', 'r2'), task('d', 'r3')];
    const runs = new Map([['r1', [selected[0]!, selected[1]!]], ['r2', [selected[2]!, task('x', 'r2', OTHER)]], ['r3', [selected[3]!, task('y', 'r3', FROM)]]]);
    const groups = groupRuns(selected, runs);
    expect(groups.map((g) => [g.sequence_id, g.scope])).toEqual([['r1', 'SEQUENCE'], ['r2', 'TASK'], ['r3', 'TASK']]);
    expect(callCount(groups.map((g) => ({ ...g, to: OTHER })))).toBe(1 + 1 + 1);
  });

  it('balance keeps final loads within the largest run of each other; every run goes to one target', () => {
    const sizes = [9, 7, 6, 5, 5, 4, 3, 3, 2, 2, 1, 1, 1];
    const groups = sizes.map((size, index) => ({ sequence_id: `r${index}`, task_ids: Array.from({ length: size }, (_, i) => `t${index}-${i}`), hot: 0, scope: 'SEQUENCE' as const }));
    const targets = ['u1', 'u2', 'u3'];
    const entries = assignRuns(groups, targets, new Map([['u1', 10], ['u2', 12], ['u3', 8]]), 'balance');
    const loads = targets.map((user) => ({ u1: 10, u2: 12, u3: 8 } as Record<string, number>)[user]! + entries.filter((e) => e.to === user).reduce((sum, e) => sum + e.task_ids.length, 0));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(9);
    expect(new Set(entries.map((e) => e.sequence_id)).size).toBe(sizes.length);
  });

  it('round-robin alternates targets, largest runs first', () => {
    const groups = [1, 3, 2].map((size, index) => ({ sequence_id: `r${index}`, task_ids: Array.from({ length: size }, (_, i) => `t${index}${i}`), hot: 0, scope: 'TASK' as const }));
    expect(assignRuns(groups, ['u1', 'u2'], new Map(), 'round-robin').map((e) => [e.sequence_id, e.to])).toEqual([['r1', 'u1'], ['r2', 'u2'], ['r0', 'u1']]);
  });

  it('re-checking a saved plan reports closed and reassigned tasks as stale and downgrades the run to TASK', () => {
    const plan = buildPlan({ from: FROM, strategy: 'balance', targets: [OTHER], loads: new Map(), selected: [task('a', 'r1'), task('b', 'r1'), task('c', 'r1')],
      runOpenTasks: new Map([['r1', [task('a', 'r1'), task('b', 'r1'), task('c', 'r1')]]]), filters: {} });
    expect(plan.entries[0]!.scope).toBe('SEQUENCE');
    const now = new Map([['r1', [task('a', 'r1'), task('c', 'r1', '00000000-0000-4000-8000-000000000009')]]]);
    const { entries, stale } = recheckPlan(plan.entries, FROM, now);
    expect(entries).toEqual([expect.objectContaining({ task_ids: ['a'], scope: 'TASK' })]);
    expect(stale.map((s) => [s.id, s.note])).toEqual([['b', 'stale: no longer open'], ['c', expect.stringMatching(/now assigned to/)]]);
  });
});

describe('sanitizing', () => {
  it('makes every control character visible, on one line or several', () => {
    expect(sanitizeInline('a\u001b[31mb\u0007c\r\nd\te\u202e')).toBe('a␛[31mb␇c␍␊d␉e<U+202E>');
    expect(sanitizeMultiline('line\r\nnext\u0000\tx\u009b')).toBe('line\nnext␀    x<U+009B>');
  });

  it('safeJson escapes C1 and bidi controls yet parses back to the same data', () => {
    const value = { body: 'x\u202ey\u0085z\u001b' };
    const text = safeJson(value);
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('wraps long lines at spaces when it can, and copes with megabytes', () => {
    expect(wrap('aaa bbb ccc ddd eee fff ggg hhh', 20)).toBe('aaa bbb ccc ddd eee\nfff ggg hhh');
    // 2 MB on one line: a quadratic wrap would not finish within the test's timeout.
    const big = 'word '.repeat(400_000);
    expect(wrap(big, 80).split('\n').every((line) => line.length <= 80)).toBe(true);
  });
});

describe('parsing', () => {
  const now = Date.parse('2026-11-22T12:30:00Z');
  it('reads ISO 8601 and relative times as RFC3339 UTC', () => {
    expect(parseWhen('30m', now)).toBe('2026-11-22T12:00:00Z');
    expect(parseWhen('24h', now)).toBe('2026-11-21T12:30:00Z');
    expect(parseWhen('7d', now)).toBe('2026-11-15T12:30:00Z');
    expect(parseWhen('yesterday', now)).toBe('2026-11-21T00:00:00Z');
    expect(parseWhen('2026-11-20', now)).toBe('2026-11-20T00:00:00Z');
    expect(parseWhen('2026-11-20T09:00:00+02:00', now)).toBe('2026-11-20T07:00:00Z');
    expect(() => parseWhen('next week', now)).toThrow(/ISO 8601/);
  });

  it('reads Retry-After as seconds or an HTTP-date', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(new Date(now + 3000).toUTCString(), now)).toBe(3000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('turns FastAPI errors into one line naming the parameter', () => {
    expect(describeErrorBody('{"detail":[{"loc":["query","types",1],"msg":"Input should be \'CALL\'"},{"loc":["query","size"],"msg":"too big"}]}', 422, 'Unprocessable')).toBe("types.1: Input should be 'CALL'; size: too big");
    expect(describeErrorBody('{"detail":"Task not found"}', 404, 'Not Found')).toBe('Task not found');
    expect(describeErrorBody('<html><title>504 Gateway Time-out</title></html>', 504, 'Gateway Timeout')).toMatch(/504 Gateway Time-out.*HTML page/);
  });

  it('honours HTTPS_PROXY and NO_PROXY, never for loopback', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'internal.example,.corp' };
    expect(proxyFor(new URL('https://api.topo.io'), env)?.host).toBe('proxy:3128');
    expect(proxyFor(new URL('https://internal.example'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://x.corp'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://127.0.0.1:8443'), env)).toBeUndefined();
  });

  it('reads ids from lines, a JSON array and NDJSON, keeping line numbers', () => {
    expect(parseIdText('a\n\n# comment\nb\n').map((e) => [e.line, e.value])).toEqual([[1, 'a'], [4, 'b']]);
    expect(parseIdText('[\n{"id":"x"},\n{"id":"y"}\n]\n').map((e) => e.line)).toEqual([2, 3]);
    expect(parseIdText('{"id":"x"}\n{"id":"y"}').map((e) => (e.value as { id: string }).id)).toEqual(['x', 'y']);
  });
});

describe('triage queue', () => {
  it('orders HOT, TODAY, EXTRA, then unknown priorities; oldest first within each', () => {
    const tasks = [
      task('1', 's', FROM, { priority: 'EXTRA', created_at: '2026-01-01T00:00:00Z' }),
      task('2', 's', FROM, { priority: 'HOT', created_at: '2026-01-03T00:00:00Z' }),
      task('3', 's', FROM, { priority: 'URGENT', created_at: '2025-01-01T00:00:00Z' }),
      task('4', 's', FROM, { priority: 'HOT', created_at: '2026-01-02T00:00:00Z' }),
      task('5', 's', FROM, { priority: 'TODAY', created_at: '2026-01-05T00:00:00Z' }),
    ];
    expect(tasks.sort(queueOrder).map((t) => t.id)).toEqual(['4', '2', '5', '1', '3']);
  });
});
