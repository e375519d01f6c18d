import type { Language, Translate } from '../../core/i18n/index.js';

/** What services need to know about the request behind a call (from the HTTP layer or a test). */
export interface RequestInfo {
  tenantId: string;
  ip: string;
  userAgent: string;
  /** The user's language, and its translator for mails. */
  lang: Language;
  t: Translate;
  /** Origin for links in mails, e.g. `https://amt24.example.de`. */
  origin: string;
}
