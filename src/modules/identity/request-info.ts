import type { Translate } from '../../core/i18n/index.js';

/** What services need to know about the request behind a call (from the HTTP layer or a test). */
export interface RequestInfo {
  tenantId: string;
  ip: string;
  userAgent: string;
  /** Translator in the user's language, for mails. */
  t: Translate;
  /** Origin for links in mails, e.g. `https://amt24.sachsen.de`. */
  origin: string;
}
