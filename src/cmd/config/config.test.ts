// config get | set | unset | list | use | profiles: validated like flags, unknown profiles refused.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, tempDir } from '../../../test/support/cli.ts';

let dir: string;
const topo = (args: string[]) => run(args, { env: { TOPO_CONFIG_DIR: dir } });
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('config', () => {
  it('set validates like the flags, get prints, unset returns to the default', async () => {
    expect((await topo(['config', 'set', 'base-url', 'https://api.topo.io/v1'])).code).toBe(0);
    expect((await topo(['config', 'get', 'base-url'])).stdout).toBe('https://api.topo.io/v1\n');
    const evil = await topo(['config', 'set', 'base-url', 'http://evil.com']);
    expect(evil.code).toBe(2);
    expect((await topo(['config', 'get', 'base-url'])).stdout).toBe('https://api.topo.io/v1\n');
    expect((await topo(['config', 'set', 'page-size', '25'])).code).toBe(0);
    const unset = await topo(['config', 'unset', 'page-size']);
    expect(unset.stderr).toBe("unset page-size for profile 'default'\n");
    expect((await topo(['config', 'get', 'page-size'])).code).toBe(1);
    const typo = await topo(['config', 'get', 'page-sise']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/did you mean page-size\?/);
  });

  it('a config.json that is not JSON is one error line (exit 2, nothing sent), and config set starts a new one keeping the broken file', async () => {
    const own = tempDir();
    try {
      const file = path.join(own, 'config.json');
      fs.writeFileSync(file, '{not json');
      const at = (args: string[]) => run(args, { env: { TOPO_CONFIG_DIR: own } });
      for (const args of [['--sandbox', 'tasks', 'ls'], ['config', 'get', 'color']]) {
        const broken = await at(args);
        expect(broken.code).toBe(2);
        expect(broken.stderr).toBe(`error: the config file ${file} is not valid JSON\nhint: fix it, or run \`topo auth login\` or \`topo config set\` to start a new one (the broken one is kept beside it)\n`);
      }
      const repaired = await at(['config', 'set', 'color', 'never']);
      expect(repaired.code).toBe(0);
      expect(repaired.stderr).toMatch(/warning: the config file was not valid JSON: kept as .*config\.json\.broken-/);
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ profiles: { default: { color: 'never' } } });
      const kept = fs.readdirSync(own).find((name) => name.startsWith('config.json.broken-'))!;
      expect(fs.readFileSync(path.join(own, kept), 'utf8')).toBe('{not json');
    } finally {
      fs.rmSync(own, { recursive: true, force: true });
    }
  });

  it('wrong types in a hand-edited profile are errors naming the field (exit 2, nothing sent); config set and alias set fix them', async () => {
    const own = tempDir();
    try {
      const file = path.join(own, 'config.json');
      fs.writeFileSync(file, JSON.stringify({ profiles: { default: { aliases: { bram: 5 }, pageSize: 'x' } } }));
      const at = (args: string[]) => run(args, { env: { TOPO_CONFIG_DIR: own } });
      const refused = await at(['--sandbox', 'tasks', 'ls', '-a', 'bram']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("error: the config file's profile 'default' is not usable: aliases.bram: expected a user id (text), not 5; pageSize: expected a whole number, not \"x\"; nothing was sent");
      expect(refused.stderr).not.toMatch(/is not a function/);
      expect((await at(['config', 'set', 'page-size', '25'])).code).toBe(0);
      expect((await at(['users', 'alias', 'set', 'bram', '1b8f2d63-5c2e-4f1b-8d20-6e3c9f7b1002'])).code).toBe(0);
      const listed = await at(['--sandbox', 'tasks', 'ls', '-a', 'bram', '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      expect((JSON.parse(listed.stdout) as Array<{ assignee_user_id: string }>).every((task) => task.assignee_user_id === '1b8f2d63-5c2e-4f1b-8d20-6e3c9f7b1002')).toBe(true);
    } finally {
      fs.rmSync(own, { recursive: true, force: true });
    }
  });

  it('20 alias sets at once keep all 20: config writes take a lock and re-read under it', async () => {
    const own = tempDir();
    try {
      const ids = Array.from({ length: 20 }, (_, i) => `1b8f2d63-5c2e-4f1b-8d20-6e3c9f7b10${String(i).padStart(2, '0')}`);
      // Separate processes (the binary): in one process the writes could not interleave.
      const results = await Promise.all(ids.map((id, i) => run(['users', 'alias', 'set', `rep${i}`, id], { env: { TOPO_CONFIG_DIR: own }, spawn: true })));
      expect(results.map((result) => result.code)).toEqual(ids.map(() => 0));
      const aliases = JSON.parse(fs.readFileSync(path.join(own, 'config.json'), 'utf8')).profiles.default.aliases as Record<string, string>;
      expect(Object.values(aliases).sort()).toEqual(ids);
      expect(fs.readdirSync(own)).toEqual(['config.json']);
    } finally {
      fs.rmSync(own, { recursive: true, force: true });
    }
  });

  it('a config readable by others is made private on read, with a warning; a symlinked config.json is never written through', async () => {
    const own = tempDir();
    try {
      const file = path.join(own, 'config.json');
      fs.writeFileSync(file, JSON.stringify({ profiles: { default: { apiKey: 'topo_sandbox_rw_7c1d4e9a2f6b8035' } } }), { mode: 0o644 });
      fs.chmodSync(file, 0o644);
      fs.chmodSync(own, 0o755);
      const status = await run(['auth', 'status'], { env: { TOPO_CONFIG_DIR: own } });
      expect(status.stderr).toContain(`warning: ${file} was readable by others (mode 644): now 600`);
      expect(status.stderr).toContain(`warning: ${own} was readable by others (mode 755): now 700`);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(own).mode & 0o777).toBe(0o700);
      const real = path.join(own, 'real.json');
      fs.renameSync(file, real);
      fs.symlinkSync(real, file);
      const set = await run(['config', 'set', 'color', 'never'], { env: { TOPO_CONFIG_DIR: own } });
      expect(set.code).toBe(2);
      expect(set.stderr).toContain('is a symbolic link');
      expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
      expect(JSON.parse(fs.readFileSync(real, 'utf8')).profiles.default.color).toBeUndefined();
    } finally {
      fs.rmSync(own, { recursive: true, force: true });
    }
  });

  it('use switches only to a profile that exists, listing the known ones otherwise; profiles ls and rm', async () => {
    await topo(['config', 'set', 'page-size', '50', '--profile', 'staging']);
    const unknown = await topo(['config', 'use', 'stagng']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no profile 'stagng': known profiles are default, staging \(did you mean staging\?\)/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).profiles.stagng).toBeUndefined();
    expect((await topo(['config', 'use', 'staging'])).code).toBe(0);
    expect((await topo(['config', 'profiles', 'ls'])).stdout).toBe('  default\n* staging\n');
    expect((await topo(['config', 'profiles', 'rm', 'staging'])).code).toBe(0);
    expect((await topo(['config', 'profiles', 'ls'])).stdout).toBe('* default\n');
  });

  it('help: `topo help <path>` is that command\'s help, and every command lists the global flags', async () => {
    const help = await topo(['help', 'config', 'set']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: topo config set/);
    expect(help.stdout).toMatch(/Global Options:[\s\S]*--profile <name>[\s\S]*--quiet/);
    const alias = await topo(['users', 'alias', 'ls', '--help']);
    expect(alias.stdout).toMatch(/^Usage: topo users alias ls/);
  });
});
