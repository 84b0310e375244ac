// Near misses: which known words a typo was probably meant to be ("did you mean").

/** Edit distance counting a swap of two neighbours as one edit (`shwo` is one from `show`). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest values to `raw` (a typo or a prefix), for "did you mean". */
export function closest(raw: string, values: readonly string[], max = 3): string[] {
  const input = raw.trim().toLowerCase();
  return values
    .map((value) => ({ value, score: value.toLowerCase().startsWith(input) && input.length >= 2 ? 0 : distance(input, value.toLowerCase()) }))
    .filter(({ value, score }) => score <= Math.max(1, Math.floor(value.length / 3)))
    .sort((a, b) => a.score - b.score)
    .slice(0, max)
    .map(({ value }) => value);
}

export function didYouMean(raw: string, values: readonly string[]): string {
  return suggesting(closest(raw, values));
}

/** " (did you mean a or b?)", or nothing when nothing is near. */
export function suggesting(near: readonly string[]): string {
  return near.length ? ` (did you mean ${near.join(' or ')}?)` : '';
}

/** "a" or "an" before a word as it is read aloud: an Outreach id, an IN_PROGRESS task, a UUID. */
export function article(word: string): 'a' | 'an' {
  return /^(?:[aeio]|u(?!uid|ser|ni|ri))/i.test(word.trim()) ? 'an' : 'a';
}

/** "1 task", "3 tasks". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A word as a POSIX shell reads it back: as it is when plain, else in single quotes. */
export function shellWord(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
