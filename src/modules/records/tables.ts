/**
 * The records module's tables (E-Akte). The model follows XDOMEA 3.0, so a row maps one to one
 * onto what we exchange: Aktenplan → Aktenplaneinheit; Akte → Vorgang → Dokument → Version.
 * Times are ISO-8601 UTC text, calendar dates `YYYY-MM-DD` text, JSON is text, booleans 0/1 — as
 * everywhere. Every table carries `tenant_id`, and every query filters by it.
 */

/** XDOMEA Aussonderungsart: A archivwürdig, B bewerten (the archive decides), V vernichten. */
export type Disposal = 'A' | 'B' | 'V';
/** XDOMEA Vertraulichkeitsstufe: 001 Geheim, 002 VS-NfD, 003 Offen, 004 Streng geheim, 005 Vertraulich. */
export type Confidentiality = '001' | '002' | '003' | '004' | '005';
/** How the Akten of an Aktenplan unit are formed when cases are filed without typing. */
export type FileFormation = 'case' | 'applicant' | 'site' | 'year';
/** Where an authority keeps its E-Akte: here, or in an external DMS that gets each closed Vorgang as XDOMEA 0401. */
export type RecordsMode = 'internal' | 'xdomea-abgabe';
export type RecordObjectType = 'file' | 'process' | 'document';
export type DocumentDirection = 'in' | 'out' | 'internal';

/**
 * An Aktenplan: of one authority, or shared by the tenant's authorities (`authority_id` null).
 * `version` counts published changes; each change is in `record_plan_changes`.
 */
export interface RecordPlanTable {
  id: string;
  tenant_id: string;
  authority_id: string | null;
  title: string;
  version: number;
  valid_from: string | null;
  created_at: string;
  updated_at: string;
}

/** An Aktenplaneinheit: a node of the plan's tree, addressed by its Kennzeichen (e.g. `64.20.10`). */
export interface RecordPlanUnitTable {
  id: string;
  tenant_id: string;
  plan_id: string;
  parent_id: string | null;
  kennzeichen: string;
  title: string;
  /** Aufbewahrungsdauer in years after the zdA year ends; null = unbefristet. */
  retention_years: number | null;
  disposal: Disposal;
  valid_from: string | null;
  valid_to: string | null;
  /** Stillgelegt: kept for existing Akten, closed to new ones. */
  retired: number;
  /** Order among siblings. */
  position: number;
  /** How Akten are formed under this unit when filing automatically. */
  formation: FileFormation;
  created_at: string;
  updated_at: string;
}

/** The history of a plan: one row per change of a unit (before and after as JSON), with who and why. */
export interface RecordPlanChangeTable {
  id: string;
  tenant_id: string;
  plan_id: string;
  unit_id: string | null;
  plan_version: number;
  change: 'create' | 'update' | 'retire' | 'import';
  before: string | null;
  after: string | null;
  actor_id: string | null;
  actor_name: string;
  reason: string | null;
  created_at: string;
}

/** Per authority: which plan it files under, its Aktenzeichen scheme and where its E-Akte lives. */
export interface RecordSettingsTable {
  tenant_id: string;
  authority_id: string;
  plan_id: string;
  /**
   * The Aktenzeichen pattern: `{kennzeichen}`, `{seq}` (the running number under the unit and
   * year, optionally zero-padded as `{seq:4}`), `{yyyy}`, `{authority}` (the authority's short
   * code). E.g. `{kennzeichen}-{seq:4}/{yyyy}`.
   */
  file_number_pattern: string;
  mode: RecordsMode;
  /** For `xdomea-abgabe`: a folder path or an https URL the 0401 packages go to. */
  handover_target: string | null;
  updated_at: string;
}

/**
 * The last Unterscheidungszeichen given per authority, unit and year. It only ever grows, so an
 * Aktenzeichen is never given twice, even after its Akte was deleted.
 */
export interface RecordFileNumberTable {
  tenant_id: string;
  authority_id: string;
  unit_id: string;
  year: number;
  last_number: number;
}

export type FileState = 'open' | 'closed';
/** Where an Akte is in its Aussonderung. */
export type DispositionState = 'none' | 'offered' | 'appraised' | 'exported' | 'archived' | 'deleted';

/** An Akte. */
export interface RecordFileTable {
  id: string;
  tenant_id: string;
  authority_id: string;
  plan_unit_id: string;
  aktenzeichen: string;
  /** Betreff. */
  subject: string;
  /**
   * What groups cases into this Akte when filing automatically (`case:<id>`, `applicant:<id>`,
   * `site:<key>`, `year:<yyyy>`); null for an Akte made by hand.
   */
  formation_key: string | null;
  /** Federführung: the organisational unit in charge. */
  lead: string | null;
  confidentiality: Confidentiality;
  /** Bemerkung. */
  remark: string | null;
  /** Laufzeit: from the first Vorgang to the zdA date. */
  opened_on: string;
  closed_on: string | null;
  state: FileState;
  /** The unit's retention and Aussonderungsart, fixed at zdA. */
  retention_years: number | null;
  disposal: Disposal | null;
  /** Aufbewahrungsende: 31.12. of the zdA year + retention years; null while open or unbefristet. */
  retention_end: string | null;
  /** Aussonderungssperre (legal hold): while set, nothing of the Akte is offered or deleted. */
  hold_reason: string | null;
  hold_set_at: string | null;
  hold_set_by: string | null;
  disposition_state: DispositionState;
  /** The archive's decision from the Bewertungsverzeichnis (0502). */
  archive_decision: 'A' | 'V' | null;
  /** The archive's identifier from the import confirmation (0506). */
  archive_id: string | null;
  /** Optimistic locking, as for cases. */
  version: number;
  created_at: string;
  updated_at: string;
}

/** A Vorgang: usually one per case, in the Akte the procedure pack's filing rule chooses. */
export interface RecordProcessTable {
  id: string;
  tenant_id: string;
  authority_id: string;
  file_id: string;
  /** The case it records; null for a Vorgang made by hand. */
  case_id: string | null;
  /** NummerImUebergeordnetenContainer: 1, 2, … within the Akte. */
  number: number;
  /** The Akte's Aktenzeichen and the number, e.g. `64.20.10-0007/2026-3`. */
  aktenzeichen: string;
  subject: string;
  lead: string | null;
  confidentiality: Confidentiality;
  remark: string | null;
  opened_on: string;
  closed_on: string | null;
  state: FileState;
  /** For authorities that keep the E-Akte elsewhere: when the 0401 went out and when 0402 confirmed it. */
  handover_sent_at: string | null;
  handover_confirmed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A Dokument of a Vorgang. Its content is in its versions. */
export interface RecordDocumentTable {
  id: string;
  tenant_id: string;
  authority_id: string;
  process_id: string;
  /** The Akte, copied for search and the access log. */
  file_id: string;
  number: number;
  /**
   * Dokumenttyp: `antrag`, `eingangsbestaetigung`, `anlage`, `nachricht`, `bescheid`,
   * `beteiligung`, `vermerk`, `upload`, … (open list; shown through the i18n catalogue).
   */
  kind: string;
  direction: DocumentDirection;
  title: string;
  /** Datum des Schreibens / Eingangs / Ausgangs, as a calendar date. */
  document_date: string;
  sender: string | null;
  recipient: string | null;
  /**
   * What the document was filed from (`application:<id>`, `attachment:<id>`, `message:<id>`,
   * `bescheid:<id>`), so filing the same thing again changes nothing; null for uploads by hand.
   */
  source_key: string | null;
  current_version: number;
  /** Plain text of the current version (extracted once at filing) for the full-text search. */
  content_text: string;
  created_at: string;
  updated_at: string;
}

/** A version of a Dokument: immutable once written. */
export interface RecordDocumentVersionTable {
  id: string;
  tenant_id: string;
  document_id: string;
  number: number;
  /** The blob's address: the SHA-256 of the plaintext, hex. */
  sha256: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  /** Why this version exists (required from version 2 on). */
  reason: string | null;
  created_by_id: string | null;
  created_by_name: string;
  created_at: string;
}

/** Every staff read of an Akte, Vorgang or Dokument: who, when, what, and why if asked. */
export interface RecordAccessTable {
  id: string;
  tenant_id: string;
  authority_id: string;
  object_type: RecordObjectType;
  object_id: string;
  file_id: string;
  actor_id: string;
  actor_name: string;
  purpose: string | null;
  created_at: string;
}

/** The Löschprotokoll: what was deleted, when, by whom, and the archive's id — and nothing else. */
export interface RecordDeletionTable {
  id: string;
  tenant_id: string;
  authority_id: string;
  object_type: RecordObjectType;
  object_id: string;
  aktenzeichen: string;
  subject: string;
  opened_on: string;
  closed_on: string | null;
  /** `archived` (the archive confirmed it took the object) or `destroyed` (V, four-eyes). */
  reason: 'archived' | 'destroyed';
  archive_id: string | null;
  deleted_by_id: string | null;
  deleted_by_name: string;
  approved_by_id: string | null;
  approved_by_name: string | null;
  deleted_at: string;
}

declare module '../../core/db/schema.js' {
  interface Tables {
    record_plans: RecordPlanTable;
    record_plan_units: RecordPlanUnitTable;
    record_plan_changes: RecordPlanChangeTable;
    record_settings: RecordSettingsTable;
    record_file_numbers: RecordFileNumberTable;
    record_files: RecordFileTable;
    record_processes: RecordProcessTable;
    record_documents: RecordDocumentTable;
    record_document_versions: RecordDocumentVersionTable;
    record_access: RecordAccessTable;
    record_deletions: RecordDeletionTable;
  }
}

// records-search (0840–0844)

/**
 * The records search's index: one row per distinct stemmed term of an object. `object_id` is a
 * Dokument (title, parties, extracted text), a Vorgang or an Akte (Betreff); party names also
 * appear as `@term`. Written in the transaction that files or changes the object.
 */
export interface RecordSearchTermTable {
  tenant_id: string;
  term: string;
  object_id: string;
}

declare module '../../core/db/schema.js' {
  interface Tables {
    record_search_terms: RecordSearchTermTable;
  }
}
