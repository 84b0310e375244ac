// What scripts and cron jobs rely on: --quiet silences stderr only, an empty pipe is nothing to do,
// topo's own outputs (and jq's) feed back into topo, help lists only commands that run, and a login
// keeps the server it was proved against.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS } from '../../src/providers/topo/sandbox.ts';
import { execFileSync } from 'node:child_process';
import { BIN, harness, lines, ROOT, tempDir, type Harness } from '../support/cli.ts';
import { main } from '../../src/cli.ts';
import { createTestIo } from '../../src/core/test-io.ts';

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

  it('stdin is opened only by a command that reads it (a listing or a read never creates it)', async () => {
    const [a] = pending();
    const opened = async (args: string[], input = '') => {
      const io = createTestIo({ env: { PATH: process.env.PATH ?? '', ...h.env }, input });
      const stdin = io.stdin;
      let reads = 0;
      Object.defineProperty(io, 'stdin', { get: () => (reads++, stdin) });
      const code = await main(args, io);
      expect(code, io.stderr.text).toBe(0);
      return reads;
    };
    expect(await opened(['tasks', 'ls', '--json'])).toBe(0);
    expect(await opened(['tasks', 'show', a!.id])).toBe(0);
    expect(await opened(['tasks', 'stats'])).toBe(0);
    expect(await opened(['tasks', 'skip', '-', '--dry-run'], `${a!.id}\n`)).toBeGreaterThan(0);
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

describe('the README\'s Scripting lines', () => {
  it('run as written (on the embedded sandbox, the built binary on PATH), each with exit 0 and the output it promises', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /### Scripting\n\n```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    const dir = tempDir();
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'topo'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`, { mode: 0o755 });
    try {
      const out = execFileSync('bash', ['-e', '-o', 'pipefail', '-c', block], {
        cwd: dir, encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, TOPO_CONFIG_DIR: path.join(dir, 'config'), TOPO_SANDBOX: '1' },
      });
      const printed = out.split('\n').filter(Boolean);
      expect(printed.some((line) => /^[0-9a-f-]{36}$/.test(line))).toBe(true);
      expect(printed.some((line) => /^[0-9a-f-]{36}\t\d+$/.test(line))).toBe(true);
      const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as Array<{ outcome: string }>;
      expect(report.length).toBeGreaterThan(0);
      expect(report.every((result) => result.outcome === 'changed')).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('words a person reads', () => {
  it('--jq on a terminal sanitizes what jq prints (strings raw only when piped)', async () => {
    const task = h.sandbox.tasks.find((candidate) => candidate.sequence_id === [...h.sandbox.workspace.sequenceIndex.entries()].find(([, index]) => index === 1)![0])!;
    const tty = await h.topo(['tasks', 'show', task.id, '--with-contact', '--jq', '.contact.name'], { tty: true, env: { NO_COLOR: '1' } });
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stdout).toContain('Mallory␛]0;pwned␇');
    expect(tty.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
    const piped = await h.topo(['tasks', 'show', task.id, '--with-contact', '--jq', '.contact.name']);
    expect(piped.stdout).toContain('Mallory\u001b]0;pwned\u0007');
  });

  it('the consent refusal names the stream that is not a terminal', async () => {
    const [a, b] = pending();
    const refused = await h.topo(['tasks', 'skip', a!.id, b!.id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to skip 2 tasks without --yes: topo asks only on a terminal, and stdin and stdout and stderr are not one/);
  });

  it('--timeout takes a unit; articles and plurals read right; help gives a default once', async () => {
    expect((await h.topo(['tasks', 'ls', '--timeout', '5s', '--json'])).code).toBe(0);
    const bad = await h.topo(['tasks', 'ls', '--timeout', '5x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--timeout.*30000 \(ms\), 500ms, 30s or 2m/);
    const help = await h.topo(['tasks', 'skip', '--help']);
    expect(help.stdout).toMatch(/--concurrency <n> +requests at once, 1\.\.64 \(default: 8\)\n/);
    const inProgress = h.sandbox.tasks.find((task) => task.status === 'IN_PROGRESS')!;
    const reopen = await h.topo(['tasks', 'reopen', inProgress.id]);
    expect(reopen.stderr).toMatch(/cannot reopen an IN_PROGRESS task/);
    // A rep left with one open task: the preview's footer counts in the singular.
    const [one, other] = [h.sandbox.workspace.reps[7]!, h.sandbox.workspace.reps[0]!];
    const open = h.sandbox.tasks.filter((task) => (task.status === 'PENDING' || task.status === 'IN_PROGRESS') && task.assignee_user_id === one.id);
    for (const task of open.slice(1)) h.sandbox.patchTask(task.id, { assignee_user_id: other.id });
    const dry = await h.topo(['tasks', 'reassign', '--from', one.id, '--to', other.id, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/\n1 task in 1 sequence run \(balance\), 1 call: /);
  });

  it('commander\'s refusals read as topo\'s; a login over a stored key says it replaces it; a short key is never shown whole', async () => {
    const arg = await h.topo(['tasks', 'show', 'abc']);
    expect(arg.code).toBe(2);
    expect(arg.stderr).toMatch(/^error: <id>: 'abc' is not/);
    expect(arg.stderr).not.toMatch(/command-argument/);
    const flag = await h.topo(['tasks', 'stats', '--by', 'owner']);
    expect(flag.stderr).toMatch(/^error: --by: 'owner' is not one of assignee/);
    const login = (key: string) => h.topo(['auth', 'login', '--with-token', '--profile', 'relogin'], { input: key, env: { TOPO_API_KEY: undefined, TOPO_PROFILE: undefined } });
    expect((await login(SANDBOX_KEYS.write)).stderr).not.toMatch(/replaces/);
    const again = await login(SANDBOX_KEYS.read);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/note: it replaces the API key that profile 'relogin' had \(\*\*\*\*8035\)/);
    expect((await login(SANDBOX_KEYS.read)).stderr).not.toMatch(/replaces/);
    const { maskKey } = await import('../../src/render/sanitize.ts');
    for (const key of ['abc', 'topo_ab12cd', 'topo_sk_1234567']) expect(maskKey(key)).toBe('****');
    expect(maskKey(SANDBOX_KEYS.write)).toBe('****8035');
  });

  it('--journal: a folder, or a file in a folder that does not exist, is a usage error with nothing sent', async () => {
    const rep = h.sandbox.workspace.reps[2]!.id;
    const to = h.sandbox.workspace.reps[3]!.id;
    const mark = h.sandbox.requests.length;
    const folder = await h.topo(['tasks', 'reassign', '--from', rep, '--to', to, '--yes', '--journal', h.configDir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/--journal: .* is a folder; name a file in it/);
    const missing = await h.topo(['tasks', 'reassign', '--from', rep, '--to', to, '--yes', '--journal', path.join(h.configDir, 'no', 'such', 'j.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--journal: the folder .*no\/such does not exist/);
    expect(h.sandbox.requests.length).toBe(mark);
  });
});

describe('profiles', () => {
  it('a mistyped --profile or TOPO_PROFILE is refused with a "did you mean" and the known ones; login creates one', async () => {
    expect((await h.topo(['config', 'set', 'page-size', '20', '--profile', 'staging'])).code).toBe(0);
    const mark = h.sandbox.requests.length;
    const typo = await h.topo(['tasks', 'ls', '--profile', 'stagging']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/--profile: no profile is named 'stagging' \(did you mean staging\?\)/);
    expect(typo.stderr).toMatch(/hint: profiles: .*staging/);
    const env = await h.topo(['tasks', 'ls'], { env: { TOPO_PROFILE: 'stagging' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/TOPO_PROFILE: no profile is named 'stagging'/);
    expect(h.sandbox.requests.length).toBe(mark);
  });
});
