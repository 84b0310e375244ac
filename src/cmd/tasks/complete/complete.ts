// topo tasks complete <ids...>: see shared/change.ts (which providers have it is their capability data).
import type { Command } from 'commander';
import type { CommandContext } from '../../../cmdutil/command.ts';
import { changeCommand, type ChangeRun } from '../shared/change.ts';

export const completeCommand = (ctx: CommandContext, run?: ChangeRun): Command => changeCommand(ctx, 'complete', run);
