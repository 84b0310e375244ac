// The published package: only what runs, installable into an empty prefix, working from there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/cli.ts';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies?: object };
let work: string;
let tarball: string;
let files: string[];

beforeAll(() => {
  work = tempDir('topo-pack-');
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = path.join(work, packed[0]!.filename);
  files = packed[0]!.files.map((file) => file.path).sort();
  execFileSync('npm', ['install', '-g', '--prefix', path.join(work, 'prefix'), '--no-audit', '--no-fund', tarball], { stdio: 'ignore' });
}, 120_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('npm package', () => {
  it('holds only the bundle, bin, completions, README, LICENSE and package.json, with no runtime dependencies', () => {
    for (const file of files) expect(file).toMatch(/^(bin\/topo|dist\/((topo|sandbox)\.cjs|topo\.cache|vendor\/((prompts|prompt-core|table|conf|jq)\.cjs|jq\.wasm))|completions\/(topo\.bash|_topo|topo\.fish)|README\.md|LICENSE|package\.json)$/);
    expect(files).toEqual(expect.arrayContaining(['bin/topo', 'dist/topo.cjs', 'completions/_topo', 'README.md', 'LICENSE']));
    expect(pkg.dependencies ?? {}).toEqual({});
    // Nothing runs on install: the bundle is built before packing (prepack), never on a user's machine.
    const scripts = (pkg as { scripts?: Record<string, string> }).scripts ?? {};
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts[hook], hook).toBeUndefined();
  });

  it('the bundle never require()s an ES module (Node before 20.19 cannot), and declares the Node it needs', () => {
    const bundle = fs.readFileSync(path.join(ROOT, 'dist', 'topo.cjs'), 'utf8');
    expect(bundle.match(/require\("[^"]*\.mjs"\)/g)).toBeNull();
    expect((pkg as { engines?: { node?: string } }).engines?.node).toBe('>=20.16'); // process.getBuiltinModule (20.16): node:crypto loads when first used
  });

  it('the bundle runs from its code cache: no native import() in it (a vm.Script has no loader for one), and V8 takes the cache', () => {
    const bundle = fs.readFileSync(path.join(ROOT, 'dist', 'topo.cjs'), 'utf8');
    expect(bundle.match(/\bimport\(/g)).toBeNull();
    const file = path.join(ROOT, 'dist', 'topo.cjs');
    const script = new Script(Module.wrap(bundle), { filename: file, cachedData: fs.readFileSync(path.join(ROOT, 'dist', 'topo.cache')) });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('installs into an empty prefix as a working topo', () => {
    const topo = path.join(work, 'prefix', 'bin', 'topo');
    const env = { ...process.env, TOPO_CONFIG_DIR: path.join(work, 'config') };
    expect(execFileSync(topo, ['--version'], { env, encoding: 'utf8' }).trim()).toBe(pkg.version);
    const listed = execFileSync(topo, ['--sandbox', 'tasks', 'ls', '--status', 'PENDING', '--types', 'CALL', '--json'], { env, encoding: 'utf8' });
    const tasks = JSON.parse(listed) as Array<{ status: string; type: string }>;
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((task) => task.status === 'PENDING' && task.type === 'CALL')).toBe(true);
  });
});
