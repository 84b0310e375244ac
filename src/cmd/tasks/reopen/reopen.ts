// topo tasks reopen <ids...>: COMPLETED or SKIPPED → PENDING.
import type { Command } from 'commander';
import type { CommandContext } from '../../../cmdutil/command.ts';
import { transitionCommand, type TransitionRun } from '../shared/transition.ts';

export const reopenCommand = (ctx: CommandContext, run?: TransitionRun): Command => transitionCommand(ctx, 'reopen', run);
