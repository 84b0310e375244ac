// The adversarial suite: bad input, hostile data, secrets and interruptions, end to end.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/providers/topo/contract.ts';
import { SANDBOX_REPS } from '../../src/providers/demo.ts';
import { SANDBOX_KEYS } from '../../src/providers/topo/sandbox.ts';
import { assertNoSecrets, BIN, harness, lines, run, tempDir, type Harness } from '../support/cli.ts';
import { hasTmux, TmuxSession } from '../support/tmux.ts';

const isOpen = (task: Task) => task.status === 'PENDING' || task.status === 'IN_PROGRESS';

describe('bad input: exit 2, the problem named, no mutation sent', () => {
  let h: Harness;
  let pending: string[];
  beforeAll(async () => {
    h = await harness({ tasks: 300, seed: 21 });
    pending = h.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(0, 3).map((t) => t.id);
    fs.writeFileSync(path.join(h.configDir, 'garbage.json'), '{"not":"a plan"}');
    fs.writeFileSync(path.join(h.configDir, 'garbage.jsonl'), 'hello\nworld\n');
  });
  afterAll(() => h.close());

  const id = () => pending[0]!;
  const cases: Array<[string, () => string[], RegExp, string?]> = [
    ['unknown status', () => ['tasks', 'ls', '--status', 'DONE'], /--status.*PENDING, IN_PROGRESS, COMPLETED, SKIPPED/],
    ['empty status', () => ['tasks', 'ls', '--status', ''], /--status/],
    ['unknown type', () => ['tasks', 'ls', '--types', 'FAX'], /--types.*'FAX'.*CALL/],
    ['unknown type in a list', () => ['tasks', 'ls', '--types', 'CALL,FAX'], /'FAX'/],
    ['empty types', () => ['tasks', 'ls', '--types', ','], /--types.*expected one or more/],
    ['unknown priority', () => ['tasks', 'ls', '--priorities', 'URGENT'], /--priorities.*HOT, TODAY, EXTRA/],
    ['size 0', () => ['tasks', 'ls', '--size', '0'], /--size.*from 1 to 100/],
    ['size 101', () => ['tasks', 'ls', '--size', '101'], /--size.*from 1 to 100/],
    ['size not a number', () => ['tasks', 'ls', '--size', 'ten'], /--size/],
    ['page 0', () => ['tasks', 'ls', '--page', '0'], /--page.*at least 1/],
    ['negative page', () => ['tasks', 'ls', '--page', '-1'], /--page/],
    ['limit 0', () => ['tasks', 'ls', '--limit', '0'], /--limit/],
    ['unknown sort', () => ['tasks', 'ls', '--sort', 'name'], /--sort.*created, updated/],
    ['unknown order', () => ['tasks', 'ls', '--order', 'up'], /--order.*asc, desc/],
    ['bad relative date', () => ['tasks', 'ls', '--created-after', 'tomorrowish'], /--created-after.*ISO 8601/],
    ['impossible date', () => ['tasks', 'ls', '--created-before', '2026-13-45'], /--created-before/],
    ['unknown alias', () => ['tasks', 'ls', '--assignee', 'ghost'], /--assignee: 'ghost'/],
    ['the 30th of February', () => ['tasks', 'ls', '--created-after', '2026-02-30'], /--created-after.*'2026-02-30' is not a calendar date.*ISO 8601/],
    ['the 29th of February of a common year', () => ['tasks', 'stats', '--created-after', '2025-02-29'], /not a calendar date/],
    ['an hour 24', () => ['tasks', 'ls', '--created-before', '2026-11-20T24:00:00Z'], /not a calendar date/],
    ['a relative date beyond ten years', () => ['tasks', 'ls', '--created-after', '99999d'], /--created-after.*more than ten years/],
    ['a window that cannot match', () => ['tasks', 'ls', '--created-after', '2026-11-20', '--created-before', '2026-11-01'], /--created-after .* is not before --created-before .*: no task can match/],
    ['an empty window', () => ['tasks', 'ls', '--created-after', 'today', '--created-before', 'today'], /no task can match/],
    ['status twice', () => ['tasks', 'ls', '--status', 'PENDING', '--status', 'SKIPPED'], /--status.*given more than once: --status takes one value/],
    ['assignee twice', () => ['tasks', 'ls', '--assignee', 'ana', '--assignee', 'bram'], /given more than once: --assignee takes one value/],
    ['page twice', () => ['tasks', 'ls', '--page', '1', '--page', '2'], /given more than once/],
    ['profile twice', () => ['--profile', 'a', '--profile', 'b', 'tasks', 'ls'], /given more than once: --profile/],
    ['a near-miss status', () => ['tasks', 'ls', '--status', 'PENDNG'], /did you mean PENDING\?/],
    ['a near-miss scope', () => ['tasks', 'reassign', id(), '--to', SANDBOX_REPS[0]!.id, '--scope', 'seq'], /did you mean SEQUENCE\?/],
    ['a base URL over plain http in config', () => ['config', 'set', 'base-url', 'http://evil.com'], /config base-url: refusing plain http:\/\/ to evil.com/],
    ['a base URL that is not one', () => ['config', 'set', 'base-url', 'evil'], /config base-url: 'evil' is not a URL/],
    ['switching to an unknown profile', () => ['config', 'use', 'nosuch'], /no profile 'nosuch': (there are no profiles yet|known profiles are)/],
    ['an unknown subcommand even with --help', () => ['sandbox', 'reset', '--help'], /unknown command 'reset' for 'topo sandbox'/],
    ['escape sequences in a flag value are shown, not run', () => ['tasks', 'ls', '--status', '\u001b]0;PWNED\u0007\u001b[2J'], /'␛]0;PWNED␇␛\[2J' is not one of/],
    ['bad sequence', () => ['tasks', 'ls', '--sequence', '123'], /--sequence.*not a UUID/],
    ['unknown template name', () => ['tasks', 'ls', '--template', 'xyz'], /--template: no sequence template is named 'xyz'/],
    ['--all with --limit', () => ['tasks', 'ls', '--all', '--limit', '5'], /--all and --limit/],
    ['--all with --page', () => ['tasks', 'ls', '--all', '--page', '2'], /--page/],
    ['--json with --ndjson', () => ['tasks', 'ls', '--json', '--ndjson'], /--json and --ndjson/],
    ['bad field name', () => ['tasks', 'ls', '--fields', 'id;rm'], /--fields/],
    ['unknown flag', () => ['tasks', 'ls', '--bogus'], /unknown option '--bogus'/],
    ['misspelt flag', () => ['tasks', 'ls', '--prioritie', 'HOT'], /--priorities/],
    ['extra argument', () => ['tasks', 'ls', 'extra'], /too many arguments|unknown/],
    ['timeout 0', () => ['--timeout', '0', 'tasks', 'ls'], /--timeout/],
    ['timeout not a number', () => ['--timeout', 'soon', 'tasks', 'ls'], /--timeout/],
    ['too many retries', () => ['--max-retries', '99', 'tasks', 'ls'], /--max-retries.*0 to 20/],
    ['plain http to a remote host', () => ['--base-url', 'http://api.example.com', 'tasks', 'ls'], /refusing plain http/],
    ['base URL not a URL', () => ['--base-url', 'not a url', 'tasks', 'ls'], /not a URL/],
    ['base URL with another scheme', () => ['--base-url', 'ftp://api.example.com', 'tasks', 'ls'], /unsupported protocol/],
    ['show without id', () => ['tasks', 'show'], /missing required argument 'id'/],
    ['show with a bad id', () => ['tasks', 'show', 'not-a-uuid'], /not a UUID/],
    ['show with two ids', () => ['tasks', 'show', id(), id()], /too many arguments/],
    ['thread with a bad id', () => ['tasks', 'thread', '12345'], /not a UUID/],
    ['unknown subcommand', () => ['tasks', 'shwo'], /did you mean show/i],
    ['unknown command', () => ['taks'], /unknown command 'taks'/],
    ['skip without ids', () => ['tasks', 'skip'], /missing required argument/],
    ['skip a bad id', () => ['tasks', 'skip', 'bad-id'], /not a task UUID: bad-id/],
    ['skip with JSON that is not tasks', () => ['tasks', 'skip', '-', '--yes'], /not a task UUID/, '[{"id":1},{"id":"x"}]'],
    ['skip with broken JSON', () => ['tasks', 'skip', '-', '--yes'], /not readable as JSON/, '[{"id":'],
    ['skip with NDJSON objects without ids', () => ['tasks', 'skip', '-', '--yes'], /not a task \(no "id"\)/, '{"foo":"bar"}\n{"baz":1}\n'],
    ['skip with two dashes', () => ['tasks', 'skip', '-', '-'], /only once/, ''],
    ['skip several without --yes and no terminal', () => ['tasks', 'skip', ...pending], /--yes/],
    ['skip with concurrency 0', () => ['tasks', 'skip', id(), '--concurrency', '0'], /--concurrency/],
    ['reopen without ids', () => ['tasks', 'reopen'], /missing required argument/],
    ['reopen a bad id', () => ['tasks', 'reopen', '42'], /not a task UUID/],
    ['reassign without --to', () => ['tasks', 'reassign', id()], /--to/],
    ['reassign to an unknown alias', () => ['tasks', 'reassign', id(), '--to', 'nobody'], /--to: 'nobody'/],
    ['reassign with a bad scope', () => ['tasks', 'reassign', id(), '--to', SANDBOX_REPS[0]!.id, '--scope', 'everything'], /--scope.*TASK, SEQUENCE/],
    ['reassign ids with --strategy', () => ['tasks', 'reassign', id(), '--to', SANDBOX_REPS[0]!.id, '--strategy', 'balance'], /--strategy goes with --from/],
    ['reassign ids to several targets', () => ['tasks', 'reassign', id(), '--to', `${SANDBOX_REPS[0]!.id},${SANDBOX_REPS[1]!.id}`], /several targets go with --from/],
    ['offboard without --to and --yes', () => ['tasks', 'reassign', '--from', SANDBOX_REPS[1]!.id], /needs --to <user> and --yes/],
    ['offboard to the same rep', () => ['tasks', 'reassign', '--from', SANDBOX_REPS[1]!.id, '--to', SANDBOX_REPS[1]!.id, '--yes'], /is the departing rep \(--from\): pick other targets/],
    ['offboard with an unknown strategy', () => ['tasks', 'reassign', '--from', SANDBOX_REPS[1]!.id, '--to', SANDBOX_REPS[2]!.id, '--strategy', 'random', '--yes'], /--strategy.*balance, round-robin/],
    ['missing plan file', () => ['tasks', 'reassign', '--plan', '/nonexistent/plan.json', '--yes'], /--plan: cannot read/],
    ['plan file that is not a plan', () => ['tasks', 'reassign', '--plan', path.join(h.configDir, 'garbage.json'), '--yes'], /not a topo redistribution plan/],
    ['missing journal', () => ['tasks', 'reassign', '--undo', '/nonexistent/journal.jsonl', '--yes'], /--undo: cannot read/],
    ['journal that is not a journal', () => ['tasks', 'reassign', '--undo', path.join(h.configDir, 'garbage.jsonl'), '--yes'], /not a topo journal/],
    ['--from with --plan', () => ['tasks', 'reassign', '--from', SANDBOX_REPS[1]!.id, '--plan', 'p.json', '--yes'], /cannot be combined/],
    ['--plan with --to', () => ['tasks', 'reassign', '--plan', 'p.json', '--to', SANDBOX_REPS[1]!.id, '--yes'], /--to cannot be combined/],
    ['ids with --from', () => ['tasks', 'reassign', id(), '--from', SANDBOX_REPS[1]!.id, '--yes'], /cannot be combined/],
    ['stats by an unknown dimension', () => ['tasks', 'stats', '--by', 'owner'], /--by.*assignee, type, priority, status/],
    ['stats by the same dimension twice', () => ['tasks', 'stats', '--by', 'type', '--then', 'type'], /--then must differ/],
    ['triage without a terminal', () => ['tasks', 'triage'], /needs a terminal/],
    ['alias with a bad name', () => ['users', 'alias', 'set', '9lives', SANDBOX_REPS[0]!.id], /must start with a letter/],
    ['alias to a bad uuid', () => ['users', 'alias', 'set', 'ana', 'not-uuid'], /not a UUID/],
    ['removing an unknown alias', () => ['users', 'alias', 'rm', 'ghost'], /no alias 'ghost'/],
    ['page-size out of range', () => ['config', 'set', 'page-size', '500'], /page-size.*1 to 100/],
    ['page-size in exponent form (refused as --size refuses it)', () => ['config', 'set', 'page-size', '1e2'], /page-size: '1e2' must be a whole number/],
    ['colour setting unknown', () => ['config', 'set', 'color', 'purple'], /auto, always, never/],
    ['the key through config set', () => ['config', 'set', 'api-key', 'x'], /unknown setting 'api-key'[\s\S]*auth login/],
    ['config get of nonsense', () => ['config', 'get', 'nonsense'], /unknown setting/],
    ['an unknown profile', () => ['config', 'use', 'bad name!'], /no profile 'bad name!'/],
    ['login without a terminal', () => ['auth', 'login'], /--with-token/],
    ['login with an empty key', () => ['auth', 'login', '--with-token'], /empty/, ''],
    ['completion for an unknown shell', () => ['completion', 'tcsh'], /bash, zsh, fish/],
    ['sandbox fail rate above 1', () => ['sandbox', 'serve', '--fail-rate', '2'], /--fail-rate.*probability/],
    ['sandbox port out of range', () => ['sandbox', 'serve', '--port', '70000'], /--port/],
  ];

  it(`has at least 60 cases (${cases.length})`, () => expect(cases.length).toBeGreaterThanOrEqual(60));

  it.each(cases)('%s', async (_name, args, message, input) => {
    const before = h.sandbox.mutations.length;
    const result = await h.topo(args(), { input });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/error:/);
    expect(result.stderr).toMatch(message);
    // Whatever topo echoes back is sanitized: nothing typed or piped in can drive the terminal.
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(h.sandbox.mutations.length).toBe(before);
  });

  it('a malformed TOPO_BACKOFF_BASE_MS is named (exit 2), nothing sent', async () => {
    const before = h.sandbox.requests.length;
    const result = await h.topo(['tasks', 'ls'], { env: { TOPO_BACKOFF_BASE_MS: '20ms' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/TOPO_BACKOFF_BASE_MS: '20ms' must be a whole number of milliseconds/);
    expect(h.sandbox.requests.length).toBe(before);
  });

  it('stdin with escape sequences or binary is echoed visible and cut, never raw (exit 2, nothing sent)', async () => {
    const before = h.sandbox.requests.length;
    const hostile = await h.topo(['tasks', 'skip', '-', '--yes'], { input: '\u001b]0;PWNED\u0007\u001b[2Jabc\n' });
    expect(hostile.code).toBe(2);
    expect(hostile.stderr).toContain('line 1: not a task UUID: ␛]0;PWNED␇␛[2Jabc');
    expect(hostile.stderr).not.toMatch(/\u001b|\u0007/);
    const binary = await h.topo(['tasks', 'skip', '-', '--yes'], { input: Buffer.from([0x00, 0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xfe, 0x07, 0x0a, 0x9b, 0x33, 0x31, 0x6d, 0x0a]) });
    expect(binary.code).toBe(2);
    expect(binary.stderr).not.toMatch(/[\u0000-\u0008\u001b\u009b]/);
    const long = await h.topo(['tasks', 'skip', '-', '--yes'], { input: `${'z'.repeat(10_000)}\n` });
    expect(long.stderr.length).toBeLessThan(400);
    expect(h.sandbox.requests.length).toBe(before);
  });

  it('huge stdin (over 64 MiB) is refused, nothing sent', async () => {
    const result = await h.topo(['tasks', 'skip', '-', '--yes'], { input: `${'x'.repeat(1023)}\n`.repeat(65 * 1024 + 1) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/larger than 64 MiB/);
    expect(h.sandbox.mutations).toEqual([]);
  });
});

describe('hostile data', () => {
  let h: Harness;
  let task: Task;
  beforeAll(async () => {
    h = await harness({ tasks: 60, seed: 9 });
    task = h.sandbox.tasks.find((t) => t.type === 'EMAIL_REPLY')!;
    h.sandbox.extraMessages.set(task.sequence_id!, [
      { id: 'a', channel: 'EMAIL', direction: 'INBOUND', subject: '\u001b]0;owned\u0007Title', body: 'csi \u001b[2J\u001b[H wipe; osc8 \u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\; bel \u0007; nul \u0000; overprint safe\roverwritten; bidi \u202egnp.exe\u202c; c1 \u009b31m', sent_at: '2026-10-30T10:00:00Z', sender_user_id: null },
      { id: 'b', channel: 'LINKEDIN', direction: 'OUTBOUND', subject: null, body: `${'long '.repeat(20000)}`, sent_at: '2026-10-30T11:00:00Z', sender_user_id: SANDBOX_REPS[0]!.id },
      { id: 'c', channel: 'EMAIL', direction: 'INBOUND', subject: 'big', body: 'y'.repeat(10 * 1024 * 1024), sent_at: '2026-10-30T12:00:00Z', sender_user_id: null },
    ]);
    h.sandbox.patchTask(task.id, { priority: '\u001b[5mHOT\u001b[0m', custom: 'tab\there\nnewline' });
  });
  afterAll(() => h.close());

  const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it('thread text never passes a raw control character, in a pipe or on a terminal', async () => {
    for (const tty of [false, true]) {
      const result = await h.topo(['tasks', 'thread', task.id], { tty, env: { NO_COLOR: '1' } });
      expect(result.code).toBe(0);
      const text = tty ? result.stdout.replace(/\r\n/g, '\n') : result.stdout;
      expect(RAW_CONTROL.test(text)).toBe(false);
      expect(text).toContain('␛[2J');
      expect(text).toContain('<U+202E>gnp.exe');
      expect(text.length).toBeGreaterThan(10 * 1024 * 1024);
    }
  }, 60_000);

  it('--json keeps the data exact but escapes every control character', async () => {
    const result = await h.topo(['tasks', 'thread', task.id, '--json']);
    expect(RAW_CONTROL.test(result.stdout)).toBe(false);
    const messages = JSON.parse(result.stdout) as Array<{ body: string }>;
    expect(messages.at(-3)!.body).toContain('\u202egnp.exe');
  }, 60_000);

  it('tables stay aligned and TSV keeps its columns when fields hold escapes, tabs and newlines', async () => {
    const table = await h.topo(['tasks', 'ls', '--sequence', task.sequence_id!, '--fields', 'priority,custom,id'], { tty: true, env: { NO_COLOR: '1' } });
    // On a terminal stderr shares the screen: the table starts at its header.
    const all = lines(table.stdout.replace(/\r/g, ''));
    const rows = all.slice(all.findIndex((row) => row.startsWith('PRIORITY')));
    expect(RAW_CONTROL.test(rows.join(''))).toBe(false);
    const idColumn = rows.map((row) => row.search(/ID$|[0-9a-f]{8}-[0-9a-f]{4}-/));
    expect(new Set(idColumn).size).toBe(1);
    const tsv = lines((await h.topo(['tasks', 'ls', '--sequence', task.sequence_id!, '--fields', 'priority,custom,id'])).stdout);
    expect(tsv.every((row) => row.split('\t').length === 3)).toBe(true);
    expect(tsv.join('\n')).toContain('tab␉here␊newline');
  });
});

describe('secrets and transport security', () => {
  it('the config folder and file keep 0700/0600 across every kind of write', async () => {
    const h = await harness({ tasks: 20 });
    try {
      const file = path.join(h.configDir, 'config.json');
      fs.chmodSync(h.configDir, 0o755);
      const writes = [
        ['auth', 'login', '--with-token'], ['config', 'set', 'page-size', '5'], ['users', 'alias', 'set', 'ana', SANDBOX_REPS[0]!.id],
        ['users', 'alias', 'rm', 'ana'], ['config', 'set', 'page-size', '9', '--profile', 'other'], ['config', 'use', 'other'], ['config', 'use', 'default'], ['auth', 'logout'],
      ];
      for (const args of writes) {
        const result = await h.topo(args, { input: h.env.TOPO_API_KEY, env: { TOPO_API_KEY: undefined } });
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
        expect(fs.statSync(file).mode & 0o777).toBe(0o600);
        expect(fs.statSync(h.configDir).mode & 0o777).toBe(0o700);
      }
    } finally {
      await h.close();
    }
  });

  it.runIf(hasTmux())('auth login on a terminal asks without echoing the key, checks it, and stores it', async () => {
    const h = await harness({ tasks: 20 });
    const session = new TmuxSession(`${process.execPath} ${BIN} auth login`, { TOPO_CONFIG_DIR: h.configDir, TOPO_BASE_URL: h.sandbox.url });
    try {
      await session.waitFor(/API key for profile 'default'/);
      session.keys(SANDBOX_KEYS.read, 'Enter');
      const screen = await session.waitFor(/\[exit \d+\]/);
      expect(screen).toMatch(/logged in to .* \(Sandbox dashboard \(read only\), topo_sandbox_ro…7146\)/);
      expect(screen).toMatch(/\[exit 0\]/);
      assertNoSecrets(screen);
      expect(fs.readFileSync(path.join(h.configDir, 'config.json'), 'utf8')).toContain(SANDBOX_KEYS.read);
    } finally {
      session.kill();
      await h.close();
    }
  });

  it('plan files, journals and debug traces never hold the key', async () => {
    const h = await harness({ tasks: 200, seed: 13 });
    try {
      const plan = path.join(h.configDir, 'plan.json');
      const journal = path.join(h.configDir, 'journal.jsonl');
      const planned = await h.topo(['--debug', 'tasks', 'reassign', '--from', SANDBOX_REPS[3]!.id, '--to', SANDBOX_REPS[4]!.id, '--plan-out', plan]);
      expect(planned.code).toBe(0);
      expect(planned.stderr).toContain('Bearer [redacted]');
      const result = await h.topo(['--debug', 'tasks', 'reassign', '--plan', plan, '--yes', '--journal', journal]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('Bearer [redacted]');
      assertNoSecrets(fs.readFileSync(plan, 'utf8'), fs.readFileSync(journal, 'utf8'));
    } finally {
      await h.close();
    }
  });

  it('HTTPS_PROXY tunnels https through CONNECT, NO_PROXY bypasses it; the key stays inside TLS', async () => {
    const dir = tempDir();
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1',
      '-subj', '/CN=api.topo.test', '-addext', 'subjectAltName=DNS:api.topo.test'], { stdio: 'ignore' });
    const authorizations: string[] = [];
    const server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) }, (req, res) => {
      authorizations.push(String(req.headers.authorization));
      res.setHeader('content-type', 'application/json');
      res.end('{"items":[],"total_count":0,"total_pages":0,"has_more":false}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const tunnels: string[] = [];
    const proxyBytes: Buffer[] = [];
    // A CONNECT proxy that sends every tunnel to the local https server, whatever the host name.
    const proxy = http.createServer().on('connect', (req, client: net.Socket, head: Buffer) => {
      tunnels.push(String(req.url));
      const upstream = net.connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.on('data', (chunk: Buffer) => proxyBytes.push(chunk));
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const env = { TOPO_CONFIG_DIR: dir, TOPO_BASE_URL: `https://api.topo.test:${port}`, TOPO_API_KEY: 'topo_sandbox_rw_7c1d4e9a2f6b8035',
        HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem'), NO_PROXY: undefined };
      // The binary: NODE_EXTRA_CA_CERTS is read when a process starts.
      const through = await run(['--max-retries', '0', 'tasks', 'ls', '--json'], { env, spawn: true });
      expect(through.code, through.stderr).toBe(0);
      expect(through.stdout).toBe('[]\n');
      expect(tunnels).toEqual([`api.topo.test:${port}`]);
      expect(authorizations).toEqual(['Bearer topo_sandbox_rw_7c1d4e9a2f6b8035']);
      expect(Buffer.concat(proxyBytes).includes('topo_sandbox')).toBe(false);
      const bypass = await run(['--max-retries', '0', 'tasks', 'ls'], { env: { ...env, NO_PROXY: 'api.topo.test' } });
      expect(bypass.code).toBe(6);
      expect(tunnels).toHaveLength(1);
      // A proxy nobody listens on is named as the failure, not the API host.
      const closed = net.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const deadPort = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const unreachable = await run(['--max-retries', '0', 'tasks', 'ls'], { env: { ...env, HTTPS_PROXY: `http://127.0.0.1:${deadPort}` } });
      expect(unreachable.code).toBe(6);
      expect(unreachable.stderr).toContain(`the proxy 127.0.0.1:${deadPort} (HTTPS_PROXY): connection refused: nothing is listening there (ECONNREFUSED)`);
      expect(unreachable.stderr).toContain('hint: check HTTPS_PROXY (and NO_PROXY), or the proxy itself');
      // A proxy that accepts the connection and never answers CONNECT: the request's timeout covers the tunnel too.
      const held: net.Socket[] = [];
      const silent = net.createServer((socket) => held.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const hung = await run(['--timeout', '1s', '--max-retries', '0', 'tasks', 'ls'], { env: { ...env, HTTPS_PROXY: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` } });
        expect(hung.code).toBe(6);
        expect(hung.stderr).toContain('(HTTPS_PROXY): connection timed out (ETIMEDOUT)');
      } finally {
        for (const socket of held) socket.destroy();
        silent.close();
      }
      // A SOCKS proxy or an unreadable one is a usage error in words (exit 2), never a crash trace.
      for (const [value, words] of [['socks5://127.0.0.1:1080', 'socks5:// proxies are not supported'], ['http://[bad', "'http://[bad' is not a URL"]] as const) {
        const refused = await run(['tasks', 'ls'], { env: { ...env, HTTPS_PROXY: value } });
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain(`error: HTTPS_PROXY: ${words}`);
        expect(refused.stderr).not.toMatch(/\n\s+at /);
      }
    } finally {
      server.close();
      proxy.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown server certificate fails closed (exit 6), nothing is sent in the clear', async () => {
    const dir = tempDir();
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    let reached = 0;
    const server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) }, (_req, res) => {
      reached++;
      res.end('{"items":[],"total_count":0,"total_pages":0,"has_more":false}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const result = await run(['--max-retries', '0', 'tasks', 'ls'], { env: { TOPO_CONFIG_DIR: dir, TOPO_BASE_URL: `https://127.0.0.1:${port}`, TOPO_API_KEY: 'topo_sandbox_rw_7c1d4e9a2f6b8035', NODE_EXTRA_CA_CERTS: undefined } });
      expect(result.code).toBe(6);
      expect(result.stderr).toMatch(/self[- ]signed|certificate/i);
      expect(reached).toBe(0);
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('interruptions', () => {
  it('Ctrl-C during a listing: whole lines only, a note on stderr, exit 130', async () => {
    const h = await harness({ tasks: 5000, latency: 40 });
    try {
      const child = spawn(process.execPath, [BIN, 'tasks', 'ls', '--all', '--ndjson', '--timeout', '5000'], { env: { ...process.env, ...h.env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.length > 1000 && !child.killed) child.kill('SIGINT');
      });
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
      expect(code).toBe(130);
      expect(stdout.endsWith('\n')).toBe(true);
      for (const line of lines(stdout)) expect(() => JSON.parse(line)).not.toThrow();
      expect(lines(stdout).length).toBeLessThan(5000);
      expect(stderr).toMatch(/interrupted/);
    } finally {
      await h.close();
    }
  });

  it('Ctrl-C during a bulk run: in-flight requests finish, a summary of done and not done, exit 130', async () => {
    const h = await harness({ tasks: 1000, latency: 60 });
    try {
      const ids = h.sandbox.tasks.filter(isOpen).slice(0, 300).map((t) => t.id);
      const child = spawn(process.execPath, [BIN, 'tasks', 'skip', '-', '--yes', '--json', '--concurrency', '4'], { env: { ...process.env, ...h.env } });
      child.stdin.end(ids.join('\n'));
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const deadline = Date.now() + 30_000;
      while (h.sandbox.mutations.length < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGINT');
      const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
      expect(code).toBe(130);
      const report = JSON.parse(stdout) as Array<{ id: string; outcome: string }>;
      const changed = report.filter((r) => r.outcome === 'changed').map((r) => r.id);
      expect(report.filter((r) => r.outcome === 'not-attempted').length).toBeGreaterThan(0);
      expect(new Set(changed)).toEqual(new Set(ids.filter((id) => h.sandbox.task(id)!.status === 'SKIPPED')));
      expect(stderr).toMatch(/not attempted/);
      expect(stderr).toMatch(/re-run the same command/);
    } finally {
      await h.close();
    }
  });
});
