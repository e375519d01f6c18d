/**
 * Redirect targets that arrive in a request (`?zurueck=`, `?weiter=`, the OIDC return path) are
 * followed only when they stay on this site. The check is the browser's own: the target is parsed
 * by the WHATWG URL parser against a placeholder origin, and only a result on that origin is
 * accepted. String checks miss what the parser normalises — `/\t/evil.example` loses its tab and
 * becomes `//evil.example`, `/\evil.example` becomes `//evil.example`.
 */
const placeholderOrigin = 'https://amtsweg.invalid';

/**
 * The target as a path and query of this site, or undefined when it would leave the site. The
 * result is what the parser made of it (percent-encoded ASCII), so it is always a valid header
 * value; a fragment is dropped.
 */
export function localPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500 || !value.startsWith('/')) return undefined;
  let url: URL;
  try {
    url = new URL(value, placeholderOrigin);
  } catch {
    return undefined;
  }
  return url.origin === placeholderOrigin ? url.pathname + url.search : undefined;
}
