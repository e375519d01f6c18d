/**
 * Two rows of the distance table, kept between calls: "did you mean" compares a query word with
 * every word of a catalogue's names (thousands with the LeiKa loaded), and allocating rows for
 * each comparison cost more than comparing.
 */
let previous = new Int32Array(64);
let current = new Int32Array(64);

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (previous.length <= b.length) {
    previous = new Int32Array(b.length * 2 + 1);
    current = new Int32Array(b.length * 2 + 1);
  }
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const char = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = char === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= limit) return limit;
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/**
 * Whether `a` and `b` are exactly one insertion, deletion or substitution apart (edit distance 1),
 * in one pass: the typo-tolerant search asks this of every indexed term of about the same length.
 */
export function isOneEditApart(a: string, b: string): boolean {
  const [longer, shorter] = a.length >= b.length ? [a, b] : [b, a];
  if (longer.length - shorter.length > 1) return false;
  let i = 0;
  while (i < shorter.length && longer.charCodeAt(i) === shorter.charCodeAt(i)) i++;
  if (i === shorter.length) return longer.length !== shorter.length;
  // First difference at i: substitute (same length) or skip a character of the longer word.
  const skip = longer.length === shorter.length ? 1 : 0;
  for (let j = i + 1; j < longer.length; j++) if (longer.charCodeAt(j) !== shorter.charCodeAt(j - 1 + skip)) return false;
  return true;
}
