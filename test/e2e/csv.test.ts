// --csv on both providers: every list parsed back with a real CSV parser (Python's csv module)
// equals the --json output field for field, hostile and formula-like values included (a formula
// is neutralised with a leading apostrophe, documented; control characters are made visible, as in
// every output); and LibreOffice opening topo's CSV yields the same cells (no formula runs).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { plain, rfc3339, isTimestampField } from '../../src/render/format.ts';
import { sanitizeInline } from '../../src/render/sanitize.ts';
import { tempDir } from '../support/cli.ts';
import { TEAM_PROVIDERS, type TeamSubject } from '../support/teams.ts';

let s: TeamSubject | undefined;
afterEach(async () => {
  await s?.h.close();
  s = undefined;
});

const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Rows of a CSV text, by Python's csv module. */
function parseCsv(text: string): string[][] {
  return JSON.parse(execFileSync(PYTHON, ['-c', 'import csv, json, sys; print(json.dumps(list(csv.reader(sys.stdin.read().splitlines(True)))))'], { input: text, encoding: 'utf8' })) as string[][];
}

/** What a JSON value is as a CSV cell: times in RFC 3339, control characters visible, a formula neutralised. */
function expectedCell(value: unknown, field: string): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const raw = plain(value);
  const text = isTimestampField(field) && raw ? rfc3339(raw) : raw;
  return /^[=+\-@\t\r]/.test(text) ? `'${sanitizeInline(text)}` : sanitizeInline(text);
}

function expectSameRecords(csv: string, records: Array<Record<string, unknown>>, label: string): void {
  const [head, ...rows] = parseCsv(csv);
  expect(rows.length, label).toBe(records.length);
  rows.forEach((row, index) => {
    head!.forEach((column, at) => {
      const expected = expectedCell(records[index]![column], column);
      // Ages are read at each run's own moment: the --json and --csv runs are a second or so apart.
      if (column.endsWith('age_seconds') && expected !== '') expect(Math.abs(Number(row[at]) - Number(expected)), `${label} row ${index} ${column}`).toBeLessThanOrEqual(5);
      else expect(row[at], `${label} row ${index} ${column}`).toBe(expected);
    });
  });
}

const HOSTILE = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2', '@SUM(A1:A2)', '\tstarts with a tab', 'comma, "quotes" and\nnew line', 'bidi \u202egnp.exe\u001b]0;pwned\u0007', 'plain'];

describe.each(TEAM_PROVIDERS)('--csv on $provider', (provider) => {
  it('tasks ls, stats, sla, users ls and a change report parse back equal to --json, hostile and formula-like values included', async () => {
    s = await provider.start();
    const firstIds = JSON.parse((await s.h.topo(['tasks', 'ls', '--limit', String(HOSTILE.length), '--json'])).stdout).map((task: { id: unknown }) => String(task.id)) as string[];
    firstIds.forEach((id, index) => {
      if (s!.provider === 'topo') (s!.h.sandbox as unknown as { patchTask(id: string, change: object): void }).patchTask(id, { note: HOSTILE[index] });
      else (s!.h.sandbox as unknown as { byId: Map<number, { note: string }> }).byId.get(Number(id))!.note = HOSTILE[index]!;
    });
    const created = provider.provider === 'topo' ? 'created_at' : 'createdAt';
    const pairs: Array<[string[], (json: unknown) => Array<Record<string, unknown>>]> = [
      [['tasks', 'ls', '--limit', String(HOSTILE.length), '--fields', `id,note,${created}`], (json) => json as Array<Record<string, unknown>>],
      [['tasks', 'ls', '--limit', '30'], (json) => json as Array<Record<string, unknown>>],
      [['tasks', 'stats', '--by', 'assignee'], (json) => (json as { groups: Array<Record<string, unknown>> }).groups],
      [['tasks', 'stats', '--by', 'age', '--then', 'status'], (json) => (json as { groups: Array<Record<string, unknown>> }).groups],
      [['tasks', 'sla', '--max-age', '1h'], (json) => (json as { tasks: Array<Record<string, unknown>> }).tasks],
      [['users', 'ls'], (json) => (json as { users: Array<Record<string, unknown>> }).users],
      [['tasks', 'reassign', ...firstIds.slice(0, 3), '--to', 'chen', '--dry-run'], (json) => json as Array<Record<string, unknown>>],
    ];
    for (const [args, recordsOf] of pairs) {
      const json = await s.h.topo([...args, '--json']);
      expect(json.stdout, `${args.join(' ')}: ${json.stderr}`).not.toBe('');
      const csv = await s.h.topo([...args, '--csv']);
      expect(csv.code, `${args.join(' ')}: ${csv.stderr}`).toBe(json.code);
      const records = recordsOf(JSON.parse(json.stdout));
      if (args[1] === 'ls' && args.length > 4) {
        // The columns asked for, in order; every value of them.
        expect(parseCsv(csv.stdout)[0]).toEqual(['id', 'note', created]);
        expect(csv.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
      }
      expectSameRecords(csv.stdout, records, args.join(' '));
    }
    const aliases = JSON.parse((await s.h.topo(['users', 'alias', 'ls', '--json'])).stdout) as Record<string, string>;
    expect(parseCsv((await s.h.topo(['users', 'alias', 'ls', '--csv'])).stdout)).toEqual([['alias', 'id'], ...Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b))]);
    const refused = await s.h.topo(['tasks', 'ls', '--csv', '--ndjson']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--csv cannot be combined with --ndjson/);
    const none = await s.h.topo(['config', 'list', '--csv']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--csv: topo config list prints no list to write as CSV/);
  });
});

describe('--csv in a spreadsheet', () => {
  it('LibreOffice opens topo\'s CSV as the same cells: no formula runs', async () => {
    s = await TEAM_PROVIDERS[0]!.start();
    const ids = JSON.parse((await s.h.topo(['tasks', 'ls', '--limit', String(HOSTILE.length), '--json'])).stdout).map((task: { id: string }) => task.id) as string[];
    ids.forEach((id, index) => (s!.h.sandbox as unknown as { patchTask(id: string, change: object): void }).patchTask(id, { note: HOSTILE[index] }));
    const csv = (await s.h.topo(['tasks', 'ls', '--limit', String(HOSTILE.length), '--fields', 'id,note,created_at,priority', '--csv'])).stdout;
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'tasks.csv'), csv);
    execFileSync('soffice', [`-env:UserInstallation=file://${folder}/profile`, '--headless', '--infilter=CSV:44,34,76,1', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', path.join(folder, 'out'), path.join(folder, 'tasks.csv')], { stdio: 'ignore', timeout: 120_000 });
    const opened = parseCsv(fs.readFileSync(path.join(folder, 'out', 'tasks.csv'), 'utf8'));
    expect(opened).toEqual(parseCsv(csv));
    // Without the apostrophe the spreadsheet would have run them: the control shows it does.
    const raw = 'note\r\n=1+1\r\n';
    fs.writeFileSync(path.join(folder, 'raw.csv'), raw);
    execFileSync('soffice', [`-env:UserInstallation=file://${folder}/profile`, '--headless', '--infilter=CSV:44,34,76,1', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', path.join(folder, 'out'), path.join(folder, 'raw.csv')], { stdio: 'ignore', timeout: 120_000 });
    expect(parseCsv(fs.readFileSync(path.join(folder, 'out', 'raw.csv'), 'utf8'))).toEqual([['note'], ['2']]);
  }, 180_000);
});
