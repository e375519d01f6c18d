/** Why a message could not be read or written, in German (for pages) and English (for logs, API). */
export type XdomeaErrorCode =
  | 'not-xml'
  | 'foreign-namespace'
  | 'wrong-message-type'
  | 'schema-invalid'
  | 'not-a-package'
  | 'empty-message'
  | 'package-too-large'
  | 'hash-mismatch'
  | 'invalid-file-name';

export class XdomeaMessageError extends Error {
  readonly code: XdomeaErrorCode;
  readonly de: string;
  readonly en: string;
  /** For schema-invalid: the first libxml2 errors with their line numbers. */
  readonly details: readonly string[];

  constructor(code: XdomeaErrorCode, de: string, en: string, details: readonly string[] = []) {
    super(details.length ? `${en}\n${details.join('\n')}` : en);
    this.name = 'XdomeaMessageError';
    this.code = code;
    this.de = de;
    this.en = en;
    this.details = details;
  }
}
