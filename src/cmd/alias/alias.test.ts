// Command aliases end to end: placeholders, extra words appended, shadowing and loops refused,
// help for an alias, list and delete; the expansion's words as a shell splits them.
import { describe, expect, it } from 'vitest';
import { expand, splitWords } from '../../cmdutil/command-aliases.ts';
import { closeAfterEach, harness, type Harness } from '../../../test/support/cli.ts';

let h: Harness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

describe('alias expansion', () => {
  it('splits as a shell does and fills $1, $2; extra words are appended', () => {
    expect(splitWords(`tasks ls --template "Founders' intro" -a 'a b' x\\ y`)).toEqual(['tasks', 'ls', '--template', "Founders' intro", '-a', 'a b', 'x y']);
    expect(expand('q', 'tasks ls -a $1 -p $2', ['ana', 'HOT', '--json'])).toEqual(['tasks', 'ls', '-a', 'ana', '-p', 'HOT', '--json']);
    expect(expand('q', 'tasks ls --assignee=$1', ['ana'])).toEqual(['tasks', 'ls', '--assignee=ana']);
    expect(() => expand('q', 'tasks ls -a $1 -p $2', ['ana'])).toThrow(/alias q needs 2 arguments \(\$1…\$2\), got 1/);
    expect(() => splitWords(`tasks ls 'open`)).toThrow(/unclosed single quote/);
  });
});

describe('topo alias', () => {
  it('set, use with placeholders on the sandbox, help, list, delete; shadowing and foreign expansions refused', async () => {
    h = await harness({ tasks: 300, seed: 2 });
    expect((await h.topo(['alias', 'set', 'hot', 'tasks ls -p HOT -a $1 --all'])).code).toBe(0);
    const expanded = await h.topo(['hot', 'ana', '--json']);
    const direct = await h.topo(['tasks', 'ls', '-p', 'HOT', '-a', 'ana', '--all', '--json']);
    expect(expanded.code, expanded.stderr).toBe(0);
    expect(JSON.parse(expanded.stdout)).toEqual(JSON.parse(direct.stdout));
    expect(JSON.parse(expanded.stdout).length).toBeGreaterThan(0);
    const missing = await h.topo(['hot']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/alias hot needs 1 argument/);
    for (const [name, expansion, message] of [['tasks', 'tasks ls', /'tasks' is a built-in command/], ['help', 'tasks ls', /built-in/], ['x', 'hot ana', /expands to a topo command.*not 'hot'/], ['9x', 'tasks ls', /must start with a letter/]] as const) {
      const refused = await h.topo(['alias', 'set', name, expansion]);
      expect(refused.code, name).toBe(2);
      expect(refused.stderr).toMatch(message);
    }
    const help = await h.topo(['help', 'hot']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^hot: alias for `tasks ls -p HOT -a \$1 --all`\n\nUsage: topo tasks ls/);
    expect((await h.topo(['alias', 'list'])).stdout).toBe('hot\ttasks ls -p HOT -a $1 --all\n');
    expect(JSON.parse((await h.topo(['alias', 'list', '--json'])).stdout)).toEqual({ hot: 'tasks ls -p HOT -a $1 --all' });
    const again = await h.topo(['alias', 'set', 'hot', 'tasks triage -p HOT -a $1']);
    expect(again.stderr).toMatch(/\(was tasks ls -p HOT -a \$1 --all\)/);
    expect((await h.topo(['alias', 'delete', 'hot'])).code).toBe(0);
    const gone = await h.topo(['hot', 'ana']);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/unknown command 'hot'/);
  });
});
