/**
 * The applications module's tables. Times are ISO-8601 UTC text, JSON is text, as everywhere.
 */

export type ApplicationStatus = 'draft' | 'submitted';

export interface ApplicationTable {
  id: string;
  tenant_id: string;
  procedure_key: string;
  procedure_version: number;
  /** The account the application belongs to: the organisation when acting for one; null for anonymous drafts. */
  owner_account_id: string | null;
  /** The person who created it (may differ from the owner when acting for an organisation). */
  created_by_account_id: string | null;
  status: ApplicationStatus;
  /** The answers as entered (drafts) or normalised and frozen (submitted). */
  data: string;
  current_page: string | null;
  reference: string | null;
  submitted_at: string | null;
  /** SHA-256 of the canonical JSON of the frozen answers. */
  data_hash: string | null;
  /** `Idempotency-Key` of the submit request, so a retry gets the same answer. */
  submit_key: string | null;
  receipt_sha256: string | null;
  /** The trust level (`basis`, `substanziell`, `hoch`) of the sign-in that submitted; null for drafts and without an account. */
  submitted_trust_level: string | null;
  expires_at: string | null;
  reminder_sent_at: string | null;
  /** For anonymous procedures: SHA-256 of the secret resume token. */
  resume_token_hash: string | null;
  /** Bumped on every change (optimistic concurrency for the API). */
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface ApplicationAttachmentTable {
  id: string;
  tenant_id: string;
  application_id: string;
  /** JSON pointer of the file field, e.g. `/sitePlan`. */
  field: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: string;
}

/**
 * One row per recipient authority of a submitted application. The case-processing module turns
 * each row into a case (and then owns `status`); until then the status stays `submitted`.
 */
export interface ApplicationRecipientTable {
  id: string;
  tenant_id: string;
  application_id: string;
  authority_id: string;
  authority_name: string;
  reason: string | null;
  status: string;
  case_id: string | null;
  created_at: string;
  updated_at: string;
}

/** The applicant's status timeline: append-only. */
export interface ApplicationEventTable {
  id: string;
  tenant_id: string;
  application_id: string;
  /** `submitted`, `status` (a recipient's status changed), `message` … */
  kind: string;
  authority_id: string | null;
  /** JSON: details for the text, e.g. `{status: 'inProgress'}`. */
  details: string;
  created_at: string;
}

/**
 * The Postfach, shared with the case-worker side: `in` = from the applicant to the authority,
 * `out` = from the authority to the applicant.
 */
export interface MessageTable {
  id: string;
  tenant_id: string;
  application_id: string;
  direction: 'in' | 'out';
  /** The authority written to (`in`) or writing (`out`); null = all recipients of the application. */
  authority_id: string | null;
  author_account_id: string | null;
  author_name: string;
  subject: string;
  body: string;
  /** JSON array of `{name, type, size, sha256}`. */
  attachments: string;
  read_at: string | null;
  created_at: string;
}

declare module '../../core/db/schema.js' {
  interface Tables {
    applications: ApplicationTable;
    application_attachments: ApplicationAttachmentTable;
    application_recipients: ApplicationRecipientTable;
    application_events: ApplicationEventTable;
    messages: MessageTable;
  }
}
