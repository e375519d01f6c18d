/**
 * Templates (messages, Bescheide) are plain text with `{{name}}` placeholders. Unknown names are
 * refused when the pack loads (load.ts), so filling never meets one it cannot resolve.
 */
const pattern = /\{\{\s*([a-zA-Z][a-zA-Z0-9_.]*)\s*\}\}/g;

export function placeholdersOf(text: string): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(pattern)) found.push({ name: match[1]!, line: index + 1 });
  });
  return found;
}

export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(pattern, (_, name: string) => values[name] ?? '');
}
