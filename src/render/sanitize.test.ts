// Sanitizing untrusted text for terminals and pipes.
import { describe, expect, it } from 'vitest';
import { safeJson, sanitizeInline, sanitizeMultiline } from './sanitize.ts';
import { wrap } from './format.ts';

describe('sanitizing', () => {
  it('makes every control character visible, on one line or several', () => {
    expect(sanitizeInline('a\u001b[31mb\u0007c\r\nd\te\u202e')).toBe('a␛[31mb␇c␍␊d␉e<U+202E>');
    expect(sanitizeMultiline('line\r\nnext\u0000\tx\u009b')).toBe('line\nnext␀    x<U+009B>');
  });

  it('safeJson escapes C1 and bidi controls yet parses back to the same data', () => {
    const value = { body: 'x\u202ey\u0085z\u001b' };
    const text = safeJson(value);
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('wraps long lines at spaces when it can, and copes with megabytes', () => {
    expect(wrap('aaa bbb ccc ddd eee fff ggg hhh', 20)).toBe('aaa bbb ccc ddd eee\nfff ggg hhh');
    // 2 MB on one line: a quadratic wrap would not finish within the test's timeout.
    const big = 'word '.repeat(400_000);
    expect(wrap(big, 80).split('\n').every((line) => line.length <= 80)).toBe(true);
    // 4 MB without a space: looking back past the row's start would make this quadratic (minutes).
    const spaceless = wrap('x'.repeat(4_000_000), 80).split('\n');
    expect(spaceless.every((line) => line.length === 80)).toBe(true);
    expect(spaceless.join('')).toHaveLength(4_000_000);
  });
});
