// Colour decisions are made once (Runtime.colorFor); renderers only receive a palette.
import { createColors } from 'picocolors';

export type Palette = ReturnType<typeof createColors>;

/** NO_COLOR and --no-color turn colour off, FORCE_COLOR turns it on; otherwise `preference`, else only on a TTY. */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag: boolean | undefined, preference?: string): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (flag === false) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (preference === 'never') return false;
  if (preference === 'always') return true;
  return Boolean(stream.isTTY);
}

export function createPalette(enabled: boolean): Palette {
  return createColors(enabled);
}

/** Colour for enum values; unknown values are shown as they are, uncoloured. */
export function colorPriority(palette: Palette, priority: string): string {
  if (priority === 'HOT') return palette.bold(palette.red(priority));
  if (priority === 'TODAY') return palette.yellow(priority);
  if (priority === 'EXTRA') return palette.dim(priority);
  return priority;
}

export function colorStatus(palette: Palette, status: string): string {
  if (status === 'IN_PROGRESS') return palette.cyan(status);
  if (status === 'COMPLETED') return palette.green(status);
  if (status === 'SKIPPED') return palette.dim(status);
  return status;
}
