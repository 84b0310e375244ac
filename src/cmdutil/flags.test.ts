// Flag value parsers: dates, enums, repeats.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { closest, enumParser, parseWhen, refuseRepeats, shown } from './flags.ts';

describe('dates', () => {
  const now = Date.parse('2026-11-22T12:30:00Z');
  it('reads ISO 8601 and relative times as RFC3339 UTC', () => {
    expect(parseWhen('30m', now)).toBe('2026-11-22T12:00:00Z');
    expect(parseWhen('24h', now)).toBe('2026-11-21T12:30:00Z');
    expect(parseWhen('7d', now)).toBe('2026-11-15T12:30:00Z');
    expect(parseWhen('2026-11-20', now)).toBe('2026-11-20T00:00:00Z');
    expect(parseWhen('2026-11-20T09:00:00+02:00', now)).toBe('2026-11-20T07:00:00Z');
    expect(parseWhen('2024-02-29', now)).toBe('2024-02-29T00:00:00Z');
    expect(() => parseWhen('next week', now)).toThrow(/ISO 8601/);
  });

  it('today and yesterday are midnight in the time zone of the process (TZ)', () => {
    const midnight = new Date(now);
    midnight.setHours(0, 0, 0, 0);
    expect(parseWhen('today', now)).toBe(new Date(midnight).toISOString().replace('.000Z', 'Z'));
    expect(Date.parse(parseWhen('today', now)) - Date.parse(parseWhen('yesterday', now))).toBe(86_400_000);
  });

  it('refuses impossible calendar dates and times instead of rolling them over', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2025-02-29', '2026-04-31', '2026-11-20T25:00', '2026-11-20T10:61', '2026-00-10']) {
      expect(() => parseWhen(bad, now), bad).toThrow(/not a calendar date/);
    }
  });

  it('refuses relative dates reaching back further than ten years', () => {
    expect(() => parseWhen('99999d', now)).toThrow(/ten years/);
    expect(() => parseWhen('9999999w', now)).toThrow();
    expect(parseWhen('520w', now)).toMatch(/^2016-/);
  });
});

describe('enums', () => {
  it('are case-insensitive, answer in the API spelling, and suggest near misses', () => {
    const status = enumParser(['PENDING', 'IN_PROGRESS', 'COMPLETED', 'SKIPPED']);
    expect(status('pending')).toBe('PENDING');
    expect(() => status('PENDNG')).toThrow(/did you mean PENDING\?/);
    expect(enumParser(['asc', 'desc'])('DESC')).toBe('desc');
    expect(() => enumParser(['TASK', 'SEQUENCE'])('seq')).toThrow(/did you mean SEQUENCE/);
    expect(closest('zzzz', ['TASK', 'SEQUENCE'])).toEqual([]);
  });

  it('echo input with control characters made visible and long input cut', () => {
    expect(shown('\u001b[2Jabc')).toBe('␛[2Jabc');
    expect(shown('x'.repeat(500)).length).toBe(60);
  });
});

describe('repeated flags', () => {
  it('a one-value flag refuses a second value; a list flag merges', () => {
    const parse = (argv: string[]) => {
      const command = new Command().exitOverride().configureOutput({ writeErr: () => undefined })
        .option('--status <s>').option('--types <t>', 'list', Object.assign((raw: string, previous: string[] = []) => [...previous, raw], { repeatable: true }));
      for (const option of command.options) refuseRepeats(option);
      command.parse(argv, { from: 'user' });
      return command.opts();
    };
    expect(parse(['--status', 'A'])).toEqual({ status: 'A' });
    expect(() => parse(['--status', 'A', '--status', 'B'])).toThrow(/given more than once: --status takes one value/);
    expect(parse(['--types', 'A', '--types', 'B'])).toEqual({ types: ['A', 'B'] });
  });
});
