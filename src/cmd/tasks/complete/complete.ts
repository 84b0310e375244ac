// topo tasks complete <ids...>: Outreach only (see shared/outreach-verb.ts).
import type { Command } from 'commander';
import type { CommandContext } from '../../../cmdutil/command.ts';
import { outreachVerbCommand, type OutreachVerbRun } from '../shared/outreach-verb.ts';

export const completeCommand = (ctx: CommandContext, run?: OutreachVerbRun): Command => outreachVerbCommand(ctx, 'complete', run);
