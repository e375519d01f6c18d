/**
 * The cases module's tables. Times are ISO-8601 UTC text, calendar dates `YYYY-MM-DD` text, JSON
 * is text, booleans 0/1 — as everywhere.
 */

export type CaseKind = 'case' | 'involvement';
export type FeeStatus = 'open' | 'paid' | 'waived';

export interface CaseTable {
  id: string;
  tenant_id: string;
  authority_id: string;
  kind: CaseKind;
  application_id: string;
  /** The application's recipient row this case answers for; null for an involvement (opinion). */
  recipient_id: string | null;
  parent_case_id: string | null;
  procedure_key: string;
  procedure_version: number;
  /** The application's reference, copied for search and the list. */
  reference: string;
  state: string;
  state_entered_at: string;
  /** 1 while not in a terminal state: the inbox's first index column after the authority. */
  open: number;
  assignee_account_id: string | null;
  assignee_name: string | null;
  /** The team (identity's `teams`) the case belongs to: its assignee's, or the one a team lead routed it to. */
  team_id: string | null;
  /** Optimistic locking: every change bumps it; a write with an older one is refused. */
  version: number;
  processing_deadline: string | null;
  resubmission_date: string | null;
  /** The earliest of processing deadline and Wiedervorlage, '9999-12-31' when none: the sort key. */
  due_date: string;
  clock_suspended_since: string | null;
  applicant_name: string;
  /** Lower case, umlauts folded: what the name search compares. */
  applicant_search: string;
  gemeinde: string | null;
  /** A four-eyes action waiting for approval (its case_approvals row). */
  pending_approval_id: string | null;
  fee_cents: number | null;
  fee_status: FeeStatus | null;
  result: string | null;
  result_note: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

/** The timeline: append-only, every state change with its time (the statistics read it). */
export interface CaseEventTable {
  id: string;
  tenant_id: string;
  case_id: string;
  kind: string;
  action: string | null;
  from_state: string | null;
  to_state: string | null;
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  /** JSON. */
  details: string;
  created_at: string;
}

export interface CaseNoteTable {
  id: string;
  tenant_id: string;
  case_id: string;
  author_account_id: string;
  author_name: string;
  body: string;
  created_at: string;
}

export interface CaseDeadlineTable {
  id: string;
  tenant_id: string;
  case_id: string;
  /** `processing`, `resubmission` or a workflow's own kind (e.g. `reply`). */
  kind: string;
  due_date: string;
  note: string | null;
  created_at: string;
  cleared_at: string | null;
}

export interface CaseDocumentTable {
  id: string;
  tenant_id: string;
  case_id: string;
  kind: string;
  /** 1, 2, … per case and kind: every edit of the draft is a new version. */
  version: number;
  status: 'draft' | 'final';
  title: string;
  body: string;
  /** The final PDF in the blob store. */
  pdf_sha256: string | null;
  author_account_id: string | null;
  author_name: string;
  created_at: string;
  /** The Postfach message that delivered it; its `read_at` is the first opening (§ 41 VwVfG). */
  message_id: string | null;
  made_available_at: string | null;
}

export interface CaseApprovalTable {
  id: string;
  tenant_id: string;
  case_id: string;
  action: string;
  /** JSON: the inputs the action was asked with; it runs with them once approved. */
  inputs: string;
  requested_by_type: string;
  requested_by_id: string | null;
  requested_by_name: string;
  requested_at: string;
  decision: 'approved' | 'rejected' | null;
  decided_by_id: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  comment: string | null;
}

export interface CaseLinkTable {
  id: string;
  tenant_id: string;
  kind: 'involvement' | 'forwarding';
  from_case_id: string;
  to_case_id: string;
  to_authority_id: string;
  question: string | null;
  answer: string | null;
  created_at: string;
  answered_at: string | null;
}

declare module '../../core/db/schema.js' {
  interface Tables {
    cases: CaseTable;
    case_events: CaseEventTable;
    case_notes: CaseNoteTable;
    case_deadlines: CaseDeadlineTable;
    case_documents: CaseDocumentTable;
    case_approvals: CaseApprovalTable;
    case_links: CaseLinkTable;
  }
}
