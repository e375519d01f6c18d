/**
 * The few XML-writing helpers the XDOMEA writers need. Messages are built as strings element by
 * element (no DOM), so a writer can emit one Schriftgutobjekt at a time. The standard requires the
 * namespace prefix `xdomea` (Spezifikation 3.0.0, section 4.2); the XÖV code children `code` and
 * `name` are unqualified.
 */
import { XDOMEA_NAMESPACE, type CodeValue } from './model.js';

// Characters XML 1.0 does not allow at all (C0 controls except tab, newline, carriage return;
// lone surrogates; U+FFFE/U+FFFF). Dropped, because no escape makes them legal.
const forbiddenChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(value: string): string {
  return value.replace(forbiddenChars, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

type Content = string | number | boolean | undefined | null;

/** `<xdomea:name>content</xdomea:name>` for a text value; nothing when the value is absent. */
export function text(name: string, value: Content): string {
  if (value === undefined || value === null) return '';
  // Booleans as 1/0: the schema fixes some flags to "1", and libxml2 compares fixed values literally.
  const lexical = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  return `<xdomea:${name}>${escapeXml(lexical)}</xdomea:${name}>`;
}

/** `<xdomea:name>…children…</xdomea:name>` for already written children; nothing when all are empty. */
export function group(name: string, ...children: string[]): string {
  const inner = children.join('');
  return inner === '' ? '' : `<xdomea:${name}>${inner}</xdomea:${name}>`;
}

/** The same as `group`, but written even when empty (for required elements). */
export function required(name: string, ...children: string[]): string {
  return `<xdomea:${name}>${children.join('')}</xdomea:${name}>`;
}

/** An XÖV code element; `list` carries the code list's URI and version where the schema names them. */
export function code(name: string, value: CodeValue | undefined, list?: { uri: string; version: string }): string {
  if (!value) return '';
  const attrs = list ? ` listURI="${escapeXml(list.uri)}" listVersionID="${escapeXml(list.version)}"` : '';
  const nameEl = value.name === undefined ? '' : `<name>${escapeXml(value.name)}</name>`;
  return `<xdomea:${name}${attrs}><code>${escapeXml(value.code)}</code>${nameEl}</xdomea:${name}>`;
}

export function dateTime(value: Date | undefined): string | undefined {
  return value?.toISOString();
}

export function xmlDeclarationAndRoot(element: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<xdomea:${element} xmlns:xdomea="${XDOMEA_NAMESPACE}">`;
}

export function closeRoot(element: string): string {
  return `</xdomea:${element}>\n`;
}
