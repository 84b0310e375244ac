// What scripts and cron jobs rely on: --quiet silences stderr only, an empty pipe is nothing to do,
// topo's own outputs (and jq's) feed back into topo, help lists only commands that run, and a login
// keeps the server it was proved against.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS } from '../../src/providers/topo/sandbox.ts';
import { harness, lines, type Harness } from '../support/cli.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tasks: 200 });
});
afterAll(() => h.close());

const pending = () => h.sandbox.tasks.filter((task) => task.status === 'PENDING' && !h.sandbox.appliedCount.has(task.id));

describe('scripting', () => {
  it('--quiet never touches stdout: a change\'s --json report, a listing and stats print the same data', async () => {
    const [a] = pending();
    const quiet = await h.topo(['tasks', 'skip', a!.id, '--json', '--quiet']);
    expect(quiet.code).toBe(0);
    expect(JSON.parse(quiet.stdout)).toEqual([expect.objectContaining({ id: a!.id, outcome: 'changed' })]);
    expect(quiet.stderr).toBe('');
    for (const args of [['tasks', 'ls', '--json'], ['tasks', 'stats', '--json'], ['users', 'ls', '--json']]) {
      const loud = await h.topo(args);
      const silent = await h.topo([...args, '--quiet']);
      expect(silent.stdout, args.join(' ')).toBe(loud.stdout);
      expect(silent.stdout.length).toBeGreaterThan(2);
    }
  });

  it('an empty pipe ([] or no lines) is nothing to do: exit 0, said on stderr, nothing sent; --json prints []', async () => {
    for (const input of ['[]\n', '', '\n']) {
      for (const args of [['tasks', 'skip', '-', '--yes', '--json'], ['tasks', 'reassign', '-', '--to', h.sandbox.workspace.reps[0]!.id, '--yes', '--json']]) {
        const mark = h.sandbox.requests.length;
        const result = await h.topo(args, { input });
        expect(result.code, `${args[1]} with ${JSON.stringify(input)}: ${result.stderr}`).toBe(0);
        expect(result.stdout).toBe('[]\n');
        expect(result.stderr).toContain('nothing to do: stdin held no task ids');
        expect(h.sandbox.requests.length).toBe(mark);
      }
    }
  });

  it('reads topo\'s piped TSV (id in the last column) and a pretty-printed jq stream; an unreadable line says what works', async () => {
    const [a, b, c, d] = pending();
    const tsv = `EMAIL_REPLY\tHOT\tPENDING\tx\t2026-01-01T00:00:00Z\t${a!.id}\nCALL\tTODAY\tPENDING\tx\t2026-01-01T00:00:00Z\t${b!.id}\n`;
    const fromTsv = await h.topo(['tasks', 'skip', '-', '--dry-run', '--json'], { input: tsv });
    expect(fromTsv.code, fromTsv.stderr).toBe(0);
    expect((JSON.parse(fromTsv.stdout) as Array<{ id: string }>).map((r) => r.id)).toEqual([a!.id, b!.id]);
    const pretty = `{\n  "id": "${c!.id}",\n  "status": "PENDING"\n}\n{\n  "id": "${d!.id}"\n}\n`;
    const fromJq = await h.topo(['tasks', 'skip', '-', '--dry-run', '--json'], { input: pretty });
    expect(fromJq.code, fromJq.stderr).toBe(0);
    expect((JSON.parse(fromJq.stdout) as Array<{ id: string }>).map((r) => r.id)).toEqual([c!.id, d!.id]);
    const broken = await h.topo(['tasks', 'skip', '-', '--yes'], { input: `{"id": "${c!.id}"}\n{"id": oops}\n` });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/stdin line 2: not readable as JSON/);
    expect(broken.stderr).toMatch(/hint: .*jq stream.*last column/);
    expect(broken.stderr).not.toContain('invalidJson');
  });

  it('no group lists a `help` subcommand that does not run; `topo help <group> <verb>` does', async () => {
    for (const group of ['tasks', 'users', 'auth', 'config', 'sandbox']) {
      const help = await h.topo([group, '--help']);
      expect(help.stdout, group).not.toMatch(/^\s+help \[command\]/m);
    }
    const verb = await h.topo(['help', 'tasks', 'ls']);
    expect(verb.code).toBe(0);
    expect(verb.stdout).toMatch(/Usage: topo tasks ls/);
  });

  it('auth login under TOPO_BASE_URL keeps that URL with the key: the next command without it goes there', async () => {
    const login = await h.topo(['auth', 'login', '--with-token', '--insecure-storage', '--profile', 'other'], { input: SANDBOX_KEYS.write, env: { TOPO_API_KEY: undefined } });
    expect(login.code, login.stderr).toBe(0);
    const config = JSON.parse(fs.readFileSync(path.join(h.configDir, 'config.json'), 'utf8'));
    expect(config.profiles.other.baseUrl).toBe(h.sandbox.url);
    const mark = h.sandbox.requests.length;
    const listed = await h.topo(['tasks', 'ls', '--profile', 'other', '--json'], { env: { TOPO_API_KEY: undefined, TOPO_BASE_URL: undefined } });
    expect(listed.code, listed.stderr).toBe(0);
    expect(lines(listed.stdout).length).toBeGreaterThan(1);
    expect(h.sandbox.requests.length).toBeGreaterThan(mark);
  });
});
