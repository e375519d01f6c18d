/**
 * XZuFi carries a text module's content (`inhalt`) as HTML in the element's text. We write plain
 * texts HTML-escaped, lists as `<ul><li>…</li></ul>` and links inside them as `<a href>`, and read
 * the same back; other HTML from foreign files is reduced to text (paragraphs and line breaks
 * become new lines).
 */

export interface Link {
  title: string;
  url?: string;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => escapes[c]!);

function decodeHtml(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === '#') return String.fromCodePoint(body[1]?.toLowerCase() === 'x' ? parseInt(body.slice(2), 16) : Number(body.slice(1)));
    return named[body.toLowerCase()] ?? entity;
  });
}

/** Plain text of an HTML fragment: block ends and `<br>` become line breaks, other tags vanish. */
export function htmlToText(html: string): string {
  if (!html.includes('<')) return decodeHtml(html);
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|li|div|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeHtml(text)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export const textToHtml = (text: string): string => escapeHtml(text);

export function listToHtml(items: string[]): string {
  return items.length ? `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : '';
}

export function linksToHtml(links: Link[]): string {
  const item = ({ title, url }: Link) => (url ? `<a href="${escapeHtml(url)}">${escapeHtml(title)}</a>` : escapeHtml(title));
  return links.length ? `<ul>${links.map((link) => `<li>${item(link)}</li>`).join('')}</ul>` : '';
}

/** The `<li>` items of a list, or the non-empty lines of a text that has none. */
function items(html: string): string[] {
  const found = [...html.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/gi)].map((m) => m[1]!);
  return found.length
    ? found
    : htmlToText(html)
        .split('\n')
        .filter((line) => line.trim());
}

export const htmlToList = (html: string): string[] => items(html).map(htmlToText);

export function htmlToLinks(html: string): Link[] {
  return items(html).map((item) => {
    const anchor = /<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/i.exec(item);
    if (!anchor) return { title: htmlToText(item) };
    return { title: htmlToText(anchor[2]!), url: decodeHtml(anchor[1]!) };
  });
}
