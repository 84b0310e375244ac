// auth login | status | logout against the sandbox: GET /v1/me, scopes, where the key is kept.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS } from '../../providers/topo/sandbox.ts';
import { harness, lines, type Harness } from '../../../test/support/cli.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tasks: 60 });
});
afterAll(() => h.close());
const noEnvKey = { TOPO_API_KEY: undefined };

describe('auth login', () => {
  it('verifies the key with /v1/me, says which key it is and its scopes, stores it 0600 in a 0700 folder', async () => {
    const login = await h.topo(['auth', 'login', '--with-token'], { input: `${SANDBOX_KEYS.write}\n`, env: noEnvKey });
    expect(login.code).toBe(0);
    expect(login.stderr).toMatch(/logged in to .* as profile 'default' \(Sandbox ops \(read\+write\), topo_sandbox_rw…8035\)/);
    expect(login.stderr).toMatch(/scopes: tasks:read, tasks:write, sequences:read, contacts:read/);
    expect(h.sandbox.requests.at(-1)!.path).toBe('/v1/me');
    const file = path.join(h.configDir, 'config.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(h.configDir).mode & 0o777).toBe(0o700);
    await h.topo(['config', 'set', 'page-size', '7'], { env: noEnvKey });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const listed = await h.topo(['tasks', 'ls', '--debug'], { env: noEnvKey });
    expect(lines(listed.stdout)).toHaveLength(7);
    expect(listed.stderr).toContain('Bearer [redacted]');
    expect(listed.stderr).toMatch(/< 200 GET \/tasks \d+ ms request req_/);
  });

  it('saves a key without tasks:write with a warning that it can only read', async () => {
    const login = await h.topo(['auth', 'login', '--with-token', '--profile', 'ro', '--insecure-storage'], { input: SANDBOX_KEYS.read, env: noEnvKey });
    expect(login.code).toBe(0);
    expect(login.stderr).toMatch(/warning: this key lacks tasks:write: it can read tasks but not skip, reopen or reassign them/);
    expect(fs.readFileSync(path.join(h.configDir, 'config.json'), 'utf8')).toContain(SANDBOX_KEYS.read);
  });

  it('refuses a key without tasks:read and a rejected key (exit 3), saving nothing', async () => {
    const before = fs.readFileSync(path.join(h.configDir, 'config.json'), 'utf8');
    const noRead = await h.topo(['auth', 'login', '--with-token', '--profile', 'nt'], { input: SANDBOX_KEYS.noTasks, env: noEnvKey });
    expect(noRead.code).toBe(3);
    expect(noRead.stderr).toMatch(/lacks the tasks:read scope \(it has contacts:read\); nothing was saved/);
    const rejected = await h.topo(['auth', 'login', '--with-token', '--profile', 'bad'], { input: 'topo_not_a_real_key_123', env: noEnvKey });
    expect(rejected.code).toBe(3);
    expect(rejected.stderr).toMatch(/the API rejected this key \(Invalid API key \(HTTP 401 UnauthorizedIssue, request req_/);
    expect(fs.readFileSync(path.join(h.configDir, 'config.json'), 'utf8')).toBe(before);
  });

  it('an older server without /v1/me: login falls back to one listing', async () => {
    const old = await harness({ tasks: 20, noMe: true });
    try {
      const login = await old.topo(['auth', 'login', '--with-token'], { input: SANDBOX_KEYS.write, env: noEnvKey });
      expect(login.code).toBe(0);
      expect(old.sandbox.requests.map((r) => r.path)).toEqual(['/v1/me', '/v1/tasks']);
    } finally {
      await old.close();
    }
  });

  it('without a terminal and without --with-token it refuses (exit 2)', async () => {
    const result = await h.topo(['auth', 'login']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--with-token/);
  });
});

describe('auth status', () => {
  it('shows profile, base URL, key source, name, prefix, scopes and last use', async () => {
    const status = await h.topo(['auth', 'status', '--json'], { env: noEnvKey });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      profile: 'default', api: 'accepted', key: `****${SANDBOX_KEYS.write.slice(-4)}`, key_source: expect.stringContaining('config'),
      name: 'Sandbox ops (read+write)', key_prefix: 'topo_sandbox_rw', scopes: ['tasks:read', 'tasks:write', 'sequences:read', 'contacts:read'], can_write: true,
      last_used_at: expect.stringMatching(/^\d{4}-/),
    });
    const text = await h.topo(['auth', 'status', '--profile', 'ro'], { env: noEnvKey });
    expect(text.stdout).toMatch(/scopes +tasks:read, sequences:read, contacts:read/);
    expect(text.stderr).toMatch(/lacks tasks:write/);
  });

  it('a key without tasks:read is told what login would say of it, not that it "can read"', async () => {
    const status = await h.topo(['auth', 'status'], { env: { TOPO_API_KEY: SANDBOX_KEYS.noTasks } });
    expect(status.code).toBe(0);
    expect(status.stderr).toMatch(/this key cannot read tasks \(it has contacts:read\): `topo auth login` would refuse it/);
    expect(status.stderr).not.toMatch(/can read but not change/);
  });

  it('still says what topo would use when the API cannot be reached (exit 6)', async () => {
    const down = await h.topo(['auth', 'status', '--max-retries', '0'], { env: { ...noEnvKey, TOPO_BASE_URL: 'http://127.0.0.1:9' } });
    expect(down.code).toBe(6);
    expect(down.stdout).toMatch(/profile +default/);
    expect(down.stdout).toMatch(/base URL +http:\/\/127\.0\.0\.1:9 \(TOPO_BASE_URL\)/);
    expect(down.stdout).toMatch(/key from +config/);
    expect(down.stdout).toMatch(/ECONNREFUSED/);
    expect(down.stderr).toMatch(/could not be reached/);
  });

  it('logout removes the key; status then exits 3', async () => {
    const file = path.join(h.configDir, 'config.json');
    const logout = await h.topo(['auth', 'logout'], { env: noEnvKey });
    expect(logout.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(SANDBOX_KEYS.write);
    const after = await h.topo(['auth', 'status'], { env: noEnvKey });
    expect(after.code).toBe(3);
  });
});

describe('where the key is kept', () => {
  it('without a system keyring (no D-Bus session: a CI box) the key goes to the 0600 file, said once; auth token prints it alone', async () => {
    const login = await h.topo(['auth', 'login', '--with-token', '--profile', 'nokeyring'], { input: SANDBOX_KEYS.write, env: noEnvKey });
    expect(login.code).toBe(0);
    expect(login.stderr.match(/note: key stored in .*config\.json \(0600\): no system keyring is available here \(no D-Bus session for the Secret Service\)/g)).toHaveLength(1);
    const config = JSON.parse(fs.readFileSync(path.join(h.configDir, 'config.json'), 'utf8'));
    expect(config.profiles.nokeyring).toMatchObject({ apiKey: SANDBOX_KEYS.write, keyStorage: 'file' });
    const status = JSON.parse((await h.topo(['auth', 'status', '--profile', 'nokeyring', '--json'], { env: noEnvKey })).stdout);
    expect(status.key_source).toMatch(/^config file .*config\.json$/);
    const token = await h.topo(['auth', 'token', '--profile', 'nokeyring'], { env: noEnvKey, demoKeysShown: true });
    expect(token.stdout).toBe(`${SANDBOX_KEYS.write}\n`);
    expect(token.stderr).toBe('');
    const insecure = await h.topo(['auth', 'login', '--with-token', '--profile', 'plain', '--insecure-storage'], { input: SANDBOX_KEYS.write, env: noEnvKey });
    expect(insecure.stderr).toMatch(/key stored in .*config\.json \(0600\), in plain text as --insecure-storage asks/);
    // A profile nobody created is a typo, not an empty profile: refused with the known ones.
    const none = await h.topo(['auth', 'token', '--profile', 'nobody'], { env: noEnvKey });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--profile: no profile is named 'nobody'/);
    expect(none.stdout).toBe('');
  });

  const hasSecretService = (() => {
    try {
      execFileSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon && command -v secret-tool'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.runIf(hasSecretService)('with a real Secret Service (gnome-keyring in a D-Bus session) the key lives there and only a reference in config.json', async () => {
    const dir = path.join(h.configDir, 'keyring');
    // gnome-keyring keeps its files under HOME, which must exist.
    fs.mkdirSync(dir, { recursive: true });
    const topo = `${process.execPath} ${path.resolve('bin/topo')}`;
    const script = [
      // An unlocked login keyring for this session only.
      'printf x | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1',
      `printf %s "$KEY" | ${topo} auth login --with-token 2>&1; echo "[login $?]"`,
      'echo "[config]"; cat "$TOPO_CONFIG_DIR/config.json"; echo',
      'echo "[lookup]"; secret-tool lookup service topo username default; echo',
      `${topo} auth status 2>&1; echo "[status $?]"`,
      `${topo} tasks ls --size 2 --fields id; echo "[ls $?]"`,
      `echo "[token]"; ${topo} auth token | wc -c`,
      `${topo} auth logout 2>&1; echo "[logout $?]"`,
      'secret-tool lookup service topo username default; echo "[lookup after logout $?]"',
    ].join('\n');
    // Asynchronously: the sandbox answering topo lives in this very process.
    const { stdout: output } = await promisify(execFile)('dbus-run-session', ['--', 'sh', '-c', script], {
      encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, TOPO_CONFIG_DIR: dir, TOPO_BASE_URL: h.sandbox.url, KEY: SANDBOX_KEYS.write }, timeout: 60_000,
    });
    expect(output).toMatch(/key stored in the system keyring\n\[login 0\]/);
    const config = output.split('[config]')[1]!.split('[lookup]')[0]!;
    // The key is in the keyring; the file keeps where it is and the URL it was proved against.
    expect(JSON.parse(config)).toEqual({ profiles: { default: { keyStorage: 'keyring', baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) } } });
    expect(output.split('[lookup]')[1]!.trim().startsWith(SANDBOX_KEYS.write)).toBe(true);
    expect(output).toMatch(/key from +system keyring[\s\S]*API says +accepted[\s\S]*\[status 0\]/);
    expect(output).toMatch(/[0-9a-f-]{36}\n[0-9a-f-]{36}\n\[ls 0\]/);
    expect(output).toMatch(/\[token\]\n\s*33\n/);
    expect(output).toMatch(/its key was removed from the system keyring\n\[logout 0\]/);
    expect(output).toMatch(/\[lookup after logout 1\]/);
  }, 90_000);
});
