// Parts walked at once, printed in order: a part ahead of the one printing holds 2,000 items in
// memory and the rest on disk, which is read back in order and removed however the listing ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inOrder, type PartWalker } from './ordered-parts.ts';

let tmp: string;
let before: string | undefined;
beforeEach(() => {
  // A folder of its own: other test files export (and spool) at the same time.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ordered-parts-'));
  before = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
});
afterEach(() => {
  if (before === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = before;
  fs.rmSync(tmp, { recursive: true, force: true });
});

const spoolFiles = () => fs.readdirSync(tmp).flatMap((dir) => fs.readdirSync(path.join(tmp, dir)));

/** Part `first` pages, each `size` items named part:page:index; the first part waits until `release`. */
function walker(size: number, pages: number, release: Promise<void>): PartWalker<number, string> {
  return async (part, { push }) => {
    if (part === 0) await release;
    for (let page = 0; page < pages; page++) push(Array.from({ length: size }, (_, index) => `${part}:${page}:${index}`));
  };
}

describe('inOrder', () => {
  it('keeps 2,000 items of a part ahead in memory, spools the rest, and prints every part in order', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    const printed: string[] = [];
    const listing = inOrder([0, 1, 2], walker(100, 30, released), 3);
    const reading = (async () => { for await (const page of listing) printed.push(...page); })();
    // Parts 1 and 2 are read while part 0 waits: 20 pages each in memory, 10 each on disk.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(spoolFiles()).toHaveLength(2);
    release();
    await reading;
    expect(printed).toEqual([0, 1, 2].flatMap((part) => Array.from({ length: 30 }, (_, page) => Array.from({ length: 100 }, (_, index) => `${part}:${page}:${index}`)).flat()));
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('spools nothing when the parts ahead hold 2,000 items or fewer', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    let count = 0;
    const listing = inOrder([0, 1, 2], walker(100, 20, released), 3);
    const reading = (async () => { for await (const page of listing) count += page.length; })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fs.readdirSync(tmp)).toEqual([]);
    release();
    await reading;
    expect(count).toBe(6000);
  });

  it('removes what was spooled when the reader stops early', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    const listing = inOrder([0, 1], walker(500, 10, released), 2);
    const first = listing.next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(spoolFiles()).toHaveLength(1);
    release();
    expect((await first).value).toHaveLength(500);
    await listing.return(undefined);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
