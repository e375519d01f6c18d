import type { Extensions } from '../core/extensions.js';
import type { Language, Translate } from '../core/i18n/index.js';
import type { Tenant } from '../core/tenancy.js';

/** Who is looking at a page, in which language; passed to every page component. */
export interface View {
  lang: Language;
  t: Translate;
  tenant: Tenant;
  /** Path and query of the current page, for the language switch and "back" links. */
  path: string;
  /** What the runtime's modules contribute to each other (e.g. the base maps a form's map preview draws on). */
  extensions: Extensions;
  /** Token for the hidden `_csrf` field of every state-changing form. */
  csrfToken: () => string;
  /**
   * A notice above every page's content, already translated: the studio's preview says here that
   * nothing is submitted, on pages that are otherwise exactly the applicant's.
   */
  banner?: string;
  /** Set by the identity module: the signed-in person's display name. */
  user?: {
    name: string;
    staff: boolean;
    /** Pages modules add to this person's main navigation (e.g. staff pages they may use); labels are message keys. */
    links?: NavLink[];
    /**
     * Where this person lands after signing in without asking for a page: set by the module that
     * holds their daily work (staff: the inbox); Mein Konto when no module sets it.
     */
    home?: string;
  };
}

/** One entry of the header's main navigation. */
export interface NavLink {
  href: string;
  labelKey: string;
  /** A number beside the label (e.g. unread messages), hidden when 0; `labelKey` says what it counts, for screen readers. */
  badge?: { count: number; labelKey: string };
}
