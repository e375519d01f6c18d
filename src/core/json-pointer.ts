/**
 * JSON pointers (RFC 6901): `/boreholes/0/log` names the `log` of the first borehole. In a token
 * `~` is written `~0` and `/` is written `~1`. Every pointer the application builds or reads goes
 * through these functions.
 */

export class JsonPointerError extends Error {
  constructor(pointer: string) {
    super(`not a JSON pointer: "${pointer}" (it must be empty or start with "/")`);
  }
}

/** The pointer to the value reached by `tokens` from the root; no tokens is the root itself (`''`). */
export function toPointer(...tokens: readonly (string | number)[]): string {
  return tokens.map((token) => `/${String(token).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** The pointer one step further: `childPointer('/boreholes', 0)` is `/boreholes/0`. */
export function childPointer(pointer: string, ...tokens: readonly (string | number)[]): string {
  return pointer + toPointer(...tokens);
}

/** The reference tokens of a pointer, unescaped: `/a~1b/c` → `['a/b', 'c']`. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPointerError(pointer);
  // `~1` first, then `~0`: `~01` is the token `~1`, not `/`.
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The value the pointer names in `document`, or undefined when the path does not exist. */
export function valueAt(document: unknown, pointer: string): unknown {
  let current: unknown = document;
  for (const token of pointerTokens(pointer)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}
