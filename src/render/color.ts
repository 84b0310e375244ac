// Colour decisions are made once (Runtime.colorFor); renderers only receive a palette.
import { createColors } from 'picocolors';

export type Palette = ReturnType<typeof createColors>;

/**
 * The usual conventions, strongest first: NO_COLOR (non-empty) and --no-color turn colour off;
 * FORCE_COLOR=0/false turns it off and any other FORCE_COLOR value on; then the profile's `color`
 * setting; else colour only on a terminal that is not TERM=dumb.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag: boolean | undefined, preference?: string): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (flag === false) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR.toLowerCase() !== 'false';
  if (preference === 'never') return false;
  if (preference === 'always') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
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
