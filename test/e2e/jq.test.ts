// --jq / -q: the same answers as jq itself, on the same input; errors before anything is sent.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.ts';

let h: Harness;
let listed: string;
beforeAll(async () => {
  h = await harness({ tasks: 300, seed: 41 });
  listed = (await h.topo(['tasks', 'ls', '--all', '--json'])).stdout;
});
afterAll(() => h.close());

function hasJq(): boolean {
  try {
    execFileSync('jq', ['--version']);
    return true;
  } catch {
    return false;
  }
}

const EXPRESSIONS = [
  '.[].id',
  'map(select(.priority == "HOT")) | length',
  'group_by(.assignee_user_id) | map({assignee: .[0].assignee_user_id, open: map(select(.status == "PENDING")) | length})',
  '.[0]',
  '[.[].status] | unique',
  '.[] | select(.type == "CALL") | "\\(.id)\\t\\(.priority)"',
  'map(.created_at) | max',
  '.[:3] | map(.id) | join(",")',
  'reduce .[] as $t ({}; .[$t.type] += 1)',
  '[.[] | .disposition // "none"] | group_by(.) | map([.[0], length])',
  'to_entries | map(select(.key % 50 == 0) | .value.id)',
  'map(.updated_at | fromdateiso8601) | min | todate',
];

describe.runIf(hasJq())('--jq', () => {
  it.each(EXPRESSIONS)('%s: exactly what jq -r prints on the same JSON', async (expression) => {
    const ours = await h.topo(['tasks', 'ls', '--all', '--jq', expression]);
    expect(ours.code, ours.stderr).toBe(0);
    const theirs = execFileSync('jq', ['-r', expression], { input: listed, encoding: 'utf8' });
    expect(ours.stdout).toBe(theirs);
  });

  it('filters NDJSON as the stream of values it is; -q is short for --jq', async () => {
    const ours = await h.topo(['tasks', 'ls', '--all', '--ndjson', '-q', 'select(.priority == "HOT") | .id']);
    const ndjson = (await h.topo(['tasks', 'ls', '--all', '--ndjson'])).stdout;
    expect(ours.stdout).toBe(execFileSync('jq', ['-r', 'select(.priority == "HOT") | .id'], { input: ndjson, encoding: 'utf8' }));
  });
});

describe('--jq errors', () => {
  it("a syntax error is exit 2 with jq's own message, and nothing is sent", async () => {
    const mark = h.sandbox.requests.length;
    const result = await h.topo(['tasks', 'ls', '--jq', '.[] | select(']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --jq: jq: error: syntax error, unexpected end of file/);
    const unknown = await h.topo(['tasks', 'skip', h.sandbox.tasks[0]!.id, '--jq', 'nosuchfunction(1)']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/nosuchfunction\/1 is not defined/);
    expect(h.sandbox.requests.length).toBe(mark);
  });

  it('works on any command that prints JSON (stats, users, show)', async () => {
    const stats = await h.topo(['tasks', 'stats', '--by', 'priority', '--jq', '.total']);
    expect(Number(stats.stdout)).toBe(h.sandbox.tasks.filter((t) => t.status === 'PENDING' || t.status === 'IN_PROGRESS').length);
    const show = await h.topo(['tasks', 'show', h.sandbox.tasks[2]!.id, '-q', '.status']);
    expect(show.stdout).toBe(`${h.sandbox.tasks[2]!.status}\n`);
  });
});
