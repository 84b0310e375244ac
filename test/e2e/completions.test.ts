// Completions: generated from the command tree, committed in completions/, and working in real shells.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, run, tempDir } from '../support/cli.ts';

const FILES = { bash: 'completions/topo.bash', zsh: 'completions/_topo', fish: 'completions/topo.fish' } as const;
let configDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  configDir = tempDir();
  env = { ...process.env, TOPO_CONFIG_DIR: configDir, PATH: `${path.join(ROOT, 'bin')}:${process.env.PATH}` };
  await run(['users', 'alias', 'set', 'ana', '3c90c3cc-0d44-4b50-8888-8dd25736052a'], { env: { TOPO_CONFIG_DIR: configDir } });
  await run(['users', 'alias', 'set', 'bram', '4c90c3cc-0d44-4b50-8888-8dd25736052a'], { env: { TOPO_CONFIG_DIR: configDir } });
  await run(['config', 'set', 'page-size', '20', '--profile', 'staging'], { env: { TOPO_CONFIG_DIR: configDir } });
  await run(['alias', 'set', 'hotq', 'tasks triage -p HOT -a $1'], { env: { TOPO_CONFIG_DIR: configDir } });
  // Template names come only from what earlier commands cached.
  fs.mkdirSync(path.join(configDir, 'cache'), { recursive: true });
  fs.writeFileSync(path.join(configDir, 'cache', 'templates-default.json'), JSON.stringify([{ id: 'x', name: "Founders' intro" }]));
});
afterAll(() => fs.rmSync(configDir, { recursive: true, force: true }));

function hasShell(shell: string): boolean {
  try {
    execFileSync('which', [shell]);
    return true;
  } catch {
    return false;
  }
}

describe('generated scripts', () => {
  for (const [shell, file] of Object.entries(FILES)) {
    it(`completions/ holds exactly what \`topo completion ${shell}\` prints (run npm run completions after changing commands)`, async () => {
      const printed = await run(['completion', shell]);
      expect(printed.code).toBe(0);
      expect(printed.stdout).toBe(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    });
  }
  it('rejects an unknown shell with exit 2', async () => {
    const result = await run(['completion', 'tcsh']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bash, zsh, fish/);
  });
});

const bashComplete = (line: string[]) => execFileSync('bash', ['-c', `
  [ -f /usr/share/bash-completion/bash_completion ] && source /usr/share/bash-completion/bash_completion
  source ${FILES.bash}
  COMP_WORDS=(${line.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${line.length - 1}
  _topo; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: ROOT, env, encoding: 'utf8' }).split('\n').filter(Boolean);

const zshComplete = (line: string[]) => execFileSync('zsh', ['-f', '-c', `
  compdef() { : }
  compadd() { while [[ "$1" == -* && "$1" != "--" ]]; do shift; done; [[ "$1" == "--" ]] && shift; print -l -- "$@" }
  _describe() { print -l -- \${\${(P)2}%%:*} }
  _files() { print FILES }
  compset() { [[ "\${words[CURRENT]}" == *,* ]] && print -n COMPSET }
  source ${FILES.zsh}
  words=(${line.map((w) => `'${w}'`).join(' ')}); CURRENT=${line.length}
  _topo`], { cwd: ROOT, env, encoding: 'utf8' }).split('\n').filter(Boolean);

const fishRaw = (line: string) => execFileSync('fish', ['-c', `source ${FILES.fish}; complete -C '${line}'`], { cwd: ROOT, env, encoding: 'utf8' }).split('\n').filter(Boolean);
const fishComplete = (line: string) => fishRaw(line).map((entry) => entry.split('\t')[0]!);

describe.runIf(hasShell('bash'))('bash', () => {
  it('completes commands, flags, enum values and aliases', () => {
    expect(bashComplete(['topo', 'ta'])).toEqual(['tasks']);
    expect(bashComplete(['topo', 'hot'])).toEqual(['hotq']);
    expect(bashComplete(['topo', 'tasks', 'hot'])).toEqual([]);
    expect(bashComplete(['topo', 'tasks', ''])).toEqual(expect.arrayContaining(['ls', 'show', 'thread', 'skip', 'reopen', 'reassign']));
    expect(bashComplete(['topo', 'tasks', 'ls', '--st'])).toEqual(['--status', '--state']);
    expect(bashComplete(['topo', 'tasks', 'ls', '--status', 'IN'])).toEqual(['IN_PROGRESS']);
    expect(bashComplete(['topo', 'tasks', 'reassign', 'x', '--to', ''])).toEqual(['ana', 'bram']);
    expect(bashComplete(['topo', '--profile', 'st'])).toEqual(['staging']);
  });

  it('completes files for plan, journal and state flags; nothing for numbers', () => {
    const files = bashComplete(['topo', 'tasks', 'reassign', '--plan', 'pack']);
    expect(files).toContain('package.json');
    for (const flag of ['--plan-out', '--journal', '--undo']) expect(bashComplete(['topo', 'tasks', 'reassign', flag, 'pack'])).toContain('package.json');
    expect(bashComplete(['topo', 'sandbox', 'serve', '--state', 'pack'])).toContain('package.json');
    expect(bashComplete(['topo', 'tasks', 'ls', '--size', ''])).toEqual([]);
  });

  it('completes arguments, aliases of commands, list values after a comma, short flags and the sandbox reps', () => {
    expect(bashComplete(['topo', 'config', 'get', ''])).toEqual(['provider', 'base-url', 'page-size', 'team', 'color']);
    expect(bashComplete(['topo', 'config', 'use', ''])).toEqual(['default', 'staging']);
    expect(bashComplete(['topo', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(bashComplete(['topo', 'users', 'alias', 'rm', ''])).toEqual(['ana', 'bram']);
    expect(bashComplete(['topo', 'tasks', 'li'])).toEqual(['list']);
    expect(bashComplete(['topo', 'tasks', 'list', '--pri'])).toEqual(['--priorities']);
    expect(bashComplete(['topo', 'tasks', 'ls', '--types', 'CALL,EM'])).toEqual(['CALL,EMAIL_REPLY']);
    expect(bashComplete(['topo', 'tasks', 'ls', '-t', 'CALL,'])).toHaveLength(4);
    expect(bashComplete(['topo', 'tasks', 'ls', '--template', 'Fo'])).toEqual(["Founders\\'\\ intro"]);
    expect(bashComplete(['topo', '--sandbox', 'tasks', 'reassign', '--from', 'gu'])).toEqual(['gustav']);
    expect(bashComplete(['topo', 'tasks', 'reassign', '--from', 'gu'])).toEqual([]);
    expect(bashComplete(['topo', '--sandbox', 'tasks', 'rebalance', '--team', 'ana,gu'])).toEqual(['ana,gustav']);
    expect(bashComplete(['topo', '--sandbox', 'tasks', 'cover', '--end', 'gu'])).toEqual(['gustav']);
    expect(bashComplete(['topo', 'tasks', 'rebalance', '--'])).toEqual(expect.arrayContaining(['--team', '--max-skew', '--cap', '--plan-out', '--plan', '--journal']));
    expect(bashComplete(['topo', 'tasks', 'cover', '--'])).toEqual(expect.arrayContaining(['--from', '--to', '--until', '--cap', '--sweep', '--end', '--due', '--list']));
    expect(bashComplete(['topo', 'tasks', 'reassign', '--c'])).toEqual(expect.arrayContaining(['--cap', '--concurrency']));
  });
});

describe.runIf(hasShell('zsh'))('zsh', () => {
  it('completes commands, flags, enum values and aliases', () => {
    expect(zshComplete(['topo', ''])).toEqual(expect.arrayContaining(['tasks', 'auth', 'config', 'users', 'sandbox', 'completion', 'alias', 'hotq']));
    expect(zshComplete(['topo', 'tasks', ''])).not.toContain('hotq');
    expect(zshComplete(['topo', 'tasks', 'ls', '--'])).toEqual(expect.arrayContaining(['--status', '--types', '--priorities', '--all', '--json']));
    expect(zshComplete(['topo', 'tasks', 'ls', '--priorities', ''])).toEqual(['HOT', 'TODAY', 'EXTRA']);
    expect(zshComplete(['topo', 'tasks', 'ls', '--assignee', ''])).toEqual(['ana', 'bram']);
  });

  it('keeps apostrophes in descriptions and cuts long ones at a word; files only where a file is asked for', () => {
    const script = fs.readFileSync(path.join(ROOT, FILES.zsh), 'utf8');
    expect(script).toContain("a departing rep'\\''s open work");
    for (const match of script.matchAll(/'(\w[\w-]*):([^']*(?:'\\''[^']*)*)'/g)) {
      const description = match[2]!.replace(/'\\''/g, "'");
      expect(description.length, description).toBeLessThanOrEqual(80);
      if (description.endsWith('…')) expect(description).toMatch(/\w…$/);
    }
    expect(zshComplete(['topo', 'tasks', 'reassign', '--plan', ''])).toEqual(['FILES']);
    expect(zshComplete(['topo', 'tasks', 'ls', '--size', ''])).toEqual([]);
    expect(zshComplete(['topo', 'tasks', 'ls', '--timeout', ''])).toEqual([]);
    expect(zshComplete(['topo', 'config', 'set', ''])).toEqual(['provider', 'base-url', 'page-size', 'team', 'color']);
    // After a comma zsh keeps what is typed (compset -P '*,') and offers every value again.
    expect(zshComplete(['topo', 'tasks', 'ls', '--types', 'CALL,'])).toEqual(['COMPSETEMAIL_REPLY', 'LINKEDIN_REPLY', 'NEW_LEAD_REVIEW', 'CALL']);
    expect(zshComplete(['topo', '--sandbox', 'tasks', 'ls', '-a', ''])).toEqual(expect.arrayContaining(['ana', 'bram', 'chen', 'gustav']));
  });
});

describe.runIf(hasShell('fish'))('fish', () => {
  it('completes commands, flags, enum values and aliases', () => {
    expect(fishComplete('topo tasks ')).toEqual(expect.arrayContaining(['ls', 'show', 'thread', 'skip', 'reopen', 'reassign']));
    expect(fishComplete('topo hot')).toEqual(['hotq']);
    expect(fishComplete('topo tasks ')).not.toContain('hotq');
    expect(fishComplete('topo tasks ls --pri')).toEqual(['--priorities']);
    expect(fishComplete('topo tasks ls --types ')).toEqual(expect.arrayContaining(['CALL', 'EMAIL_REPLY', 'LINKEDIN_REPLY', 'NEW_LEAD_REVIEW']));
    expect(fishComplete('topo tasks reassign x --scope ').sort()).toEqual(['sequence', 'task']);
    expect(fishComplete('topo tasks reassign x --to ')).toEqual(['ana', 'bram']);
  });

  it('keeps apostrophes, completes arguments, list values after a comma, aliases and files', () => {
    const described = fishRaw('topo tasks ').find((entry) => entry.startsWith('reassign\t'))!;
    expect(described).toContain("a departing rep's open work");
    expect(fishComplete('topo config get ').sort()).toEqual(['base-url', 'color', 'page-size', 'provider', 'team']);
    expect(fishComplete('topo config use ').sort()).toEqual(['default', 'staging']);
    expect(fishComplete('topo completion ').sort()).toEqual(['bash', 'fish', 'zsh']);
    expect(fishComplete('topo tasks ls --types CALL,')).toEqual(expect.arrayContaining(['CALL,EMAIL_REPLY', 'CALL,LINKEDIN_REPLY']));
    expect(fishComplete('topo tasks li')).toEqual(['list']);
    expect(fishComplete('topo tasks reassign --plan pack')).toContain('package.json');
    expect(fishComplete('topo --sandbox tasks reassign --to ')).toEqual(expect.arrayContaining(['ana', 'bram', 'chen', 'hana']));
  });
});

describe('the README\'s install lines', () => {
  it('run as written in an empty home folder, and each shell then completes `topo ta<Tab>`', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /### Shell completions\n\n```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    const lines = block.split('\n').filter((line) => line.trim() && !line.startsWith('#'));
    expect(lines).toHaveLength(3);
    const home = tempDir();
    const fresh = { PATH: env.PATH!, HOME: home, TOPO_CONFIG_DIR: configDir, LANG: 'C.UTF-8' };
    try {
      for (const line of lines) execFileSync('bash', ['-e', '-c', line], { env: fresh, encoding: 'utf8' });
      if (hasShell('bash') && fs.existsSync('/usr/share/bash-completion/bash_completion')) {
        const bash = execFileSync('bash', ['-c', `source /usr/share/bash-completion/bash_completion
          _completion_loader topo; COMP_WORDS=(topo ta); COMP_CWORD=1; COMP_LINE='topo ta'; COMP_POINT=7
          $(complete -p topo | sed -E 's/.* -F ([^ ]+) .*/\\1/') topo ta topo; printf '%s\\n' "\${COMPREPLY[@]}"`], { env: fresh, encoding: 'utf8' });
        expect(bash.split('\n')).toContain('tasks');
      }
      if (hasShell('zsh')) {
        const zsh = execFileSync('zsh', ['-i', '-c', 'print -r -- $_comps[topo]'], { env: fresh, encoding: 'utf8' });
        expect(zsh.trim()).toBe('_topo');
      }
      if (hasShell('fish')) {
        const fish = execFileSync('fish', ['-c', "complete -C 'topo ta'"], { env: fresh, encoding: 'utf8' });
        expect(fish.split('\n').map((entry) => entry.split('\t')[0])).toContain('tasks');
      }
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
