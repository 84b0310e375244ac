// Progress of a bulk run on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise.
import type { OutputStream } from '../core/io.ts';

export interface Progress {
  tick(done: number): void;
  /** Says what holds the run up now (a retry's backoff) in place of rate and ETA, until the next item is done. */
  note(text: string): void;
  finish(): void;
}

const PLAIN_INTERVAL_MS = 2_000;
const BAR_INTERVAL_MS = 100;

export function createProgress(stream: OutputStream, label: string, total: number): Progress {
  const started = Date.now();
  let last = 0;
  let drawn = false;
  let done = 0;
  let held: string | undefined;
  const state = () => {
    if (held) return { bar: held, plain: held };
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? `${Math.ceil((total - done) / rate)}s` : '?';
    return { bar: `${rate.toFixed(1)}/s  ETA ${eta}`, plain: `${rate.toFixed(1)}/s, ETA ${eta}` };
  };
  const draw = (force: boolean) => {
    const now = Date.now();
    if (stream.isTTY) {
      if (!force && now - last < BAR_INTERVAL_MS && done < total) return;
      last = now;
      const width = 24;
      const filled = Math.round((done / Math.max(1, total)) * width);
      stream.write(`\r\u001b[2K${label} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}  ${state().bar}`);
      drawn = true;
    } else if ((force || now - started >= PLAIN_INTERVAL_MS) && now - last >= PLAIN_INTERVAL_MS) {
      last = now;
      stream.write(`${label}: ${done}/${total} done, ${state().plain}\n`);
    }
  };
  return {
    tick(count) {
      if (count > done) held = undefined;
      done = count;
      draw(false);
    },
    note(text) {
      held = text;
      draw(true);
    },
    finish() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}

const READ_DELAY_MS = 1_000;
const READ_REDRAW_MS = 250;

/**
 * Progress of long reads, on a terminal only: after a second, one stderr line (count / total, rate)
 * redrawn in place, and erased when the last listing ends. Concurrent listings add up.
 */
export function createReadMeter(stream: OutputStream, label = 'reading', clock: () => number = Date.now) {
  let active = 0;
  let total = 0;
  let done = 0;
  let started = 0;
  let drawn = false;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    const elapsed = clock() - started;
    if (elapsed < READ_DELAY_MS) return;
    const rate = done / (elapsed / 1000);
    stream.write(`\r\u001b[2K${label}: ${done.toLocaleString('en-US')}${total ? ` / ${total.toLocaleString('en-US')}` : ''} · ${Math.round(rate).toLocaleString('en-US')}/s`);
    drawn = true;
  };
  const erase = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    if (drawn) stream.write('\r\u001b[2K');
    drawn = false;
  };
  return {
    begin() {
      if (!stream.isTTY) return;
      if (active++ === 0) {
        total = 0;
        done = 0;
        started = clock();
        timer = setInterval(draw, READ_REDRAW_MS);
        timer.unref();
      }
    },
    expect(count: number) {
      if (stream.isTTY) total += count;
    },
    advance(count: number) {
      done += count;
    },
    end() {
      if (!stream.isTTY) return;
      if (--active === 0) erase();
    },
    /** Erase now (the command is ending). */
    stop: erase,
  };
}
