// Progress of a bulk run on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise.
import type { OutputStream } from '../core/io.ts';

export interface Progress {
  tick(done: number): void;
  finish(): void;
}

const PLAIN_INTERVAL_MS = 2_000;
const BAR_INTERVAL_MS = 100;

export function createProgress(stream: OutputStream, label: string, total: number): Progress {
  const started = Date.now();
  let last = 0;
  let drawn = false;
  const line = (done: number) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? Math.ceil((total - done) / rate) : undefined;
    return { rate: rate.toFixed(1), eta: eta === undefined ? '?' : `${eta}s` };
  };
  return {
    tick(done) {
      const now = Date.now();
      if (stream.isTTY) {
        if (now - last < BAR_INTERVAL_MS && done < total) return;
        last = now;
        const width = 24;
        const filled = Math.round((done / Math.max(1, total)) * width);
        const { rate, eta } = line(done);
        stream.write(`\r\u001b[2K${label} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}  ${rate}/s  ETA ${eta}`);
        drawn = true;
      } else if (now - started >= PLAIN_INTERVAL_MS && now - last >= PLAIN_INTERVAL_MS) {
        last = now;
        const { rate, eta } = line(done);
        stream.write(`${label}: ${done}/${total} done, ${rate}/s, ETA ${eta}\n`);
      }
    },
    finish() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
