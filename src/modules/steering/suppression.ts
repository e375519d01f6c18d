/**
 * Small counts single people out ("the one Bohranzeige in Görlitz in March"): every count from 1 to 4
 * is shown and exported as "< 5", and figures derived from fewer than 5 cases (medians, shares) are
 * not shown at all. Zero is shown: it singles nobody out.
 */
export const suppressionLimit = 5;
export const suppressedMark = '< 5';

export type Count = number | typeof suppressedMark;

export function suppressCount(count: number): Count {
  return count > 0 && count < suppressionLimit ? suppressedMark : count;
}

/** A figure computed from `basis` cases, or null when the basis is too small to show it. */
export function ifEnough<T>(basis: number, figure: () => T): T | null {
  return basis >= suppressionLimit ? figure() : null;
}

/** The value at quantile `q` (0.5 median, 0.9 p90) of a histogram value → how many; the lower value at a tie. */
export function quantileOfHistogram(histogram: ReadonlyMap<number, number>, q: number): number | null {
  const total = [...histogram.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (const [value, n] of [...histogram.entries()].sort(([a], [b]) => a - b)) {
    seen += n;
    if (seen >= rank) return value;
  }
  return null;
}
