// Progress of long reads: drawn only on a terminal, only after a second, erased at the end.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReadMeter } from './progress.ts';

const stream = (tty: boolean) => ({ text: '', isTTY: tty, write(chunk: string) { this.text += chunk; return true; } });

describe('read meter', () => {
  afterEach(() => vi.useRealTimers());

  it('stays silent for the first second, then shows count / total and rate on one line, erased at the end', () => {
    vi.useFakeTimers();
    let now = 0;
    const out = stream(true);
    const meter = createReadMeter(out, 'reading', () => now);
    meter.begin();
    meter.begin();
    meter.expect(3000);
    meter.expect(1200);
    meter.advance(700);
    now = 900;
    vi.advanceTimersByTime(900);
    expect(out.text).toBe('');
    now = 2000;
    meter.advance(300);
    vi.advanceTimersByTime(1100);
    expect(out.text).toMatch(/^(\r\u001b\[2Kreading: 1,000 \/ 4,200 · 500\/s)+$/);
    meter.end();
    expect(out.text.endsWith('\r\u001b[2K')).toBe(false);
    meter.end();
    expect(out.text.endsWith('\r\u001b[2K')).toBe(true);
    const drawn = out.text.length;
    vi.advanceTimersByTime(5000);
    expect(out.text.length).toBe(drawn);
  });

  it('draws nothing when stderr is not a terminal', () => {
    vi.useFakeTimers();
    let now = 0;
    const out = stream(false);
    const meter = createReadMeter(out, 'reading', () => now);
    meter.begin();
    meter.expect(10);
    now = 5000;
    vi.advanceTimersByTime(5000);
    meter.end();
    expect(out.text).toBe('');
  });
});
