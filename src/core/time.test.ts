import { describe, expect, it } from 'vitest';
import { compareTimes, instant } from './time.ts';

describe('instant', () => {
  it('reads a time without an offset as UTC, in any machine zone; others as written', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    try {
      const utc = Date.UTC(2026, 10, 30, 8, 0, 0, 123);
      expect(instant('2026-11-30T08:00:00.123456')).toBe(utc);
      expect(instant('2026-11-30 08:00:00.123')).toBe(utc);
      expect(instant('2026-11-30T08:00:00.123Z')).toBe(utc);
      expect(instant('2026-11-30T13:30:00.123+05:30')).toBe(utc);
      expect(instant('2026-11-30')).toBe(Date.UTC(2026, 10, 30));
      expect(compareTimes('2026-11-30T08:00:00', '2026-11-30T08:00:00Z')).toBe(0);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    expect(instant('soon')).toBeNaN();
    expect(instant(undefined)).toBeNaN();
    expect(instant(1764489600)).toBeNaN();
  });
});
