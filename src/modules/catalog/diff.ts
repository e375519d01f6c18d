/**
 * A small LCS diff for the version history: texts are compared word by word, lists item by item.
 * Texts are short (a service description is a few hundred words), so the quadratic table is cheap;
 * beyond `maxTokens` the two sides are shown as removed and added without alignment.
 */
export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

const maxTokens = 2000;

export function diffTokens(before: string[], after: string[]): DiffPart[] {
  if (before.length * after.length > maxTokens * maxTokens) {
    return [...before.map((text) => ({ kind: 'removed' as const, text })), ...after.map((text) => ({ kind: 'added' as const, text }))];
  }
  const n = before.length;
  const m = after.length;
  // lcs[i][j]: length of the longest common subsequence of before[i..] and after[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => parts.push({ kind, text });
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      push('same', before[i++]!);
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) push('removed', before[i++]!);
    else push('added', after[j++]!);
  }
  while (i < n) push('removed', before[i++]!);
  while (j < m) push('added', after[j++]!);
  return parts;
}

/** Word diff that keeps the white space, with neighbouring parts of one kind merged. */
export function diffWords(before: string, after: string): DiffPart[] {
  const split = (text: string) => text.match(/\s+|[^\s]+/g) ?? [];
  const merged: DiffPart[] = [];
  for (const part of diffTokens(split(before), split(after))) {
    const last = merged[merged.length - 1];
    if (last && last.kind === part.kind) last.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}
