// --watch in a real terminal (tmux) on both providers' sandboxes: the view redrawn in place after
// a change made from another terminal, with what changed; Ctrl-C ends it with exit 0; a pipe is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.ts';
import { TEAM_PROVIDERS, type TeamSubject } from '../support/teams.ts';
import { hasTmux, TmuxSession } from '../support/tmux.ts';

let s: TeamSubject | undefined;
let session: TmuxSession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await s?.h.close();
  s = undefined;
});

describe.runIf(hasTmux()).each(TEAM_PROVIDERS)('--watch on $provider', (provider) => {
  it('tasks stats --watch redraws after another terminal reassigns a task, saying what changed; Ctrl-C exits 0', async () => {
    s = await provider.start();
    session = new TmuxSession(`${process.execPath} ${BIN} tasks stats --by assignee --watch 5`, s.h.env);
    const first = await session.waitFor(/every 5s · refreshed .* · first refresh · Ctrl-C to stop/);
    expect(first).toMatch(/TOTAL/);
    const id = s.open().find((task) => task.owner === s!.id('ana'))!.id;
    const moved = await s.h.topo(['tasks', 'reassign', id, '--to', 'dana']);
    expect(moved.code, moved.stderr).toBe(0);
    // The refresh after the change says who went down and who went up (in either order).
    await session.waitFor(/every 5s · refreshed [^\n]*((ana|Ana García) −1 · (dana|Dana Okafor) \+1|(dana|Dana Okafor) \+1 · (ana|Ana García) −1)/, 20_000);
    // Redrawn in place: the terminal shows one frame's header, not a scroll of them.
    expect(session.visible().match(/every 5s · refreshed/g)).toHaveLength(1);
    session.keys('C-c');
    await session.waitFor(/\[exit 0\]/);
  }, 60_000);

  it('tasks ls --watch counts the matching tasks; piped it is refused with exit 2', async () => {
    s = await provider.start();
    const status = provider.provider === 'topo' ? ['--status', 'PENDING'] : ['--state', 'incomplete'];
    session = new TmuxSession(`${process.execPath} ${BIN} tasks ls ${status.join(' ')} --assignee ana --watch 5`, s.h.env);
    await session.waitFor(/tasks ls · every 5s · refreshed .* · first refresh/);
    const id = s.open().find((task) => task.owner === s!.id('ana'))!.id;
    expect((await s.h.topo(['tasks', 'reassign', id, '--to', 'dana'])).code).toBe(0);
    await session.waitFor(/tasks ls · every 5s · refreshed .* · matching tasks −1/, 20_000);
    session.keys('C-c');
    await session.waitFor(/\[exit 0\]/);
    const piped = await s.h.topo(['tasks', 'ls', '--watch']);
    expect(piped.code).toBe(2);
    expect(piped.stderr).toMatch(/--watch redraws a terminal, and stdout is not one/);
  }, 60_000);
});
