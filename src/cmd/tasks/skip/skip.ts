// topo tasks skip <ids...>: PENDING or IN_PROGRESS → SKIPPED.
import type { Command } from 'commander';
import type { CommandContext } from '../../../cmdutil/command.ts';
import { transitionCommand, type TransitionRun } from '../shared/transition.ts';

export const skipCommand = (ctx: CommandContext, run?: TransitionRun): Command => transitionCommand(ctx, 'skip', run);
