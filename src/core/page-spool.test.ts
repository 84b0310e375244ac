// The keyed spool behind a bulk import's read (keyset.ts): the last value put for a key wins, past
// the first few keys everything is on disk, private, and gone once removed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyedSpool } from './page-spool.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-spool-test-'));
const folders = () => fs.readdirSync(tmp).filter((name) => name.startsWith('topo-export-'));
const before = process.env.TMPDIR;
afterEach(() => {
  process.env.TMPDIR = before;
});

describe('KeyedSpool', () => {
  it('keeps the last value of each key, in memory up to its limit, then on disk (0600), and removes it', () => {
    process.env.TMPDIR = tmp;
    const spool = new KeyedSpool<{ id: string; n: number; note: string }>(3);
    spool.put('a', { id: 'a', n: 1, note: 'é\u2028' });
    spool.put('b', { id: 'b', n: 1, note: '' });
    spool.put('a', { id: 'a', n: 2, note: 'é\u2028' });
    expect(folders()).toEqual([]);
    for (const key of ['c', 'd', 'e', 'c']) spool.put(key, { id: key, n: key === 'c' ? 3 : 1, note: 'x'.repeat(5000) });
    expect(folders()).toHaveLength(1);
    const file = path.join(tmp, folders()[0]!, 'values.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(spool.size).toBe(5);
    expect(spool.keys().sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(spool.get('a')).toEqual({ id: 'a', n: 2, note: 'é\u2028' });
    expect(spool.get('c')?.n).toBe(3);
    expect(spool.get('z')).toBeUndefined();
    spool.remove();
    expect(folders()).toEqual([]);
  });
});
