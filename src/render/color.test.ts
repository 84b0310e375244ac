// When there is colour: the usual conventions.
import { describe, expect, it } from 'vitest';
import { colorEnabled } from './color.ts';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('colour', () => {
  it('only on a terminal, never with NO_COLOR or --no-color, never on TERM=dumb', () => {
    expect(colorEnabled(tty, {}, undefined)).toBe(true);
    expect(colorEnabled(pipe, {}, undefined)).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: '1' }, undefined)).toBe(false);
    expect(colorEnabled(tty, {}, false)).toBe(false);
    expect(colorEnabled(tty, { TERM: 'dumb' }, undefined)).toBe(false);
  });

  it('FORCE_COLOR forces it on, but FORCE_COLOR=0 or false turns it off; NO_COLOR wins over both', () => {
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' }, undefined)).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: '' }, undefined)).toBe(true);
    expect(colorEnabled(tty, { FORCE_COLOR: '0' }, undefined)).toBe(false);
    expect(colorEnabled(tty, { FORCE_COLOR: 'false' }, undefined)).toBe(false);
    expect(colorEnabled(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, undefined)).toBe(false);
    expect(colorEnabled(tty, { TERM: 'dumb', FORCE_COLOR: '1' }, undefined)).toBe(true);
  });

  it('the profile setting applies where no environment variable decides', () => {
    expect(colorEnabled(pipe, {}, undefined, 'always')).toBe(true);
    expect(colorEnabled(tty, {}, undefined, 'never')).toBe(false);
  });
});
